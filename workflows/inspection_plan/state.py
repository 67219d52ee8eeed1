"""Who acts on a plan, its current items and the versions it went through."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.definitions.inspection_plan import BUREAU, GOVERNMENT, INSPECTION_PLAN, SAFETY_OFFICE, UPPER
    from domain.process import Party
    from workflows.contracts import Actor
    from workflows.inspection_plan.contracts import InspectionPlanInput
    from workflows.kernel import TaskSpec
    from workflows.kernel.state import ProcessState
    from workflows.kernel.steps import spec


@dataclass
class Adjustment:
    items: list[dict[str, Any]]
    reason: str
    actor: Actor


@dataclass
class PlanState(ProcessState[InspectionPlanInput]):
    items: list[dict[str, Any]] = field(default_factory=list)
    # Every version the plan went through: number, status, items, why (国办发 (十五) 调整和完善).
    versions: list[dict[str, Any]] = field(default_factory=list)
    in_force: bool = False  # approved and filed: an adjustment may be proposed
    adjustment: Adjustment | None = None  # proposed, awaiting the government's review

    def org_of(self, party: Party) -> int:
        inp = self.inp
        if party == UPPER:
            assert inp.upper_org_id is not None
            return inp.upper_org_id
        if party in (GOVERNMENT, SAFETY_OFFICE):
            return inp.office_org_id
        assert party == BUREAU
        return inp.bureau_org_id

    def task(self, code: str, **options: Any) -> TaskSpec:
        step = INSPECTION_PLAN.step(code)
        return spec(step, self.org_of(step.by), **options)

    def add_version(self, items: list[dict[str, Any]], status: str, note: str, on: str) -> None:
        self.versions.append(
            {"version": len(self.versions) + 1, "status": status, "note": note, "on": on, "items": items}
        )
