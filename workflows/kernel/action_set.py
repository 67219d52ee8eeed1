"""A process's case actions as one class: each action `<code>` is the pair of methods
`check_<code>` (run by the `act` validator; raises a domain error to refuse) and `<code>` (the
effect, run by the `act` handler), registered on the case when the set is built."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.kernel.case import CaseWorkflow

S = TypeVar("S")


class ActionSet(Generic[S]):
    codes: ClassVar[tuple[str, ...]] = ()  # the actions this set declares, as in the definition

    def __init__(self, case: CaseWorkflow[Any], state: S) -> None:
        self.case = case
        self.state = state
        for code in self.codes:
            case.actions.add(code, getattr(self, f"check_{code}"), getattr(self, code))
