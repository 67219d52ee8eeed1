"""Human tasks: a task opened for an organisation and role, its clock, and its outcome.

`TaskBoard` is the case's set of tasks. Opening a task queues it for the projection, which
returns its schedule (due, reminders, where it escalates); `wait` then keeps the clock and calls
the board's `on_checkpoint` (the escalation ladder) whenever a reminder or the deadline passes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.errors import Conflict
    from domain.forms import StepForm, choice_labels
    from workflows.contracts import Actor, AttachmentRef, TaskChange, TaskOpen, TaskSchedule
    from workflows.kernel.case_clock import STEP, CaseClock
    from workflows.kernel.outbox import Timeline
    from workflows.kernel.patches import ONE_CLOCK_PATCH, REMINDER_SERIES_PATCH, in_force


@dataclass
class TaskSpec:
    step: str
    title: str
    org_id: int
    role: str
    deadline_rule: str
    form: type[StepForm]
    due_on: dt.date | None = None
    kind: str = "step"
    parent_task_id: str | None = None
    clock_start: dt.datetime | None = None
    subject: str = ""  # for a supervision task: the title of the step whose deadline was missed
    # The office an overdue task goes to instead of the one above its organisation (a listed
    # hazard's tasks go to the listing office, audit O1); None: the ladder's next rung.
    escalate_to: int | None = None


F = TypeVar("F", bound=StepForm)


class ReadTracked(dict[str, Any]):
    """A completed form that notes whether the process has read any of it. 撤回 (task actions)
    takes a step back only while nothing was read: the process then holds nothing derived from
    the content it would replace. It is a plain dict otherwise (no command, nothing recorded)."""

    read = False

    def _note(self) -> None:
        self.read = True

    def __getitem__(self, key: str) -> Any:
        self._note()
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._note()
        return super().get(key, default)

    def __iter__(self) -> Iterator[str]:
        self._note()
        return super().__iter__()

    def __contains__(self, key: object) -> bool:
        self._note()
        return super().__contains__(key)

    def keys(self) -> Any:
        self._note()
        return super().keys()

    def values(self) -> Any:
        self._note()
        return super().values()

    def items(self) -> Any:
        self._note()
        return super().items()

    def copy(self) -> dict[str, Any]:
        self._note()
        return dict(super().items())


@dataclass
class TaskOutcome:
    form: dict[str, Any]
    actor: Actor | None  # None when the system closed the task (superseded)
    at: dt.datetime

    def parsed(self, form: type[F]) -> F:
        """The completed form as its typed model (it was validated when the task completed)."""
        if isinstance(self.form, ReadTracked):
            self.form.read = True
        return form.model_validate(self.form)


@dataclass
class OpenTask:
    task_id: str
    spec: TaskSpec
    schedule: TaskSchedule | None = None
    claimed_by: int | None = None
    reminded: bool = False
    overdue: bool = False
    outcome: TaskOutcome | None = None
    wake: bool = False  # set when its clock changed, so the waiting loop re-arms the timers
    supervision_task_id: str | None = None
    suspended: bool = False  # the clock stands still (e.g. time for technical appraisal)
    # Reminders still to send. None: a task opened before the "reminder-series" patch, which
    # keeps its single reminder (`reminded`, `schedule.remind_at`) so its history replays.
    pending_reminders: list[dt.datetime] | None = None
    # 撤回 (workflows/kernel/task_actions.py): the step before this one was taken back; the
    # waiter of this task has the earlier step redone, then opens this step afresh.
    withdrawn: bool = False
    delegated_by: int | None = None  # 委派: the delegator, who stays answerable and may still act
    opened_at: dt.datetime | None = None  # workflow time of opening (not in the projection)
    lapsed: bool = False  # the case clock saw its period pass (one-clock patch, period.py)
    clock_held: bool = False  # stopped, until its moved schedule comes back (one-clock patch)

    @property
    def closed(self) -> bool:
        return self.outcome is not None

    @property
    def running(self) -> bool:
        """Open, with its clock known: the state in which an extension or a measure applies."""
        return not self.closed and self.schedule is not None

    def next_checkpoint(self) -> dt.datetime | None:
        assert self.schedule is not None
        if self.suspended:
            return None
        if self.pending_reminders:
            return self.pending_reminders[0]
        if self.pending_reminders is None and not self.reminded and self.schedule.remind_at is not None:
            return self.schedule.remind_at
        if not self.overdue:
            return self.schedule.due_at
        return None


Checkpoint = Callable[[OpenTask], Awaitable[None]]
Redo = Callable[[OpenTask], Awaitable[OpenTask]]


def attachment_data(attachments: Sequence[AttachmentRef]) -> list[dict[str, Any]]:
    """What the timeline keeps of each file: its hash, name, size and type."""
    return [
        {"sha256": a.sha256, "filename": a.filename, "size": a.size, "content_type": a.content_type}
        for a in attachments
    ]


class TaskBoard:
    """The case's tasks, numbered `<workflow id>.t<n>` in the order they open."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.tasks: dict[str, OpenTask] = {}
        self.seq = 0
        self._workflow_id = workflow.info().workflow_id
        self.on_checkpoint: Checkpoint | None = None  # the escalation ladder, set by the case
        # 撤回: redo the withdrawn step, return the task that replaces the withdrawn one (task actions).
        self.on_withdrawn: Redo | None = None
        self.waiting: set[str] = set()  # tasks a `wait` keeps: only those can be withdrawn
        self.followers: dict[str, list[str]] = {}  # completed task → the tasks its completion opened
        self.clock = CaseClock(self._checkpoint)  # the one timer of the case (one-clock patch)

    async def _checkpoint(self, task: OpenTask) -> None:
        assert self.on_checkpoint is not None
        await self.on_checkpoint(task)

    @staticmethod
    def one_clock() -> bool:
        """Whether the case clock keeps the tasks' checkpoints (decided at the first task kept:
        a case running before the patch keeps a timer per task, as its history recorded)."""
        return in_force(ONE_CLOCK_PATCH)

    def task_id(self, n: int) -> str:
        return f"{self._workflow_id}.t{n}"

    def get(self, task_id: str | None) -> OpenTask | None:
        return self.tasks.get(task_id or "")

    async def open(self, spec: TaskSpec) -> OpenTask:
        """Open a task and wait until the projection has computed its schedule."""
        self.seq += 1
        task = OpenTask(task_id=self.task_id(self.seq), spec=spec, opened_at=workflow.now())
        self.tasks[task.task_id] = task
        s = spec  # the projection's row of the task, field for field
        opened = (s.step, s.title, s.kind, s.org_id, s.role, s.deadline_rule, workflow.now(), s.due_on)
        self.timeline.open_task(TaskOpen(task.task_id, *opened, s.parent_task_id, s.clock_start))
        self.timeline.record_event("task_opened", f"待办：{spec.title}", key=f"{task.task_id}:opened")
        await self.timeline.flush()
        return task

    async def human_step(self, spec: TaskSpec) -> TaskOutcome:
        """Open a task, keep its clock, escalate when overdue; return its completed form."""
        return await self.wait(await self.open(spec))

    async def wait(self, task: OpenTask) -> TaskOutcome:
        """Keep the task's clock until it is completed or superseded; escalate when it passes."""
        assert self.on_checkpoint is not None
        self.waiting.add(task.task_id)
        one_clock = self.one_clock()
        if one_clock:
            self.clock.keep(task, STEP)
        try:
            return await (self._await_outcome(task) if one_clock else self._keep(task))
        finally:
            self.waiting.discard(task.task_id)
            if one_clock:
                self.clock.release(task)

    async def _await_outcome(self, task: OpenTask) -> TaskOutcome:
        """The task's outcome; its reminders and deadline are the case clock's (one-clock patch)."""
        await workflow.wait_condition(
            lambda: (
                task.outcome is not None
                or (task.withdrawn and self.on_withdrawn is not None)
                or self.clock.error is not None
            )
        )
        self.clock.check()
        if task.outcome is None and self.on_withdrawn is not None:
            # 撤回 (behind TASK_ACTIONS_PATCH in its Update): the step before is redone, then
            # this step opens afresh and is kept instead.
            self.clock.release(task)
            return await self.wait(await self.on_withdrawn(task))
        assert task.outcome is not None
        return task.outcome

    async def _keep(self, task: OpenTask) -> TaskOutcome:
        assert self.on_checkpoint is not None
        while task.outcome is None:
            if task.withdrawn and self.on_withdrawn is not None:
                # Only a case that took 撤回 gets here (behind TASK_ACTIONS_PATCH in its Update):
                # the step before is redone, then this step opens afresh and is kept instead.
                return await self.wait(await self.on_withdrawn(task))
            checkpoint = task.next_checkpoint()
            task.wake = False
            if checkpoint is not None and checkpoint <= workflow.now():
                await self.on_checkpoint(task)
                continue
            try:
                await workflow.wait_condition(
                    lambda: task.outcome is not None or task.wake,
                    timeout=(checkpoint - workflow.now()) if checkpoint else None,
                    timeout_summary=f"{task.spec.step} clock",
                )
            except TimeoutError:
                await self.on_checkpoint(task)
        return task.outcome

    def open_tasks(self, step: str | None = None) -> list[OpenTask]:
        return [t for t in self.tasks.values() if not t.closed and (step is None or t.spec.step == step)]

    def complete(self, task: OpenTask, form: dict[str, Any], actor: Actor, attachments: list[AttachmentRef]) -> None:
        """The task done: its outcome, the timeline's line, and its supervision (if any) closed."""
        task.outcome = TaskOutcome(form=ReadTracked(form), actor=actor, at=workflow.now())
        done = TaskChange(task.task_id, "completed", completed_at=workflow.now(), completed_by_user_id=actor.user_id)
        done.outcome = form
        self.timeline.change_task(done)
        decision = form.get("decision")
        labels = choice_labels(task.spec.form, "decision") if decision else {}
        summary = f"办结：{task.spec.title}" + (f"（{labels.get(str(decision), str(decision))}）" if decision else "")
        if actor.role == "enterprise":
            summary = f"企业在线提交：{task.spec.title}"
        self.timeline.record_event(
            "task_completed",
            summary,
            actor=actor,
            reason=str(form.get("reason") or form.get("opinion") or ""),
            data={**form, "attachments": attachment_data(attachments)} if attachments else form,
            key=f"{task.task_id}:completed",
        )
        supervision = self.get(task.supervision_task_id)
        if supervision is not None and not supervision.closed:
            self.supersede(supervision, "被督办事项已办结")

    def claim(self, task: OpenTask) -> None:
        self.timeline.change_task(TaskChange(task.task_id, set_claim=True, claimed_by_user_id=task.claimed_by))

    @staticmethod
    def check_claim(task: OpenTask, actor: Actor, claim: bool) -> None:
        if claim and task.claimed_by == actor.user_id:
            raise Conflict("您已签收该任务")
        if not claim and task.claimed_by is None:
            raise Conflict("该任务尚未被签收")

    def supersede(self, task: OpenTask, reason: str) -> None:
        """Close a task the procedure no longer needs; its waiter gets an outcome without actor."""
        task.outcome = TaskOutcome(form={}, actor=None, at=workflow.now())
        self.timeline.change_task(TaskChange(task.task_id, status="cancelled", completed_at=workflow.now()))
        self.timeline.record_event("task_closed", f"{task.spec.title}：{reason}", key=f"{task.task_id}:closed")
        # Its co-approvals (加签, task actions) close with it; a case without any issues no command.
        for cosign in [t for t in self.tasks.values() if t.spec.kind == "cosign" and not t.closed]:
            if cosign.spec.parent_task_id == task.task_id:
                self.supersede(cosign, "加签所属环节已关闭")

    def reassign(self, task: OpenTask, org_id: int) -> None:
        """Move an open task to another organisation (take-over, escalated investigation)."""
        task.spec.org_id = org_id
        task.claimed_by = None
        self.timeline.change_task(
            TaskChange(task.task_id, reassign_org_id=org_id, set_claim=True, claimed_by_user_id=None)
        )

    async def move_due_day(self, task: OpenTask, new_due_on: dt.date, event: str, actor: Actor) -> None:
        """Move a task's deadline (an approved extension): the activity recomputes its clock."""
        task.spec.due_on = new_due_on
        task.overdue = False
        task.reminded = False
        # Until the moved schedule comes back the old one is stale: its passed due moment would
        # read as a fresh breach to the case clock (one-clock patch; the per-task timer only
        # re-armed after the flush). The new schedule (apply_schedules) releases it.
        task.clock_held = True
        self.timeline.change_task(TaskChange(task.task_id, overdue=False, new_due_on=new_due_on))
        self.timeline.record_event("deadline_moved", event, actor=actor, data={"due_on": new_due_on.isoformat()})
        await self.timeline.flush()
        task.wake = True
        task.clock_held = False

    def apply_schedules(self, schedules: list[TaskSchedule]) -> None:
        """Take the clocks the projection computed; a moved clock re-arms its task's timers."""
        for schedule in schedules:
            task = self.tasks[schedule.task_id]
            previous, task.schedule = task.schedule, schedule
            task.clock_held = False
            if task.pending_reminders is not None or (previous is None and in_force(REMINDER_SERIES_PATCH)):
                task.pending_reminders = [t for t in schedule.reminders if t > workflow.now()]
            if previous is None or (previous.due_at, previous.remind_at) == (schedule.due_at, schedule.remind_at):
                continue
            # The clock moved (extension, take-over, calendar change): re-arm the timers.
            task.wake = True
            if schedule.remind_at is not None and schedule.remind_at > workflow.now():
                task.reminded = False
            if task.overdue and schedule.due_at > workflow.now():
                task.overdue = False
                self.timeline.change_task(TaskChange(task.task_id, overdue=False))
