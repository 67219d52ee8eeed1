"""Moving a task's clock by hand: stopping and restarting it (中止计时, e.g. time for technical
appraisal is not counted), the cap on extensions, and a new holiday calendar."""

from __future__ import annotations

import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.china_time import day_of
    from domain.errors import Conflict, Forbidden, InvalidInput
    from domain.supervision import ResumeClockForm, SuspendClockForm, check_extension_cap
    from workflows.contracts import Actor, CalendarChange, CaseActionCommand, TaskChange, UpdateResult
    from workflows.kernel.actions import CaseActions
    from workflows.kernel.human_task import OpenTask, TaskBoard
    from workflows.kernel.refusals import parse_form


class ClockControl:
    def __init__(self, board: TaskBoard) -> None:
        self.board = board
        self.timeline = board.timeline

    def register(self, actions: CaseActions) -> None:
        actions.add("suspend_clock", self._check_suspend, self._suspend)
        actions.add("resume_clock", self._check_resume, self._resume)

    def _check_suspend(self, cmd: CaseActionCommand) -> None:
        form = parse_form(SuspendClockForm, cmd.form)
        if self._owned_clock(form.task_id, cmd.actor).suspended:
            raise Conflict("该期限已中止计时")

    def _check_resume(self, cmd: CaseActionCommand) -> None:
        form = parse_form(ResumeClockForm, cmd.form)
        if not self._owned_clock(form.task_id, cmd.actor).suspended:
            raise Conflict("该期限未中止计时")

    async def _suspend(self, cmd: CaseActionCommand) -> UpdateResult:
        stop = SuspendClockForm.model_validate(cmd.form)
        await self._set_running(stop.task_id, False, cmd.actor, stop.reason, stop.basis)
        return UpdateResult(stop.task_id, "已中止计时")

    async def _resume(self, cmd: CaseActionCommand) -> UpdateResult:
        resume = ResumeClockForm.model_validate(cmd.form)
        await self._set_running(resume.task_id, True, cmd.actor, resume.reason, "")
        return UpdateResult(resume.task_id, "已恢复计时，中止期间不计入期限")

    async def _set_running(self, task_id: str, running: bool, actor: Actor, reason: str, basis: str) -> None:
        """Stop or restart a task's clock; the activity adds the paused time back on restart."""
        task = self.board.tasks[task_id]
        task.suspended = not running
        event, label = ("resumed", "恢复计时") if running else ("suspended", "中止计时")
        self.timeline.change_task(
            TaskChange(
                task.task_id,
                clock_event=event,
                clock_actor_id=actor.user_id,
                clock_actor_name=actor.name,
                clock_reason=reason,
                clock_basis=basis,
            )
        )
        self.timeline.record_event(f"clock_{event}", f"{label}：{task.spec.title}", actor=actor, reason=reason)
        if not running:
            task.wake = True  # disarm now; a restart re-arms when the moved schedule comes back
        await self.timeline.flush()

    def _owned_clock(self, task_id: str, actor: Actor) -> OpenTask:
        """The open task whose clock the actor may stop or restart: its owner or the office above."""
        task = self.board.get(task_id)
        if task is None or task.closed or task.schedule is None:
            raise Conflict("该任务不存在或已办结")
        owner = actor.org_id == task.spec.org_id and actor.role == task.spec.role
        supervisor = actor.org_id == task.schedule.escalation_org_id and actor.role == "office"
        if not (owner or supervisor):
            raise Forbidden("只有承办单位或上一级安委办可以中止或恢复计时")
        return task

    @staticmethod
    def check_extension(task: OpenTask, new_due: dt.date) -> None:
        """Refuse an extension beyond the rule's cap (raises InvalidInput, in a validator)."""
        schedule = task.schedule
        assert schedule is not None
        if task.suspended:
            # The pause's days are known only when it ends; an extension granted meanwhile would
            # count them twice or not at all (A21). Validators do not run on replay.
            raise InvalidInput("该期限正在中止计时，请恢复计时后再申请或批准延期")
        check_extension_cap(
            original_due=day_of(schedule.original_due_at or schedule.due_at),
            new_due=new_due,
            extensions_so_far=schedule.extension_count,
            max_extensions=schedule.max_extensions,
            max_extension_days=schedule.max_extension_days,
        )

    def recompute(self, change: CalendarChange) -> None:
        """A holiday year was imported or edited: recompute every open clock on the new calendar."""
        for task in self.board.open_tasks():
            if task.schedule is not None:
                self.timeline.change_task(
                    TaskChange(task.task_id, recompute_reason=change.description, recompute_key=change.revision)
                )
