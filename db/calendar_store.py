"""Loads the legal calendar: years stored in the database win over the package's years.

The calendar is read on every projection and many pages, and changes a few times a year: each
process keeps the last calendar it read per database, keyed by the revision token of the
`calendar_revision` row (one primary-key read per call). `save_year` writes a new token in the
same transaction as the days, so every process, this one or another, reads the new calendar at
its next call after the commit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from types import MappingProxyType

from sqlalchemy import delete, inspect, select, update
from sqlalchemy.orm import Session

from db import models
from domain.legal_calendar import LegalCalendar, YearCalendar, validate_year

REVISION_ROW = 1
# database URL → (revision token, calendar). Assigned whole, never changed in place, so threads
# may read it without a lock; two threads missing at once both read the calendar, harmlessly.
_cached: dict[str, tuple[str, LegalCalendar]] = {}
_has_revision_table: set[str] = set()  # databases whose schema has migration 0028's table


def _revision_table_exists(session: Session) -> bool:
    """During a rolling upgrade this code may run on the schema before migration 0028 (migrations
    only add; tests/ops/test_upgrade.py): without the table nothing is cached or bumped. Checked
    without querying the table itself, as a failed statement would abort a PostgreSQL transaction."""
    database = _database(session)
    if database in _has_revision_table:
        return True
    if inspect(session.connection()).has_table("calendar_revision"):
        _has_revision_table.add(database)
        return True
    return False


def _database(session: Session) -> str:
    return session.get_bind().engine.url.render_as_string(hide_password=True)


def calendar_revision(session: Session) -> str | None:
    """The token of the stored calendar's revision; None where the row is missing (a schema made
    without the migrations), in which case nothing is cached."""
    if not _revision_table_exists(session):
        return None
    revision: str | None = session.scalar(_READ_REVISION)
    return revision


# A Core read (no autoflush on the way), built once: every projection call runs it.
_READ_REVISION = select(models.Base.metadata.tables["calendar_revision"].c.revision).where(
    models.Base.metadata.tables["calendar_revision"].c.id == REVISION_ROW
)


def load_calendar(session: Session) -> LegalCalendar:
    revision = calendar_revision(session)
    if revision is None:
        return read_calendar(session)
    database = _database(session)
    cached = _cached.get(database)
    if cached is not None and cached[0] == revision:
        return cached[1]
    calendar = read_calendar(session)
    _cached[database] = (revision, calendar)
    return calendar


def read_calendar(session: Session) -> LegalCalendar:
    """The calendar as stored, read now (two queries)."""
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
    return LegalCalendar(stored_years=MappingProxyType(stored))


def bump_revision(session: Session) -> None:
    """A new revision token, in the caller's transaction: every cached copy is stale once it commits."""
    if not _revision_table_exists(session):
        return
    token = uuid.uuid4().hex
    changed = session.execute(
        update(models.CalendarRevision).where(models.CalendarRevision.id == REVISION_ROW).values(revision=token)
    )
    if getattr(changed, "rowcount", 0) == 0:
        session.add(models.CalendarRevision(id=REVISION_ROW, revision=token))
        session.flush()


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
    bump_revision(session)
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
