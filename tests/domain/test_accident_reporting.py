"""Reporting an accident, grading with missing persons, 提级 triggers (条例 arts 3, 9–13; domain notes §2)."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.accident import TeamFormationForm, casualty_window_days
from domain.accident_grading import Grade, grade_accident
from domain.accident_reporting import (
    ReportTimes,
    UpwardReport,
    check_report_times,
    late_reports,
    level_report_late,
    upward_chain,
)
from domain.accident_settings import (
    AccidentSettings,
    escalation_triggers,
    graded_deaths,
    parse_accident_settings,
    within_months,
)
from domain.deadline_rules import DEFAULT_RULES
from domain.definitions.accident import ACCIDENT, BUREAU, PROCURATORATE
from domain.errors import InvalidInput
from domain.legal_calendar import CHINA_TZ, Unit
from domain.process_config import parse_process_config

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=CHINA_TZ)


def test_A1_missing_persons_count_in_the_grade_unless_configured_otherwise() -> None:
    # 2 dead and 1 missing: 较大 when the missing count (the default), 一般 when a province does not count them.
    assert parse_process_config({}).accident.count_missing_in_grade is True
    assert grade_accident(graded_deaths(2, 1, True), 0, 0).grade is Grade.LARGER
    off = parse_process_config({"accident": {"count_missing_in_grade": False}}).accident
    assert grade_accident(graded_deaths(2, 1, off.count_missing_in_grade), 0, 0).grade is Grade.GENERAL


def test_A3_site_staff_who_do_not_report_at_once_are_flagged_for_verification() -> None:
    head = T0 + dt.timedelta(minutes=61)
    times = ReportTimes(T0, head + dt.timedelta(minutes=30), head)
    assert [late.code for late in late_reports(times, immediate_minutes=60)] == ["site_staff"]
    assert late_reports(times, immediate_minutes=0) == []  # a province that does not flag "立即"
    assert late_reports(ReportTimes(T0, T0 + dt.timedelta(minutes=90), T0 + dt.timedelta(minutes=59)), 60) == []


def test_A4_unit_head_reporting_after_one_hour_is_a_late_report() -> None:
    head = T0 + dt.timedelta(minutes=5)
    on_time = ReportTimes(T0, head + dt.timedelta(hours=1), head)
    assert late_reports(on_time, 60) == []
    late = late_reports(ReportTimes(T0, head + dt.timedelta(hours=1, minutes=1), head), 60)
    assert [(x.code, x.minutes_late) for x in late] == [("unit_head", 1)]
    assert "迟报" in late[0].summary and "第九条" in late[0].summary
    # 第九条第二款: site staff reporting straight to the regulator are not the unit head's 1 hour.
    direct = ReportTimes(T0, head + dt.timedelta(hours=3), head, reported_directly=True)
    assert late_reports(direct, 60) == []


def test_A4_report_times_out_of_order_are_refused() -> None:
    with pytest.raises(InvalidInput, match="不能早于事故发生时间"):
        check_report_times(ReportTimes(T0, T0 - dt.timedelta(minutes=1)), T0 + dt.timedelta(hours=1))
    with pytest.raises(InvalidInput, match="单位负责人"):
        check_report_times(
            ReportTimes(T0, T0 + dt.timedelta(hours=1), T0 + dt.timedelta(hours=2)), T0 + dt.timedelta(hours=3)
        )
    with pytest.raises(InvalidInput, match="不能晚于现在"):
        check_report_times(ReportTimes(T0, T0 + dt.timedelta(hours=2)), T0 + dt.timedelta(hours=1))


def test_A5_O7_each_grade_is_reported_up_to_its_level_two_hours_per_level() -> None:
    assert upward_chain("county", Grade.GENERAL) == [UpwardReport("county", "city")]
    assert upward_chain("county", Grade.LARGER) == [UpwardReport("county", "city"), UpwardReport("city", "province")]
    assert [hop.to_level for hop in upward_chain("county", Grade.MAJOR)] == ["city", "province", "state_council"]
    assert [hop.to_level for hop in upward_chain("city", Grade.EXTRAORDINARY)] == ["province", "state_council"]
    assert upward_chain("city", Grade.GENERAL) == []  # the city received it: art 10 (三) is met
    rule = DEFAULT_RULES["accident.upward_report"]
    assert (rule.amount, rule.unit) == (2, Unit.HOURS) and "第十一条" in rule.basis and "报告" in rule.starts_on
    assert level_report_late(T0, T0 + dt.timedelta(hours=2)) == 0
    assert level_report_late(T0, T0 + dt.timedelta(hours=2, minutes=15)) == 15


def test_C9_A6_the_casualty_window_is_a_row_of_the_rules_table() -> None:
    for code, days, road in (("accident.casualty_window", 30, False), ("accident.casualty_window_road_fire", 7, True)):
        rule = DEFAULT_RULES[code]
        assert (rule.amount, rule.unit, rule.starts_on) == (days, Unit.CALENDAR_DAYS, "事故发生之日")
        assert "第十三条" in rule.basis and casualty_window_days(road) == days


def test_A12_the_24_month_repeat_counts_calendar_months_between_accident_days() -> None:
    second = dt.date(2026, 3, 1)
    assert within_months(dt.date(2024, 3, 1), second, 24)  # the corresponding day is the last one
    # 30.44-day months (731 days) reached 2024-02-29; calendar months do not.
    assert not within_months(dt.date(2024, 2, 29), second, 24)
    settings = AccidentSettings()
    met = escalation_triggers(
        settings,
        grade=Grade.LARGER,
        deaths=3,
        flags=[],
        accident_day=second,
        earlier_larger_accident_days=[dt.date(2024, 3, 1)],
    )
    assert met == ["同一单位24个月内第二起较大事故"]


def _met(settings: AccidentSettings, deaths: int, flags: list[str], grade: Grade = Grade.LARGER) -> list[str]:
    return escalation_triggers(
        settings,
        grade=grade,
        deaths=deaths,
        flags=flags,
        accident_day=dt.date(2026, 3, 1),
        earlier_larger_accident_days=[],
    )


def test_A12_provincial_triggers_are_configurable() -> None:
    default = AccidentSettings()
    assert _met(default, 6, ["high_risk_deaths"]) == [
        "矿山、危险化学品、烟花爆竹、冶金、建筑施工领域较大事故死亡6至9人"
    ]
    assert _met(default, 5, ["high_risk_deaths"]) == []
    assert _met(default, 3, ["complex", "concealment"]) == ["案情特别复杂或社会影响重大", "有瞒报事故的举报"]
    # Only the configured grades: a 一般 accident is not taken over by these rules.
    assert _met(default, 1, ["complex"], Grade.GENERAL) == []
    narrowed = parse_accident_settings(
        {"escalation_triggers": ["repeat_larger"], "repeat_larger_accident_months": 12, "high_risk_deaths": [5, 9]}
    )
    assert _met(narrowed, 6, ["complex", "high_risk_deaths"]) == []
    assert narrowed.repeat_larger_accident_months == 12 and narrowed.high_risk_deaths == (5, 9)
    with pytest.raises(InvalidInput, match="unknown"):
        parse_accident_settings({"escalation_triggers": ["weather"]})


def test_A13_initial_report_within_15_days_is_a_provincial_setting() -> None:
    rule = DEFAULT_RULES["accident.initial_report"]
    assert (rule.amount, rule.unit, rule.starts_on, rule.source_tag) == (15, Unit.CALENDAR_DAYS, "事故发生之日", "S")
    assert parse_process_config({}).accident.initial_report_grades == frozenset({Grade.LARGER})
    assert (
        parse_process_config({"accident": {"initial_report_grades": []}}).accident.initial_report_grades == frozenset()
    )
    with pytest.raises(InvalidInput):
        parse_accident_settings({"initial_report_grades": ["严重"]})


def test_A9_A15_the_government_authorises_its_bureau_to_form_the_team_and_invites_the_procuratorate() -> None:
    # 条例 第十九条第二款: the government may authorise a department; here its emergency bureau leads.
    team = ACCIDENT.step("team_formation")
    assert team.by == BUREAU and team.by.role == "handler" and "应急管理部门" in team.by.name
    assert {"lead_department", "members", "experts"} <= set(TeamFormationForm.model_fields)
    # 第二十二条: the team "应当邀请人民检察院派人参加" — a step of the procuratorate's own liaison.
    invitation = ACCIDENT.step("procuratorate_join")
    assert invitation.by == PROCURATORATE and invitation.by.role == "procuratorate_liaison"
    assert "第二十二条" in ACCIDENT.clock(invitation.clock).basis
