"""Loads the legal calendar: years stored in the database win over the package's years."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db import models
from domain.legal_calendar import LegalCalendar, YearCalendar, validate_year


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


def save_year(
    session: Session,
    *,
    year: int,
    published: bool,
    source: str,
    holidays: set[dt.date],
    makeup_workdays: set[dt.date],
) -> None:
    """Replace a stored year (holidays and make-up working days) in the caller's transaction."""
    validate_year(year, holidays, makeup_workdays)
    session.execute(delete(models.CalendarDay).where(models.CalendarDay.year == year))
    row = session.get(models.CalendarYear, year)
    if row is None:
        row = models.CalendarYear(year=year)
        session.add(row)
    row.published = published
    row.source = source
    session.flush()
    session.add_all(models.CalendarDay(day=d, year=year, is_working=False, name="节假日") for d in sorted(holidays))
    session.add_all(
        models.CalendarDay(day=d, year=year, is_working=True, name="调休上班") for d in sorted(makeup_workdays)
    )
