"""What the hazard supervision knows while it runs, shared by its procedure and its actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.definitions.hazard import BUREAU, HAZARD, LISTING_OFFICE
    from domain.process import Party
    from workflows.hazard.contracts import HazardSupervisionInput
    from workflows.kernel import OpenTask, TaskSpec
    from workflows.kernel.state import ProcessState
    from workflows.kernel.steps import spec


@dataclass
class HazardState(ProcessState[HazardSupervisionInput]):
    deadline: dt.date | None = None  # the rectification deadline, as decided, extended or reset
    decided_on: dt.date | None = None  # the listing decision's day: the 1-year limit runs from it (H23)
    rectification: OpenTask | None = None
    suspension_order: str | None = None
    rectified: bool = False
    law: bool = False  # the case runs under the 2026 rules (patch `hazard-law-2026`)
    penalties: list[str] = field(default_factory=list)  # days of the fines recorded on this case
    closure: OpenTask | None = None  # 提请关闭 (安全生产法 art 113), once prompted
    licence_suspended: str | None = None  # 暂扣 decision number (H12)

    def org_of(self, party: Party) -> int:
        return {LISTING_OFFICE: self.inp.listing_office_org_id, BUREAU: self.inp.supervising_org_id}[party]

    def task(self, code: str, **options: Any) -> TaskSpec:
        """The task of a step of the definition, for the organisation its row names."""
        step = HAZARD.step(code)
        task = spec(step, self.org_of(step.by), **options)
        if self.law and step.by == BUREAU:
            task.escalate_to = self.inp.bureau_escalation_org_id  # O1
        return task

    @property
    def coal(self) -> bool:
        return self.inp.sector == "coal"

    def note_suspension(self, order_no: str) -> None:
        self.suspension_order = order_no

    def running_rectification(self) -> OpenTask | None:
        task = self.rectification
        return task if task is not None and not task.closed else None
