"""The step and action tables of `docs/processes/*.md`, rendered from the process definitions.

`scripts/process-tables` writes them between the markers below; `tests/domain/test_registry.py`
fails when a page's table differs from its definition, so the docs cannot drift.
"""

from __future__ import annotations

from domain.legal_calendar import Unit
from domain.process import ProcessDefinition, Start

STEPS_BEGIN, STEPS_END = "<!-- steps: generated from the definition -->", "<!-- /steps -->"
ACTIONS_BEGIN, ACTIONS_END = "<!-- actions: generated from the definition -->", "<!-- /actions -->"

UNITS = {Unit.CALENDAR_DAYS: "日", Unit.WORKING_DAYS: "个工作日", Unit.HOURS: "小时", Unit.MONTHS: "个月"}
STARTS = {
    Start.OPENED: "task opens",
    Start.REPORTED: "report",
    Start.ACCIDENT: "accident",
    Start.INSPECTION: "inspection",
    Start.SERVICE: "service",
    Start.FILING: "filing",
    Start.DUE_DAY: "fixed day",
    Start.LAPSE: "lapse",
    Start.RECEIPT: "receipt",
}
WAITING_ON = {"department": "department", "enterprise": "enterprise", "agency": "agency"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def step_table(definition: ProcessDefinition) -> str:
    rows = [
        "| Step | 中文名 | Who | Form | Clock | Runs from | Basis | Tag | Whose time | Enterprise submits |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for step in definition.steps:
        rule = definition.clock(step.clock)
        amount = f"{rule.amount}{UNITS[rule.unit]}" if rule.amount else "set by a decision"
        rows.append(
            "| "
            + " | ".join(
                _cell(value)
                for value in (
                    f"`{step.code}`",
                    step.title,
                    f"{step.by.name} (`{step.by.role}`)",
                    f"`{step.form.__name__}`",
                    f"{amount} (`{rule.code}`)",
                    f"{rule.starts_on} [{STARTS[step.starts]}]",
                    rule.basis,
                    rule.source_tag,
                    WAITING_ON.get(rule.waiting_on, rule.waiting_on),
                    step.enterprise_label or "—",
                )
            )
            + " |"
        )
    return "\n".join(rows)


def action_table(definition: ProcessDefinition) -> str:
    rows = ["| Action | 中文名 | Form | Who may take it | Enterprise |", "|---|---|---|---|---|"]
    for action in definition.actions:
        roles = ", ".join(f"`{role}`" for role in sorted(action.roles))
        rows.append(
            f"| `{action.code}` | {_cell(action.label)} | `{action.form.__name__}` | {roles} "
            f"| {_cell(action.enterprise_label) or '—'} |"
        )
    return "\n".join(rows)


def replace_block(text: str, begin: str, end: str, body: str) -> str:
    """The page with the block between `begin` and `end` replaced by `body`."""
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    return f"{head}{begin}\n{body}\n{end}{tail}"


def block(text: str, begin: str, end: str) -> str | None:
    """The block between the markers, or None when the page has none."""
    if begin not in text or end not in text:
        return None
    return text.split(begin, 1)[1].split(end, 1)[0].strip("\n")
