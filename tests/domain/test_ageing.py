"""Lateness in working days and the ageing buckets, on the real 2026 holiday arrangement."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.ageing import (
    AGEING_BUCKETS,
    bucket_for,
    china_day,
    count_by_bucket,
    waiting_on_label,
    working_days_between,
    working_days_late,
)
from domain.legal_calendar import CHINA_TZ, LegalCalendar, YearCalendar, end_of_day

CALENDAR = LegalCalendar()


def _china(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=CHINA_TZ)


def test_national_day_holidays_are_not_counted_as_late() -> None:
    # 1–7 Oct 2026 are holidays (国庆节、中秋节); 8 and 9 Oct are working days.
    due = end_of_day(dt.date(2026, 9, 30))
    assert working_days_late(CALENDAR, due, _china(dt.date(2026, 10, 9))) == 2


def test_make_up_saturday_counts_as_a_working_day_late() -> None:
    # Saturday 10 Oct 2026 is a make-up working day (调休上班).
    assert CALENDAR.is_working_day(dt.date(2026, 10, 10))
    due = end_of_day(dt.date(2026, 9, 30))
    assert working_days_late(CALENDAR, due, _china(dt.date(2026, 10, 10))) == 3
    assert working_days_late(CALENDAR, due, _china(dt.date(2026, 10, 11))) == 3  # Sunday rests


def test_due_just_before_a_holiday_is_late_by_zero_working_days_during_it() -> None:
    due = end_of_day(dt.date(2026, 9, 30))
    assert working_days_late(CALENDAR, due, _china(dt.date(2026, 10, 5))) == 0
    assert bucket_for(0).key == "0"


def test_past_the_moment_on_the_due_day_is_late_by_zero() -> None:
    due = _china(dt.date(2026, 11, 23), 9)
    assert working_days_late(CALENDAR, due, _china(dt.date(2026, 11, 23), 15)) == 0


def test_ordinary_weeks_count_weekdays_only() -> None:
    # Friday 13 Nov 2026 due; Monday 23 Nov is six working days later (16–20, 23).
    due = end_of_day(dt.date(2026, 11, 13))
    assert working_days_late(CALENDAR, due, _china(dt.date(2026, 11, 23))) == 6


def test_due_day_is_taken_in_china_time() -> None:
    # 16:30 UTC on 30 Sep is already 1 Oct 00:30 in China: the due day is 1 Oct, a holiday.
    due = dt.datetime(2026, 9, 30, 16, 30, tzinfo=dt.UTC)
    assert china_day(due) == dt.date(2026, 10, 1)
    assert working_days_late(CALENDAR, due, _china(dt.date(2026, 10, 8))) == 1


def test_not_yet_due_is_zero() -> None:
    assert working_days_between(CALENDAR, dt.date(2026, 11, 23), dt.date(2026, 11, 20)) == 0


def test_stored_calendar_wins_over_the_package() -> None:
    # A province that made 8 Oct 2026 an extra rest day: only 9 Oct counts.
    year = CALENDAR.year(2026)
    assert year is not None
    stored = YearCalendar(year.holidays | {dt.date(2026, 10, 8)}, year.makeup_workdays, True, "test")
    calendar = LegalCalendar(stored_years={2026: stored})
    assert working_days_late(calendar, end_of_day(dt.date(2026, 9, 30)), _china(dt.date(2026, 10, 9))) == 1


def test_naive_moments_are_refused() -> None:
    with pytest.raises(ValueError):
        working_days_late(CALENDAR, dt.datetime(2026, 9, 30), _china(dt.date(2026, 10, 9)))


@pytest.mark.parametrize(
    ("days", "key"),
    [(-3, "0"), (0, "0"), (1, "1-5"), (5, "1-5"), (6, "6-10"), (10, "6-10"), (11, "11-20"), (20, "11-20"), (21, "21+")],
)
def test_bucket_edges(days: int, key: str) -> None:
    assert bucket_for(days).key == key


def test_count_by_bucket_lists_every_bucket_in_order() -> None:
    counts = count_by_bucket([0, 2, 3, 7, 40, 21])
    assert list(counts) == [b.key for b in AGEING_BUCKETS]
    assert counts == {"0": 1, "1-5": 2, "6-10": 1, "11-20": 0, "21+": 2}


def test_waiting_on_labels_in_chinese() -> None:
    assert [waiting_on_label(c) for c in ("department", "enterprise", "agency")] == ["承办部门", "企业", "接收机关"]
    assert waiting_on_label("unknown") == "unknown"


def test_mid_autumn_friday_and_make_up_sunday() -> None:
    # 2026: 中秋节 Friday 25 Sep is a holiday; Sunday 20 Sep is a make-up working day.
    assert working_days_late(CALENDAR, end_of_day(dt.date(2026, 9, 24)), _china(dt.date(2026, 9, 28))) == 1
    assert working_days_late(CALENDAR, end_of_day(dt.date(2026, 9, 18)), _china(dt.date(2026, 9, 21))) == 2
