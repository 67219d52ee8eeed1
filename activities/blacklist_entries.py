"""Writes the public entry of the serious-dishonesty list, idempotently.

The workflow sends the whole entry each time; the activity sets every column, keyed by the case,
so a retry writes the same row again and nothing twice.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from activities.names import WRITE_BLACKLIST_ENTRY
from db import models
from workflows.blacklist_contracts import BlacklistEntryWrite


class BlacklistActivities:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    @activity.defn(name=WRITE_BLACKLIST_ENTRY)
    def write_blacklist_entry(self, entry: BlacklistEntryWrite) -> None:
        with self._sessions.begin() as session:
            row = session.scalars(
                select(models.BlacklistEntry).where(models.BlacklistEntry.case_id == entry.case_id)
            ).one_or_none()
            if row is None:
                row = models.BlacklistEntry(case_id=entry.case_id)
                session.add(row)
            row.case_no = entry.case_no
            row.enterprise_id = entry.enterprise_id
            row.enterprise_name = entry.enterprise_name
            row.credit_code = entry.credit_code
            row.deciding_org_id = entry.deciding_org_id
            row.jurisdiction_code = entry.jurisdiction_code
            row.rules = entry.rules
            row.condition_code = entry.condition_code
            row.condition_title = entry.condition_title
            row.basis = entry.basis
            row.reasons = entry.reasons
            row.decision_no = entry.decision_no
            row.listed_on = entry.listed_on
            row.exit_on = entry.exit_on
            row.removed_on = entry.removed_on
            row.status = entry.status
            row.public = entry.public
            row.measures = list(entry.measures)
            row.updated_at = entry.updated_at
