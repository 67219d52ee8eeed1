"""已办 shows each step's result in Chinese, never its code (UX review D6)."""

from __future__ import annotations

import re

from domain import registry
from domain.forms import choice_labels
from services.inbox_queries import outcome_label

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_D6_every_decision_of_every_step_reads_in_chinese() -> None:
    seen = 0
    for process in registry.PROCESSES.values():
        for step in (
            *process.steps,
            registry.step_of(process.code, "supervision"),
            registry.step_of(process.code, "cosign"),
        ):
            if "decision" not in step.form.model_fields:
                continue
            for code in choice_labels(step.form, "decision"):
                label = outcome_label(process.code, step.code, {"decision": code})
                assert label != code and CHINESE.search(label), (process.code, step.code, code, label)
                seen += 1
    assert seen > 20  # approve, return, list, pass, accept, file, join … across the processes


def test_D6_a_step_without_a_decision_and_an_unknown_code() -> None:
    assert outcome_label("hazard", "rectification_plan", {"measures": "更换报警器"}) == "已提交"
    assert outcome_label("hazard", "listing_decision", {"decision": "no-such-code"}) == "已办结"
    assert outcome_label("hazard", "no_such_step", {"decision": "approve"}) == "已办结"
