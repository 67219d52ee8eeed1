"""Queue a closed case for its dossier: called by the projection activity in its transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.archive_models import ArchiveJob


def enqueue_archive(session: Session, case_id: int, at: dt.datetime) -> None:
    """Once per case: a retried projection, or a case closed twice in its batches, adds nothing."""
    if session.scalar(select(ArchiveJob.id).where(ArchiveJob.case_id == case_id)) is None:
        session.add(ArchiveJob(case_id=case_id, status="pending", enqueued_at=at, attempts=0, last_error=""))
