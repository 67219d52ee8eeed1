"""What intake answers with: the case's open tasks once its opening is in the database.

The intake starts a case with Temporal's Update-with-Start and the Update `first_tasks`
(`CaseWorkflow`), so the HTTP response that creates the case already names its first task and
nobody polls the case page for it. The Update waits, without any command, until the timeline has
written a batch and the workflow has nothing more to write: the process is then waiting on a
person, a timer or an activity, and its open tasks are the ones the case page would show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.kernel.human_task import TaskBoard
    from workflows.kernel.outbox import Timeline

# The Update's name and id: a retried intake (same workflow id) joins the same Update.
FIRST_TASKS_UPDATE = "first_tasks"


@dataclass
class FirstTask:
    """An open task as the intake reports it (the projection's row holds the rest)."""

    task_id: str
    step: str
    title: str
    kind: str
    org_id: int
    role: str
    due_at: dt.datetime | None
    provisional: bool = False


def opening_written(timeline: Timeline) -> bool:
    """True once a batch is written and nothing is queued or being written (or the projection
    failed: the intake then answers without tasks and the case page shows them later)."""
    if timeline.error is not None:
        return True
    settled = timeline.projected_seq == timeline.outbox.batch_seq - 1 and not timeline.outbox.pending
    return timeline.projected_seq >= 1 and settled


def first_tasks(board: TaskBoard) -> list[FirstTask]:
    return [
        FirstTask(
            task_id=task.task_id,
            step=task.spec.step,
            title=task.spec.title,
            kind=task.spec.kind,
            org_id=task.spec.org_id,
            role=task.spec.role,
            due_at=task.schedule.due_at if task.schedule else None,
            provisional=task.schedule.provisional if task.schedule else False,
        )
        for task in board.open_tasks()
    ]
