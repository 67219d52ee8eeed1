"""What every intake does: number the case row, then start its workflow or leave nothing behind."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from sqlalchemy.orm import Session
from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.service import RPCError

from db import models
from db.organisation_queries import path_codes
from services.temporal_client import TemporalUnavailable, within_deadline
from workflows.kernel import SA_JURISDICTION, SA_PROCESS, SA_STATUS


def number_case(db: Session, case: models.Case, prefix: str, now: dt.datetime) -> None:
    """Store the new case and give it its number (e.g. GP-2026-00012) and workflow id."""
    # The title joins the enterprise's name to a field that may use its full length: fit the column.
    limit = getattr(models.Case.__table__.c.title.type, "length", None)
    if isinstance(limit, int) and len(case.title) > limit:
        case.title = case.title[: limit - 1] + "…"
    db.add(case)
    db.flush()
    case.case_no = f"{prefix}-{now.year}-{case.id:05d}"
    case.workflow_id = f"{case.process}-{case.case_no}"
    db.commit()


async def start_case_workflow(
    db: Session, client: Client, case: models.Case, run: Any, workflow_input: Any, task_queue: str
) -> None:
    """Start the case's workflow with its search attributes; without one the case is removed."""
    try:
        start = client.start_workflow(
            run,
            workflow_input,
            id=case.workflow_id,
            task_queue=task_queue,
            search_attributes=TypedSearchAttributes(
                [
                    SearchAttributePair(SA_PROCESS, case.process),
                    SearchAttributePair(SA_STATUS, "reported"),
                    SearchAttributePair(SA_JURISDICTION, path_codes(case.jurisdiction_path)),
                ]
            ),
        )
        await within_deadline(start, late=NOT_STARTED, unreachable=NOT_STARTED)
    except Exception as exc:
        # Without a workflow the case would never move: remove it so nothing half-made remains.
        if isinstance(exc, TemporalUnavailable) and exc.may_have_happened:
            await _abandon(client, case.workflow_id)
        db.delete(case)
        db.commit()
        raise


NOT_STARTED = "系统繁忙，流程服务暂时无法响应，本次立案未成功，未保存任何内容，请稍后再试"


async def _abandon(client: Client, workflow_id: str) -> None:
    """A start that got no answer may still have reached the server: end that workflow, whose case
    row is being removed. Best effort and short, as the server may be unreachable."""
    try:
        async with asyncio.timeout(2):
            await client.get_workflow_handle(workflow_id).terminate("立案未确认，案件记录已撤销")
    except (TimeoutError, RPCError):
        pass  # never started, or unreachable: nothing runs without its case row for long
