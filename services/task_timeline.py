"""A line on a case's hash-chained timeline written by the web side (抄送, 代理), not a workflow.

The case row is locked first (activities/event_chain_writer.py), so the line takes its place in
the chain after whatever the projection wrote, and a concurrent projection write waits for it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from activities.event_chain_writer import append_event, lock_case
from db import models
from services.principal import Principal


def append(
    db: Session,
    case_id: int,
    *,
    key: str,
    kind: str,
    summary: str,
    by: Principal,
    reason: str,
    at: dt.datetime,
    data: dict[str, Any] | None = None,
) -> None:
    """Append one event, in the caller's transaction (the caller commits)."""
    lock_case(db, case_id)
    append_event(
        db,
        models.CaseEvent(
            case_id=case_id,
            event_key=key,
            at=at,
            actor_user_id=by.user_id,
            actor_name=by.display_name,
            kind=kind,
            summary=summary,
            reason=reason,
            data=data or {},
        ),
    )
