"""Audit §3.1 (counting rules) and §3.9 (calendar), one test per rule ID, on real 2025/2026 dates."""

from __future__ import annotations

import datetime as dt

from domain.deadline_rules import DEFAULT_RULES, apply_overrides
from domain.legal_calendar import CHINA_TZ, LegalCalendar, Unit, YearCalendar, compute_deadline

CAL = LegalCalendar()


def _at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=CHINA_TZ)


def _due(start: str, amount: int, unit: Unit) -> str:
    return compute_deadline(CAL, _at(start), amount, unit).due_date.isoformat()


def test_C1_the_start_day_is_not_counted() -> None:
    # 民法典 art 201: one day from Monday 2 March 2026 (10:00) is Tuesday 3 March, even at 23:00.
    assert _due("2026-03-02", 1, Unit.CALENDAR_DAYS) == "2026-03-03"
    assert compute_deadline(CAL, _at("2026-03-02", 23), 1, Unit.CALENDAR_DAYS).due_date.isoformat() == "2026-03-03"


def test_C2_a_calendar_day_period_ending_on_a_rest_day_ends_on_the_next_working_day() -> None:
    assert _due("2026-09-28", 5, Unit.CALENDAR_DAYS) == "2026-10-08"  # 3 Oct, National Day
    assert _due("2026-03-02", 5, Unit.CALENDAR_DAYS) == "2026-03-09"  # Saturday 7 March → Monday


def test_C3_administrative_penalty_short_periods_are_working_days() -> None:
    for code, amount in (
        ("rectification.statement", 5),
        ("rectification.hearing_lead", 7),
        ("rectification.withdraw_publication", 3),
    ):
        rule = DEFAULT_RULES[code]
        assert (rule.amount, rule.unit) == (amount, Unit.WORKING_DAYS), code


def test_C6_the_3_day_transfer_periods_default_to_calendar_days_and_are_configurable() -> None:
    rule = DEFAULT_RULES["crime_transfer.approval"]
    assert (rule.amount, rule.unit) == (3, Unit.CALENDAR_DAYS) and "可配置" in rule.basis
    changed = apply_overrides(DEFAULT_RULES, {"crime_transfer.approval": {"unit": "working_days"}})
    assert changed["crime_transfer.approval"].unit is Unit.WORKING_DAYS


def test_C7_hours_are_exact_hours() -> None:
    due = compute_deadline(CAL, _at("2026-10-01", 10), 24, Unit.HOURS).due
    assert due == _at("2026-10-02", 10)  # a holiday changes nothing


def test_C8_make_up_weekend_days_are_working_days() -> None:
    # Saturday 10 October 2026 is a make-up working day: 3 working days from 30 September end on it.
    assert _due("2026-09-30", 3, Unit.WORKING_DAYS) == "2026-10-10"
    assert CAL.is_working_day(dt.date(2026, 2, 14)) and CAL.is_working_day(dt.date(2026, 2, 28))


def test_C12_a_period_ends_at_24_00_of_its_last_day() -> None:
    due = compute_deadline(CAL, _at("2026-03-02"), 5, Unit.WORKING_DAYS).due
    assert due == dt.datetime(2026, 3, 9, 23, 59, 59, tzinfo=CHINA_TZ)


def test_K1_a_year_without_a_published_calendar_is_provisional_until_imported() -> None:
    assert compute_deadline(CAL, _at("2026-12-20"), 30, Unit.CALENDAR_DAYS).provisional  # 2027 not published
    stored = LegalCalendar({2027: YearCalendar(frozenset(), frozenset(), True, "国办发明电〔2026〕")})
    assert not compute_deadline(stored, _at("2026-12-20"), 30, Unit.CALENDAR_DAYS).provisional


def test_K2_2026_holidays_and_make_up_days() -> None:
    for day in ("2026-01-01", "2026-02-15", "2026-02-23", "2026-10-01", "2026-10-07"):
        assert not CAL.is_working_day(dt.date.fromisoformat(day)), day
    for day in ("2026-02-14", "2026-02-28", "2026-10-10"):
        assert CAL.is_working_day(dt.date.fromisoformat(day)), day


def test_K3_2025_holidays_and_make_up_days() -> None:
    for day in ("2025-01-28", "2025-02-04", "2025-10-01", "2025-10-08"):
        assert not CAL.is_working_day(dt.date.fromisoformat(day)), day
    for day in ("2025-01-26", "2025-02-08", "2025-10-11"):
        assert CAL.is_working_day(dt.date.fromisoformat(day)), day


def test_K4_the_2025_rules_add_spring_festival_eve_and_1_may_2() -> None:
    # 全国年节及纪念日放假办法 (2024): 13 days, incl. 除夕 and 2 May.
    assert not CAL.is_working_day(dt.date(2025, 1, 28)) and not CAL.is_working_day(dt.date(2025, 5, 2))


def test_K5_make_up_days_are_counted_as_working_days() -> None:
    assert _due("2025-01-24", 1, Unit.WORKING_DAYS) == "2025-01-26"  # Sunday 26 January 2025


def test_K6_calendar_day_deadlines_move_past_a_holiday() -> None:
    assert _due("2026-09-02", 30, Unit.CALENDAR_DAYS) == "2026-10-08"
