"""The projection activity: writes a workflow's changes to the case tables, idempotently.

One call per step, one transaction. A retry after a crash writes nothing twice: tasks are keyed
by their workflow-assigned id, events by a (case, key) unique constraint, and every change
sets values rather than adding to them. New events are appended to the case's hash chain under
the case row's lock (see activities/event_chain_writer.py), so a retry or a second worker never
forks it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities import deadline_ledger
from activities import projection_queries as queries
from activities.event_chain_writer import append_events, append_new_events, lock_case
from activities.names import APPLY_CASE_CHANGES, UNPROJECTABLE
from db import models, writer_gate
from db.organisation_queries import upper_orgs
from domain.clock_arithmetic import Suspension, compute_clock
from domain.deadline_rules import DeadlineRule
from domain.legal_calendar import (
    CHINA_TZ,
    LegalCalendar,
    Unit,
    compute_deadline,
    end_of_day,
    subtract_working_days,
)
from domain.process_config import ProcessConfig
from services.archive.queue import enqueue_archive
from workflows.contracts import (
    ProjectionBatch,
    ProjectionResult,
    TaskChange,
    TaskOpen,
    TaskSchedule,
)

REMINDER_HOUR = dt.time(9, 0)  # reminders go out at the start of a working day


class MissingRow(LookupError):
    """A row the batch refers to is not there yet: retried, unlike a date out of range."""


def _out_of_range(exc: BaseException) -> BaseException | None:
    """The value error behind a failure (also when the database layer wrapped it), or None."""
    if isinstance(exc, StatementError) and exc.orig is not None:
        exc = exc.orig
    return exc if isinstance(exc, OverflowError | ValueError) else None


class CaseActivities:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        config: ProcessConfig,
        calendar: Callable[[Session], LegalCalendar],
    ) -> None:
        self._sessions = session_factory
        self._config = config
        self._calendar = calendar
        # Projections queue in the process on SQLite, its one writer at a time (db/writer_gate.py).
        bind = session_factory.kw.get("bind")
        self._writer_gate = writer_gate.for_database(bind.dialect.name if bind is not None else "")

    @activity.defn(name=APPLY_CASE_CHANGES)
    def apply_case_changes(self, batch: ProjectionBatch) -> ProjectionResult:
        try:
            with self._writer_gate:
                return self._apply(batch)
        except Exception as exc:
            cause = _out_of_range(exc)
            if cause is None:
                raise  # a database or worker fault: retried until it passes
            # Date arithmetic out of range (a clock started on 0001-01-01): no retry can fix it.
            # Say so on the case, where a handler looks, instead of retrying without end (F6).
            message = self._record_failure(batch.case_id, cause)
            raise ApplicationError(message, type=UNPROJECTABLE, non_retryable=True) from exc

    def _record_failure(self, case_id: int, exc: BaseException) -> str:
        with self._sessions.begin() as session:
            case = session.get(models.Case, case_id)
            starting = case is None or case.status in ("starting", "start_failed")
            message = (
                f"{'案件启动失败' if starting else '案件处理失败'}：期限无法计算（{exc}），"
                "请核对所填日期；如需继续办理，请联系系统管理员"
            )
            if case is not None:
                if starting:
                    case.status = "start_failed"
                case.details = {**case.details, "failure": message}
        return message

    def _apply(self, batch: ProjectionBatch) -> ProjectionResult:
        with self._sessions.begin() as session:
            case = lock_case(session, batch.case_id)  # first: serialises writers of this case's chain
            calendar = self._calendar(session)
            if case is None:
                raise MissingRow(f"case {batch.case_id} is not in the database")
            tasks = self._load_tasks(session, batch)
            # No autoflush for the opens and the events: their reads (the organisation tree, the
            # event keys and chain head) never need this call's pending task rows, so the flush
            # below writes them all at once instead of one flush per open. A change's reads keep
            # their autoflush: the row ledger then notes changed tasks in the order they were
            # changed, as before (db/row_ledger.py).
            with session.no_autoflush:
                schedules = [self._open(session, calendar, case, spec, tasks.get(spec.task_id)) for spec in batch.opens]
            for change in batch.changes:
                schedule = self._change(session, calendar, change, tasks.get(change.task_id))
                if schedule is not None:
                    schedules.append(schedule)
            with session.no_autoflush:
                self._record_events(session, case, batch)
            session.flush()  # the tasks as they now stand, before the ledger and the case clock
            deadline_ledger.write_pending(session)
            if batch.events:  # set after the flushes: written by the case row's one UPDATE at commit
                case.updated_at = max(case.updated_at, *(e.at for e in batch.events))
            if batch.case_change is not None:
                if batch.case_change.status is not None:
                    case.status = batch.case_change.status
                if batch.case_change.closed is not None:
                    if batch.case_change.closed and not case.closed:  # the dossier (案卷) is due
                        enqueue_archive(
                            session, case.id, max((e.at for e in batch.events), default=dt.datetime.now(dt.UTC))
                        )
                    case.closed = batch.case_change.closed
                if batch.case_change.details:
                    case.details = {**case.details, **batch.case_change.details}
                # The grant is queued with the event that gives it; that moment starts the liaison's view.
                granted_at = min((e.at for e in batch.events), default=dt.datetime.now(dt.UTC))
                for grant in batch.case_change.grant_access:
                    if session.get(models.CaseAccess, (case.id, grant.org_id)) is None:
                        session.add(
                            models.CaseAccess(
                                case_id=case.id, org_id=grant.org_id, reason=grant.reason, granted_at=granted_at
                            )
                        )
            self._refresh_case_clock(case)
        return ProjectionResult(schedules=schedules)

    @staticmethod
    def _load_tasks(session: Session, batch: ProjectionBatch) -> dict[str, models.Task]:
        """The batch's tasks that exist already, in one query (most opens are new)."""
        ids = {spec.task_id for spec in batch.opens} | {change.task_id for change in batch.changes}
        if not ids:
            return {}
        return {task.id: task for task in session.scalars(queries.tasks_by_id(), {"ids": list(ids)})}

    # ---- tasks -------------------------------------------------------------------------

    def _open(
        self, session: Session, calendar: LegalCalendar, case: models.Case, spec: TaskOpen, task: models.Task | None
    ) -> TaskSchedule:
        new = task is None
        if task is None:
            rule = self._config.rule(spec.deadline_rule)
            task = models.Task(
                id=spec.task_id,
                case_id=case.id,
                step=spec.step,
                title=spec.title,
                kind=spec.kind,
                parent_task_id=spec.parent_task_id,
                org_id=spec.org_id,
                role=spec.role,
                status="open",
                opened_at=spec.opened_at,
                deadline_rule=rule.code,
                deadline_basis=rule.basis,
                outcome={},
                clock_state="running",
                clock_unit=rule.unit,
                clock_budget=rule.amount,
                waiting_on=rule.waiting_on,
                suspended_seconds=0,
                extension_count=0,
            )
            self._set_clock(calendar, task, rule, spec.due_on, spec.clock_start)
            task.original_due_at = task.due_at
            session.add(task)
            deadline_ledger.record(session, task, "armed", "armed", spec.opened_at, reason=task.due_explanation)
        return self._schedule(session, calendar, task, new=new)

    def _change(
        self, session: Session, calendar: LegalCalendar, change: TaskChange, task: models.Task | None
    ) -> TaskSchedule | None:
        if task is None:
            raise MissingRow(f"task {change.task_id} is not in the database")
        if change.status is not None:
            task.status = change.status
        if change.overdue is not None:
            task.overdue = change.overdue
        if change.set_claim:
            task.claimed_by_user_id = change.claimed_by_user_id
        if change.completed_at is not None:
            task.completed_at = change.completed_at
        if change.completed_by_user_id is not None:
            task.completed_by_user_id = change.completed_by_user_id
        if change.outcome is not None:
            task.outcome = change.outcome
        reschedule = False
        if change.reassign_org_id is not None:
            task.org_id = change.reassign_org_id
            reschedule = True
        if change.new_due_on is not None:
            self._set_clock(calendar, task, self._config.rule(task.deadline_rule), change.new_due_on)
            reschedule = True
        if change.recompute_reason is not None:
            self._reproject(session, calendar, task, change)
            reschedule = True
        at = change.clock_at or change.completed_at or dt.datetime.now(dt.UTC)

        def reclock(pauses: list[Suspension]) -> None:
            rule = self._config.rule(task.deadline_rule)
            self._set_clock(calendar, task, rule, task.fixed_due_on, task.clock_start_at, pauses)

        reschedule |= deadline_ledger.apply(session, task, change, at, reclock)
        return self._schedule(session, calendar, task) if reschedule else None

    def _set_clock(
        self,
        calendar: LegalCalendar,
        task: models.Task,
        rule: DeadlineRule,
        due_on: dt.date | None,
        clock_start: dt.datetime | None = None,
        pauses: list[Suspension] | None = None,
    ) -> None:
        if pauses and rule.unit is not Unit.HOURS:
            # Suspended time excluded in whole days from the unrolled end, rolled once (A21).
            clock = compute_clock(
                calendar,
                clock_start or task.opened_at,
                rule.amount,
                rule.unit,
                suspensions=pauses,
                fixed_end=due_on,
            )
            task.clock_start_at = clock_start or task.opened_at
            task.fixed_due_on = due_on
            task.due_at = clock.due
            task.provisional = clock.provisional
            task.due_explanation = clock.explanation()
            task.remind_at = next(iter(self._reminders(calendar, task, rule)), None)
            return
        if due_on is not None:
            # A day fixed by a decision: if it is a rest day the period ends on the next working day.
            start = end_of_day(due_on - dt.timedelta(days=1))
            computed = compute_deadline(calendar, start, 1, Unit.CALENDAR_DAYS)
        else:
            computed = compute_deadline(calendar, clock_start or task.opened_at, rule.amount, rule.unit)
        task.clock_start_at = clock_start or task.opened_at
        task.fixed_due_on = due_on
        task.due_at = computed.due
        task.provisional = computed.provisional
        task.due_explanation = computed.explanation()
        task.remind_at = next(iter(self._reminders(calendar, task, rule)), None)

    def _reproject(self, session: Session, calendar: LegalCalendar, task: models.Task, change: TaskChange) -> None:
        """Recompute a clock from its origin on the changed calendar; record a move on the timeline."""
        old_due = task.due_at
        was_provisional = task.provisional
        rule = self._config.rule(task.deadline_rule)
        pauses = deadline_ledger.suspensions(session, task)
        self._set_clock(calendar, task, rule, task.fixed_due_on, task.clock_start_at, pauses)
        if task.due_at == old_due and task.provisional == was_provisional:
            return
        deadline_ledger.record(
            session,
            task,
            "reprojected",
            f"{change.recompute_key}:reprojected",
            dt.datetime.now(dt.UTC),
            reason=change.recompute_reason or "",
        )
        key = f"{task.id}:reprojected:{change.recompute_key}"
        found = session.scalar(
            select(models.CaseEvent.id).where(
                models.CaseEvent.case_id == task.case_id, models.CaseEvent.event_key == key
            )
        )
        if found is None:
            old_day, new_day = (d.astimezone(CHINA_TZ).date().isoformat() for d in (old_due, task.due_at))
            append_events(
                session,
                task.case_id,
                [
                    {
                        "event_key": key,
                        "at": dt.datetime.now(dt.UTC),
                        "actor_user_id": None,
                        "actor_name": "系统",
                        "kind": "deadline_reprojected",
                        "summary": f"期限重新计算：{task.title}由{old_day}调整为{new_day}",
                        "reason": change.recompute_reason or "",
                        "data": {
                            "old_due": old_due.isoformat(),
                            "new_due": task.due_at.isoformat(),
                            "provisional": task.provisional,
                        },
                    }
                ],
            )

    @staticmethod
    def _reminders(calendar: LegalCalendar, task: models.Task, rule: DeadlineRule) -> list[dt.datetime]:
        """The rule's reminder moments still ahead of the task's opening, earliest first."""
        due_day = task.due_at.astimezone(CHINA_TZ).date()
        moments = {
            dt.datetime.combine(subtract_working_days(calendar, due_day, lead), REMINDER_HOUR, tzinfo=CHINA_TZ)
            for lead in rule.remind_before
        }
        return sorted(m for m in moments if task.opened_at < m < task.due_at)

    def _schedule(
        self, session: Session, calendar: LegalCalendar, task: models.Task, *, new: bool = False
    ) -> TaskSchedule:
        """`new`: the task was created by this call, so the ledger holds no pause of its clock yet."""
        upper = upper_orgs(session, task.org_id)
        assert upper is not None, f"organisation {task.org_id} is not in the database"
        rule = self._config.rule(task.deadline_rule)
        cutoff = None
        if task.deadline_rule == "hazard.rectification":
            due_day = task.due_at.astimezone(CHINA_TZ).date()
            cutoff = subtract_working_days(calendar, due_day, self._config.extension_request_lead_working_days)
        return TaskSchedule(
            task_id=task.id,
            due_at=task.due_at,
            remind_at=task.remind_at,
            provisional=task.provisional,
            escalation_org_id=upper.office_id,
            takeover_org_id=upper.counterpart_id,
            extension_cutoff=cutoff,
            original_due_at=self._extension_base(session, calendar, task, rule, new=new),
            reminders=self._reminders(calendar, task, rule),
            extension_count=task.extension_count,
            max_extensions=rule.max_extensions,
            max_extension_days=rule.max_extension_days,
        )

    @staticmethod
    def _extension_base(
        session: Session, calendar: LegalCalendar, task: models.Task, rule: DeadlineRule, *, new: bool
    ) -> dt.datetime | None:
        """The day an extension's cap is measured from (A20): the unrolled end after the pauses.

        Once extended, the clock's original unrolled end is no longer kept for a day fixed by a
        decision, so later extensions are measured from the original due day, as before.
        """
        if task.extension_count or rule.unit is Unit.HOURS or task.clock_start_at is None:
            return task.original_due_at
        clock = compute_clock(
            calendar,
            task.clock_start_at,
            rule.amount,
            rule.unit,
            suspensions=[] if new else deadline_ledger.suspensions(session, task),
            fixed_end=task.fixed_due_on,
        )
        return end_of_day(clock.suspended_end)

    # ---- timeline and case row -----------------------------------------------------------

    def _record_events(self, session: Session, case: models.Case, batch: ProjectionBatch) -> None:
        if not batch.events:
            return
        new: dict[str, dict[str, object]] = {}
        for event in batch.events:
            if event.key in new:
                continue
            new[event.key] = {
                "event_key": event.key,
                "at": event.at,
                "actor_user_id": event.actor_user_id,
                "actor_name": event.actor_name,
                "kind": event.kind,
                "summary": event.summary,
                "reason": event.reason,
                "data": event.data,
            }
        append_new_events(session, case.id, list(new.values()))  # a retry's are there already

    @staticmethod
    def _refresh_case_clock(case: models.Case) -> None:
        """The case's due time and overdue flag derive from its open steps (flushed by the caller):
        computed by the database in the case row's own UPDATE at commit, no read of its own."""
        case.due_at = queries.case_due_at()
        case.overdue = queries.case_overdue()
