"""Suspension and extension arithmetic (audit §1.1 #5; rules A20, A21, C2, C12), on real 2026 dates.

The example: an accident on Monday 3 August 2026; the report is due 60 days later (条例 art 29),
i.e. on Friday 2 October, in the National Day holiday (1–7 October 2026), so it rolls to 8 October.
"""

from __future__ import annotations

import datetime as dt

import pytest

from domain.clock_arithmetic import Suspension, check_clock_inputs, compute_clock
from domain.errors import InvalidInput
from domain.legal_calendar import CHINA_TZ, LegalCalendar, Unit, compute_deadline

CAL = LegalCalendar()
ACCIDENT = dt.datetime(2026, 8, 3, 10, 0, tzinfo=CHINA_TZ)
APPRAISAL = Suspension(dt.date(2026, 9, 1), dt.date(2026, 9, 11))


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_A21_appraisal_time_is_excluded_in_whole_days() -> None:
    clock = compute_clock(CAL, ACCIDENT, 60, Unit.CALENDAR_DAYS, suspensions=[APPRAISAL])
    # 1 Sep stopped, 11 Sep restarted: 2–11 Sep, ten whole days, are excluded.
    assert clock.excluded_days == 10
    assert clock.unrolled_end == _day("2026-10-02")
    assert clock.suspended_end == _day("2026-10-12")
    assert clock.due == dt.datetime(2026, 10, 12, 23, 59, 59, tzinfo=CHINA_TZ)
    assert "第二十七条" in clock.explanation()


def test_A21_exclusion_is_added_to_the_unrolled_end_and_rolled_once() -> None:
    # Added to the rolled due (8 Oct) the ten days would end on Sunday 18 Oct; the law adds them
    # to 2 Oct (the unrolled end), giving Monday 12 Oct: no second roll, no lost days.
    rolled_first = compute_deadline(CAL, ACCIDENT, 60, Unit.CALENDAR_DAYS).due_date
    assert rolled_first == _day("2026-10-08")
    clock = compute_clock(CAL, ACCIDENT, 60, Unit.CALENDAR_DAYS, suspensions=[APPRAISAL])
    assert clock.due_date == _day("2026-10-12") != rolled_first + dt.timedelta(days=10)
    # A suspension that ends the period on a rest day is rolled once, at the end.
    short = compute_clock(
        CAL, ACCIDENT, 60, Unit.CALENDAR_DAYS, suspensions=[Suspension(_day("2026-09-01"), _day("2026-09-03"))]
    )
    assert short.suspended_end == _day("2026-10-04")
    assert short.due_date == _day("2026-10-08")


def test_A21_a_suspension_counts_the_days_after_the_stop_up_to_the_restart() -> None:
    same_day = compute_clock(
        CAL, ACCIDENT, 60, Unit.CALENDAR_DAYS, suspensions=[Suspension(_day("2026-09-01"), _day("2026-09-01"))]
    )
    assert same_day.excluded_days == 0
    two = compute_clock(
        CAL,
        ACCIDENT,
        60,
        Unit.CALENDAR_DAYS,
        suspensions=[
            Suspension(_day("2026-08-10"), _day("2026-08-13")),
            Suspension(_day("2026-09-01"), _day("2026-09-08")),
        ],
    )
    assert two.excluded_days == 3 + 7


def test_A20_extension_cap_is_measured_from_the_end_after_the_appraisal() -> None:
    clock = compute_clock(
        CAL, ACCIDENT, 60, Unit.CALENDAR_DAYS, suspensions=[APPRAISAL], extension_days=60, max_extension_days=60
    )
    # 60 days from 12 Oct (not from 8 Oct, not from 2 Oct): Friday 11 December.
    assert clock.cap_end == _day("2026-12-11")
    assert clock.extended_end == _day("2026-12-11")
    assert clock.due == dt.datetime(2026, 12, 11, 23, 59, 59, tzinfo=CHINA_TZ)
    with pytest.raises(InvalidInput, match="60日"):
        check_clock_inputs(CAL, ACCIDENT, 60, Unit.CALENDAR_DAYS, [APPRAISAL], 61, 60)


def test_A21_working_day_periods_exclude_the_working_days_of_the_suspension() -> None:
    start = dt.datetime(2026, 9, 28, 10, tzinfo=CHINA_TZ)  # Monday before National Day
    clock = compute_clock(
        CAL, start, 5, Unit.WORKING_DAYS, suspensions=[Suspension(_day("2026-09-29"), _day("2026-10-09"))]
    )
    # 5 working days: 29, 30 Sep, 8, 9 Oct and Saturday 10 Oct (a make-up working day). Stopped
    # 29 Sep, restarted 9 Oct: the working days among 30 Sep – 9 Oct (30 Sep, 8 and 9 Oct) are
    # excluded and added back as working days after 10 Oct: 12, 13, 14 Oct.
    assert clock.excluded_days == 3
    assert clock.unrolled_end == _day("2026-10-10")
    assert clock.due_date == _day("2026-10-14")


@pytest.mark.parametrize(("amount", "unit"), [(60, Unit.CALENDAR_DAYS), (5, Unit.WORKING_DAYS), (24, Unit.HOURS)])
def test_C12_without_suspension_or_extension_the_clock_is_the_calendar_s(amount: int, unit: Unit) -> None:
    plain = compute_deadline(CAL, ACCIDENT, amount, unit)
    assert compute_clock(CAL, ACCIDENT, amount, unit).due == plain.due


def test_C12_a_day_period_ends_at_the_last_second_of_its_last_day() -> None:
    clock = compute_clock(CAL, ACCIDENT, 60, Unit.CALENDAR_DAYS, suspensions=[APPRAISAL], extension_days=3)
    assert clock.due.astimezone(CHINA_TZ).time() == dt.time(23, 59, 59)
    assert "24时" in clock.explanation()


@pytest.mark.parametrize(
    ("suspensions", "extension", "message"),
    [
        ([Suspension(_day("2026-09-11"), _day("2026-09-01"))], 0, "早于开始日"),
        ([Suspension(_day("2026-07-01"), _day("2026-07-05"))], 0, "不在期限之内"),
        ([Suspension(_day("2026-10-09"), _day("2026-10-20"))], 0, "不在期限之内"),
        (
            [Suspension(_day("2026-09-01"), _day("2026-09-11")), Suspension(_day("2026-09-05"), _day("2026-09-20"))],
            0,
            "重叠",
        ),
        ([], -1, "负数"),
    ],
)
def test_bad_inputs_are_refused_in_chinese(suspensions: list[Suspension], extension: int, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        check_clock_inputs(CAL, ACCIDENT, 60, Unit.CALENDAR_DAYS, suspensions, extension, 60)


def test_a_suspension_starting_on_the_rolled_last_day_is_still_inside_the_period() -> None:
    check_clock_inputs(
        CAL, ACCIDENT, 60, Unit.CALENDAR_DAYS, [Suspension(_day("2026-10-08"), _day("2026-10-09"))], 0, 60
    )


def test_a_suspension_may_start_within_an_extension() -> None:
    later = [Suspension(_day("2026-10-20"), _day("2026-10-25"))]
    with pytest.raises(InvalidInput, match="不在期限之内"):
        check_clock_inputs(CAL, ACCIDENT, 60, Unit.CALENDAR_DAYS, later, 0, 60)
    check_clock_inputs(CAL, ACCIDENT, 60, Unit.CALENDAR_DAYS, later, 30, 60)
