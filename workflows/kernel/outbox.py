"""The case's outbox: every change a step makes is queued here and written as one batch by the
projector (ADR 0001). A handler that calls `flush` returns only once its change is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.names import UNPROJECTABLE
    from workflows.contracts import AccessGrant, Actor, CaseChange, EventRecord, TaskChange, TaskOpen


@dataclass
class Outbox:
    """One batch of the projection: tasks opened and changed, timeline events, the case row."""

    batch_seq: int = 1
    opens: list[TaskOpen] = field(default_factory=list)
    changes: list[TaskChange] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    case_change: CaseChange | None = None

    @property
    def pending(self) -> bool:
        return bool(self.opens or self.changes or self.events or self.case_change)


class Timeline:
    """Queues the projection's writes; event and ledger keys are numbered as they are queued."""

    def __init__(self) -> None:
        self.outbox = Outbox()
        self.projected_seq = 0
        self.error: Exception | None = None
        self._event_seq = 0
        self._change_seq = 0

    def record_event(
        self,
        kind: str,
        summary: str,
        *,
        actor: Actor | None = None,
        reason: str = "",
        data: dict[str, Any] | None = None,
        key: str | None = None,
    ) -> None:
        """Append an event to the case's timeline; `key` makes a retried write skip it."""
        if key is None:
            self._event_seq += 1
            key = f"e{self._event_seq}"
        self.outbox.events.append(
            EventRecord(
                key=key,
                at=workflow.now(),
                kind=kind,
                summary=summary,
                actor_user_id=actor.user_id if actor else None,
                actor_name=actor.name if actor else "系统",
                reason=reason,
                data=data or {},
            )
        )

    def open_task(self, task: TaskOpen) -> None:
        self.outbox.opens.append(task)

    def change_task(self, change: TaskChange) -> None:
        """Queue a change to a task; its key makes the ledger entry unique across retries."""
        self._change_seq += 1
        change.clock_key = f"c{self._change_seq}"
        change.clock_at = change.clock_at or workflow.now()
        self.outbox.changes.append(change)

    def case_change(self) -> CaseChange:
        """The change to the case row in this batch, created on first use."""
        change = self.outbox.case_change or CaseChange()
        self.outbox.case_change = change
        return change

    def update_details(self, **details: Any) -> None:
        """Merge facts into the case's details (shown on the case page) with the next write."""
        change = self.outbox.case_change or CaseChange()
        change.details = {**(change.details or {}), **details}
        self.outbox.case_change = change

    def grant_access(self, org_id: int, reason: str) -> None:
        """Let an organisation outside the jurisdiction line (a liaison's) see this case."""
        change = self.case_change()
        change.grant_access = [*change.grant_access, AccessGrant(org_id, reason)]

    def take_batch(self) -> Outbox:
        outbox, self.outbox = self.outbox, Outbox(batch_seq=self.outbox.batch_seq + 1)
        return outbox

    async def flush(self) -> None:
        """Wait until everything queued so far is in the database (at once if nothing is queued)."""
        pending = self.outbox.batch_seq if self.outbox.pending else self.outbox.batch_seq - 1
        await self.wait_projected(pending)

    async def settle(self) -> None:
        """Let the process react to what a handler changed, then write it all as one batch."""
        await workflow.wait_condition(lambda: True)
        await self.flush()

    async def wait_projected(self, seq: int) -> None:
        await workflow.wait_condition(lambda: self.projected_seq >= seq or self.error is not None)
        if self.error is not None:
            cause = self.error.cause if isinstance(self.error, ActivityError) else self.error
            if isinstance(cause, ApplicationError) and cause.type == UNPROJECTABLE:
                # No retry can write this change (a clock that cannot be computed, audit F6): the
                # case fails, with the message the activity also wrote on the case row.
                raise ApplicationError(cause.message, type=UNPROJECTABLE, non_retryable=True) from None
            # Fails the workflow task (not the case): it is retried until the cause is fixed.
            raise RuntimeError("projection failed") from self.error
