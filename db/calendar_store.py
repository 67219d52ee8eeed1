"""Loads the legal calendar: years stored in the database win over the package's years."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from domain.legal_calendar import LegalCalendar, YearCalendar


def load_calendar(session: Session) -> LegalCalendar:
    years = session.scalars(select(models.CalendarYear)).all()
    if not years:
        return LegalCalendar()
    holidays: dict[int, set[models.CalendarDay]] = defaultdict(set)
    for day in session.scalars(select(models.CalendarDay)):
        holidays[day.year].add(day)
    stored = {
        y.year: YearCalendar(
            holidays=frozenset(d.day for d in holidays[y.year] if not d.is_working),
            makeup_workdays=frozenset(d.day for d in holidays[y.year] if d.is_working),
            published=y.published,
            source=y.source,
        )
        for y in years
    }
    return LegalCalendar(stored_years=stored)
