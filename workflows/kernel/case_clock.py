"""One durable timer per case (issue 22): the case's clock for every task it keeps.

Before the "one-clock" patch each waiting task armed its own timer (`TaskBoard._keep`), and a
task completed before its reminder cancelled it: a TimerStarted and a TimerCanceled per human
step. Now the board's tasks register here; one coroutine sleeps until the earliest pending moment
of all of them (a reminder, the deadline, the end of an enterprise's period) and dispatches the
tasks whose moment passed. Their waiters only wait for their outcome.

The alarm may ring early, never late: when the earliest moment moves later or goes away (its
task completed, the clock was suspended) the armed alarm is left to ring and the loop re-arms for
whatever is then the earliest. A cancel is an event in every case's history (and a step is
usually completed before its reminder), while an alarm left running costs nothing in a case
closed before it rings; one that rings in vain costs a workflow task. Only a moment earlier than
the armed alarm replaces it (the late alarm is cancelled: one alarm pending at a time).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from temporalio import workflow


class OpenTask(Protocol):
    """What the clock reads of a kept task (`human_task.OpenTask`; a protocol, so that the two
    modules do not import each other)."""

    task_id: str
    schedule: Any
    suspended: bool
    clock_held: bool
    lapsed: bool

    @property
    def closed(self) -> bool: ...

    def next_checkpoint(self) -> dt.datetime | None: ...


STEP = "step"  # a department's step: reminders, then overdue and the escalation ladder
PERIOD = "period"  # the party's period: when it passes the task lapses (period.py)


class CaseClock:
    """The tasks whose checkpoints the case keeps, and the single alarm for the earliest one."""

    def __init__(self, on_checkpoint: Callable[[Any], Awaitable[None]]) -> None:
        self._on_checkpoint = on_checkpoint  # called with the board's own OpenTask
        self._kept: dict[str, tuple[OpenTask, str]] = {}  # task id → (task, STEP or PERIOD), in order
        self._alarm: asyncio.Task[None] | None = None
        self._alarm_at: dt.datetime | None = None
        self._loop: asyncio.Task[None] | None = None
        # A dispatch that raised: the waiters re-raise it on the case's main line, where a task's
        # own timer used to raise it (the workflow task fails and retries, as before the patch).
        self.error: BaseException | None = None

    def keep(self, task: OpenTask, kind: str) -> None:
        """Keep the task's checkpoints from now on (until `release`)."""
        self._kept[task.task_id] = (task, kind)
        if self._loop is None:
            self._loop = asyncio.create_task(self._run())

    def release(self, task: OpenTask) -> None:
        self._kept.pop(task.task_id, None)

    @staticmethod
    def moment(task: OpenTask, kind: str) -> dt.datetime | None:
        """The task's next checkpoint, or None while it has none (closed, suspended, overdue)."""
        if task.closed or task.schedule is None:
            return None
        if kind == PERIOD:
            return None if task.lapsed else task.schedule.due_at
        if task.suspended:
            # As the per-task timer did: a clock that stopped waits, after it restarts, for the
            # schedule the projection moves by the paused time (TaskBoard.apply_schedules).
            task.clock_held = True
        return None if task.clock_held else task.next_checkpoint()

    def earliest(self) -> dt.datetime | None:
        moments = [m for task, kind in self._kept.values() if (m := self.moment(task, kind)) is not None]
        return min(moments, default=None)

    def check(self) -> None:
        if self.error is not None:
            raise self.error

    async def _run(self) -> None:
        try:
            await self._keep_time()
        except Exception as error:
            self.error = error

    async def _keep_time(self) -> None:
        while True:
            now = workflow.now()
            due = [(t, k) for t, k in self._kept.values() if (m := self.moment(t, k)) is not None and m <= now]
            for task, kind in due:
                moment = self.moment(task, kind)  # an earlier dispatch may have closed or moved it
                if moment is None or moment > workflow.now():
                    continue
                if kind == PERIOD:
                    task.lapsed = True  # its waiter closes the task (period.py)
                else:
                    await self._on_checkpoint(task)
            if due:
                continue
            earliest = self.earliest()
            self._arm(earliest, now)
            await workflow.wait_condition(lambda armed=earliest: self._should_wake(armed))  # type: ignore[misc]

    def _should_wake(self, armed_for: dt.datetime | None) -> bool:
        if self._alarm is not None and self._alarm.done():
            return True  # rang (maybe early): dispatch what is due and re-arm
        earliest = self.earliest()
        if earliest is None:
            return False
        # Earlier than the alarm (a new task, a moved clock), or already due (opened late).
        return earliest != armed_for and (self._alarm_at is None or earliest < self._alarm_at)

    def _arm(self, earliest: dt.datetime | None, now: dt.datetime) -> None:
        if self._alarm is not None and self._alarm.done():
            self._alarm, self._alarm_at = None, None
        if earliest is None or (self._alarm_at is not None and self._alarm_at <= earliest):
            return  # nothing to wait for, or the armed alarm rings first: leave it
        if self._alarm is not None:
            self._alarm.cancel()
        self._alarm_at = earliest
        self._alarm = asyncio.create_task(workflow.sleep(earliest - now, summary="case clock"))
