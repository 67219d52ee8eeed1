"""The penalties of one enterprise across its cases, for the closure counter (安全生产法 art 113(1)).

Counted: fines recorded on hazard cases (`hazard_penalty` events, their decision day) and penalty
decisions issued in the contested rectification (`penalty_decision` documents, their issue day).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from activities.names import COUNT_ENTERPRISE_PENALTIES
from db import models
from domain.hazard_measures import PENALTY_EVENT
from domain.legal_calendar import CHINA_TZ


class HazardPenaltyActivities:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @activity.defn(name=COUNT_ENTERPRISE_PENALTIES)
    def count_enterprise_penalties(self, enterprise_id: int) -> list[dt.date]:
        with self._sessions() as session:
            return enterprise_penalty_days(session, enterprise_id)


def enterprise_penalty_days(session: Session, enterprise_id: int) -> list[dt.date]:
    cases = select(models.Case.id).where(models.Case.enterprise_id == enterprise_id)
    days = [
        dt.date.fromisoformat(str((data or {}).get("decided_on")))
        for data in session.scalars(
            select(models.CaseEvent.data).where(
                models.CaseEvent.case_id.in_(cases), models.CaseEvent.kind == PENALTY_EVENT
            )
        )
        if (data or {}).get("decided_on")
    ]
    days += [
        issued.astimezone(CHINA_TZ).date()
        for issued in session.scalars(
            select(models.Document.issued_at).where(
                models.Document.case_id.in_(cases), models.Document.doc_type == "penalty_decision"
            )
        )
    ]
    return sorted(days)
