"""Counting rules on real 2025 and 2026 dates (State Council holiday notices)."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.legal_calendar import (
    CHINA_TZ,
    LegalCalendar,
    Unit,
    YearCalendar,
    compute_deadline,
    subtract_working_days,
)

CAL = LegalCalendar()


def _start(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(10), tzinfo=CHINA_TZ)


@pytest.mark.parametrize(
    ("start", "amount", "unit", "due"),
    [
        # National Day 2026: 1–7 Oct off, Sat 10 Oct is a make-up working day.
        ("2026-09-30", 5, Unit.WORKING_DAYS, "2026-10-13"),
        ("2026-09-30", 3, Unit.WORKING_DAYS, "2026-10-10"),
        # A calendar-day period ending in the holiday moves to the next working day.
        ("2026-09-28", 5, Unit.CALENDAR_DAYS, "2026-10-08"),
        # Spring Festival 2026: 15–23 Feb off, Sat 14 Feb and Sat 28 Feb are working days.
        ("2026-02-13", 1, Unit.WORKING_DAYS, "2026-02-14"),
        ("2026-02-13", 2, Unit.WORKING_DAYS, "2026-02-24"),
        # Spring Festival 2025: 28 Jan – 4 Feb off, Sun 26 Jan and Sat 8 Feb are working days.
        ("2025-01-24", 1, Unit.WORKING_DAYS, "2025-01-26"),
        ("2025-01-27", 1, Unit.WORKING_DAYS, "2025-02-05"),
        # National Day 2025: 1–8 Oct off, Sat 11 Oct working.
        ("2025-09-30", 10, Unit.WORKING_DAYS, "2025-10-21"),
        ("2025-09-01", 30, Unit.CALENDAR_DAYS, "2025-10-09"),
        # Start day not counted; a period ending on a normal Friday stays there.
        ("2026-11-23", 4, Unit.CALENDAR_DAYS, "2026-11-27"),
        # Ending on a Saturday moves to Monday.
        ("2026-11-23", 5, Unit.CALENDAR_DAYS, "2026-11-30"),
    ],
)
def test_counting_rules(start: str, amount: int, unit: Unit, due: str) -> None:
    assert compute_deadline(CAL, _start(start), amount, unit).due_date == dt.date.fromisoformat(due)


def test_hours_are_exact() -> None:
    result = compute_deadline(CAL, _start("2026-10-01"), 24, Unit.HOURS)
    assert result.due == _start("2026-10-02")


def test_year_without_published_calendar_is_provisional_and_stored_year_wins() -> None:
    result = compute_deadline(CAL, _start("2031-04-28"), 5, Unit.WORKING_DAYS)
    assert result.provisional and result.due_date == dt.date(2031, 5, 5)
    assert "临时期限" in result.explanation()
    stored = LegalCalendar(
        stored_years={
            2031: YearCalendar(
                holidays=frozenset(dt.date(2031, 5, d) for d in range(1, 6)),
                makeup_workdays=frozenset({dt.date(2031, 5, 10)}),
                published=True,
                source="国办发明电〔2030〕7号",
            )
        }
    )
    result = compute_deadline(stored, _start("2031-04-28"), 5, Unit.WORKING_DAYS)
    assert not result.provisional and result.due_date == dt.date(2031, 5, 8)


def test_explanation_names_the_skipped_days() -> None:
    text = compute_deadline(CAL, _start("2026-09-30"), 5, Unit.WORKING_DAYS).explanation()
    assert "2026年10月1日（法定节假日）" in text and "2026年10月11日（周末）" in text


def test_reminder_day_counts_back_in_working_days() -> None:
    assert subtract_working_days(CAL, dt.date(2026, 10, 13), 3) == dt.date(2026, 10, 9)


def test_refuses_naive_start_and_negative_amount() -> None:
    with pytest.raises(ValueError):
        compute_deadline(CAL, dt.datetime(2026, 1, 5), 1, Unit.WORKING_DAYS)
    with pytest.raises(ValueError):
        compute_deadline(CAL, _start("2026-01-05"), -1, Unit.WORKING_DAYS)


def test_remaining_time_is_told_in_the_rules_unit() -> None:
    from domain.legal_calendar import end_of_day, remaining

    now = _start("2026-09-29")
    due = end_of_day(dt.date(2026, 10, 9))
    assert remaining(CAL, due, now, Unit.WORKING_DAYS).text() == "剩余3个工作日"  # 30 Sep, 8 and 9 Oct
    assert remaining(CAL, due, now, Unit.CALENDAR_DAYS).text() == "剩余10日"
    late = remaining(CAL, end_of_day(dt.date(2026, 9, 30)), _start("2026-10-12"), Unit.WORKING_DAYS)
    assert late.overdue and late.text() == "已逾期4个工作日"  # 8, 9, 10 (make-up Saturday) and today, 12 Oct
    assert remaining(CAL, end_of_day(dt.date(2026, 9, 29)), now, Unit.WORKING_DAYS).text() == "今日到期"
    assert remaining(CAL, now + dt.timedelta(hours=5, minutes=30), now, Unit.HOURS).text() == "剩余5小时"


def test_deadline_crossing_into_a_year_without_a_published_calendar_is_provisional() -> None:
    # 2027 is not yet in the package: days in it count on weekends only, and the result says so.
    result = compute_deadline(CAL, _start("2026-12-20"), 20, Unit.WORKING_DAYS)
    assert result.provisional
    assert result.due_date == dt.date(2027, 1, 15)  # 1 Jan 2027 (New Year) is not known, so counted
    within = compute_deadline(CAL, _start("2026-12-01"), 5, Unit.WORKING_DAYS)
    assert not within.provisional


def _walk(calendar: LegalCalendar, first: dt.date, last: dt.date) -> int:
    count, day = 0, first
    while day < last:
        day += dt.timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


@pytest.mark.parametrize(
    "calendar",
    [
        CAL,
        LegalCalendar(
            stored_years={
                2027: YearCalendar(
                    holidays=frozenset({dt.date(2027, 2, 5), dt.date(2027, 2, 6), dt.date(2027, 10, 1)}),
                    makeup_workdays=frozenset({dt.date(2027, 2, 7), dt.date(2027, 10, 9)}),
                    published=True,
                    source="test",
                )
            }
        ),
    ],
)
def test_working_days_by_arithmetic_match_the_day_by_day_walk(calendar: LegalCalendar) -> None:
    start = dt.date(2024, 12, 20)
    for offset in range(0, 1200, 7):
        first = start + dt.timedelta(days=offset)
        for span in (0, 1, 2, 5, 6, 7, 8, 13, 40, 190, 400):
            last = first + dt.timedelta(days=span)
            assert calendar.working_days_after(first, last) == _walk(calendar, first, last), (first, last)
    assert calendar.working_days_after(dt.date(2026, 3, 1), dt.date(2026, 2, 1)) == 0
