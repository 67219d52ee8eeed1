"""Request → another office decides → move the clock.

An extension request (hazard, accident, public report) or any request another office must
decide: one may be pending at a time; the deciding office gets a human task of its own (with
its own clock and escalation); the caller applies an approval to the clock it governs.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.errors import Conflict
    from workflows.contracts import CaseActionCommand, UpdateResult
    from workflows.kernel.human_task import TaskBoard, TaskOutcome, TaskSpec

Spawn = Callable[[Coroutine[Any, Any, Any]], object]


class DecisionRequest:
    def __init__(self, board: TaskBoard, spawn: Spawn, *, pending_message: str = "已有延期申请待审批") -> None:
        self.board = board
        self._spawn = spawn
        self.pending = False
        self._pending_message = pending_message

    def refuse_if_pending(self) -> None:
        """In a validator: a second request waits for the first one's decision."""
        if self.pending:
            raise Conflict(self._pending_message)

    async def request(
        self,
        cmd: CaseActionCommand,
        summary: str,
        decision: Coroutine[Any, Any, None],
        *,
        reason: str,
        message: str,
        kind: str = "extension_requested",
        data: dict[str, Any] | None = None,
    ) -> UpdateResult:
        """The request on the timeline, its decision started, both written with the Update."""
        self.board.timeline.record_event(kind, summary, actor=cmd.actor, reason=reason, data=data)
        self.submit(decision)
        await self.board.timeline.settle()
        return UpdateResult(None, message)

    def submit(self, decision: Coroutine[Any, Any, None]) -> None:
        """Start the decision beside the procedure; `decision` opens the deciding office's task
        with `decide` and applies its outcome."""
        self.pending = True
        self._spawn(decision)

    async def decide(self, spec: TaskSpec) -> TaskOutcome | None:
        """The deciding office's task; None when the procedure closed it (nothing to decide)."""
        outcome = await self.board.human_step(spec)
        self.pending = False
        return outcome if outcome.actor is not None else None
