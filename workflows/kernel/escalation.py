"""The escalation ladder (督办): reminders before a deadline, then the overdue mark and a
supervision task for the safety-committee office one level up. A supervision task is itself a
human task, so one left unhandled climbs again, up to the province."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.china_time import day_of, zh_day
    from domain.errors import InvalidInput
    from domain.forms import StepForm
    from domain.supervision import NON_TERMINAL_DECISIONS, SUPERVISION_DECISIONS, SupervisionForm
    from workflows.contracts import Actor, TaskChange
    from workflows.kernel.clock_control import ClockControl
    from workflows.kernel.human_task import OpenTask, TaskBoard, TaskSpec
    from workflows.kernel.patches import ESCALATION_ONE_WRITE_PATCH, LATE_OPENED_PATCH, in_force

Spawn = Callable[[Coroutine[Any, Any, Any]], object]


class EscalationLadder:
    """Called by the board at each checkpoint of a task's clock."""

    def __init__(self, board: TaskBoard, spawn: Spawn, on_overdue: Callable[[OpenTask], None]) -> None:
        self.board = board
        self.timeline = board.timeline
        self._spawn = spawn
        self._on_overdue = on_overdue  # a process's own escalation beside the office's

    async def checkpoint(self, task: OpenTask) -> None:
        assert task.schedule is not None
        legacy_reminder = task.pending_reminders is None and not task.reminded and task.schedule.remind_at is not None
        if task.pending_reminders or legacy_reminder:
            moment = task.pending_reminders.pop(0) if task.pending_reminders else task.schedule.due_at
            task.reminded = True
            self.timeline.change_task(TaskChange(task.task_id, clock_event="reminded"))
            self.timeline.record_event(
                "reminded",
                f"期限提醒：{task.spec.title}将于{zh_day(task.schedule.due_at)}到期",
                key=f"{task.task_id}:reminded:{moment.isoformat()}",
            )
            await self.timeline.flush()
            return
        task.overdue = True
        self.timeline.change_task(TaskChange(task.task_id, overdue=True))
        self.timeline.record_event(
            "overdue",
            f"已逾期：{task.spec.title}（期限{zh_day(task.schedule.due_at)}）",
            key=f"{task.task_id}:overdue:{task.schedule.due_at.isoformat()}",
        )
        self._on_overdue(task)
        office = task.spec.escalate_to or task.schedule.escalation_org_id
        if office is None:
            self.timeline.record_event("escalation_top", f"{task.spec.title}逾期，已无上一级安委办可督办")
            await self.timeline.flush()
            return
        self._spawn(self._supervise(task, office))

    async def _supervise(self, parent: OpenTask, office_org_id: int) -> None:
        # A rung above a rung names the original step, not "督办：督办：…".
        subject = parent.spec.subject or parent.spec.title
        rung = "（未按期督办，提请再上一级）" if parent.spec.kind == "supervision" else ""
        one_write = in_force(ESCALATION_ONE_WRITE_PATCH)
        if one_write:
            self._record_escalation(parent)
        supervision = await self.board.open(
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
                clock_start=self._supervision_start(parent),
            )
        )
        parent.supervision_task_id = supervision.task_id
        if not one_write:
            self._record_escalation(parent)  # written by the projector's next batch
        outcome = await self.board.wait(supervision)
        if outcome.actor is None or parent.closed:
            return
        form = outcome.form
        if form["decision"] == "extend":
            await self.board.move_due_day(
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
            self.board.reassign(parent, target)
            self.timeline.record_event("taken_over", f"提级办理：{parent.spec.title}由上一级承办", actor=outcome.actor)
            await self.timeline.flush()

    @staticmethod
    def _supervision_start(parent: OpenTask) -> dt.datetime | None:
        """Each rung's clock runs from the breach, so rungs missed during an outage catch up in
        order; but a step opened already past its due day (a plan drafted after 31 January, a case
        taken over from paper) gives the office its period from the opening: it could not have
        supervised before the step existed."""
        if parent.schedule is None:
            return None
        breach = parent.schedule.due_at
        if parent.opened_at is not None and parent.opened_at > breach and in_force(LATE_OPENED_PATCH):
            return parent.opened_at
        return breach

    def _record_escalation(self, parent: OpenTask) -> None:
        self.timeline.change_task(
            TaskChange(parent.task_id, clock_event="escalated", clock_reason="逾期提交上一级安委办督办")
        )
        self.timeline.record_event("escalated", f"逾期提交上一级安委办督办：{parent.spec.title}")

    def check_supervision(self, task: OpenTask, form: StepForm) -> None:
        """The office's decision on an overdue step: a meeting not in the past, an extension
        later than today and within the overdue step's cap."""
        if not isinstance(form, SupervisionForm):
            return
        today = day_of(workflow.now())
        if form.meeting_on is not None and form.meeting_on < today:
            raise InvalidInput("约谈日期不能早于今天")
        if form.follow_up_due is not None and form.follow_up_due <= today:
            raise InvalidInput("整改落实期限须晚于今天")
        if form.new_due is not None:
            if form.new_due <= today:
                raise InvalidInput("延期后的期限须晚于今天")
            parent = self.board.get(task.spec.parent_task_id)
            if parent is not None:
                ClockControl.check_extension(parent, form.new_due)

    async def log_measure(self, task: OpenTask, form: dict[str, Any], actor: Actor) -> str | None:
        """Urge, summon, list or circulate: logged while the supervision stays open.

        Returns the Update's message, or None for a decision that settles the supervision."""
        decision = form.get("decision")
        if task.spec.kind != "supervision" or decision not in NON_TERMINAL_DECISIONS:
            return None
        label = SUPERVISION_DECISIONS[decision]
        parent = self.board.get(task.spec.parent_task_id)
        summary = f"{label}：{parent.spec.title if parent else task.spec.title}"
        if decision == "summon":
            summary += f"（{form['meeting_on']}，约谈对象：{form['attendees']}）"
        if form.get("matters"):  # O2-O4: the measure's content (forms before it have none)
            summary += f"；事项：{form['matters']}"
            if form.get("notice_no"):
                summary += f"；文号：{form['notice_no']}"
            if form.get("follow_up_due"):
                summary += f"；整改落实期限：{form['follow_up_due']}"
            content = {k: form.get(k, "") for k in ("notice_no", "matters", "follow_up_due", "circulation_scope")}
            self.timeline.update_details(**{f"supervision_{decision}": {**content, "by_org_id": task.spec.org_id}})
        if decision == "list_supervision":
            self.timeline.update_details(listed_for_supervision_by_upper_office=True)
        self.timeline.record_event(
            "urged" if decision == "urge" else f"supervision_{decision}",
            summary,
            actor=actor,
            reason=form.get("reason", ""),
            data=form,
        )
        await self.timeline.flush()
        return f"已{label}"
