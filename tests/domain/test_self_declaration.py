"""The monthly self-declaration's pure rules: its due day, when it is overdue, what it must say."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from domain import self_declaration as sd
from domain.errors import InvalidInput


def test_a_month_is_due_on_the_configured_day_of_the_next_month_and_overdue_after_it() -> None:
    settings = sd.DeclarationSettings(due_day=10, first_month="2026-01")
    assert sd.due_date("2026-11", settings) == dt.date(2026, 12, 10)
    assert sd.due_date("2026-12", settings) == dt.date(2027, 1, 10)  # across the year
    assert not sd.is_overdue("2026-11", dt.date(2026, 12, 10), settings)  # the due day itself is in time
    assert sd.is_overdue("2026-11", dt.date(2026, 12, 11), settings)
    assert not sd.is_overdue("2025-12", dt.date(2026, 12, 11), settings)  # before the scheme's start
    assert sd.previous_month(dt.date(2027, 1, 5)) == "2026-12"


def test_a_declaration_names_its_hazards_or_says_there_were_none_and_never_a_month_ahead() -> None:
    with pytest.raises(ValidationError, match="明确声明"):
        sd.SelfDeclarationSubmission.model_validate({"month": "2026-11"})
    with pytest.raises(ValidationError, match="不能同时"):
        sd.SelfDeclarationSubmission.model_validate(
            {"month": "2026-11", "no_hazards": True, "hazards": [{"description": "x", "state": "rectified"}]}
        )
    with pytest.raises(ValidationError, match="YYYY-MM"):
        sd.SelfDeclarationSubmission.model_validate({"month": "2026-13", "no_hazards": True})
    with pytest.raises(InvalidInput, match="尚未开始"):
        sd.check_month("2027-01", dt.date(2026, 12, 31))
    sd.check_month("2026-12", dt.date(2026, 12, 1))  # the running month may be declared
    with pytest.raises(InvalidInput, match="due_day"):
        sd.parse_settings({"due_day": 31})
