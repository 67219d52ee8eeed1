"""The inspection's one activity: tell the annual plan an inspection's record is complete."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from activities.names import INSPECTION_RECORD_DONE
from services import inspection_plan_hook
from workflows.inspection.contracts import RecordDone


class InspectionActivities:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    @activity.defn(name=INSPECTION_RECORD_DONE)
    def inspection_record_done(self, done: RecordDone) -> None:
        with self._sessions.begin() as session:  # idempotent: the hook counts an inspection once
            inspection_plan_hook.record_done(
                session,
                inspection_case_id=done.case_id,
                plan_case_id=done.plan_case_id,
                draw_id=done.draw_id,
                inspected_on=done.inspected_on,
            )
