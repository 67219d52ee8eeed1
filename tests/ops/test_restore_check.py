"""After a restore: an open case whose workflow Temporal does not know is named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from temporalio.client import Client

from db import models
from services.ops.restore import cases_without_workflow
from tests import support


async def test_open_case_without_workflow_is_listed(tmp_path: Path, dev_client: Client) -> None:
    with support.throwaway_database(tmp_path) as url:
        sessions = support.session_factory(url)
        now = dt.datetime.now(dt.UTC)
        with sessions() as db:
            for n, closed in ((99998, True), (99999, False)):
                db.add(
                    models.Case(
                        case_no=f"GP-2026-{n}",
                        workflow_id=f"hazard-GP-2026-{n}",
                        process="hazard",
                        title="备份间隙中报告的隐患",
                        status="reported",
                        closed=closed,
                        jurisdiction_code="530302",
                        jurisdiction_path="530000/530300/530302/",
                        created_at=now,
                        updated_at=now,
                        details={},
                    )
                )
            db.commit()
        assert await cases_without_workflow(sessions, dev_client) == ["GP-2026-99999"]
