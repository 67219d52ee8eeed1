"""What every intake does: number the case row, then start its workflow or leave nothing behind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session
from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes

from db import models
from db.organisation_queries import path_codes
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
        await client.start_workflow(
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
    except Exception:
        # Without a workflow the case would never move: remove it so nothing half-made remains.
        db.delete(case)
        db.commit()
        raise
