"""Escalation on the other agency's side (310号令 art 17, 刑事诉讼规则 art 562).

An overdue step of the police or the procuratorate is also pursued on their own side: the same
kind of organisation one level up urges it, and the procuratorate supervises the police's
filing; the safety-committee office above escalates as for every step (the kernel's ladder).
The oversight tasks close when the step they pursue is done.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.definitions.crime_transfer import CRIME_TRANSFER, POLICE, PROCURATORATE
    from workflows.crime_transfer.state import TransferState
    from workflows.kernel import CaseWorkflow, OpenTask, TaskOutcome, TaskSpec
    from workflows.kernel.steps import spec

# The police steps whose delay the procuratorate supervises.
FILING_STEPS = frozenset({"filing_decision", "reconsideration", "police_explanation", "filing_on_notice"})
AGENCY_ROLES = (POLICE.role, PROCURATORATE.role)


class Oversight:
    def __init__(self, case: CaseWorkflow[TransferState], state: TransferState) -> None:
        self.case = case
        self.state = state
        self._open: dict[str, list[OpenTask]] = {}
        self.spawned: list[asyncio.Task[Any]] = []  # awaited before the case closes

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        self.spawned.append(asyncio.create_task(coroutine))

    def on_overdue(self, task: OpenTask) -> None:
        if task.spec.role not in AGENCY_ROLES or task.schedule is None:
            return
        upper = task.schedule.takeover_org_id
        if upper is not None:
            self.case.grant_access(upper, "下级机关逾期督促")
            step = CRIME_TRANSFER.step("upper_oversight")
            title = f"督促下级机关：{task.spec.title}逾期"
            self._oversee(task, spec(step, upper, title=title, role=task.spec.role))
        if task.spec.step in FILING_STEPS:
            step = CRIME_TRANSFER.step("filing_oversight")
            title = f"立案监督：{task.spec.title}逾期"
            self._oversee(task, spec(step, self.state.orgs.procuratorate.org_id, title=title))

    def _oversee(self, parent: OpenTask, oversight: TaskSpec) -> None:
        async def run() -> None:
            task = await self.case.tasks.open(oversight)
            self._open.setdefault(parent.task_id, []).append(task)
            if parent.closed:
                self.close(parent)
            await self.case.tasks.wait(task)

        self.case.record_event("oversight_opened", f"{oversight.title}，已提请督促或监督")
        self.spawn(run())

    def close(self, parent: OpenTask) -> None:
        for task in self._open.pop(parent.task_id, []):
            if not task.closed:
                self.case.tasks.supersede(task, "被督促事项已办结")

    async def watched(self, spec: TaskSpec) -> TaskOutcome:
        """A human step whose oversight tasks (if it fell overdue) close when it is done."""
        task = await self.case.tasks.open(spec)
        outcome = await self.case.tasks.wait(task)
        self.close(task)
        return outcome
