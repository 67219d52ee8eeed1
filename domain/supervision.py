"""Supervision of an overdue step by the upper safety-committee office (督办)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from domain.forms import LongText, StepForm, choice

SUPERVISION_DECISIONS = {
    "urge": "催办",
    "extend": "准予延期",
    "take_over": "提级办理",
}
# An urge is logged and the supervision stays open; the other decisions settle it.
NON_TERMINAL_DECISIONS = frozenset({"urge"})


class SupervisionForm(StepForm):
    decision: Literal["urge", "extend", "take_over"] = choice(SUPERVISION_DECISIONS, "督办措施")
    reason: LongText = Field(title="理由")
    new_due: dt.date | None = Field(None, title="延期至（准予延期时）")

    @model_validator(mode="after")
    def _due(self) -> SupervisionForm:
        if self.decision == "extend" and self.new_due is None:
            raise ValueError("准予延期须填写新的期限")
        return self
