"""Commitments (承诺事项) and agreed actions (会商意见): what a party undertakes at a meeting, by
when, followed as a task of that party and verified by the office that held the meeting.

One mechanism for the 约谈 (interview) and the 重大案件会商 (consultation on a major case): the
meeting's record lists the commitments one per line, `事项；期限；承诺方`, which a handler types
in the form and the JSON API sends as the same text. Pure rules, no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from domain.forms import OptionalText, StepForm, choice

MAX_COMMITMENTS = 20
SEPARATOR = re.compile(r"[；;|｜]")

VERDICTS = {"fulfilled": "已落实", "not_fulfilled": "未落实"}
# The state of one commitment in the case's details (the 督办 view reads it).
COMMITMENT_STATES = {
    "open": "落实中",
    "reported": "已报告，待核验",
    "lapsed": "逾期未报告",
    "fulfilled": "已落实",
    "not_fulfilled": "未落实",
}
OVERDUE_STATES = frozenset({"lapsed", "not_fulfilled"})


@dataclass(frozen=True)
class CommitmentLine:
    content: str
    due_on: dt.date
    party: str  # who made it, as typed (a party's key where the meeting names several)


def parse_commitments(text: str, today: dt.date, *, parties: frozenset[str] | None = None) -> list[CommitmentLine]:
    """`事项；期限(YYYY-MM-DD)；承诺方` per line. Raises ValueError with the line's number.

    `parties`: the keys a line's party must be one of (the agencies of a consultation); None
    takes any non-empty name (the interviewed party's representative)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise ValueError("至少填写一项承诺事项（每行一项：事项；期限；承诺方）")
    if len(lines) > MAX_COMMITMENTS:
        raise ValueError(f"承诺事项最多{MAX_COMMITMENTS}项")
    result = []
    for n, line in enumerate(lines, start=1):
        parts = [p.strip() for p in SEPARATOR.split(line)]
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"第{n}行格式应为：事项；期限（如2027-01-31）；承诺方")
        content, day, party = parts
        try:
            due_on = dt.date.fromisoformat(day)
        except ValueError:
            raise ValueError(f"第{n}行的期限应为日期，如2027-01-31") from None
        if due_on <= today:
            raise ValueError(f"第{n}行的期限应晚于今天")
        if (due_on - today).days > 366:
            raise ValueError(f"第{n}行的期限不得超过一年")
        if len(content) > 500:
            raise ValueError(f"第{n}行的事项不能超过500字")
        if parties is not None and party not in parties:
            raise ValueError(f"第{n}行的承诺方应为：{'、'.join(sorted(parties))}")
        result.append(CommitmentLine(content, due_on, party[:100]))
    return result


class CommitmentReportForm(StepForm):
    """报告承诺事项落实情况: the party reports what it did (the enterprise on its portal)."""

    done_on: dt.date = Field(title="落实日期")
    report: OptionalText = Field(title="落实情况", min_length=1)


class CommitmentVerificationForm(StepForm):
    """核验承诺事项落实情况: the office that held the meeting verifies."""

    verdict: Literal["fulfilled", "not_fulfilled"] = choice(VERDICTS, "核验结论")
    opinion: OptionalText = Field(title="核验意见", min_length=1)
