"""`CaseWorkflow`: the thin base of every process workflow.

It declares what Temporal needs on the class (the Updates `complete_task`, `claim_task` and `act`
with their validators, the `calendar_changed` signal, the queries) and holds the kernel's parts:
the timeline and its projector, the task board with the escalation ladder, documents, clock
control, access rules and the table of case actions. A process calls the verbs below; it never
touches a part's state. Validators raise domain errors, translated here once (`refusing`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast, get_args

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.errors import Conflict
    from domain.forms import StepForm
    from domain.process import ProcessDefinition
    from workflows.contracts import (
        Actor,
        CalendarChange,
        CaseActionCommand,
        ClaimTaskCommand,
        CompleteTaskCommand,
        TaskActionCommand,
        UpdateResult,
    )
    from workflows.kernel.access import Access
    from workflows.kernel.actions import CaseActions
    from workflows.kernel.attachments import register_attach
    from workflows.kernel.clock_control import ClockControl
    from workflows.kernel.documents import Documents
    from workflows.kernel.escalation import EscalationLadder
    from workflows.kernel.first_tasks import FIRST_TASKS_UPDATE, FirstTask, first_tasks, opening_written
    from workflows.kernel.human_task import OpenTask, TaskBoard
    from workflows.kernel.outbox import Timeline
    from workflows.kernel.projector import Projector
    from workflows.kernel.refusals import parse_form, refusing
    from workflows.kernel.task_actions import TaskActions


class Stateful(Protocol):
    input: Any  # the workflow's input, kept by `begin`


S = TypeVar("S", bound=Stateful)
Part = Callable[[Any, Any], object]


class CaseWorkflow(Generic[S]):
    """Base class of the process workflows. Subclasses call `begin` (or `start_case`) first in `run`.

    A process declares itself in its class line: `class X(CaseWorkflow[State], definition=...,
    parts=(Actions,))`; the kernel then holds a `State()` and composes its parts (each built as
    `part(case, state)`)."""

    definition: ClassVar[ProcessDefinition | None] = None
    process: ClassVar[str] = ""
    # Documents whose service a step's form records (doc type → step title).
    served_in_steps: ClassVar[Mapping[str, str]] = {}
    # Steps that are the enterprise's own submission: its user may send them directly; a
    # handler may still record a paper submission on its behalf.
    enterprise_steps: ClassVar[frozenset[str]] = frozenset()
    _make_state: ClassVar[tuple[Callable[[], Any], ...]] = ()  # the state's factory, if the process keeps one
    _parts: ClassVar[tuple[Part, ...]] = ()

    def __init_subclass__(
        cls,
        *,
        definition: ProcessDefinition | None = None,
        state: Callable[[], Any] | None = None,
        parts: tuple[Part, ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        if definition is not None:
            cls.definition = definition
            cls.process = definition.code
            cls.enterprise_steps = frozenset(step.code for step in definition.enterprise_steps)
        state = state or next((arg for base in cls.__dict__.get("__orig_bases__", ()) for arg in get_args(base)), None)
        if isinstance(state, type):
            cls._make_state = (state,)
        if parts:
            cls._parts = parts

    def __init__(self) -> None:
        self.timeline = Timeline()
        self.tasks = TaskBoard(self.timeline)
        self.projector = Projector(self.tasks)
        self.ladder = EscalationLadder(self.tasks, self.spawn, self.on_overdue)
        self.tasks.on_checkpoint = self.ladder.checkpoint
        self.documents = Documents(self.timeline, self.served_in_steps)
        self.clocks = ClockControl(self.tasks)
        self.access = Access(self.tasks, self.enterprise_steps, self.case_enterprise_id)
        self.actions = CaseActions()
        self.task_actions = TaskActions(self.tasks, self.timeline, self.access, self.documents)
        register_attach(self.actions, self.timeline, self.access)
        self.clocks.register(self.actions)
        self.documents.register(self.actions)
        self.current_status = ""
        self._background: list[asyncio.Task[Any]] = []
        self.state = cast(S, self._make_state[0]() if self._make_state else None)
        self.parts = [part(self, self.state) for part in self._parts]

    # ---- lifecycle -------------------------------------------------------------------

    def begin(self, inp: Any) -> None:
        """Keep the input in the process's state and start the case (its projector)."""
        self.state.input = inp
        self.start_case(inp.start.case_id)

    def start_case(self, case_id: int) -> None:
        self.projector.case_id = self.documents.case_id = case_id
        self.spawn(self.projector.run())

    async def finish_case(self) -> None:
        """Close the case: wait for every write and every in-flight handler."""
        for task in self.tasks.open_tasks():
            self.tasks.supersede(task, "案件办结，任务关闭")
        await self.timeline.wait_projected(self.timeline.outbox.batch_seq)
        self.projector.closing = True
        await workflow.wait_condition(workflow.all_handlers_finished)

    def set_status(self, status: str, summary: str, **details: Any) -> None:
        self.current_status = status
        self.timeline.update_details(**details)
        self.timeline.case_change().status = status
        self.timeline.record_event("status", summary, data={"status": status})
        self.projector.publish_status(status)

    def close_case(self, status: str, summary: str) -> None:
        self.set_status(status, summary)
        self.timeline.case_change().closed = True

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run a part of the procedure beside the main line (a parallel step, a decision)."""
        task = asyncio.create_task(coroutine)
        self._background.append(task)
        return task

    # ---- the verbs a process uses ------------------------------------------------------

    def record_event(self, kind: str, summary: str, **fields: Any) -> None:
        self.timeline.record_event(kind, summary, **fields)

    def update_details(self, **details: Any) -> None:
        self.timeline.update_details(**details)

    def grant_access(self, org_id: int, reason: str) -> None:
        self.timeline.grant_access(org_id, reason)

    async def flush(self) -> None:
        await self.timeline.flush()

    async def settle(self) -> None:
        await self.timeline.settle()

    def is_case_enterprise(self, actor: Actor) -> bool:
        return self.access.is_case_enterprise(actor)

    # ---- hooks -------------------------------------------------------------------------

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:  # noqa: ARG002
        """Process-specific checks of a completed form beyond its fields; raise a domain error."""
        self.ladder.check_supervision(task, form)

    def on_overdue(self, task: OpenTask) -> None:
        """A process may add its own escalation beside the safety-committee office's (no-op here)."""

    def case_enterprise_id(self) -> int | None:
        """The enterprise the case is about, when the process's input names it."""
        return None

    # ---- Updates ---------------------------------------------------------------------

    @workflow.update
    async def complete_task(self, cmd: CompleteTaskCommand) -> UpdateResult:
        task = self.tasks.tasks[cmd.task_id]
        form = task.spec.form.model_validate(cmd.form).model_dump(mode="json")
        logged = await self.ladder.log_measure(task, form, cmd.actor)
        if logged is not None:
            return UpdateResult(task.task_id, logged)
        before, documents = self.tasks.seq, len(self.documents.ledger.issued)
        self.tasks.complete(task, form, cmd.actor, cmd.attachments)
        # The process reacts to the outcome (and usually opens the next task) before the
        # batch is written, so one step is one projection write.
        await self.timeline.settle()
        opened = [self.tasks.task_id(n) for n in range(before + 1, self.tasks.seq + 1)]
        self.task_actions.completed(task.task_id, opened, documents)  # what 撤回 may take back
        return UpdateResult(task.task_id, "已办结", opened)

    @complete_task.validator
    def _validate_complete_task(self, cmd: CompleteTaskCommand) -> None:
        with refusing():
            task = self.access.actionable(cmd.task_id, cmd.actor)
            self.validate_step(task, parse_form(task.spec.form, cmd.form), cmd.actor)
            self.task_actions.check_complete(task, cmd.form)

    @workflow.update
    async def claim_task(self, cmd: ClaimTaskCommand) -> UpdateResult:
        task = self.tasks.tasks[cmd.task_id]
        task.claimed_by = cmd.actor.user_id if cmd.claim else None
        self.tasks.claim(task)
        self.timeline.record_event(
            "claimed" if cmd.claim else "unclaimed",
            f"{'签收' if cmd.claim else '退回签收'}：{task.spec.title}",
            actor=cmd.actor,
        )
        await self.timeline.flush()
        return UpdateResult(task.task_id, "已签收" if cmd.claim else "已退回")

    @claim_task.validator
    def _validate_claim_task(self, cmd: ClaimTaskCommand) -> None:
        with refusing():
            task = self.access.actionable(cmd.task_id, cmd.actor)
            self.tasks.check_claim(task, cmd.actor, cmd.claim)

    @workflow.update
    async def act(self, cmd: CaseActionCommand) -> UpdateResult:
        return await self.actions.apply(cmd)

    @act.validator
    def _validate_act(self, cmd: CaseActionCommand) -> None:
        with refusing():
            self.actions.check(cmd)

    @workflow.update
    async def task_action(self, cmd: TaskActionCommand) -> UpdateResult:
        """转办/委派/加签/撤回 (workflows/kernel/task_actions.py)."""
        return await self.task_actions.apply(cmd)

    @task_action.validator
    def _validate_task_action(self, cmd: TaskActionCommand) -> None:
        with refusing():
            self.task_actions.check(cmd)

    @workflow.update(name=FIRST_TASKS_UPDATE)
    async def first_tasks(self) -> list[FirstTask]:
        """The case's open tasks once its opening is written: intake starts the case with this
        Update (Update-with-Start), so its answer names the first task (workflows/kernel/first_tasks.py)."""
        await workflow.wait_condition(lambda: opening_written(self.timeline))
        return first_tasks(self.tasks)

    @first_tasks.validator
    def _validate_first_tasks(self) -> None:
        with refusing():
            if self.projector.closing:
                raise Conflict("案件已办结，没有待办任务")

    @workflow.signal
    def calendar_changed(self, change: CalendarChange) -> None:
        """A holiday year was imported or edited: recompute every open clock on the new calendar."""
        self.clocks.recompute(change)

    @workflow.query
    def open_task_ids(self) -> list[str]:
        return [t.task_id for t in self.tasks.open_tasks()]

    @workflow.query
    def status(self) -> str:
        return self.current_status
