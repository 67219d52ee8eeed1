"""Entrusted enforcement and the register's rules, without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from domain import entrustment as rules
from domain.enterprise_register import check_choice, key_object_reason_needed, may_be_inspected
from domain.errors import Forbidden, InvalidInput

DAY = dt.date(2026, 6, 1)


def test_matters_the_law_keeps_cannot_be_entrusted() -> None:
    assert rules.check_scope(["inspection", "penalty", "inspection"]) == ["inspection", "penalty"]
    with pytest.raises(InvalidInput, match="行政强制法第十七条"):
        rules.check_scope(["inspection", "coercive_measure"])
    with pytest.raises(InvalidInput, match="行政许可"):
        rules.check_scope(["licensing"])
    with pytest.raises(InvalidInput, match="请选择委托事项"):
        rules.check_scope([" "])


def test_an_act_outside_the_period_or_scope_or_after_revocation_is_refused() -> None:
    window = {"matters": ["rectification_order"], "valid_from": DAY, "valid_to": DAY + dt.timedelta(days=30)}
    rules.check_act(**window, revoked=False, matter="rectification_order", day=DAY)
    rules.check_act(**window, revoked=False, matter="rectification_order", day=DAY + dt.timedelta(days=30))
    with pytest.raises(Forbidden, match="不在委托期限内"):
        rules.check_act(**window, revoked=False, matter="rectification_order", day=DAY + dt.timedelta(days=31))
    with pytest.raises(Forbidden, match="不在委托范围内"):
        rules.check_act(**window, revoked=False, matter="inspection", day=DAY)
    with pytest.raises(Forbidden, match="已撤销"):
        rules.check_act(**window, revoked=True, matter="rectification_order", day=DAY)
    with pytest.raises(Forbidden, match="委托机关景洪市应急管理局"):
        rules.check_step("enforcement_decision", "景洪市应急管理局")
    rules.check_step("reinspection", "景洪市应急管理局")
    assert rules.matter_of("rectification").code == "rectification_order"
    with pytest.raises(InvalidInput):
        rules.matter_of("accident")


def test_register_choices_and_key_object_reason() -> None:
    assert check_choice(" 较大 ", ("重大", "较大"), "风险等级") == "较大"
    assert check_choice("", ("重大",), "风险等级", blank=True) == ""
    with pytest.raises(InvalidInput, match="风险等级“极高”不在可选范围内"):
        check_choice("极高", ("重大", "较大"), "风险等级")
    with pytest.raises(InvalidInput, match="理由"):
        key_object_reason_needed(True, " ")
    key_object_reason_needed(False, "")
    assert may_be_inspected("停产") and not may_be_inspected("注销")
