"""The enterprise's period: time the law gives the party (to rectify, to state its case, to pay).

Unlike a department's step it never escalates: when it passes, the task closes and the
procedure goes on without the party's act. The handler (or the enterprise's own user) records
the act within the period by completing the task.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.kernel.case_clock import PERIOD
    from workflows.kernel.human_task import OpenTask, TaskBoard


async def period(
    board: TaskBoard,
    task: OpenTask,
    *,
    lapsed: str = "期限届满",
    on_lapse: Callable[[], None] | None = None,
    summary: str | None = None,
) -> dict[str, Any] | None:
    """Wait for the party's act within the task's period.

    Returns the recorded form, or None when the period passed (the task is then closed with
    `lapsed`, and `on_lapse` may add its own timeline event) or the procedure closed the task."""
    if board.one_clock():
        # The case clock marks the task lapsed when its period passes (one timer per case).
        board.clock.keep(task, PERIOD)
        try:
            clock = board.clock
            await workflow.wait_condition(lambda: task.outcome is not None or task.lapsed or clock.error is not None)
            clock.check()
        finally:
            board.clock.release(task)
        if task.outcome is None:
            board.supersede(task, lapsed)
            if on_lapse is not None:
                on_lapse()
            await board.timeline.flush()
            return None
        return task.outcome.form if task.outcome.actor is not None else None
    while task.outcome is None:
        assert task.schedule is not None
        left = task.schedule.due_at - workflow.now()
        if left <= dt.timedelta(0):
            board.supersede(task, lapsed)
            if on_lapse is not None:
                on_lapse()
            await board.timeline.flush()
            return None
        task.wake = False
        try:
            await workflow.wait_condition(
                lambda: task.outcome is not None or task.wake,
                timeout=left,
                timeout_summary=summary or task.spec.step,
            )
        except TimeoutError:
            pass
    return task.outcome.form if task.outcome.actor is not None else None
