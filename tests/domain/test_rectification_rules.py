"""The pure rules of the contested rectification: the late surcharge and lawful enforcement times."""

from __future__ import annotations

import datetime as dt

from activities.rectification_calendar import lawful_day
from domain.deadline_rules import DEFAULT_RULES
from domain.legal_calendar import CHINA_TZ, LegalCalendar, Unit, compute_deadline
from domain.process_config import ProcessConfig
from domain.rectification import continuous_fine, first_enforcement_moment, late_surcharge, live_surcharge
from workflows.rectification_contracts import LawfulDayRequest

DUE = dt.date(2026, 3, 2)


def test_surcharge_is_three_percent_per_day_after_the_due_day() -> None:
    assert late_surcharge(10_000, DUE, DUE) == 0
    assert late_surcharge(10_000, DUE, DUE + dt.timedelta(days=1)) == 300
    assert late_surcharge(10_000, DUE, DUE + dt.timedelta(days=10)) == 3_000


def test_surcharge_never_exceeds_the_fine() -> None:
    assert late_surcharge(10_000, DUE, DUE + dt.timedelta(days=33)) == 9_900
    assert late_surcharge(10_000, DUE, DUE + dt.timedelta(days=34)) == 10_000
    assert late_surcharge(10_000, DUE, DUE + dt.timedelta(days=400)) == 10_000


def test_surcharge_does_not_run_while_an_appeal_is_pending() -> None:
    paused = [(DUE + dt.timedelta(days=3), DUE + dt.timedelta(days=7))]  # 5 days paused
    assert late_surcharge(10_000, DUE, DUE + dt.timedelta(days=10), paused) == 1_500
    still_pending = [(DUE + dt.timedelta(days=3), None)]
    assert late_surcharge(10_000, DUE, DUE + dt.timedelta(days=10), still_pending) == 600


def test_surcharge_rounds_down_to_whole_yuan() -> None:
    assert late_surcharge(999, DUE, DUE + dt.timedelta(days=1)) == 29


def test_enforcement_is_moved_out_of_the_night_and_past_holidays() -> None:
    calendar = LegalCalendar()
    # 22:00 on Wednesday 30 September 2026, before the National Day holiday (1–7 October).
    night = dt.datetime(2026, 9, 30, 22, 0, tzinfo=CHINA_TZ)
    moment = first_enforcement_moment(calendar, night)
    assert moment == dt.datetime(2026, 10, 8, 9, 0, tzinfo=CHINA_TZ)
    daytime = dt.datetime(2026, 9, 29, 10, 30, tzinfo=CHINA_TZ)
    assert first_enforcement_moment(calendar, daytime) == daytime
    early = dt.datetime(2026, 9, 29, 6, 0, tzinfo=CHINA_TZ)
    assert first_enforcement_moment(calendar, early) == dt.datetime(2026, 9, 29, 9, 0, tzinfo=CHINA_TZ)


def test_lawful_days_in_months_and_working_days() -> None:
    calendar, config = LegalCalendar(), ProcessConfig()
    served = dt.datetime(2026, 4, 1, 0, 0, tzinfo=CHINA_TZ)
    # Six months from 1 April is 1 October, a holiday: the period ends on the next working day.
    assert lawful_day(calendar, config, LawfulDayRequest(served, months=6)).day == dt.date(2026, 10, 8)
    # The hearing notice lead is 7 working days: Qingming (4–6 April) and the weekend are skipped.
    lead = lawful_day(calendar, config, LawfulDayRequest(served, rule_code="rectification.hearing_lead"))
    assert lead.day == dt.date(2026, 4, 13)
    later = LawfulDayRequest(served, rule_code="rectification.hearing_lead", not_before=dt.date(2026, 4, 18))
    assert lawful_day(calendar, config, later).day == dt.date(2026, 4, 20)  # a Saturday moves to Monday


def test_rectification_clocks_are_in_the_rules_table_with_their_tags() -> None:
    assert DEFAULT_RULES["rectification.penalty_decision"].amount == 90
    assert DEFAULT_RULES["rectification.reinspection"].source_tag == "U"
    assert DEFAULT_RULES["rectification.withdraw_publication"].unit == "working_days"


def test_case_page_surcharge_is_computed_live_from_the_case_details() -> None:
    details = {
        "surcharge": {
            "principal_cny": 10_000,
            "payment_due": DUE.isoformat(),
            "rate_percent_per_day": 3,
            "paused": [[(DUE + dt.timedelta(days=1)).isoformat(), (DUE + dt.timedelta(days=2)).isoformat()]],
        }
    }
    shown = live_surcharge(details, DUE + dt.timedelta(days=5))
    assert shown == {"principal_cny": 10_000, "surcharge_cny": 900, "total_cny": 10_900, "rate_percent": 3}
    assert live_surcharge({}, DUE) is None
    assert live_surcharge({"surcharge": {"principal_cny": 10_000, "payment_due": None, "paused": []}}, DUE) is None


def test_continuous_fine_is_the_original_amount_for_each_day_both_ends_counted() -> None:
    assert continuous_fine(20_000, DUE, DUE) == 20_000
    assert continuous_fine(20_000, DUE, DUE + dt.timedelta(days=4)) == 100_000
    assert continuous_fine(20_000, DUE, DUE - dt.timedelta(days=1)) == 0


def test_C4_R38_R40_court_acceptance_and_ruling_count_working_days() -> None:
    """行政强制法 art 69: its periods of ten days or less are working days, so the court's 5 日 to
    accept (art 56) and 7 日 to rule (art 57) skip rest days and holidays."""
    calendar = LegalCalendar()
    received = dt.datetime(2026, 9, 30, 10, 0, tzinfo=CHINA_TZ)  # before the National Day holiday
    acceptance, ruling = DEFAULT_RULES["rectification.court_acceptance"], DEFAULT_RULES["rectification.court_ruling"]
    for rule in (acceptance, ruling):
        assert rule.unit == Unit.WORKING_DAYS and "第六十九条" in rule.basis
    # 8, 9, 10 (a make-up working Saturday), 12 and 13 October: not 5 October, a holiday rolled to the 8th.
    assert compute_deadline(calendar, received, acceptance.amount, acceptance.unit).due_date == dt.date(2026, 10, 13)
    accepted = dt.datetime(2026, 10, 13, 9, 0, tzinfo=CHINA_TZ)
    assert compute_deadline(calendar, accepted, ruling.amount, ruling.unit).due_date == dt.date(2026, 10, 22)
