"""The shared case mechanism every process workflow builds on.

- Human tasks: `human_step` opens a task for an organisation and role, arms its reminder and
  deadline timers, escalates when it is overdue, and returns the completed form.
- Updates with validators: `complete_task`, `claim_task` and `act` are refused synchronously
  (wrong step, role, organisation, state, or invalid form) and then record nothing.
- Escalation: an overdue task opens a supervision task (督办) for the safety-committee office
  one level up; a supervision task is itself a human task, so an unhandled one climbs again.
- Projection: every change is queued and written by one local activity per step; a handler
  returns only once its change is in the database, so the inbox never shows a stale state.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from temporalio import workflow
from temporalio.common import SearchAttributeKey, SearchAttributeUpdate
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from pydantic import ValidationError

    from activities.names import APPLY_CASE_CHANGES, ISSUE_DOCUMENT, RECORD_DOCUMENT_SERVICE
    from domain.document_service import DocumentServiceForm
    from domain.errors import Conflict, DomainError, Forbidden, InvalidInput
    from domain.forms import StepForm, choice_labels, form_errors
    from domain.supervision import (
        NON_TERMINAL_DECISIONS,
        SUPERVISION_DECISIONS,
        ResumeClockForm,
        SupervisionForm,
        SuspendClockForm,
        check_extension_cap,
    )
    from workflows.contracts import (
        AccessGrant,
        Actor,
        AttachmentRef,
        CalendarChange,
        CaseActionCommand,
        CaseChange,
        ClaimTaskCommand,
        CompleteTaskCommand,
        DocumentIssue,
        DocumentServiceRecord,
        EventRecord,
        IssuedDocument,
        ProjectionBatch,
        ProjectionResult,
        RecordedService,
        TaskChange,
        TaskOpen,
        TaskSchedule,
        UpdateResult,
    )
    from workflows.document_service import (
        SERVE_DOCUMENT,
        IssuedInfo,
        ServiceLedger,
        document_name,
        service_summary,
    )

SA_PROCESS = SearchAttributeKey.for_keyword("CaseProcess")
SA_STATUS = SearchAttributeKey.for_keyword("CaseStatus")
SA_JURISDICTION = SearchAttributeKey.for_keyword_list("CaseJurisdiction")
SA_DUE = SearchAttributeKey.for_datetime("CaseDueTime")
SA_OVERDUE = SearchAttributeKey.for_bool("CaseOverdue")

F = TypeVar("F", bound="StepForm")

# Patches (docs/versioning.md). Cases started before a patch replay the old command sequence.
# One search-attribute upsert per projection batch: the status is published with the clock's
# CaseDueTime/CaseOverdue after the batch is written, instead of an upsert of its own.
BATCHED_UPSERTS_PATCH = "batched-upserts"
# An escalation is one projection write: the escalated event and ledger entry are queued with
# the supervision task they open, instead of in a second batch after it.
ESCALATION_ONE_WRITE_PATCH = "escalation-one-write"

PROJECTION_TIMEOUT = dt.timedelta(seconds=30)
DOCUMENT_TIMEOUT = dt.timedelta(seconds=60)

# Refusal types; the API maps them to HTTP 403, 409 and 422.
FORBIDDEN = "Forbidden"
CONFLICT = "Conflict"
INVALID = "InvalidInput"

# An enterprise user (企业用户) may submit only the steps and actions its process names as the
# enterprise's (`enterprise_steps`, `enterprise_actions`), and only for its own case.
ENTERPRISE_ROLE = "enterprise"
STAFF_ROLES = frozenset({"handler", "head", "office"})


def refuse(kind: str, message: str, details: Any = None) -> ApplicationError:
    return ApplicationError(message, details, type=kind, non_retryable=True)


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


@dataclass
class TaskOutcome:
    form: dict[str, Any]
    actor: Actor | None  # None when the system closed the task (superseded)
    at: dt.datetime


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

    @property
    def closed(self) -> bool:
        return self.outcome is not None

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


@dataclass
class Outbox:
    batch_seq: int = 1
    opens: list[TaskOpen] = field(default_factory=list)
    changes: list[TaskChange] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    case_change: CaseChange | None = None

    @property
    def pending(self) -> bool:
        return bool(self.opens or self.changes or self.events or self.case_change)


class CaseWorkflow:
    """Base class of the process workflows. Subclasses call `start_case` first in `run`."""

    process: str = ""
    # Documents whose service a step's form records (doc type → step title); see document_service.py.
    served_in_steps: dict[str, str] = {}  # noqa: RUF012 - read only
    # Steps and actions that are the enterprise's own submission: its user may send them directly;
    # a handler may still record a paper submission on its behalf.
    enterprise_steps: frozenset[str] = frozenset()
    enterprise_actions: frozenset[str] = frozenset()

    def __init__(self) -> None:
        self._case_id = 0
        self._workflow_id = workflow.info().workflow_id
        self._tasks: dict[str, OpenTask] = {}
        self._task_seq = 0
        self._event_seq = 0
        self._change_seq = 0
        self._outbox = Outbox()
        self._projected_seq = 0
        self._closing = False
        self._status = ""
        self._background: list[asyncio.Task[Any]] = []
        self._projector_error: Exception | None = None
        self._published_due: dt.datetime | None = None
        self._published_overdue = False
        self._unpublished_status: str | None = None  # set_status under BATCHED_UPSERTS_PATCH
        self._service = ServiceLedger()  # issued documents and their service (no commands of its own)

    # ---- lifecycle -------------------------------------------------------------------

    def start_case(self, case_id: int) -> None:
        self._case_id = case_id
        self._background.append(asyncio.create_task(self._projector()))

    async def finish_case(self) -> None:
        """Close the case: wait for every write and every in-flight handler."""
        for task in self._tasks.values():
            if not task.closed:
                self._close_superseded(task, "案件办结，任务关闭")
        await self._wait_projected(self._outbox.batch_seq)
        self._closing = True
        await workflow.wait_condition(workflow.all_handlers_finished)

    def set_status(self, status: str, summary: str, **details: Any) -> None:
        self._status = status
        self.update_details(**details)
        assert self._outbox.case_change is not None
        self._outbox.case_change.status = status
        self.record_event("status", summary, data={"status": status})
        if workflow.patched(BATCHED_UPSERTS_PATCH):
            self._unpublished_status = status  # upserted once the batch is written: _publish_search_attributes
        else:
            workflow.upsert_search_attributes([SA_STATUS.value_set(status)])

    def update_details(self, **details: Any) -> None:
        """Merge facts into the case's details (shown on the case page) with the next write."""
        change = self._outbox.case_change or CaseChange()
        change.details = {**(change.details or {}), **details}
        self._outbox.case_change = change

    def grant_access(self, org_id: int, reason: str) -> None:
        """Let an organisation outside the jurisdiction line (a liaison's) see this case."""
        change = self._outbox.case_change or CaseChange()
        change.grant_access = [*change.grant_access, AccessGrant(org_id, reason)]
        self._outbox.case_change = change

    def close_case(self, status: str, summary: str) -> None:
        self.set_status(status, summary)
        assert self._outbox.case_change is not None
        self._outbox.case_change.closed = True

    # ---- timeline --------------------------------------------------------------------

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
        if key is None:
            self._event_seq += 1
            key = f"e{self._event_seq}"
        self._outbox.events.append(
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

    async def issue_document(
        self, doc_type: str, issuer_org_id: int, context: dict[str, Any], *, key: str, replaces_key: str | None = None
    ) -> IssuedDocument:
        """Number, render and store an official document; its number and SHA-256 go on the timeline."""
        issued: IssuedDocument = await workflow.execute_activity(
            ISSUE_DOCUMENT,
            DocumentIssue(self._case_id, key, doc_type, issuer_org_id, context, workflow.now(), replaces_key),
            result_type=IssuedDocument,
            start_to_close_timeout=DOCUMENT_TIMEOUT,
        )
        self.record_event(
            "document_issued",
            f"制发{issued.title}（{issued.number}）",
            data={"document_id": issued.document_id, "number": issued.number, "sha256": issued.sha256},
            key=f"document:{key}",
        )
        self._service.issued[issued.document_id] = IssuedInfo(
            issued.document_id, key, doc_type, issuer_org_id, china_today(), issued.number, issued.title
        )
        return issued

    async def record_service(self, form: DocumentServiceForm, actor: Actor | None) -> RecordedService:
        """Store the service (送达) of an issued document and put it on the timeline.

        Returns the day service takes effect (公告送达: after the announcement period), from
        which the clocks that run "from receipt" start."""
        self._service.recording.add(form.document_id)
        recorded: RecordedService = await workflow.execute_activity(
            RECORD_DOCUMENT_SERVICE,
            DocumentServiceRecord(
                self._case_id,
                form.document_id,
                form.method,
                form.served_on,
                form.recipient,
                form.proof,
                form.proof_attachment_id,
                actor.user_id if actor else None,
                actor.name if actor else "系统",
                workflow.now(),
            ),
            result_type=RecordedService,
            start_to_close_timeout=DOCUMENT_TIMEOUT,
        )
        self._service.served[form.document_id] = recorded
        self._service.recording.discard(form.document_id)
        self.record_event(
            "document_served",
            service_summary(document_name(self._service.issued.get(form.document_id)), recorded),
            actor=actor,
            data={
                "document_id": form.document_id,
                "method": recorded.method,
                "served_on": recorded.served_on.isoformat(),
                "effective_on": recorded.effective_on.isoformat(),
                "recipient": form.recipient,
                "proof": form.proof,
            },
            key=f"service:{form.document_id}",
        )
        await self.flush()
        return recorded

    async def await_service(self, document_id: int) -> RecordedService:
        """Wait until a handler records the document's service (the `serve_document` action)."""
        await workflow.wait_condition(lambda: document_id in self._service.served)
        return self._service.served[document_id]

    def change_task(self, change: TaskChange) -> None:
        """Queue a change to a task; its key makes the ledger entry unique across retries."""
        self._change_seq += 1
        change.clock_key = f"c{self._change_seq}"
        change.clock_at = change.clock_at or workflow.now()
        self._outbox.changes.append(change)

    async def flush(self) -> None:
        """Wait until everything queued so far is in the database (at once if nothing is queued)."""
        pending = self._outbox.batch_seq if self._outbox.pending else self._outbox.batch_seq - 1
        await self._wait_projected(pending)

    async def settle(self) -> None:
        """Let the process react to what a handler changed, then write it all as one batch."""
        await workflow.wait_condition(lambda: True)
        await self.flush()

    # ---- human tasks -----------------------------------------------------------------

    async def human_step(self, spec: TaskSpec) -> TaskOutcome:
        """Open a task, keep its clock, escalate when overdue; return its completed form."""
        task = await self.open_task(spec)
        return await self.await_task(task)

    async def open_task(self, spec: TaskSpec) -> OpenTask:
        self._task_seq += 1
        task = OpenTask(task_id=f"{self._workflow_id}.t{self._task_seq}", spec=spec)
        self._tasks[task.task_id] = task
        self._outbox.opens.append(
            TaskOpen(
                task_id=task.task_id,
                step=spec.step,
                title=spec.title,
                kind=spec.kind,
                org_id=spec.org_id,
                role=spec.role,
                deadline_rule=spec.deadline_rule,
                opened_at=workflow.now(),
                due_on=spec.due_on,
                parent_task_id=spec.parent_task_id,
                clock_start=spec.clock_start,
            )
        )
        self.record_event("task_opened", f"待办：{spec.title}", key=f"{task.task_id}:opened")
        await self.flush()
        return task

    async def await_task(self, task: OpenTask) -> TaskOutcome:
        while task.outcome is None:
            checkpoint = task.next_checkpoint()
            task.wake = False
            if checkpoint is not None and checkpoint <= workflow.now():
                await self._on_checkpoint(task)
                continue
            try:
                await workflow.wait_condition(
                    lambda: task.outcome is not None or task.wake,
                    timeout=(checkpoint - workflow.now()) if checkpoint else None,
                    timeout_summary=f"{task.spec.step} clock",
                )
            except TimeoutError:
                await self._on_checkpoint(task)
        return task.outcome

    def open_tasks(self, step: str | None = None) -> list[OpenTask]:
        return [t for t in self._tasks.values() if not t.closed and (step is None or t.spec.step == step)]

    async def move_due_day(self, task: OpenTask, new_due_on: dt.date, event: str, actor: Actor) -> None:
        """Move a task's deadline (an approved extension): the activity recomputes its clock."""
        task.spec.due_on = new_due_on
        task.overdue = False
        task.reminded = False
        self.change_task(TaskChange(task.task_id, overdue=False, new_due_on=new_due_on))
        self.record_event("deadline_moved", event, actor=actor, data={"due_on": new_due_on.isoformat()})
        await self.flush()
        task.wake = True

    def reassign(self, task: OpenTask, org_id: int) -> None:
        """Move an open task to another organisation (take-over, escalated investigation)."""
        task.spec.org_id = org_id
        task.claimed_by = None
        self.change_task(TaskChange(task.task_id, reassign_org_id=org_id, set_claim=True, claimed_by_user_id=None))

    def _close_superseded(self, task: OpenTask, reason: str) -> None:
        task.outcome = TaskOutcome(form={}, actor=None, at=workflow.now())
        self.change_task(TaskChange(task.task_id, status="cancelled", completed_at=workflow.now()))
        self.record_event("task_closed", f"{task.spec.title}：{reason}", key=f"{task.task_id}:closed")

    # ---- clocks and escalation ---------------------------------------------------------

    async def _on_checkpoint(self, task: OpenTask) -> None:
        assert task.schedule is not None
        legacy_reminder = task.pending_reminders is None and not task.reminded and task.schedule.remind_at is not None
        if task.pending_reminders or legacy_reminder:
            moment = task.pending_reminders.pop(0) if task.pending_reminders else task.schedule.due_at
            task.reminded = True
            self.change_task(TaskChange(task.task_id, clock_event="reminded"))
            self.record_event(
                "reminded",
                f"期限提醒：{task.spec.title}将于{_zh_day(task.schedule.due_at)}到期",
                key=f"{task.task_id}:reminded:{moment.isoformat()}",
            )
            await self.flush()
            return
        task.overdue = True
        self.change_task(TaskChange(task.task_id, overdue=True))
        self.record_event(
            "overdue",
            f"已逾期：{task.spec.title}（期限{_zh_day(task.schedule.due_at)}）",
            key=f"{task.task_id}:overdue:{task.schedule.due_at.isoformat()}",
        )
        self.on_overdue(task)
        if task.schedule.escalation_org_id is None:
            self.record_event("escalation_top", f"{task.spec.title}逾期，已无上一级安委办可督办")
            await self.flush()
            return
        self._background.append(asyncio.create_task(self._supervise(task, task.schedule.escalation_org_id)))

    def on_overdue(self, task: OpenTask) -> None:
        """A process may add its own escalation beside the safety-committee office's (no-op here)."""

    async def _supervise(self, parent: OpenTask, office_org_id: int) -> None:
        # A rung above a rung names the original step, not "督办：督办：…".
        subject = parent.spec.subject or parent.spec.title
        rung = "（未按期督办，提请再上一级）" if parent.spec.kind == "supervision" else ""
        one_write = workflow.patched(ESCALATION_ONE_WRITE_PATCH)
        if one_write:
            self._record_escalation(parent)
        supervision = await self.open_task(
            TaskSpec(
                step="supervision",
                title=f"督办：{subject}逾期{rung}",
                subject=subject,
                org_id=office_org_id,
                role="office",
                deadline_rule="supervision.handle",
                form=SupervisionForm,
                kind="supervision",
                parent_task_id=parent.task_id,
                # Each rung's clock runs from the breach, so rungs missed during an outage catch up in order.
                clock_start=parent.schedule.due_at if parent.schedule else None,
            )
        )
        parent.supervision_task_id = supervision.task_id
        if not one_write:
            self._record_escalation(parent)  # written by the projector's next batch
        outcome = await self.await_task(supervision)
        if outcome.actor is None or parent.closed:
            return
        form = outcome.form
        if form["decision"] == "extend":
            await self.move_due_day(
                parent,
                dt.date.fromisoformat(form["new_due"]),
                f"督办准予延期：{parent.spec.title}延期至{form['new_due']}",
                outcome.actor,
            )
        elif form["decision"] == "take_over":
            assert supervision.schedule is not None and parent.schedule is not None
            target = parent.schedule.takeover_org_id
            if target is None:
                return
            self.reassign(parent, target)
            self.record_event("taken_over", f"提级办理：{parent.spec.title}由上一级承办", actor=outcome.actor)
            await self.flush()

    def _record_escalation(self, parent: OpenTask) -> None:
        self.change_task(TaskChange(parent.task_id, clock_event="escalated", clock_reason="逾期提交上一级安委办督办"))
        self.record_event("escalated", f"逾期提交上一级安委办督办：{parent.spec.title}")

    # ---- Updates ---------------------------------------------------------------------

    @workflow.update
    async def complete_task(self, cmd: CompleteTaskCommand) -> UpdateResult:
        task = self._tasks[cmd.task_id]
        form = task.spec.form.model_validate(cmd.form).model_dump(mode="json")
        decision = form.get("decision")
        if task.spec.kind == "supervision" and decision in NON_TERMINAL_DECISIONS:
            label = SUPERVISION_DECISIONS[decision]
            summary = f"{label}：{self._parent_title(task)}"
            if decision == "summon":
                summary += f"（{form['meeting_on']}，约谈对象：{form['attendees']}）"
            if decision == "list_supervision":
                self.update_details(listed_for_supervision_by_upper_office=True)
            self.record_event(
                "urged" if decision == "urge" else f"supervision_{decision}",
                summary,
                actor=cmd.actor,
                reason=form.get("reason", ""),
                data=form,
            )
            await self.flush()
            return UpdateResult(task.task_id, f"已{label}")
        before = self._task_seq
        task.outcome = TaskOutcome(form=form, actor=cmd.actor, at=workflow.now())
        self.change_task(
            TaskChange(
                task.task_id,
                status="completed",
                completed_at=workflow.now(),
                completed_by_user_id=cmd.actor.user_id,
                outcome=form,
            )
        )
        summary = f"办结：{task.spec.title}" + (f"（{_decision_label(task.spec.form, decision)}）" if decision else "")
        if cmd.actor.role == ENTERPRISE_ROLE:
            summary = f"企业在线提交：{task.spec.title}"
        self.record_event(
            "task_completed",
            summary,
            actor=cmd.actor,
            reason=str(form.get("reason") or form.get("opinion") or ""),
            data={**form, "attachments": _attachment_data(cmd.attachments)} if cmd.attachments else form,
            key=f"{task.task_id}:completed",
        )
        if task.supervision_task_id and not self._tasks[task.supervision_task_id].closed:
            self._close_superseded(self._tasks[task.supervision_task_id], "被督办事项已办结")
        # The process reacts to the outcome (and usually opens the next task) before the
        # batch is written, so one step is one projection write.
        await self.settle()
        opened = [f"{self._workflow_id}.t{n}" for n in range(before + 1, self._task_seq + 1)]
        return UpdateResult(task.task_id, "已办结", opened)

    @complete_task.validator
    def _validate_complete_task(self, cmd: CompleteTaskCommand) -> None:
        task = self._assert_actionable(cmd.task_id, cmd.actor)
        self.validate_step(task, self.parse_form(task.spec.form, cmd.form), cmd.actor)

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:  # noqa: ARG002
        """Process-specific checks beyond the form (dates against today, etc.)."""
        if isinstance(form, SupervisionForm) and form.meeting_on is not None and form.meeting_on < china_today():
            raise refuse(INVALID, "约谈日期不能早于今天")
        if isinstance(form, SupervisionForm) and form.new_due is not None:
            if form.new_due <= china_today():
                raise refuse(INVALID, "延期后的期限须晚于今天")
            parent = self._tasks.get(task.spec.parent_task_id or "")
            if parent is not None:
                self.check_extension(parent, form.new_due)

    @workflow.update
    async def claim_task(self, cmd: ClaimTaskCommand) -> UpdateResult:
        task = self._tasks[cmd.task_id]
        task.claimed_by = cmd.actor.user_id if cmd.claim else None
        self.change_task(TaskChange(task.task_id, set_claim=True, claimed_by_user_id=task.claimed_by))
        self.record_event(
            "claimed" if cmd.claim else "unclaimed",
            f"{'签收' if cmd.claim else '退回签收'}：{task.spec.title}",
            actor=cmd.actor,
        )
        await self.flush()
        return UpdateResult(task.task_id, "已签收" if cmd.claim else "已退回")

    @claim_task.validator
    def _validate_claim_task(self, cmd: ClaimTaskCommand) -> None:
        task = self._assert_actionable(cmd.task_id, cmd.actor)
        if cmd.claim and task.claimed_by == cmd.actor.user_id:
            raise refuse(CONFLICT, "您已签收该任务")
        if not cmd.claim and task.claimed_by is None:
            raise refuse(CONFLICT, "该任务尚未被签收")

    @workflow.update
    async def act(self, cmd: CaseActionCommand) -> UpdateResult:
        return await self.perform_action(cmd)

    @act.validator
    def _validate_act(self, cmd: CaseActionCommand) -> None:
        self.validate_action(cmd)

    def validate_action(self, cmd: CaseActionCommand) -> None:
        """Actions every process has; a process checks its own first and delegates here."""
        if cmd.action == "attach":
            if not (self.is_case_enterprise(cmd.actor) or cmd.actor.role in STAFF_ROLES):
                raise refuse(FORBIDDEN, "您无权为本案上传附件")
            if not cmd.attachments:
                raise refuse(INVALID, "请选择要上传的文件")
        elif cmd.action == "suspend_clock":
            form = self.parse_form(SuspendClockForm, cmd.form)
            task = self._clock_owner_task(form.task_id, cmd.actor)
            if task.suspended:
                raise refuse(CONFLICT, "该期限已中止计时")
        elif cmd.action == "resume_clock":
            resume = self.parse_form(ResumeClockForm, cmd.form)
            if not self._clock_owner_task(resume.task_id, cmd.actor).suspended:
                raise refuse(CONFLICT, "该期限未中止计时")
        elif cmd.action == SERVE_DOCUMENT:
            service = self.parse_form(DocumentServiceForm, cmd.form)
            try:
                self._service.check(service, cmd.actor, china_today(), self.served_in_steps)
            except DomainError as exc:
                kind = {Conflict: CONFLICT, Forbidden: FORBIDDEN}.get(type(exc), INVALID)
                raise refuse(kind, exc.message) from None
        else:
            raise refuse(INVALID, f"本流程不支持操作“{cmd.action}”")

    async def perform_action(self, cmd: CaseActionCommand) -> UpdateResult:
        if cmd.action == SERVE_DOCUMENT:
            recorded = await self.record_service(DocumentServiceForm.model_validate(cmd.form), cmd.actor)
            return UpdateResult(
                None, service_summary(document_name(self._service.issued.get(recorded.document_id)), recorded)
            )
        if cmd.action == "attach":
            # The bytes are in the attachment store and the rows in `attachments`; the timeline
            # records what was added, by whom, with each file's SHA-256.
            names = "、".join(a.filename for a in cmd.attachments)
            self.record_event(
                "attachment_added",
                f"{'企业' if cmd.actor.role == ENTERPRISE_ROLE else ''}上传附件：{names}",
                actor=cmd.actor,
                data={"attachments": _attachment_data(cmd.attachments), **cmd.form},
            )
            await self.flush()
            return UpdateResult(None, "附件已上传")
        if cmd.action == "suspend_clock":
            stop = SuspendClockForm.model_validate(cmd.form)
            await self._set_clock_running(stop.task_id, False, cmd.actor, stop.reason, stop.basis)
            return UpdateResult(stop.task_id, "已中止计时")
        resume = ResumeClockForm.model_validate(cmd.form)
        await self._set_clock_running(resume.task_id, True, cmd.actor, resume.reason, "")
        return UpdateResult(resume.task_id, "已恢复计时，中止期间不计入期限")

    async def _set_clock_running(self, task_id: str, running: bool, actor: Actor, reason: str, basis: str) -> None:
        """Stop or restart a task's clock; the activity adds the paused time back on restart."""
        task = self._tasks[task_id]
        task.suspended = not running
        event, label = ("resumed", "恢复计时") if running else ("suspended", "中止计时")
        self.change_task(
            TaskChange(
                task.task_id,
                clock_event=event,
                clock_actor_id=actor.user_id,
                clock_actor_name=actor.name,
                clock_reason=reason,
                clock_basis=basis,
            )
        )
        self.record_event(f"clock_{event}", f"{label}：{task.spec.title}", actor=actor, reason=reason)
        if not running:
            task.wake = True  # disarm now; a restart re-arms when the moved schedule comes back
        await self.flush()

    def check_extension(self, task: OpenTask, new_due: dt.date) -> None:
        """Refuse an extension beyond the rule's cap (in a validator)."""
        schedule = task.schedule
        assert schedule is not None
        original = (schedule.original_due_at or schedule.due_at).astimezone(CHINA_OFFSET).date()
        try:
            check_extension_cap(
                original_due=original,
                new_due=new_due,
                extensions_so_far=schedule.extension_count,
                max_extensions=schedule.max_extensions,
                max_extension_days=schedule.max_extension_days,
            )
        except InvalidInput as exc:
            raise refuse(INVALID, exc.message) from None

    def _clock_owner_task(self, task_id: str, actor: Actor) -> OpenTask:
        """The open task whose clock the actor may stop or restart: its owner or the office above."""
        task = self._tasks.get(task_id)
        if task is None or task.closed or task.schedule is None:
            raise refuse(CONFLICT, "该任务不存在或已办结")
        owner = actor.org_id == task.spec.org_id and actor.role == task.spec.role
        supervisor = actor.org_id == task.schedule.escalation_org_id and actor.role == "office"
        if not (owner or supervisor):
            raise refuse(FORBIDDEN, "只有承办单位或上一级安委办可以中止或恢复计时")
        return task

    @workflow.signal
    def calendar_changed(self, change: CalendarChange) -> None:
        """A holiday year was imported or edited: recompute every open clock on the new calendar."""
        for task in self.open_tasks():
            if task.schedule is not None:
                self.change_task(
                    TaskChange(task.task_id, recompute_reason=change.description, recompute_key=change.revision)
                )

    @workflow.query
    def open_task_ids(self) -> list[str]:
        return [t.task_id for t in self.open_tasks()]

    @workflow.query
    def status(self) -> str:
        return self._status

    # ---- helpers ---------------------------------------------------------------------

    def _assert_actionable(self, task_id: str, actor: Actor) -> OpenTask:
        task = self._tasks.get(task_id)
        if task is None:
            raise refuse(INVALID, "该案件没有此任务")
        if task.closed:
            raise refuse(CONFLICT, "该任务已办结，不能重复办理")
        if task.schedule is None:
            raise refuse(CONFLICT, "该任务正在生成，请稍后再试")
        if actor.role == ENTERPRISE_ROLE:
            # The enterprise's own submission: first come, whether a handler had claimed it or not.
            if task.spec.step not in self.enterprise_steps or not self.is_case_enterprise(actor):
                raise refuse(FORBIDDEN, "该事项不由企业提交")
            return task
        if actor.org_id != task.spec.org_id or actor.role != task.spec.role:
            raise refuse(FORBIDDEN, "该任务不属于您所在单位或岗位")
        if task.claimed_by is not None and task.claimed_by != actor.user_id:
            raise refuse(CONFLICT, "该任务已被他人签收")
        return task

    def case_enterprise_id(self) -> int | None:
        """The enterprise the case is about, when the process's input names it."""
        return None

    def is_case_enterprise(self, actor: Actor) -> bool:
        """An enterprise user of this case's enterprise. The service has already refused anyone
        else (404); the workflow checks again where its input names the enterprise."""
        if actor.role != ENTERPRISE_ROLE or actor.enterprise_id is None:
            return False
        known = self.case_enterprise_id()
        return known is None or known == actor.enterprise_id

    @staticmethod
    def parse_form(form: type[F], data: dict[str, Any]) -> F:
        """Validate a form in a validator; refuse with every field's message in Chinese."""
        try:
            return form.model_validate(data)
        except ValidationError as exc:
            errors = form_errors(exc, form)
            raise refuse(INVALID, "；".join(e["message"] for e in errors), errors) from None

    def _parent_title(self, task: OpenTask) -> str:
        parent = self._tasks.get(task.spec.parent_task_id or "")
        return parent.spec.title if parent else task.spec.title

    async def _wait_projected(self, seq: int) -> None:
        await workflow.wait_condition(lambda: self._projected_seq >= seq or self._projector_error is not None)
        if self._projector_error is not None:
            # Fails the workflow task (not the case): it is retried until the cause is fixed.
            raise RuntimeError("projection failed") from self._projector_error

    async def _projector(self) -> None:
        try:
            await self._project_forever()
        except Exception as exc:  # noqa: BLE001 - surfaced in every waiter, see _wait_projected
            self._projector_error = exc

    async def _project_forever(self) -> None:
        while not self._closing:
            await workflow.wait_condition(lambda: self._outbox.pending or self._closing)
            if not self._outbox.pending:
                continue
            # Let every coroutine woken by the same change add its writes to this batch.
            await workflow.wait_condition(lambda: True)
            outbox, self._outbox = self._outbox, Outbox(batch_seq=self._outbox.batch_seq + 1)
            batch = ProjectionBatch(
                case_id=self._case_id,
                opens=outbox.opens,
                changes=outbox.changes,
                events=outbox.events,
                case_change=outbox.case_change,
            )
            result = await workflow.execute_local_activity(
                APPLY_CASE_CHANGES,
                batch,
                result_type=ProjectionResult,
                start_to_close_timeout=PROJECTION_TIMEOUT,
            )
            self._apply_schedules(result.schedules)
            self._publish_search_attributes()
            self._projected_seq = outbox.batch_seq

    def _apply_schedules(self, schedules: Sequence[TaskSchedule]) -> None:
        for schedule in schedules:
            task = self._tasks[schedule.task_id]
            previous, task.schedule = task.schedule, schedule
            if task.pending_reminders is not None or (previous is None and workflow.patched("reminder-series")):
                task.pending_reminders = [t for t in schedule.reminders if t > workflow.now()]
            if previous is None or (previous.due_at, previous.remind_at) == (schedule.due_at, schedule.remind_at):
                continue
            # The clock moved (extension, take-over, calendar change): re-arm the timers.
            task.wake = True
            if schedule.remind_at is not None and schedule.remind_at > workflow.now():
                task.reminded = False
            if task.overdue and schedule.due_at > workflow.now():
                task.overdue = False
                self.change_task(TaskChange(task.task_id, overdue=False))

    def _publish_search_attributes(self) -> None:
        """One upsert after each batch: the status (if it changed) and the case's clock."""
        updates: list[SearchAttributeUpdate[Any]] = []
        if self._unpublished_status is not None:
            updates.append(SA_STATUS.value_set(self._unpublished_status))
            self._unpublished_status = None
        due_times = [t.schedule.due_at for t in self.open_tasks() if t.schedule and t.spec.kind == "step"]
        due = min(due_times) if due_times else None
        overdue = any(t.overdue for t in self.open_tasks())
        if (due, overdue) != (self._published_due, self._published_overdue):
            self._published_due, self._published_overdue = due, overdue
            updates.append(SA_OVERDUE.value_set(overdue))
            updates.append(SA_DUE.value_set(due) if due else SA_DUE.value_unset())
        if updates:
            workflow.upsert_search_attributes(updates)


CHINA_OFFSET = dt.timezone(dt.timedelta(hours=8))  # China keeps no daylight saving time


def china_today() -> dt.date:
    return workflow.now().astimezone(CHINA_OFFSET).date()


def _zh_day(moment: dt.datetime) -> str:
    local = moment.astimezone(CHINA_OFFSET)
    return f"{local.year}年{local.month}月{local.day}日"


def _attachment_data(attachments: Sequence[AttachmentRef]) -> list[dict[str, Any]]:
    return [
        {"sha256": a.sha256, "filename": a.filename, "size": a.size, "content_type": a.content_type}
        for a in attachments
    ]


def _decision_label(form: type[StepForm], decision: Any) -> str:
    return choice_labels(form, "decision").get(str(decision), str(decision))
