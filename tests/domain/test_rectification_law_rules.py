"""The contested rectification's rules as the law states them (legal audit 2026-12 §3.7): each test
is named after the rule it pins (figure, unit, start, actor, basis, document text) and fails when
the rule drifts from the article it cites."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from activities.documents import render_document
from activities.rectification_calendar import lawful_day
from domain.deadline_rules import DEFAULT_RULES
from domain.definitions.rectification import RECTIFICATION
from domain.documents import DOCUMENT_TYPES
from domain.errors import InvalidInput
from domain.legal_calendar import CHINA_TZ, LegalCalendar, Unit, compute_deadline
from domain.process import Start
from domain.process_config import ProcessConfig, parse_process_config
from domain.rectification import (
    ClosureProposalForm,
    ContinuousFineForm,
    challenge_window_rules,
    closure_by_penalties,
    continuous_fine,
    first_enforcement_moment,
    late_surcharge,
    live_surcharge,
    same_level_government,
)
from domain.rectification_deadlines import (
    COURT_APPLICATION_MONTHS,
    JUDGMENT_EXECUTION_MONTHS,
    LITIGATION_MONTHS,
    MONTH_PERIODS,
    SURCHARGE_RATE_PER_DAY_PERCENT,
)
from workflows.rectification_contracts import LawfulDayRequest

CALENDAR = LegalCalendar()
DUE = dt.date(2026, 3, 2)


def rule(code: str) -> Any:
    return DEFAULT_RULES[f"rectification.{code}"]


def step(code: str) -> Any:
    return RECTIFICATION.step(code)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=CHINA_TZ)


def test_R4_reinspection_within_ten_calendar_days_is_a_configurable_unconfirmed_figure() -> None:
    reinspection = rule("reinspection")
    assert (reinspection.amount, reinspection.unit, reinspection.source_tag) == (10, Unit.CALENDAR_DAYS, "U")
    assert "整改期限届满或企业报告整改完成" in reinspection.starts_on
    config = parse_process_config({"deadlines": {"rectification.reinspection": {"amount": 7}}})
    assert config.rule("rectification.reinspection").amount == 7


def test_R5_continuous_fine_from_the_day_after_the_order_at_the_original_amount_a_day() -> None:
    """安全生产法 art 112: 自作出责令改正之日的次日起，按照原处罚数额按日连续处罚."""
    assert "责令改正之日的次日" in ContinuousFineForm.model_fields["from_on"].title
    ordered = dt.date(2026, 5, 4)
    assert continuous_fine(30_000, ordered + dt.timedelta(days=1), ordered + dt.timedelta(days=10)) == 300_000
    assert continuous_fine(30_000, ordered, ordered - dt.timedelta(days=1)) == 0


def test_R7_no_decision_before_the_notice_and_the_statement_period() -> None:
    """行政处罚法 arts 44, 45, 62: the notice with the party's rights precedes the decision, and the
    statement (or hearing request) step waits on the party from the notice's service."""
    codes = [s.code for s in RECTIFICATION.steps]
    assert codes.index("penalty_notice") < codes.index("statement") < codes.index("penalty_decision")
    assert step("statement").starts == Start.SERVICE and rule("statement").waiting_on == "enterprise"
    assert "放弃" in rule("statement").on_expiry


def test_R11_decision_within_ninety_calendar_days_of_filing() -> None:
    decision = rule("penalty_decision")
    assert (decision.amount, decision.unit, decision.source_tag) == (90, Unit.CALENDAR_DAYS, "P")
    assert step("penalty_decision").starts == Start.FILING and "第六十条" in decision.basis
    assert step("penalty_decision").by.role == "head"


def test_R13_payment_within_fifteen_days_of_receipt() -> None:
    payment = rule("payment")
    assert (payment.amount, payment.unit, payment.waiting_on) == (15, Unit.CALENDAR_DAYS, "enterprise")
    assert step("payment").starts == Start.SERVICE and "第六十七条" in payment.basis
    # 15 calendar days from receipt on 17 September 2026 end on 2 October, a holiday: moved to 8 October.
    assert compute_deadline(CALENDAR, at(dt.date(2026, 9, 17)), 15, Unit.CALENDAR_DAYS).due_date == dt.date(2026, 10, 8)


def test_R14_surcharge_three_percent_a_day_capped_at_the_fine_and_paused_during_an_appeal() -> None:
    assert SURCHARGE_RATE_PER_DAY_PERCENT == 3
    assert late_surcharge(10_000, DUE, DUE + dt.timedelta(days=1)) == 300
    assert late_surcharge(10_000, DUE, DUE + dt.timedelta(days=400)) == 10_000
    paused = [(DUE + dt.timedelta(days=3), DUE + dt.timedelta(days=7))]
    assert late_surcharge(10_000, DUE, DUE + dt.timedelta(days=10), paused) == 1_500
    shown = live_surcharge({"surcharge": {"principal_cny": 10_000, "payment_due": DUE.isoformat(), "paused": []}}, DUE)
    assert shown is not None and shown["rate_percent"] == SURCHARGE_RATE_PER_DAY_PERCENT


def test_R17_penalty_decisions_published_within_seven_working_days_of_the_decision() -> None:
    publication = rule("publication")
    assert (publication.amount, publication.unit, publication.source_tag) == (7, Unit.WORKING_DAYS, "P")
    assert "第七十八条" in publication.basis and "决定作出之日" in publication.starts_on


def test_R18_general_proactive_disclosure_is_twenty_working_days() -> None:
    disclosure = DEFAULT_RULES["accident.publication"]
    assert (disclosure.amount, disclosure.unit) == (20, Unit.WORKING_DAYS)
    assert "政府信息公开条例第二十六条" in disclosure.basis


def test_R20_reconsideration_within_sixty_days_of_knowing() -> None:
    window = rule("reconsideration_window")
    assert (window.amount, window.unit, window.source_tag) == (60, Unit.CALENDAR_DAYS, "P")
    assert "行政复议法第二十条" in window.basis and window.waiting_on == "enterprise"


def test_R26_suit_within_six_months_moved_past_a_holiday() -> None:
    assert LITIGATION_MONTHS == 6 == MONTH_PERIODS["rectification.litigation_window"]
    assert "第四十六条" in rule("litigation_window").basis
    served = at(dt.date(2026, 4, 1), 0)
    assert lawful_day(CALENDAR, ProcessConfig(), LawfulDayRequest(served, months=LITIGATION_MONTHS)).day == dt.date(
        2026, 10, 8
    )
    assert (COURT_APPLICATION_MONTHS, JUDGMENT_EXECUTION_MONTHS) == (3, 24)


def _render(code: str, context: dict[str, Any]) -> str:
    doc_type = DOCUMENT_TYPES[code]
    issued = dt.datetime(2026, 11, 23, 10, tzinfo=CHINA_TZ)
    return render_document(doc_type, "麒应急〔2026〕7号", "曲靖市麒麟区应急管理局", issued, context)


SUBJECT = {"enterprise_name": "曲靖某化工有限公司", "credit_code": "91530300MA6K1234X5"}


def test_R30_the_decision_tells_the_surcharge_rate_and_its_cap() -> None:
    html = _render(
        "penalty_decision",
        {
            **SUBJECT,
            "facts": "逾期未整改",
            "notice_no": "麒应急罚告〔2026〕5号",
            "reasons": "陈述理由不成立",
            "basis": "安全生产法第一百零二条",
            "fine_label": "50,000元",
            "reconsideration_body": "曲靖市麒麟区人民政府",
            "court": "曲靖市麒麟区人民法院",
        },
    )
    assert "每日按罚款数额的百分之三加处罚款" in html and "加处罚款的数额不超过罚款的数额" in html


def test_R32_the_reminder_states_deadline_method_amount_and_rights() -> None:
    html = _render(
        "payment_reminder",
        {
            **SUBJECT,
            "decision_no": "麒应急罚〔2026〕9号",
            "fine_label": "50,000元",
            "payment_due": "2026-10-31",
            "as_of": "2026-11-23",
            "surcharge_label": "34,500元",
            "total_label": "84,500元",
            "payment_method": "指定银行缴纳",
            "own_enforcement_power": False,
        },
    )
    for text in ("十个工作日内", "指定银行缴纳", "84,500元", "有权进行陈述和申辩", "第三十五条"):
        assert text in html


def test_R34_no_enforcement_at_night_or_on_holidays_in_the_configured_daytime() -> None:
    night = dt.datetime(2026, 9, 30, 22, 0, tzinfo=CHINA_TZ)  # before the National Day holiday
    assert first_enforcement_moment(CALENDAR, night) == dt.datetime(2026, 10, 8, 9, 0, tzinfo=CHINA_TZ)
    config = parse_process_config({"rectification": {"daytime": ["07:30", "17:00"]}})
    assert config.enforcement_daytime == (dt.time(7, 30), dt.time(17, 0))
    evening = dt.datetime(2026, 9, 29, 17, 30, tzinfo=CHINA_TZ)
    assert first_enforcement_moment(CALENDAR, evening) == evening  # inside the default window
    moved = lawful_day(CALENDAR, config, LawfulDayRequest(evening, moment=True))
    assert moved.at == dt.datetime(2026, 9, 30, 9, 0, tzinfo=CHINA_TZ)
    assert ProcessConfig().enforcement_daytime == (dt.time(8, 0), dt.time(18, 0))
    with pytest.raises(InvalidInput):
        parse_process_config({"rectification": {"daytime": ["18:00", "08:00"]}})


def test_R37_the_reminder_period_is_ten_working_days_from_its_service() -> None:
    compliance = rule("reminder_compliance")
    assert (compliance.amount, compliance.unit) == (10, Unit.WORKING_DAYS)
    assert step("reminder_compliance").starts == Start.SERVICE
    assert "第五十四条" in compliance.basis and "第六十九条" in compliance.basis
    codes = [s.code for s in RECTIFICATION.steps]
    assert codes.index("reminder") < codes.index("reminder_compliance") < codes.index("court_application")


def test_R21_R29_a_decision_that_does_not_inform_leaves_at_most_one_year() -> None:
    """复议法 art 20(3), 法释〔2018〕1号 art 64: not told of the right, the body or the period, the
    party may challenge up to one year from knowing the decision's content."""
    assert challenge_window_rules(reconsideration_told=True, suit_period_told=True) == (
        "rectification.reconsideration_window",
        "rectification.litigation_window",
    )
    untold = challenge_window_rules(reconsideration_told=False, suit_period_told=False)
    assert untold == ("rectification.reconsideration_uninformed", "rectification.litigation_uninformed")
    served = at(dt.date(2026, 9, 30), 0)
    for code in untold:
        assert MONTH_PERIODS[code] == 12 and rule(code.split(".")[1]).source_tag == "P"
        # One year from 30 September 2026 is 30 September 2027 (a Thursday, a working day).
        assert lawful_day(CALENDAR, ProcessConfig(), LawfulDayRequest(served, rule_code=code)).day == dt.date(
            2027, 9, 30
        )
    assert "第二十条第三款" in rule("reconsideration_uninformed").basis
    assert "第六十四条" in rule("litigation_uninformed").basis


def test_R23_the_reconsideration_body_of_a_department_is_its_same_level_government() -> None:
    assert same_level_government(["云南省", "曲靖市", "麒麟区"]) == "曲靖市麒麟区人民政府"
    assert same_level_government(["云南省", "曲靖市"]) == "曲靖市人民政府"
    assert same_level_government(["云南省"]) == "云南省人民政府"


def test_R43_the_court_reviews_and_rules_within_seven_working_days_or_thirty_days_after_hearing() -> None:
    """法释〔2018〕1号 art 160: the administrative division rules within 7 days of acceptance (working
    days, 行政强制法 art 69); having heard the parties on a clearly unlawful act, within 30 days."""
    ruling, review = rule("court_ruling"), rule("court_ruling_unlawful")
    assert (ruling.amount, ruling.unit) == (7, Unit.WORKING_DAYS) and "第一百六十条第一款" in ruling.basis
    assert (review.amount, review.unit) == (30, Unit.CALENDAR_DAYS) and "第一百六十条第二款" in review.basis
    assert step("court_ruling_review").starts == Start.DUE_DAY


def test_R6_closure_by_three_penalties_in_180_days_or_four_in_a_year() -> None:
    """安全生产法 art 113(1): "一百八十日内三次或者一年内四次受到本法规定的行政处罚"."""
    first = dt.date(2026, 1, 10)
    assert closure_by_penalties([first, first + dt.timedelta(days=90), first + dt.timedelta(days=180)])
    assert not closure_by_penalties([first, first + dt.timedelta(days=90), first + dt.timedelta(days=181)])
    year = [first, first + dt.timedelta(days=100), first + dt.timedelta(days=250), dt.date(2027, 1, 10)]
    assert closure_by_penalties(year) and not closure_by_penalties([*year[:3], dt.date(2027, 1, 11)])
    form = ClosureProposalForm(
        government="曲靖市麒麟区人民政府",
        reasons="屡罚不改",
        ground="penalties",
        penalties="2026-01-10 罚1号\n2026-03-01 罚2号\n2026-05-01 罚3号",
    )
    assert form.penalty_days()[-1] == dt.date(2026, 5, 1)
    with pytest.raises(ValueError, match="三次"):
        ClosureProposalForm(government="x", reasons="y", ground="penalties", penalties="2026-01-10 罚1号")
