"""Who drafts, approves and receives a bulletin, and the task of each step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.definitions.bulletin import BULLETIN, DRAFTER, HEAD
    from workflows.bulletin.contracts import BulletinInput, Recipient
    from workflows.kernel import TaskSpec
    from workflows.kernel.state import ProcessState
    from workflows.kernel.steps import spec


@dataclass
class BulletinState(ProcessState[BulletinInput]):
    facts: str = ""  # as revised after a return
    number: str = ""

    def task(self, code: str, **options: Any) -> TaskSpec:
        step = BULLETIN.step(code)
        if step.by == HEAD:
            return spec(step, self.inp.head_org_id, **options)
        assert step.by == DRAFTER
        return spec(step, self.inp.drafter_org_id, role=self.inp.drafter_role, **options)

    def recipient_task(self, code: str, recipient: Recipient, due_on: dt.date | None = None) -> TaskSpec:
        step = BULLETIN.step(code)
        title = f"{step.title}（{recipient.name}）"
        return spec(step, recipient.org_id, role=recipient.role, title=title, due_on=due_on)

    @property
    def rectification_due(self) -> dt.date | None:
        due = self.inp.rectification_due
        return dt.date.fromisoformat(due) if due else None
