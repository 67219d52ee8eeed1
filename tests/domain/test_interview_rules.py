"""The pure rules of the 约谈: commitments as typed, the ladder, and the trigger rules."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.commitments import parse_commitments
from domain.interview import check_ladder
from domain.interview_triggers import AccidentFact, EscalationFact, HazardFact, TriggerRules, propose

TODAY = dt.date(2026, 12, 1)


def test_commitments_are_parsed_one_per_line_and_refused_with_the_line_number() -> None:
    lines = parse_commitments("更换报警器；2026-12-20；张三\n\n完善台账;2027-01-10;李四", TODAY)
    assert [(c.content, c.due_on, c.party) for c in lines] == [
        ("更换报警器", dt.date(2026, 12, 20), "张三"),
        ("完善台账", dt.date(2027, 1, 10), "李四"),
    ]
    for text, message in (
        ("", "至少"),
        ("更换报警器；2026-12-01；张三", "第1行的期限应晚于今天"),
        ("a；2026-12-20；张三\nb；下月；李四", "第2行的期限应为日期"),
        ("更换报警器；2028-01-01；张三", "不得超过一年"),
        ("更换报警器；2026-12-20", "第1行格式"),
    ):
        with pytest.raises(ValueError, match=message):
            parse_commitments(text, TODAY)
    with pytest.raises(ValueError, match="承诺方应为"):
        parse_commitments("审查；2026-12-20；法院", TODAY, parties=frozenset({"公安", "检察", "应急"}))


def test_the_ladder_is_the_level_below_and_the_gravest_accident_goes_to_the_province() -> None:
    check_ladder("city", "530300", "530300", gravest_accident=False)  # a county government of the city
    with pytest.raises(PermissionError, match="下一级"):
        check_ladder("province", "530000", "530300", gravest_accident=False)  # skips the city
    with pytest.raises(PermissionError, match="特别重大"):
        check_ladder("city", "530300", "530300", gravest_accident=True)
    check_ladder("province", "530000", "530302", gravest_accident=True)


def test_trigger_rules_propose_by_configured_thresholds_with_stable_keys() -> None:
    hazards = [HazardFact("GP-1", 7, "甲公司", "530302", 2), HazardFact("GP-2", 8, "乙公司", "530302", 1)]
    accidents = [AccidentFact("SG-1", 7, "甲公司", "530302", "较大"), AccidentFact("SG-2", 8, "乙", "530302", "一般")]
    escalations = [EscalationFact("government", "530302", "麒麟区人民政府", "530302", ("A", "B", "C", "D"))]
    found = propose(TriggerRules(), hazards, accidents, escalations)
    assert [p.key for p in found] == ["hazard_overdue:GP-1", "accident:SG-1", "escalations:government:530302:C"]
    assert propose(TriggerRules(), hazards, accidents, escalations) == found  # the same facts, the same keys
    off = TriggerRules(hazard_overdue_times=0, accident_grades=("重大",), escalations_per_year=5)
    assert propose(off, hazards, accidents, escalations) == []
    assert propose(TriggerRules(enabled=False), hazards, accidents, escalations) == []
