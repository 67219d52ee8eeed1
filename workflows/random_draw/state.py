"""Who acts in a draw's case: the drawing bureau, for its one step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.definitions.random_draw import RANDOM_DRAW
    from workflows.kernel import TaskSpec
    from workflows.kernel.state import ProcessState
    from workflows.kernel.steps import spec
    from workflows.random_draw.contracts import RandomDrawInput


@dataclass
class DrawState(ProcessState[RandomDrawInput]):
    bureau_org: int = 0

    def task(self, code: str, **options: Any) -> TaskSpec:
        return spec(RANDOM_DRAW.step(code), self.bureau_org, **options)
