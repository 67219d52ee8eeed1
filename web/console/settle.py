"""After a submission, wait briefly for the case's projection to catch up (D14), so that the page
the user is sent to shows the new state and the next task rather than the old one."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models

POLL = 0.1  # seconds between looks
QUIET = 0.3  # the timeline has not moved for this long: the workflow's burst of writes is done
LIMIT = 3.0  # never hold the user longer than this; the page then says it may still change


def timeline_head(db: Session, case_id: int) -> int:
    seq = db.scalar(select(models.CaseChainHead.seq).where(models.CaseChainHead.case_id == case_id))
    return int(seq or 0)


async def settled(db: Session, case_id: int, before: int) -> bool:
    """True once the case's timeline has moved past `before` and then stayed still a moment."""
    started = last_change = time.monotonic()
    seen = before
    while time.monotonic() - started < LIMIT:
        db.rollback()  # a fresh snapshot of what the worker committed
        head = timeline_head(db, case_id)
        now = time.monotonic()
        if head != seen:
            seen, last_change = head, now
        elif seen != before and now - last_change >= QUIET:
            return True
        await asyncio.sleep(POLL)
    return seen != before
