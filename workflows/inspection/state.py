"""Who inspects and what the plan and the record said."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.definitions.inspection import HEAD, INSPECTION
    from workflows.inspection.contracts import InspectionInput
    from workflows.kernel import TaskSpec
    from workflows.kernel.state import ProcessState
    from workflows.kernel.steps import spec


@dataclass
class InspectionState(ProcessState[InspectionInput]):
    checklist: list[str] = field(default_factory=list)  # the approved plan's items
    approved_on: dt.date | None = None  # the plan's approval: the visit is on or after it
    findings: list[dict[str, Any]] = field(default_factory=list)  # as shown on the case page
    by_task: dict[str, int] = field(default_factory=dict)  # follow-up task id → finding index

    def task(self, code: str, **options: Any) -> TaskSpec:
        step = INSPECTION.step(code)
        inp = self.inp
        role = inp.approver_role if step.by == HEAD else inp.worker_role
        return spec(step, inp.org_id, role=role, **options)
