"""Hazard forms, credit codes, configuration: pure rules, no database."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from db.seed import ENTERPRISES, credit_code
from domain.credit_code import validate_credit_code
from domain.errors import InvalidInput
from domain.hazard import ListingDecisionForm, check_extension_request, check_rectification_deadline
from domain.legal_calendar import Unit
from domain.process_config import parse_process_config
from domain.roles import Level


def test_demo_credit_codes_are_valid_and_bad_ones_get_a_reason() -> None:
    for serial, (_, _, _, county) in enumerate(ENTERPRISES, start=10_000_001):
        assert validate_credit_code(credit_code(county, serial))
    with pytest.raises(InvalidInput, match="校验位"):
        code = credit_code("530302", 10_000_001)
        validate_credit_code(code[:-1] + ("0" if code[-1] != "0" else "1"))
    with pytest.raises(InvalidInput, match="18位"):
        validate_credit_code("9153")


def test_listing_needs_the_notice_fields_and_refusal_needs_a_reason() -> None:
    with pytest.raises(ValidationError, match="督办事项、责任政府"):
        ListingDecisionForm.model_validate({"decision": "list", "rectification_deadline": "2027-01-01"})
    with pytest.raises(ValidationError, match="理由"):
        ListingDecisionForm.model_validate({"decision": "not_list"})
    assert ListingDecisionForm.model_validate({"decision": "not_list", "reason": "属一般隐患"}).reason


def test_rectification_deadline_in_future_and_at_most_a_year() -> None:
    today = dt.date(2026, 11, 23)
    check_rectification_deadline(dt.date(2027, 5, 1), today, 366)
    with pytest.raises(InvalidInput, match="晚于今天"):
        check_rectification_deadline(today, today, 366)
    with pytest.raises(InvalidInput, match="366"):
        check_rectification_deadline(dt.date(2028, 1, 1), today, 366)


def test_extension_must_be_later_and_in_time() -> None:
    current, today = dt.date(2027, 3, 1), dt.date(2027, 2, 20)
    with pytest.raises(InvalidInput, match="晚于现有整改期限"):
        check_extension_request(current, current, today, None)
    with pytest.raises(InvalidInput, match="已超过申请时限"):
        check_extension_request(dt.date(2027, 4, 1), current, today, dt.date(2027, 1, 29))
    check_extension_request(dt.date(2027, 4, 1), current, dt.date(2027, 1, 10), dt.date(2027, 1, 29))


def test_configuration_overrides_listing_levels_and_deadlines() -> None:
    config = parse_process_config(
        {
            "hazard": {"listing_level_by_grade": {"4": "city"}},
            "deadlines": {"hazard.acceptance": {"amount": 20, "unit": "working_days"}},
        }
    )
    assert config.listing_level(4) is Level.CITY
    assert config.rule("hazard.acceptance").amount == 20
    assert config.rule("hazard.acceptance").unit is Unit.WORKING_DAYS
    with pytest.raises(InvalidInput, match="unknown deadline rule"):
        parse_process_config({"deadlines": {"nope": {"amount": 1}}})
