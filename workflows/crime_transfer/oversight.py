"""Escalation on the other agency's side (310号令 arts 16–17, 刑事诉讼规则 art 562).

An overdue step of the police or the procuratorate is also pursued on their own side: the same
kind of organisation one level up urges it, and the procuratorate supervises the police's
filing; the safety-committee office above escalates as for every step (the kernel's ladder).
The oversight tasks close when the step they pursue is done.

Behind `CRIME_TRANSFER_FIDELITY_PATCH` (state.fidelity): an overdue transfer is ordered by the
government of the same level and the head's sanction is put on record (310号令 art 16, T4); an
overdue filing decision makes the police explain in writing within 7 日, and no explanation
within those 7 日 brings the procuratorate's correction opinion (刑事诉讼规则 art 562, T19).
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
        if self.state.fidelity and task.spec.step == "transfer":
            self._order_transfer(task)
        if task.spec.role not in AGENCY_ROLES or task.schedule is None:
            return
        if self.state.fidelity:
            self._explain_delay(task)
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

    def _order_transfer(self, task: OpenTask) -> None:
        """310号令 第十六条: 逾期不将案件移送公安机关的，由本级或者上级人民政府…责令限期移送，并对其正职
        负责人或者主持工作的负责人…给予记过以上的处分."""
        office = self.state.orgs.office
        route = "本级人民政府责令限期移送；对正职负责人或者主持工作的负责人给予记过以上处分（第十六条）"
        self.case.update_details(sanction_route=route)
        self.case.record_event("transfer_overdue", f"逾期未移送公安机关：{route}", data={"government": office.name})
        self.case.grant_access(office.org_id, "逾期未移送，责令限期移送")
        self._oversee(task, spec(CRIME_TRANSFER.step("transfer_order"), office.org_id))

    def _explain_delay(self, task: OpenTask) -> None:
        """刑事诉讼规则 第五百六十二条: overdue on filing → reasons in writing within 7 日; none and no
        decision within those 7 日 → the procuratorate's correction opinion."""
        procuratorate = self.state.orgs.procuratorate.org_id
        if task.spec.step == "filing_decision":
            explain = spec(CRIME_TRANSFER.step("overdue_explanation"), self.state.current_police.org_id)
            self._oversee(task, explain)
        elif task.spec.step == "overdue_explanation":
            decision = next(iter(self.case.tasks.open_tasks("filing_decision")), None)
            if decision is not None:
                self._oversee(decision, spec(CRIME_TRANSFER.step("correction_opinion"), procuratorate))

    def _oversee(self, parent: OpenTask, oversight: TaskSpec) -> None:
        async def run() -> None:
            task = await self.case.tasks.open(oversight)
            self._open.setdefault(parent.task_id, []).append(task)
            if parent.closed:
                self.close(parent)
            await self.case.tasks.wait(task)
            if self.state.fidelity:  # its own oversight (an overdue explanation) ends with it
                self.close(task)

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
