"""The plan's and the campaigns' pure rules: items as text, planned months, progress, the dated
approval day, the year's range, refusals a handler reads, campaign periods and configuration."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from domain import inspection_plan as ip
from domain.errors import InvalidInput
from domain.inspection_campaigns import Campaign, parse_campaigns


def test_items_typed_one_per_line_round_trip_and_refuse_with_the_line_number() -> None:
    items = ip.parse_items_text("12|重大|储罐区|2|现场检查|3，9\n\n13|低风险|粉尘|1|现场检查")
    assert [(i.enterprise_id, i.risk_grade, i.months) for i in items] == [(12, "major", [3, 9]), (13, "low", [])]
    assert ip.parse_items_text(ip.items_text([i.model_dump() for i in items])) == items
    with pytest.raises(InvalidInput, match="第2行：风险等级"):
        ip.parse_items_text("12|重大|储罐区|2|现场检查\n13|很高|粉尘|1|现场检查")
    with pytest.raises(InvalidInput, match="第1行"):
        ip.parse_items_text("12|重大|储罐区|0|现场检查")
    with pytest.raises(InvalidInput, match="只能列一项"):
        ip.parse_items_text("12|重大|a|1|b\n12|一般|c|1|d")


def test_planned_months_take_the_listed_months_in_turn_or_spread_over_the_year() -> None:
    assert ip.planned_months({"frequency": 3, "months": [6]}) == [6, 6, 6]
    assert ip.planned_months({"frequency": 3, "months": [2, 8]}) == [2, 2, 8]
    assert ip.planned_months({"frequency": 4, "months": []}) == [1, 4, 7, 10]
    assert ip.planned_months({"frequency": 12}) == list(range(1, 13))


def test_progress_never_lets_extra_inspections_of_one_enterprise_cover_another() -> None:
    items = [{"enterprise_id": 1, "frequency": 1, "months": [2]}, {"enterprise_id": 2, "frequency": 1, "months": [2]}]
    done = [(1, dt.date(2027, 2, 1)), (1, dt.date(2027, 3, 1)), (9, dt.date(2027, 3, 1))]
    result = ip.progress(items, done)
    assert (result.planned, result.done, result.unplanned, result.rate) == (2, 1, 1, 0.5)
    assert [(m.planned, m.done) for m in result.months[1:3]] == [(2, 1), (0, 0)]


def test_the_approval_day_is_the_end_of_january_and_the_year_is_this_or_the_next() -> None:
    assert ip.approval_due(2027) == dt.date(2027, 1, 31)  # 北碚 (十四)
    ip.check_year(2027, dt.date(2026, 12, 1))
    for year in (2025, 2028):
        with pytest.raises(InvalidInput, match="2026年或2027年"):
            ip.check_year(year, dt.date(2026, 12, 1))


def test_a_bad_draft_names_the_item_and_the_field() -> None:
    item = {"enterprise_id": 1, "risk_grade": "major", "content": "a", "frequency": 0, "measures": "b"}
    with pytest.raises(InvalidInput, match="第1个重点监管对象的年度检查次数"):
        ip.read_draft({"year": 2027, "items": [item]})
    with pytest.raises(InvalidInput, match="至少应列明一个重点监管对象"):
        ip.read_draft({"year": 2027, "items": []})
    with pytest.raises(ValidationError, match="批准文号"):
        ip.PlanApprovalForm.model_validate({"decision": "approve", "opinion": "同意"})


def test_campaigns_have_a_period_per_quarter_or_month_and_refuse_a_bad_configuration() -> None:
    raw = {"campaign": [{"code": "q", "title": "综合", "kind": "comprehensive", "cron": "0 9 1 1,4,7,10 *",
                         "jurisdiction": "530300", "report_days": 30}]}  # fmt: skip
    (quarterly,) = parse_campaigns(raw)
    assert quarterly.period(dt.date(2027, 5, 3)) == "2027Q2"
    assert quarterly.due_on(dt.date(2027, 4, 1)) == dt.date(2027, 5, 1)
    monthly = Campaign("m", "专项", "sector", "0 9 1 * *", "530300", 20, "危险化学品")
    assert monthly.period(dt.date(2027, 5, 3)) == "2027M05"
    with pytest.raises(InvalidInput):
        parse_campaigns({"campaign": [{**raw["campaign"][0], "report_days": 0}]})
    with pytest.raises(InvalidInput, match="unique"):
        parse_campaigns({"campaign": raw["campaign"] * 2})


def test_a_new_plan_is_suggested_from_the_key_objects_by_their_risk_grade() -> None:
    text = ip.suggested_items_text([(7, "重大"), (9, "")])
    items = ip.parse_items_text(text)  # the suggestion is a valid draft the handler edits
    assert [(i.enterprise_id, i.risk_grade, i.frequency) for i in items] == [(7, "major", 4), (9, "general", 1)]
