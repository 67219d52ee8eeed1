"""The serious-dishonesty list's rules pinned to their figures, units, starts and bases (issue 18,
audit §3.6): 安全生产法 art 78, 应急管理部令第11号 and 安监总办〔2017〕49号."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from domain.blacklist import DEFAULT_CONDITIONS, DEFAULT_MEASURES, BlacklistProposal, partners_of
from domain.definitions.blacklist import BLACKLIST
from domain.errors import InvalidInput
from domain.legal_calendar import Unit
from domain.process import Start
from domain.process_config import BlacklistConfig, ProcessConfig, parse_process_config

PROPOSAL = {
    "enterprise_id": 1,
    "condition": "major_accident",
    "penalty_decision_no": "麒应急罚〔2026〕1号",
    "penalty_decided_on": "2026-11-01",
    "facts": "发生重大事故",
    "rules": "2023",
}


def test_B2_a_listing_is_notified_to_the_partners_art_78_names() -> None:
    # 安全生产法 art 78: 行业主管部门、投资主管部门、自然资源、生态环境、证券监督管理机构、有关金融机构.
    partners = partners_of(DEFAULT_MEASURES)
    for partner in (
        "行业主管部门",
        "发展改革部门",
        "自然资源部门",
        "生态环境部门",
        "证券监管部门",
        "人民银行、金融监管部门",
    ):
        assert partner in partners


def test_B3_the_joint_punishment_measures_include_those_of_art_78() -> None:
    titles = " ".join(m.title for m in DEFAULT_MEASURES)
    # 加大执法检查频次、暂停项目审批、上调有关保险费率、行业或者职业禁入.
    for measure in ("加大执法检查频次", "暂停审批", "保险费率", "职业禁入"):
        assert measure in titles


def test_B4_penalty_decisions_are_published_within_seven_working_days_of_the_decision() -> None:
    rule = ProcessConfig().rule("rectification.publication")
    assert (rule.amount, rule.unit, rule.source_tag) == (7, Unit.WORKING_DAYS, "P")
    assert rule.starts_on == "行政处罚决定作出之日" and "第七十八条" in rule.basis


def test_B5_a_natural_person_is_named_with_a_role_and_a_unit_with_neither() -> None:
    person = BlacklistProposal.model_validate(
        {**PROPOSAL, "subject": "person", "person_name": "王建国", "person_role": "principal"}
    )
    assert (person.subject, person.person_role) == ("person", "principal")
    with pytest.raises(ValidationError, match="姓名和身份"):
        BlacklistProposal.model_validate({**PROPOSAL, "subject": "person", "person_role": "staff"})
    with pytest.raises(ValidationError, match="不填自然人"):
        BlacklistProposal.model_validate({**PROPOSAL, "person_name": "王建国"})
    config = BlacklistConfig()
    assert "安全评价检测检验机构" in config.service_body_industries
    assert {"煤矿", "非煤矿山", "化工", "危险化学品", "烟花爆竹", "冶金", "商贸"} <= set(config.listed_industries)
    assert "建筑施工" not in config.listed_industries  # building sites are outside Decree 11 art 2


def test_B8_the_listing_conditions_are_a_closed_configurable_list() -> None:
    config = BlacklistConfig()
    assert config.condition("major_accident").rules == "2023"
    with pytest.raises(InvalidInput, match="未配置的列入情形"):
        config.condition("bad_attitude")
    parsed = parse_process_config(
        {
            "blacklist": {
                "conditions": [{"code": "local", "title": "某情形", "basis": "某省细则第五条", "source_tag": "P"}]
            }
        }
    )
    assert [c.code for c in parsed.blacklist.conditions] == ["local"]


def test_B9_B10_notice_then_defence_period_of_five_working_days_from_service_then_decision() -> None:
    codes = [step.code for step in BLACKLIST.steps]
    assert codes.index("notice") < codes.index("statement") < codes.index("statement_review") < codes.index("decision")
    rule = ProcessConfig().rule("blacklist.statement")
    assert (rule.amount, rule.unit, rule.waiting_on, rule.source_tag) == (5, Unit.WORKING_DAYS, "enterprise", "U")
    assert BLACKLIST.step("statement").starts == Start.SERVICE
    assert (
        parse_process_config({"deadlines": {"blacklist.statement": {"amount": 7}}}).rule("blacklist.statement").amount
        == 7
    )


def test_B11_publication_within_seven_working_days_of_the_decision_configurable() -> None:
    rule = ProcessConfig().rule("blacklist.publication")
    assert (rule.amount, rule.unit, rule.starts_on) == (7, Unit.WORKING_DAYS, "列入决定之日")
    assert "信用中国" in BLACKLIST.step("publication").title


def test_B14_a_new_violation_may_extend_the_period_as_configured() -> None:
    default = BlacklistConfig()
    assert (default.extend_on_new_violation, default.violation_extension_months) == (True, 12)
    parsed = parse_process_config({"blacklist": {"extend_on_new_violation": False, "violation_extension_months": 6}})
    assert (parsed.blacklist.extend_on_new_violation, parsed.blacklist.violation_extension_months) == (False, 6)
    assert BLACKLIST.action("record_violation").form.model_fields["extend"].default is False


def test_B15_the_ten_joint_punishment_behaviours_of_2017_are_configured_data() -> None:
    joint = [c for c in DEFAULT_CONDITIONS if c.kind == "joint_punishment"]
    assert len(joint) == 10 and {c.rules for c in joint} == {"2017"}
    titles = " ".join(c.title for c in joint)
    for behaviour in ("超层越界", "以探代采", "瞒报", "停产停业整顿期间", "虚假报告", "逃匿", "竣工验收"):
        assert behaviour in titles
    parsed = parse_process_config(
        {
            "blacklist": {
                "conditions": [
                    {"code": "j", "title": "某行为", "basis": "49号", "rules": "2017", "kind": "joint_punishment"}
                ]
            }
        }
    )
    assert parsed.blacklist.condition("j").kind == "joint_punishment"


def test_B16_the_2017_blacklist_conditions_of_art_3() -> None:
    legacy = [c for c in DEFAULT_CONDITIONS if c.rules == "2017" and c.kind == "blacklist"]
    assert [c.code for c in legacy] == ["legacy_major_accident", "legacy_repeat_larger", "legacy_typical_larger"]
    assert all(c.basis.endswith("第三条") for c in legacy)


def test_B17_B18_the_2017_year_runs_from_publication_with_removal_in_the_last_thirty_days() -> None:
    rules = BlacklistConfig().rule_set("2017")
    assert (rules.management_period_months, rules.period_from_publication) == (12, True)
    assert (rules.repair_after_months, rules.removal_window_days) == (None, 30)
    decree = BlacklistConfig().rule_set("2023")
    assert (decree.management_period_months, decree.period_from_publication, decree.removal_window_days) == (
        36,
        False,
        None,
    )


def test_B20_credit_repair_limits_are_configurable() -> None:
    rule = ProcessConfig().rule("blacklist.repair_review")
    assert (rule.amount, rule.unit, rule.source_tag) == (15, Unit.WORKING_DAYS, "U")
    assert "国家发展改革委令第58号" in rule.basis
    parsed = parse_process_config(
        {
            "blacklist": {"rule_sets": {"2023": {"repair_after_months": 6}, "2017": {"removal_window_days": 60}}},
            "deadlines": {"blacklist.repair_review": {"amount": 10}},
        }
    )
    assert parsed.blacklist.rule_set("2023").repair_after_months == 6
    assert parsed.blacklist.rule_set("2017").removal_window_days == 60
    assert parsed.rule("blacklist.repair_review").amount == 10
