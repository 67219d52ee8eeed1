"""C11: where the law gives no figure or the source is unconfirmed ([U]), the reading chosen is
stated where the rule lives, shown to the handler, documented, and a province can change it."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.deadline_rules import DEFAULT_RULES, apply_overrides
from domain.process_config import parse_process_config

ROOT = Path(__file__).resolve().parents[2]
READING_MARKS = ("本地配置", "未经确认", "未经核实", "参照", "法无明文", "配置")
UNCONFIRMED = sorted(code for code, rule in DEFAULT_RULES.items() if rule.source_tag == "U")


def _docs() -> str:
    pages = sorted((ROOT / "docs" / "processes").glob("*.md")) + [ROOT / "docs" / "deadlines.md"]
    return "\n".join(page.read_text(encoding="utf-8") for page in pages)


def test_C11_there_are_unconfirmed_rules_to_check() -> None:
    assert len(UNCONFIRMED) >= 20  # the check below would pass vacuously on an empty list


@pytest.mark.parametrize("code", UNCONFIRMED)
def test_C11_an_unconfirmed_figure_says_so_is_documented_and_is_configuration(code: str) -> None:
    rule = DEFAULT_RULES[code]
    # Stated where the rule lives and shown to the handler beside the due date.
    assert any(mark in rule.basis for mark in READING_MARKS), (code, rule.basis)
    # Documented: the process page's clock table (scripts/process-tables) or docs/deadlines.md.
    assert f"`{code}`" in _docs() or code in _docs(), code
    # Configuration: a province's [deadlines] table changes it, through the file the system loads.
    changed = apply_overrides(DEFAULT_RULES, {code: {"amount": rule.amount + 7}})
    assert changed[code].amount == rule.amount + 7
    config = parse_process_config({"deadlines": {code: {"amount": rule.amount + 7}}})
    assert config.rule(code).amount == rule.amount + 7
