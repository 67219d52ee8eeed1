"""A process's case actions as one class: each action `<code>` is the pair of methods
`check_<code>` (run by the `act` validator; raises a domain error to refuse) and `<code>` (the
effect, run by the `act` handler), registered on the case when the set is built."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.kernel.case import CaseWorkflow
    from workflows.kernel.decisions import DecisionRequest

S = TypeVar("S")


class ActionSet(Generic[S]):
    codes: ClassVar[tuple[str, ...]] = ()  # the actions this set declares, as in the definition
    pending: ClassVar[str] = "已有延期申请待审批"  # the refusal while its decision request is pending

    def __init__(self, case: CaseWorkflow[Any], state: S) -> None:
        self.case = case
        self.state = state
        # Request → another office decides → move the clock (one request at a time).
        self.decision = DecisionRequest(case.tasks, case.spawn, pending_message=self.pending)
        for code in self.codes:
            case.actions.add(code, getattr(self, f"check_{code}"), getattr(self, code))
