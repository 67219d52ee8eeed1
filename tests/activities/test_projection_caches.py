"""The calendar and organisation tree the projection reads are cached per revision stored in the
database: a change committed through another connection (as by another process) is seen at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from db import models
from db.calendar_store import load_calendar, save_year
from db.organisation_queries import org_in, upper_orgs
from domain.roles import OrgType
from tests import support

YEAR = 2091  # a year no other data uses
HOLIDAY = dt.date(YEAR, 3, 7)  # a Wednesday


@pytest.fixture(scope="module")
def own_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of this module's own: the tests change the organisation tree."""
    with support.throwaway_database(tmp_path_factory.mktemp("caches")) as url:
        yield url


def test_a_calendar_saved_elsewhere_is_read_at_the_next_call(own_database: str) -> None:
    reader, writer = support.session_factory(own_database), support.session_factory(own_database)
    with reader() as db:
        before = load_calendar(db)
        assert load_calendar(db) is before  # the copy, not a second read
    assert before.is_working_day(HOLIDAY)
    with writer.begin() as db:
        save_year(db, year=YEAR, published=True, source="测试", holidays={HOLIDAY}, makeup_workdays=set())
    with reader() as db:
        after = load_calendar(db)
    assert after is not before and not after.is_working_day(HOLIDAY)
    with writer.begin() as db:
        save_year(db, year=YEAR, published=True, source="测试", holidays=set(), makeup_workdays=set())
    with reader() as db:
        assert load_calendar(db).is_working_day(HOLIDAY)


def test_a_calendar_change_rolled_back_leaves_the_copy_valid(own_database: str) -> None:
    sessions = support.session_factory(own_database)
    with sessions() as db:
        before = load_calendar(db)
    with sessions() as db:
        save_year(db, year=YEAR, published=True, source="撤回", holidays={HOLIDAY}, makeup_workdays=set())
        db.rollback()
    with sessions() as db:
        assert load_calendar(db) is before


def _add_county(sessions: sessionmaker[Session], code: str) -> int:
    """A new county under 530300 with its emergency bureau, committed."""
    with sessions.begin() as db:
        db.add(
            models.Jurisdiction(
                code=code, name="测试县", level="county", parent_code="530300", path=f"530000/530300/{code}/"
            )
        )
        db.flush()
        bureau = models.Organisation(name="测试县应急管理局", org_type=OrgType.EMERGENCY_BUREAU, jurisdiction_code=code)
        db.add(bureau)
        db.flush()
        return bureau.id


def test_an_organisation_added_elsewhere_is_found_at_the_next_call(own_database: str) -> None:
    reader, writer = support.session_factory(own_database), support.session_factory(own_database)
    with reader() as db:
        known = org_in(db, "530302", OrgType.EMERGENCY_BUREAU)
        assert known is not None
        upper = upper_orgs(db, known.id)
        city_office = org_in(db, "530300", OrgType.SAFETY_OFFICE)
        city_bureau = org_in(db, "530300", OrgType.EMERGENCY_BUREAU)
    assert upper is not None and city_office is not None and city_bureau is not None
    assert (upper.office_id, upper.counterpart_id) == (city_office.id, city_bureau.id)
    new_bureau = _add_county(writer, "530399")
    with reader() as db:
        added = upper_orgs(db, new_bureau)
    assert added is not None and (added.office_id, added.counterpart_id) == (city_office.id, city_bureau.id)
