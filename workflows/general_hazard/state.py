"""Who acts on a 一般事故隐患: the county bureau where the enterprise sits, and the enterprise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.definitions.general_hazard import GENERAL_HAZARD
    from workflows.general_hazard.contracts import GeneralHazardInput
    from workflows.kernel import TaskSpec
    from workflows.kernel.state import ProcessState
    from workflows.kernel.steps import spec


@dataclass
class HazardLoop(ProcessState[GeneralHazardInput]):
    rounds: int = 0  # rectification rounds opened so far

    def task(self, code: str, **options: Any) -> TaskSpec:
        return spec(GENERAL_HAZARD.step(code), self.inp.bureau_org_id, **options)
