"""Finds the open cases whose clocks a calendar change can move."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from activities.names import FIND_CASES_TO_REPROJECT
from db import models
from domain.legal_calendar import CHINA_TZ


@dataclass
class ReprojectionPage:
    year: int
    after_case_id: int = 0
    limit: int = 500


@dataclass
class CasesToReproject:
    workflow_ids: list[str]
    last_case_id: int


class CalendarActivities:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    @activity.defn(name=FIND_CASES_TO_REPROJECT)
    def find_cases_to_reproject(self, page: ReprojectionPage) -> CasesToReproject:
        """Open cases with an open clock that runs through the changed year, by case id."""
        year_start = dt.datetime(page.year, 1, 1, tzinfo=CHINA_TZ)
        year_end = dt.datetime(page.year + 1, 1, 1, tzinfo=CHINA_TZ)
        with self._sessions() as session:
            rows = session.execute(
                select(models.Case.id, models.Case.workflow_id)
                .where(
                    models.Case.closed.is_(False),
                    models.Case.id > page.after_case_id,
                    models.Case.id.in_(
                        select(models.Task.case_id).where(
                            models.Task.status == "open",
                            models.Task.due_at >= year_start,
                            models.Task.clock_start_at < year_end,
                        )
                    ),
                )
                .order_by(models.Case.id)
                .limit(page.limit)
            ).all()
        return CasesToReproject([r.workflow_id for r in rows], rows[-1].id if rows else page.after_case_id)
