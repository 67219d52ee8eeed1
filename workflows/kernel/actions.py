"""Case actions: the `act` Update's table of what a process allows besides completing a task.

Each action is registered once with its check (run by the Update's validator; it raises a domain
error to refuse) and its effect (run by the Update's handler). The kernel registers the actions
every process has; a process adds its own beside them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.errors import InvalidInput
    from workflows.contracts import CaseActionCommand, UpdateResult

Check = Callable[[CaseActionCommand], object]  # raises a domain error to refuse; its result is unused
Apply = Callable[[CaseActionCommand], Awaitable[UpdateResult]]


@dataclass(frozen=True)
class CaseAction:
    name: str
    check: Check
    apply: Apply


class CaseActions:
    def __init__(self) -> None:
        self._actions: dict[str, CaseAction] = {}

    def add(self, name: str, check: Check, apply: Apply) -> None:
        assert name not in self._actions, f"case action {name} registered twice"
        self._actions[name] = CaseAction(name, check, apply)

    def names(self) -> list[str]:
        return list(self._actions)

    def check(self, cmd: CaseActionCommand) -> None:
        action = self._actions.get(cmd.action)
        if action is None:
            raise InvalidInput(f"本流程不支持操作“{cmd.action}”")
        action.check(cmd)

    async def apply(self, cmd: CaseActionCommand) -> UpdateResult:
        return await self._actions[cmd.action].apply(cmd)
