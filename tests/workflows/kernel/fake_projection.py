"""`apply_case_changes` without a database, registered under its real name (samples-python style):
a task is due so many days after its clock starts (or at the end of its fixed day), it escalates
to organisation 900, and every batch is kept for the test to read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from temporalio import activity

from activities.names import APPLY_CASE_CHANGES
from domain.china_time import CHINA_OFFSET
from workflows.contracts import ProjectionBatch, ProjectionResult, TaskOpen, TaskSchedule

UPPER_OFFICE = 900


@dataclass
class FakeProjection:
    days: dict[str, int] = field(default_factory=dict)  # rule code → calendar days (default 5)
    batches: list[ProjectionBatch] = field(default_factory=list)
    opened: dict[str, TaskOpen] = field(default_factory=dict)

    def due(self, task: TaskOpen, due_on: dt.date | None) -> dt.datetime:
        if due_on is not None:
            return dt.datetime.combine(due_on, dt.time(23, 59, 59), tzinfo=CHINA_OFFSET)
        return (task.clock_start or task.opened_at) + dt.timedelta(days=self.days.get(task.deadline_rule, 5))

    @activity.defn(name=APPLY_CASE_CHANGES)
    async def apply_case_changes(self, batch: ProjectionBatch) -> ProjectionResult:
        self.batches.append(batch)
        schedules = []
        for task in batch.opens:
            self.opened[task.task_id] = task
            schedules.append(self.schedule(task, task.due_on))
        for change in batch.changes:
            if change.new_due_on is not None:
                schedules.append(self.schedule(self.opened[change.task_id], change.new_due_on))
        return ProjectionResult(schedules)

    def schedule(self, task: TaskOpen, due_on: dt.date | None) -> TaskSchedule:
        escalation = None if task.org_id == UPPER_OFFICE else UPPER_OFFICE
        return TaskSchedule(task.task_id, self.due(task, due_on), None, False, escalation, None)

    def events(self, kind: str) -> list[str]:
        return [e.summary for b in self.batches for e in b.events if e.kind == kind]
