"""The hazard rules of the December 2026 audit (§3.2 O*, §3.3 H*), pinned rule by rule: figures,
units, start events, actors and documents. Workflow paths: tests/workflows/test_hazard_law.py."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from domain import hazard
from domain import hazard_measures as m
from domain.deadline_rules import DEFAULT_RULES
from domain.definitions.hazard import BUREAU, HAZARD, LISTING_OFFICE
from domain.errors import InvalidInput
from domain.legal_calendar import Unit
from domain.process import Start
from domain.process_config import ProcessConfig, parse_process_config
from domain.roles import Level
from domain.supervision import SupervisionForm

TODAY = dt.date(2026, 12, 1)


def _rule(code: str) -> tuple[int, Unit, str]:
    rule = DEFAULT_RULES[code]
    return rule.amount, rule.unit, rule.starts_on


def test_H21_H22_filing_with_the_upper_office_is_3_working_days_and_publication_5() -> None:
    assert _rule("hazard.upper_filing")[:2] == (3, Unit.WORKING_DAYS)
    assert _rule("hazard.listing_publication")[:2] == (5, Unit.WORKING_DAYS)
    assert "挂牌决定" in _rule("hazard.upper_filing")[2]
    assert HAZARD.step("upper_filing").by == LISTING_OFFICE
    assert HAZARD.step("upper_filing").clock == "hazard.upper_filing"
    assert HAZARD.step("listing_publication").clock == "hazard.listing_publication"


def test_H31_plan_clock_starts_from_the_notice_service() -> None:
    step = HAZARD.step("rectification_plan")
    assert step.starts == Start.SERVICE and step.by == BUREAU
    assert "送达" in _rule("hazard.rectification_plan")[2]
    paper = {"decision": "list", "notice_no": "纸质1号", "rectification_deadline": "2027-01-30"}
    paper |= {"supervision_matters": "整改", "responsible_government": "区政府", "lifting_procedure": "验收销号"}
    with pytest.raises(InvalidInput, match="送达日期"):
        hazard.check_required_records(hazard.ListingDecisionForm.model_validate(paper), TODAY)
    served = hazard.ListingDecisionForm.model_validate({**paper, "notice_served_on": "2026-11-30"})
    hazard.check_required_records(served, TODAY)


def test_H5_plan_names_the_principal_head_with_the_six_items() -> None:
    plan = {
        "objectives": "o",
        "measures": "m",
        "funds_cny": 1,
        "responsible": "r",
        "plan_deadline": "2027-01-01",
        "safety_measures": "s",
    }
    with pytest.raises(InvalidInput, match="主要负责人"):
        hazard.check_required_records(hazard.RectificationPlanForm.model_validate(plan), TODAY)
    hazard.check_required_records(
        hazard.RectificationPlanForm.model_validate({**plan, "principal_head": "张三"}), TODAY
    )


def test_H2_reports_go_to_the_workers_congress_too() -> None:
    report = hazard.ProgressReportForm.model_validate({"percent_complete": 50, "summary": "过半"})
    with pytest.raises(InvalidInput, match="职工代表大会"):
        hazard.check_required_records(report, TODAY)
    hazard.check_required_records(report.model_copy(update={"workers_congress_reported_on": TODAY}), TODAY)
    # 煤矿安全生产条例 art 35: a coal report is signed by the head.
    with pytest.raises(InvalidInput, match="签字"):
        hazard.check_required_records(
            report.model_copy(update={"workers_congress_reported_on": TODAY}), TODAY, coal=True
        )


def test_H8_progress_reports_follow_calendar_quarters_by_default() -> None:
    assert m.quarter_end(dt.date(2026, 12, 1)) == dt.date(2026, 12, 31)
    assert m.quarter_end(dt.date(2027, 1, 1)) == dt.date(2027, 3, 31)
    assert m.quarter_end(dt.date(2027, 5, 15)) == dt.date(2027, 6, 30)
    assert m.quarter_label(dt.date(2027, 9, 30)) == "2027年第3季度"
    assert ProcessConfig().progress_report_schedule == "calendar_quarter"
    assert (
        parse_process_config({"hazard": {"progress_report_schedule": "interval"}}).progress_report_schedule
        == "interval"
    )
    with pytest.raises(InvalidInput):
        parse_process_config({"hazard": {"progress_report_schedule": "monthly"}})
    # due by the 15th of the next quarter's first month: 15 calendar days after the quarter ends
    assert _rule("hazard.progress_report")[:2] == (15, Unit.CALENDAR_DAYS)


def test_H9_fines_follow_article_102_ranges() -> None:
    base = {"decision_no": "麒应急罚〔2026〕1号", "decided_on": "2026-11-30", "facts": "逾期未整改"}
    m.HazardPenaltyForm.model_validate({**base, "target": "enterprise", "fine_cny": 50_000})
    with pytest.raises(ValidationError, match="0元至50000元"):
        m.HazardPenaltyForm.model_validate({**base, "target": "enterprise", "fine_cny": 50_001})
    with pytest.raises(ValidationError, match="50000元至100000元"):
        m.HazardPenaltyForm.model_validate({**base, "target": "person", "person_name": "王某", "fine_cny": 40_000})
    m.HazardPenaltyForm.model_validate({**base, "target": "person", "person_name": "王某", "fine_cny": 80_000})


def test_H10_three_penalties_in_180_days_or_four_in_a_year_require_closure() -> None:
    on = dt.date(2026, 12, 1)

    def ago(*days: int) -> list[dt.date]:
        return [on - dt.timedelta(days=d) for d in days]

    assert m.closure_ground(ago(0, 100), on) is None
    assert "一百八十日内受到3次" in (m.closure_ground(ago(0, 100, 179), on) or "")
    # The penalty's own day is not counted (民法典 art 201): 180 days before is still within.
    assert "一百八十日内受到3次" in (m.closure_ground(ago(0, 100, 180), on) or "")
    assert m.closure_ground(ago(0, 100, 181), on) is None
    assert "一年内受到4次" in (m.closure_ground(ago(0, 100, 200, 365), on) or "")  # 2025-12-01: one year
    assert m.closure_ground(ago(0, 100, 200, 366), on) is None
    assert m.closure_ground([dt.date(2027, 1, 1)] * 3, on) is None  # later decisions do not count yet
    assert HAZARD.step("closure_proposal").by == BUREAU


def test_H1_H15_general_hazards_are_recorded_and_listed_by_the_county_only_where_configured() -> None:
    assert hazard.HAZARD_GRADES[hazard.GENERAL] == "一般事故隐患"
    report = {"enterprise_id": 1, "title": "t", "description": "d", "source": "inspection", "found_on": "2026-11-30"}
    assert hazard.HazardReport.model_validate({**report, "grade": 0}).grade == hazard.GENERAL
    assert ProcessConfig().list_general_hazards is False  # national rule: not listed (H15)
    assert parse_process_config({"hazard": {"list_general_hazards": True}}).list_general_hazards is True
    assert ProcessConfig().listing_level(hazard.GENERAL) == Level.COUNTY  # 西双版纳 (十二)


def test_H12_H28_licence_suspension_is_configurable_and_recorded_by_the_bureau() -> None:
    config = parse_process_config(
        {"hazard": {"suspend_licence_on_listing": True, "suspend_licence_when_overdue": True}}
    )
    assert config.suspend_licence_on_listing and config.suspend_licence_when_overdue
    assert not ProcessConfig().suspend_licence_on_listing
    assert HAZARD.step("licence_suspension").by == BUREAU
    assert DEFAULT_RULES["hazard.licence_suspension"].source_tag == "U"


def test_H13_coal_acceptance_20_days_sign_off_chain_and_5_working_day_notice() -> None:
    assert _rule("hazard.resumption_review_coal")[:2] == (20, Unit.CALENDAR_DAYS)
    assert "申请" in _rule("hazard.resumption_review_coal")[2]
    assert _rule("hazard.resumption_notice")[:2] == (5, Unit.WORKING_DAYS)
    review = m.ResumptionReviewForm.model_validate(
        {"decision": "approve", "reviewed_on": TODAY, "opinion": "合格", "head_signed": True}
    )
    with pytest.raises(InvalidInput, match="矿山安全监察机构"):
        m.check_coal_resumption(review)
    m.check_coal_resumption(review.model_copy(update={"inspectorate_agreed": True, "government_approved": True}))
    override = {"deadlines": {"hazard.resumption_review_coal": {"amount": 15}}}
    assert parse_process_config(override).rule("hazard.resumption_review_coal").amount == 15
    assert "煤矿" in ProcessConfig().coal_industries


def test_H4_H6_H7_resumption_needs_a_written_application_and_a_review_within_10_days() -> None:
    fields = m.ResumptionApplicationForm.model_fields
    assert {"treatment_plan", "evaluation_report", "evaluator", "applied_on"} <= set(fields)
    assert _rule("hazard.resumption_review")[:2] == (10, Unit.CALENDAR_DAYS)
    assert _rule("hazard.acceptance")[:2] == (10, Unit.CALENDAR_DAYS)
    assert set(hazard.ACCEPTANCE_DECISIONS) == {"pass", "fail", "hopeless"}
    assert "hopeless" in m.CLOSURE_GROUNDS and "refused_suspension" in m.CLOSURE_GROUNDS


def test_O2_O3_O4_supervision_measures_record_their_content() -> None:
    base = {"reason": "整改滞后"}
    with pytest.raises(ValidationError, match="督办通知书文号、督办事项、整改落实期限"):
        SupervisionForm.model_validate({**base, "decision": "list_supervision"})
    with pytest.raises(ValidationError, match="通报文号、通报事项、通报范围"):
        SupervisionForm.model_validate({**base, "decision": "circulate"})
    with pytest.raises(ValidationError, match="约谈事项、整改落实期限"):
        SupervisionForm.model_validate(
            {**base, "decision": "summon", "meeting_on": "2026-12-05", "attendees": "分管副区长"}
        )


def test_O9_O10_H14_H16_listing_level_by_grade_is_provincial_configuration() -> None:
    default = ProcessConfig()
    assert [default.listing_level(g) for g in (1, 2, 3, 4)] == [
        Level.PROVINCE,
        Level.PROVINCE,
        Level.CITY,
        Level.COUNTY,
    ]
    other = parse_process_config({"hazard": {"listing_level_by_grade": {"3": "province"}}})
    assert other.listing_level(3) == Level.PROVINCE
    with pytest.raises(InvalidInput):
        ProcessConfig(listing_level_by_grade={}).listing_level(1)


def test_H24_H25_H27_extension_and_delisting_clocks() -> None:
    assert ProcessConfig().extension_request_lead_working_days == 20
    assert _rule("hazard.extension_decision")[:2] == (10, Unit.WORKING_DAYS)
    assert _rule("hazard.delisting_publication")[:2] == (5, Unit.WORKING_DAYS)
    assert "验收" in _rule("hazard.delisting_publication")[2]
    with pytest.raises(InvalidInput, match="届满前"):
        hazard.check_extension_request(
            TODAY + dt.timedelta(days=60), TODAY + dt.timedelta(days=30), TODAY, TODAY - dt.timedelta(days=1)
        )


def test_H17_H29_H30_notice_is_addressed_to_the_government_with_matters_deadline_and_lifting() -> None:
    with pytest.raises(ValidationError, match="整改期限、督办事项、责任政府、督办解除方式和程序"):
        hazard.ListingDecisionForm.model_validate({"decision": "list"})
    plan = set(hazard.RectificationPlanForm.model_fields)
    assert {"objectives", "measures", "funds_cny", "responsible", "plan_deadline", "safety_measures"} <= plan
    assert HAZARD.step("listing_decision").by == LISTING_OFFICE
    # H17: the notice goes from the listing office to the responsible lower government.
    from workflows.contracts import Actor, CaseStart
    from workflows.hazard.contracts import HazardSupervisionInput
    from workflows.hazard.documents import supervision_notice

    start = CaseStart(1, "GP1", "530302", ["53", "5303", "530302"], Actor(1, "u", 1, "office"))
    inp = HazardSupervisionInput(start, "报警失效", 4, "某企业", 2, 3, supervising_org_name="麒麟区应急管理局")
    decision = hazard.ListingDecisionForm.model_validate(
        {
            "decision": "list",
            "rectification_deadline": "2027-03-01",
            "supervision_matters": "更换报警器",
            "responsible_government": "曲靖市麒麟区人民政府",
            "lifting_procedure": "验收合格后摘牌销号",
        }
    )
    notice = supervision_notice(inp, decision)
    assert notice["responsible_government"] == "曲靖市麒麟区人民政府"
    assert notice["supervision_matters"] == "更换报警器" and notice["rectification_deadline"] == "2027-03-01"
    assert notice["lifting_procedure"] == "验收合格后摘牌销号"  # H29
