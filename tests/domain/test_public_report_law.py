"""The 12350 rules pinned to their figures, units, starts and bases (issue 18, audit §3.8):
安全生产法 arts 73-74, 安监总财〔2012〕63号, later national and local limits as configuration."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from domain.definitions.public_report import BUREAU_HEAD, PUBLIC_REPORT
from domain.legal_calendar import Unit
from domain.process_config import ProcessConfig, parse_process_config
from domain.public_report import CLOSED_STATUSES, PUBLIC_STATUS_LABELS, TriageForm


def test_P1_triage_offers_transfer_to_another_department_and_refers_deaths_to_the_government() -> None:
    transfer = TriageForm.model_validate({"decision": "transfer", "department": "麒麟区市场监督管理局"})
    assert transfer.department == "麒麟区市场监督管理局"
    with pytest.raises(ValidationError, match="县级以上人民政府"):
        TriageForm.model_validate({"decision": "accept", "involves_death": True})
    with pytest.raises(ValidationError, match="涉及人员死亡"):
        TriageForm.model_validate({"decision": "government", "department": "麒麟区人民政府"})
    assert {"transferred", "government"} <= CLOSED_STATUSES
    assert PUBLIC_STATUS_LABELS["government"] == "已报请人民政府组织核查处理"
    sign = PUBLIC_REPORT.step("rectification_sign")
    assert sign.by == BUREAU_HEAD and sign.by.role == "head"


def test_P3_handling_within_sixty_days_of_acceptance() -> None:
    rule = ProcessConfig().rule("public_report.handling")
    assert (rule.amount, rule.unit, rule.starts_on, rule.source_tag) == (60, Unit.CALENDAR_DAYS, "受理举报之日", "S")
    assert "安监总财〔2012〕63号" in rule.basis
    assert PUBLIC_REPORT.step("verification").clock == "public_report.handling"


def test_P5_the_reporter_is_answered_within_ten_days_of_the_conclusion() -> None:
    rule = ProcessConfig().rule("public_report.reply")
    assert (rule.amount, rule.unit, rule.starts_on) == (10, Unit.CALENDAR_DAYS, "核查处理结论作出之日")
    assert PUBLIC_REPORT.step("reply").clock == "public_report.reply"


def test_P6_the_unconfirmed_national_limits_are_configuration() -> None:
    # 安监总财〔2018〕19号 / 应急〔2020〕69号: limits not confirmed [U]; the basis says so and a
    # province overrides them.
    assert "未经确认" in ProcessConfig().rule("public_report.handling").basis
    config = parse_process_config({"deadlines": {"public_report.handling": {"amount": 45, "max_extension_days": 15}}})
    rule = config.rule("public_report.handling")
    assert (rule.amount, rule.max_extension_days, rule.max_extensions) == (45, 15, 1)


def test_P7_the_local_example_thirty_ninety_and_five_working_days_can_be_configured() -> None:
    config = parse_process_config(
        {
            "deadlines": {
                "public_report.handling": {"amount": 30, "max_extension_days": 60},
                "public_report.reply": {"amount": 5, "unit": "working_days"},
            }
        }
    )
    handling, reply = config.rule("public_report.handling"), config.rule("public_report.reply")
    assert (handling.amount, handling.amount + (handling.max_extension_days or 0)) == (30, 90)
    assert (reply.amount, reply.unit) == (5, Unit.WORKING_DAYS)
