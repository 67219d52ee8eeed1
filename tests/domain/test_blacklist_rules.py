"""Pure rules of the serious-dishonesty list: period arithmetic, partners, configuration."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.blacklist import DEFAULT_MEASURES, add_months, partners_of
from domain.deadline_rules import DEFAULT_RULES
from domain.errors import InvalidInput
from domain.process_config import parse_process_config


def test_period_end_keeps_the_day_or_takes_the_last_day_of_a_shorter_month() -> None:
    assert add_months(dt.date(2026, 5, 1), 36) == dt.date(2029, 5, 1)
    assert add_months(dt.date(2027, 2, 28), 12) == dt.date(2028, 2, 28)
    assert add_months(dt.date(2028, 2, 29), 12) == dt.date(2029, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


def test_each_partner_department_is_notified_once() -> None:
    partners = partners_of(DEFAULT_MEASURES)
    assert len(partners) == len(set(partners)) and partners.count("发展改革部门") == 1


def test_every_blacklist_clock_is_in_the_shared_rules_table() -> None:
    codes = {"notice", "statement", "statement_review", "decision", "publication", "repair_review"}
    assert {f"blacklist.{c}" for c in codes} <= set(DEFAULT_RULES)
    assert DEFAULT_RULES["blacklist.statement"].waiting_on == "enterprise"


def test_configuration_overrides_periods_conditions_and_the_defence_period() -> None:
    config = parse_process_config(
        {
            "blacklist": {
                "extend_on_new_violation": False,
                "rule_sets": {"2023": {"management_period_months": 24, "repair_after_months": 6}},
                "conditions": [{"code": "x", "title": "某情形", "basis": "某省实施细则第五条", "source_tag": "P"}],
            },
            "deadlines": {"blacklist.statement": {"amount": 7}},
        }
    )
    assert config.blacklist.rule_set("2023").management_period_months == 24
    assert config.blacklist.rule_set("2017").repair_after_months is None
    assert not config.blacklist.extend_on_new_violation
    assert config.blacklist.condition("x").basis == "某省实施细则第五条"
    assert config.rule("blacklist.statement").amount == 7
    with pytest.raises(InvalidInput):
        config.blacklist.condition("major_accident")
    with pytest.raises(InvalidInput):
        parse_process_config({"blacklist": {"default_rules": "1999"}})
