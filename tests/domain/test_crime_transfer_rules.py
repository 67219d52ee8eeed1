"""The crime-transfer rules pinned to their articles (audit §3.5): figures, units, starts, actors,
bases and forms; the month unit of the 检察意见 reply; the configured unit printed (C6)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from domain import crime_transfer as ct
from domain import crime_transfer_followups as cf
from domain.clock_arithmetic import compute_clock
from domain.crime_transfer_deadlines import CRIME_TRANSFER_RULES
from domain.deadline_rule import DeadlineRule
from domain.definitions.crime_transfer import CRIME_TRANSFER
from domain.legal_calendar import CHINA_TZ, LegalCalendar, Unit, add_months, compute_deadline
from domain.process_config import parse_process_config
from domain.roles import DEPUTY_HEAD, HEAD_CAPACITIES
from services.crime_transfer_intake import period_labels

RULES = {r.code: r for r in CRIME_TRANSFER_RULES}


def rule(code: str) -> DeadlineRule:
    return RULES[f"crime_transfer.{code}"]


def figure(code: str) -> tuple[int, Unit, str]:
    r = rule(code)
    return r.amount, r.unit, r.source_tag


def test_T1_T22_special_team_of_two_or_more_writes_the_report() -> None:
    with pytest.raises(ValidationError, match="2名以上"):
        ct.TransferReportForm.model_validate(
            {"team_members": "张三、张三", "category": "dangerous_operation", "facts": "f", "evidence": "e"}
        )
    form = ct.TransferReportForm.model_validate(
        {"team_members": "张三，李四", "category": "dangerous_operation", "facts": "f", "evidence": "e"}
    )
    assert form.team_members == "张三、李四"
    assert "第五条" in rule("report").basis and "2名以上" in rule("report").basis
    assert CRIME_TRANSFER.step("transfer_report").by.role == "handler"


def test_T2_T22_the_head_decides_within_3_days_and_a_refusal_needs_reasons() -> None:
    assert figure("approval") == (3, Unit.CALENDAR_DAYS, "P")
    assert rule("approval").starts_on == "收到移送报告之日"
    assert CRIME_TRANSFER.step("approval").by.role == "head"
    assert DEPUTY_HEAD == "deputy" and HEAD_CAPACITIES[DEPUTY_HEAD] == "副职负责人"
    with pytest.raises(ValidationError, match="不批准移送须写明理由"):
        ct.ApprovalForm.model_validate({"decision": "refuse"})


def test_T3_T22_transfer_within_24_hours_of_approval() -> None:
    assert figure("transfer") == (24, Unit.HOURS, "P")
    assert rule("transfer").starts_on == "批准移送之时"
    assert "第十六条" in rule("transfer").on_expiry


def test_T4_overdue_transfer_order_cites_article_16_and_the_government() -> None:
    order = rule("transfer_order")
    assert "第十六条" in order.basis and "本级或者上级人民政府" in order.basis and "记过以上" in order.basis
    assert CRIME_TRANSFER.step("transfer_order").by.role == "office"
    assert "人民政府" in CRIME_TRANSFER.step("transfer_order").by.name


def test_T6_receipt_is_signed_or_forwarded_within_24_hours_with_a_notice() -> None:
    assert figure("receipt")[:2] == (24, Unit.HOURS)
    assert "第七条" in rule("receipt").basis
    with pytest.raises(ValidationError, match="书面告知"):
        ct.ReceiptForm.model_validate({"decision": "forward", "forward_to": "530303"})
    assert set(ct.ReceiptForm.model_fields["decision"].annotation.__args__) == {"accept", "forward"}  # type: ignore[union-attr]


def test_T7_T21_T24_police_decide_within_3_days_of_accepting() -> None:
    assert figure("filing_decision") == (3, Unit.CALENDAR_DAYS, "P")
    assert rule("filing_decision").starts_on == "受理移送之日"
    assert "第八条" in rule("filing_decision").basis and "第一百八十条" in rule("filing_decision").basis
    assert "立案监督（第十七条）" in rule("filing_decision").on_expiry
    with pytest.raises(ValidationError, match="不予立案须写明理由"):
        ct.FilingDecisionForm.model_validate({"decision": "not_file"})


def test_T8_T26_agency_objects_within_3_days_by_reconsideration_or_supervision() -> None:
    assert figure("non_filing_response") == (3, Unit.CALENDAR_DAYS, "P")
    assert rule("non_filing_response").starts_on == "收到不予立案通知书之日"
    labels = ct.NonFilingResponseForm.model_json_schema()["properties"]["decision"]["labels"]
    assert set(labels) == {"accept", "reconsider", "supervision"}


def test_T9_T21_reconsideration_3_days_then_supervision_within_3_days() -> None:
    assert figure("reconsideration") == (3, Unit.CALENDAR_DAYS, "P")
    assert "第一百八十一条" in rule("reconsideration").basis
    assert figure("reconsideration_response") == (3, Unit.CALENDAR_DAYS, "P")
    assert rule("reconsideration_response").starts_on == "收到复议决定之日"


def test_T10_handover_within_3_days_of_the_filing_notice() -> None:
    assert figure("handover") == (3, Unit.CALENDAR_DAYS, "P")
    assert rule("handover").starts_on == "收到立案通知之日" and "第十二条" in rule("handover").basis


def test_T17_T18_T20_T21_procuratorate_supervision_periods_7_10_15() -> None:
    assert figure("police_explanation") == (7, Unit.CALENDAR_DAYS, "P")
    assert "第五百六十条" in rule("police_explanation").basis
    assert "第一百八十二条第一款" in rule("police_explanation").basis
    assert figure("supervision_decision") == (10, Unit.CALENDAR_DAYS, "P")
    assert "第五百六十一条" in rule("supervision_decision").basis
    assert figure("filing_on_notice") == (15, Unit.CALENDAR_DAYS, "P")
    assert "第五百六十三条" in rule("filing_on_notice").basis
    assert "第一百八十二条第二款" in rule("filing_on_notice").basis
    assert all("第一百七十七条" not in r.basis or "刑事诉讼法" in r.basis for r in CRIME_TRANSFER_RULES)


def test_T19_overdue_filing_decision_explained_within_7_days() -> None:
    assert figure("overdue_explanation") == (7, Unit.CALENDAR_DAYS, "P")
    assert "第五百六十二条" in rule("overdue_explanation").basis
    assert CRIME_TRANSFER.step("overdue_explanation").by.role == "police_liaison"
    assert CRIME_TRANSFER.step("correction_opinion").by.role == "procuratorate_liaison"


def test_T25_filing_notice_within_3_days_copied_to_the_procuratorate() -> None:
    assert figure("filing_notice")[:2] == (3, Unit.CALENDAR_DAYS)
    assert rule("filing_notice").starts_on == "作出立案决定之日"
    assert "抄送同级人民检察院" in rule("filing_notice").basis and "第一百八十条" in rule("filing_notice").basis


def test_T27_materials_completed_within_3_days_and_longer_reviews_are_configuration() -> None:
    assert figure("supplement") == (3, Unit.CALENDAR_DAYS, "P")
    assert "二十四小时以内" in rule("supplement").basis and "不得以材料不全为由不接受" in rule("supplement").basis
    with pytest.raises(ValidationError, match="不得以材料不全为由不接受"):
        ct.ReceiptForm.model_validate(
            {"decision": "forward", "forward_to": "530303", "notice": "x", "missing_materials": "鉴定意见"}
        )
    config = parse_process_config({"crime_transfer": {"review_days_verification": 10}})
    assert config.crime_transfer_review_days == {"verification": 10, "complex": 30}
    assert parse_process_config({}).crime_transfer_review_days == {"verification": 7, "complex": 30}


def test_T28_accident_team_or_fire_body_findings_need_an_accident_source() -> None:
    with pytest.raises(ValidationError, match="须从事故案件移送"):
        ct.CrimeTransferStart.model_validate(
            {"enterprise_id": 1, "category": "fire_liability_accident", "facts": "f", "found_by": "fire_rescue"}
        )
    start = ct.CrimeTransferStart.model_validate(
        {"source_case_id": 3, "category": "major_liability_accident", "facts": "f", "found_by": "accident_team"}
    )
    assert start.found_by == "accident_team" and "事故调查组" in ct.FOUND_BY["accident_team"]
    assert (
        ct.CrimeTransferStart.model_validate({"enterprise_id": 1, "category": "illegal_mining", "facts": "f"}).found_by
        == "bureau"
    )


def test_T31_categories_include_dangerous_operation_and_false_certificates() -> None:
    assert ct.CRIME_CATEGORIES["dangerous_operation"] == "危险作业罪（刑法第一百三十四条之一）"
    assert "第二百二十九条" in ct.CRIME_CATEGORIES["false_certificates"]
    assert ct.category_name("major_liability_accident") == "重大责任事故罪"


def test_T34_reply_to_a_procuratorial_opinion_is_2_months_by_the_corresponding_day() -> None:
    assert figure("opinion_reply") == (2, Unit.MONTHS, "S")
    assert "2个月" in rule("opinion_reply").basis and "按60日计" not in rule("opinion_reply").basis
    assert rule("administrative_follow_up").unit is Unit.CALENDAR_DAYS  # the police's hand-back is another rule
    assert "2个月" not in rule("administrative_follow_up").basis
    assert add_months(dt.date(2026, 12, 31), 2) == dt.date(2027, 2, 28)  # no corresponding day: month end
    assert add_months(dt.date(2026, 3, 15), 2) == dt.date(2026, 5, 15)
    calendar = LegalCalendar()
    start = dt.datetime(2026, 3, 15, 10, tzinfo=CHINA_TZ)  # 2 months → 15 May (a Friday), not 14 May (60 days)
    assert compute_deadline(calendar, start, 2, Unit.MONTHS).due_date == dt.date(2026, 5, 15)
    assert compute_deadline(calendar, start, 60, Unit.CALENDAR_DAYS).due_date == dt.date(2026, 5, 14)
    clock = compute_clock(calendar, start, 2, Unit.MONTHS)  # the ledger's arithmetic agrees
    assert clock.unrolled_end == dt.date(2026, 5, 15) and clock.due_date == dt.date(2026, 5, 15)


def test_T33_opinion_after_non_prosecution_needs_its_number_and_content() -> None:
    with pytest.raises(ValidationError, match="检察意见书文号"):
        cf.ProsecutionResultForm.model_validate({"decision": "non_prosecution_opinion", "decision_no": "x"})
    assert "第一百七十七条第三款" in rule("opinion_reply").basis
    assert "第一百七十二条" in rule("prosecution_result").basis


def test_T35_procuratorate_reviews_a_supervision_request_in_10_working_days() -> None:
    assert figure("supervision_review") == (10, Unit.WORKING_DAYS, "S")
    assert "2024" in rule("supervision_review").basis


def test_C6_printed_periods_carry_the_configured_unit() -> None:
    default = period_labels(parse_process_config({}))
    assert default["crime_transfer.filing_decision"] == "3日"
    working = parse_process_config({"deadlines": {"crime_transfer.filing_decision": {"unit": "working_days"}}})
    assert period_labels(working)["crime_transfer.filing_decision"] == "3个工作日"
    assert period_labels(working)["crime_transfer.opinion_reply"] == "2个月"
