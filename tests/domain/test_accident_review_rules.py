"""The rules of the accident investigation's review, reply and evaluation (domain level)."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.accident import PenaltyFollowUpForm
from domain.accident_grading import Grade, InvestigatingLevel, grade_accident
from domain.accident_review import add_years, check_report_contents, reviewing_level
from domain.deadline_rules import DEFAULT_RULES
from domain.definitions.accident import ACCIDENT, UPPER_OFFICE
from domain.errors import InvalidInput
from domain.legal_calendar import Unit
from domain.process import Start
from domain.process_config import parse_process_config
from workflows.accident.evaluation import evaluation_window
from workflows.accident.follow_up import check_penalty_follow_up


def test_O8_investigation_responsibility_rises_with_the_grade() -> None:
    # 条例 art 19: 一般 county, 较大 city, 重大 province, 特别重大 the State Council.
    levels = [grade_accident(d, 0, 0).investigating_level for d in (1, 3, 10, 30)]
    assert levels == [
        InvestigatingLevel.COUNTY,
        InvestigatingLevel.CITY,
        InvestigatingLevel.PROVINCE,
        InvestigatingLevel.STATE_COUNCIL,
    ]
    assert [grade_accident(d, 0, 0).grade for d in (2, 3, 9, 10, 29, 30)] == [
        Grade.GENERAL,
        Grade.LARGER,
        Grade.LARGER,
        Grade.MAJOR,
        Grade.MAJOR,
        Grade.EXTRAORDINARY,
    ]


def test_A36_every_grade_is_reviewed_one_level_up_by_default_and_the_split_is_configurable() -> None:
    # 国办发〔2015〕20号 (六): 重大/较大/一般 → the 安委会 above the province/city/county.
    config = parse_process_config({})
    assert dict(config.review_level_by_grade) == {"一般": "city", "较大": "province", "重大": "state_council"}
    narrowed = parse_process_config({"accident": {"review_level_by_grade": {"较大": "province"}}})
    assert "一般" not in narrowed.review_level_by_grade
    for wrong in ({"一般": "township"}, {"较大": "city"}, {"重大": "province"}, {"特别重大": "state_council"}):
        with pytest.raises(InvalidInput, match="allowed"):
            parse_process_config({"accident": {"review_level_by_grade": wrong}})
    # The reviewer is never at or below the level that investigates (escalation moves it up).
    assert reviewing_level("city", "county") == "city"
    assert reviewing_level("city", "city") == "province"
    assert reviewing_level("province", "county") == "province"
    assert reviewing_level("", "province") == "state_council"


def test_A24_A25_reply_clocks_run_from_receipt_of_the_report() -> None:
    # 条例 art 32: 15 日 (特别重大 30 日, extendable once by ≤30) "自收到事故调查报告之日起".
    assert ACCIDENT.step("reply").starts == Start.RECEIPT
    reply, extraordinary = DEFAULT_RULES["accident.reply"], DEFAULT_RULES["accident.reply_extraordinary"]
    assert (reply.amount, reply.unit, reply.source_tag) == (15, Unit.CALENDAR_DAYS, "P")
    assert "收到事故调查报告" in reply.starts_on and "第三十二条" in reply.basis
    assert (extraordinary.amount, extraordinary.max_extensions, extraordinary.max_extension_days) == (30, 1, 30)


def test_A19_revision_has_no_clock_of_its_own_but_the_art_29_day() -> None:
    revision = DEFAULT_RULES["accident.report_revision"]
    assert ACCIDENT.step("report_revision").starts == Start.DUE_DAY
    assert revision.amount == 0 and (revision.max_extensions, revision.max_extension_days) == (1, 60)
    assert "第二十九条" in revision.basis


def test_A23_report_needs_the_six_items_evidence_and_signatures() -> None:
    complete = {
        "unit_overview": "a",
        "course_and_rescue": "b",
        "casualties_and_loss": "c",
        "cause_and_nature": "d",
        "responsibility": "e",
        "measures": "f",
        "evidence_list": "g",
        "signed_by": "h",
    }
    check_report_contents(complete)
    for field in complete:
        with pytest.raises(InvalidInput, match="第三十条"):
            check_report_contents({**complete, field: " "})


def test_A30_evaluation_is_due_within_a_year_of_the_reply() -> None:
    # 安全生产法 art 86(3): "在批复事故调查报告后一年内"; the corresponding day (民法典 art 202).
    opens, due = evaluation_window(dt.date(2026, 3, 5), 300, 0)
    assert due == dt.date(2027, 3, 5) and opens.date() == dt.date(2026, 12, 30)
    assert add_years(dt.date(2028, 2, 29), 1) == dt.date(2029, 2, 28)
    with pytest.raises(InvalidInput, match="第八十六条"):
        parse_process_config({"accident": {"evaluation_due_extra_days": 30}})


def test_A31_closure_anchor_of_the_policy_is_a_configurable_alternative() -> None:
    # 国办发 (六)/本溪 (四)/西双版纳 (六): "在事故结案1年后…评估，评估情况报上级安委办备案".
    config = parse_process_config(
        {"accident": {"evaluation_anchor": "closure", "evaluation_after_days": 365, "evaluation_due_extra_days": 60}}
    )
    assert config.evaluation_anchor == "closure"
    opens, due = evaluation_window(dt.date(2026, 6, 1), config.evaluation_after_days, config.evaluation_due_extra_days)
    assert opens.date() == dt.date(2027, 6, 1) and due == dt.date(2027, 7, 31)
    with pytest.raises(InvalidInput):
        parse_process_config({"accident": {"evaluation_anchor": "publication"}})
    filing = DEFAULT_RULES["accident.evaluation_filing"]
    assert ACCIDENT.step("evaluation_filing").by == UPPER_OFFICE and "备案" in filing.basis


def test_A27_A34_A35_delivery_matters_and_team_clocks() -> None:
    delivery = DEFAULT_RULES["accident.reply_delivery"]
    assert (delivery.amount, delivery.unit, ACCIDENT.step("reply_delivery").by.role) == (
        15,
        Unit.CALENDAR_DAYS,
        "handler",
    )
    matters = DEFAULT_RULES["accident.supervised_matters"]
    assert (matters.amount, matters.unit, matters.source_tag) == (60, Unit.CALENDAR_DAYS, "S")
    assert parse_process_config({}).supervised_matters_grades == ("较大",)
    assert ACCIDENT.step("team_formation").starts == Start.ACCIDENT
    assert DEFAULT_RULES["accident.team_formation"].starts_on.startswith("事故发生之日")


def test_A29_report_is_published_within_twenty_working_days_of_the_reply() -> None:
    # 条例 art 34 / 安全生产法 art 86(1): published; 20 working days (政府信息公开条例 art 26) [S].
    publication = DEFAULT_RULES["accident.publication"]
    assert (publication.amount, publication.unit, publication.starts_on) == (20, Unit.WORKING_DAYS, "批复之日")
    assert ACCIDENT.step("publication").by.role == "handler"


def test_A28_penalty_follow_up_names_its_case_and_a_major_accident_proposes_the_listing() -> None:
    # 条例 art 32(2): penalties per the 批复; 11号令: 重大/特别重大 accidents are a listing condition.
    base = {"document_no": "罚1号", "result": "已处罚", "penalty_case_no": "ZG-1"}
    check_penalty_follow_up(Grade.GENERAL, PenaltyFollowUpForm(**base, blacklist="not_applicable"))
    for grade in (Grade.MAJOR, Grade.EXTRAORDINARY):
        with pytest.raises(InvalidInput, match="须提出列入建议"):
            check_penalty_follow_up(grade, PenaltyFollowUpForm(**base, blacklist="not_applicable"))
    with pytest.raises(InvalidInput, match="失信名单案件编号"):
        check_penalty_follow_up(Grade.MAJOR, PenaltyFollowUpForm(**base, blacklist="proposed"))
    check_penalty_follow_up(Grade.MAJOR, PenaltyFollowUpForm(**base, blacklist="proposed", blacklist_case_no="SX-1"))


def test_A30_evaluation_results_appear_on_the_public_page_once_published_and_redacted() -> None:
    from web.console.accident_pages import published_evaluation

    recorded = {"evaluation": "车间主任王小五已落实整改", "evaluation_due_on": "2027-03-05"}
    assert published_evaluation(recorded) == ""  # recorded, not yet made public
    shown = published_evaluation({**recorded, "evaluation_published": True})
    assert "整改" in shown and "王小五" not in shown
    assert published_evaluation({"evaluation": "已落实"}) == "已落实"  # a case from before the step
