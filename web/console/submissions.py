"""What each finished step submitted, formatted for the people who decide next (D2, D24).

A task's outcome is the form its step took; the step's form model gives each field's Chinese
label and each choice's label. The case page shows every submission in full (the plan's six items,
the special team's report, a statement and its defence, the evidence list), the history of
opinions (审批意见), and pre-fills a returned step with what was submitted before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from domain.errors import NotFound
from domain.registry import form_for
from services.case_queries import TaskRow
from web.console.form_render import FieldSpec, field_specs

# Fields whose words are an opinion on the step before (审批意见): shown in the opinions panel.
OPINION_FIELDS = ("decision", "result", "conclusion", "opinion", "reason", "reasons", "review_opinion")
# A step's own decision fields are never carried over into a fresh form: the decider decides anew.
NOT_CARRIED = frozenset({"decision", "result", "conclusion", "opinion", "review_opinion"})
# Content a later step asks again of what the case already holds: 专案组核实 repeats the
# category and facts of the transfer's intake (D24).
FROM_DETAILS: dict[tuple[str, str], tuple[str, ...]] = {
    ("crime_transfer", "transfer_report"): ("category", "facts"),
    ("inspection", "record"): ("results",),  # the approved checklist, one item a line
    ("inspection_plan", "revision"): ("items_text",),  # the returned plan's items, to edit
    ("interview", "notice"): ("meeting_on", "place", "matters"),  # as entered when the 约谈 was started
}
SENT_BACK = "return"  # the decision that sends a step back for revision (退回修改)
PREVIEWABLE = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})


@dataclass(frozen=True)
class Item:
    label: str
    text: str
    long: bool


@dataclass
class Submission:
    task_id: str
    step: str
    title: str
    org_name: str
    by_name: str
    at: dt.datetime | None
    items: list[Item]
    opinion: list[Item]
    attachments: list[models.Attachment] = field(default_factory=list)


def _text(spec: FieldSpec, value: Any) -> str:
    if value is None or value == "":
        return ""
    if spec.kind == "select":
        return dict(spec.options).get(str(value), str(value))
    if spec.kind == "checkbox":
        return "是" if value else "否"
    if spec.kind == "date":
        try:
            day = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
        return f"{day.year}年{day.month}月{day.day}日"
    if spec.kind == "number" and isinstance(value, int) and spec.name.endswith("_cny"):
        return f"{value:,}元"
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    return str(value)


def _specs(process: str, step: str) -> list[FieldSpec]:
    try:
        return field_specs(form_for(process, step))
    except (NotFound, KeyError):
        return []


def submissions(
    db: Session, process: str, rows: Sequence[TaskRow], visible_files: Sequence[models.Attachment]
) -> list[Submission]:
    """The finished steps of the case, oldest first, each with its fields labelled."""
    done = [r for r in rows if r.task.status == "completed" and r.task.outcome]
    users = {
        u.id: u.display_name
        for u in db.scalars(
            select(models.User).where(models.User.id.in_({r.task.completed_by_user_id for r in done} - {None}))
        )
    }
    files: dict[str, list[models.Attachment]] = {}
    for a in visible_files:  # only what this user may see (a liaison sees less)
        if a.task_id:
            files.setdefault(a.task_id, []).append(a)
    result = []
    for row in sorted(done, key=lambda r: (r.task.completed_at or r.task.opened_at, r.task.id)):
        items, opinion = [], []
        for spec in _specs(process, row.task.step):
            text = _text(spec, row.task.outcome.get(spec.name))
            if not text:
                continue
            item = Item(spec.label, text, spec.kind == "textarea" or len(text) > 40)
            items.append(item)
            if spec.name in OPINION_FIELDS:
                opinion.append(item)
        result.append(
            Submission(
                row.task.id,
                row.task.step,
                row.task.title,
                row.org_name,
                users.get(row.task.completed_by_user_id or 0, ""),
                row.task.completed_at,
                items,
                opinion,
                files.get(row.task.id, []),
            )
        )
    return result


@dataclass(frozen=True)
class Prefill:
    values: dict[str, Any]
    returned_by: Submission | None  # the opinion that sent this step back, shown above its form


def prefill(case: models.Case, task: models.Task, done: Sequence[Submission], rows: Sequence[TaskRow]) -> Prefill:
    """A step sent back for revision (退回修改) starts from what was submitted last time, with the
    return opinion above it; a step that simply recurs (a monthly progress report) starts empty.
    Some content comes from the case itself (FROM_DETAILS)."""
    outcomes = {r.task.id: r.task.outcome for r in rows}

    def outcomes_of(s: Submission) -> set[str]:
        return {str(v) for k, v in (outcomes.get(s.task_id) or {}).items() if k in OPINION_FIELDS}

    earlier = [s for s in done if s.step == task.step]
    values: dict[str, Any] = {}
    returned_by = None
    if earlier:
        last = earlier[-1]
        after = [
            s
            for s in done
            if s.at and last.at and s.at >= last.at and s.task_id != last.task_id and SENT_BACK in outcomes_of(s)
        ]
        returned_by = after[-1] if after else None
        if returned_by is not None:  # only a step sent back starts from its last submission
            values = {k: v for k, v in (outcomes.get(last.task_id) or {}).items() if k not in NOT_CARRIED}
    if case.process == "enforcement_review" and task.step == "file_review":
        # 执法案卷评查: the checklist starts from what the ledger says; the reviewer confirms or corrects.
        row = next((f for f in case.details.get("files", []) if f.get("task_id") == task.id), None)
        values.update({k: v for k, v in (row or {}).get("prefill", {}).items() if v and k not in values})
    for name in FROM_DETAILS.get((case.process, task.step), ()):
        if name not in values and case.details.get(name):
            values[name] = case.details[name]
    return Prefill({k: v if isinstance(v, (bool, int)) else str(v) for k, v in values.items()}, returned_by)


@dataclass(frozen=True)
class Request:
    """A request made by a case action (申请延期, 提请指定…) that a decision step now decides."""

    summary: str
    reason: str
    actor_name: str
    at: dt.datetime


# Timeline lines that are not a request to decide on.
NOT_REQUESTS = frozenset({"task_completed", "claimed", "unclaimed", "task_opened", "task_closed"})
REQUEST_WINDOW = dt.timedelta(minutes=2)  # the request's Update opens its decision step at once


def request_for(task: models.Task, events: Sequence[models.CaseEvent]) -> Request | None:
    """The request that opened a decision step: a user's line with a reason just before it opened."""
    found = [
        e
        for e in events
        if e.actor_user_id is not None
        and e.reason
        and e.kind not in NOT_REQUESTS
        and task.opened_at - REQUEST_WINDOW <= e.at <= task.opened_at + dt.timedelta(seconds=5)
    ]
    if not found:
        return None
    last = found[-1]
    return Request(last.summary, last.reason, last.actor_name, last.at)
