"""The public report's case action: 申请延长办理期限 (安监总财〔2012〕63号).

The handling bureau asks; the upper level's head decides; an approval moves the handling limit
by the days asked (once, within the rule's cap), and the reporter is told the new limit and why.
"""

from __future__ import annotations

import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import public_report as pr
    from domain.china_time import day_of
    from domain.errors import Conflict, InvalidInput
    from workflows.contracts import CaseActionCommand, UpdateResult
    from workflows.kernel import OpenTask, parse_form, require
    from workflows.kernel.action_set import ActionSet
    from workflows.public_report.state import ReportState


REQUESTED = "延期申请已报上一级部门审批"  # the Update's answer to the request


class ReportActions(ActionSet[ReportState]):
    codes = ("request_extension",)
    pending = "已有延期申请待上一级部门审批"

    def check_request_extension(self, cmd: CaseActionCommand) -> None:
        state = self.state
        require(cmd.actor, {(state.handling_org, "handler")}, "只有承办举报的部门可以申请延期")
        form = parse_form(pr.ExtensionRequestForm, cmd.form)
        task = state.handling
        if task is None or task.closed or task.schedule is None:
            raise Conflict("举报尚未受理或已作出处理结论，不能延长办理期限")
        self.decision.refuse_if_pending()
        if state.upper_org is None:
            raise Conflict("没有上一级部门可以审批延期")
        limit = task.schedule.max_extensions
        if state.extended and (limit is None or limit <= 1):
            raise Conflict("办理期限已延长过，不能再次延长")
        cap = task.schedule.max_extension_days
        base = self.extension_base(task)
        new_due = base + dt.timedelta(days=form.days)
        if cap is not None and (new_due - base).days > cap:
            raise InvalidInput(f"延长期限合计不得超过{cap}日")

    def extension_base(self, task: OpenTask) -> dt.date:
        """The day the extension is added to (P4): the handling period's unrolled end after any
        suspended days, as the projection computes it — not the day rolled past a rest day."""
        assert task.schedule is not None
        if self.state.extended or task.schedule.original_due_at is None:
            return day_of(task.schedule.due_at)
        return day_of(task.schedule.original_due_at)

    async def request_extension(self, cmd: CaseActionCommand) -> UpdateResult:
        form = pr.ExtensionRequestForm.model_validate(cmd.form)
        summary = f"申请延长办理期限{form.days}日，报上一级部门审批"
        decision = self.decide_extension(form.days, form.reason)
        return await self.decision.request(cmd, summary, decision, reason=form.reason, message=REQUESTED)

    async def decide_extension(self, days: int, reason: str) -> None:
        title = f"审批延长举报办理期限（{days}日）"
        outcome = await self.decision.decide(self.state.task("extension_decision", title=title))
        task = self.state.handling
        if outcome is None or outcome.actor is None or task is None or task.closed or task.schedule is None:
            return
        decision = outcome.parsed(pr.ExtensionDecisionForm)
        if decision.decision == "refuse":
            self.case.record_event(
                "extension_refused", "上一级部门不批准延期", actor=outcome.actor, reason=decision.opinion
            )
            await self.case.flush()
            return
        new_due = self.extension_base(task) + dt.timedelta(days=days)
        self.state.extended = True
        await self.case.tasks.move_due_day(
            task, new_due, f"上一级部门批准延期：办理期限延至{new_due.isoformat()}", outcome.actor
        )
        # The reporter is told the new limit (moved past a holiday by the calendar) and why.
        self.case.update_details(handling_due=day_of(task.schedule.due_at).isoformat(), extension_reason=reason)
        await self.case.flush()
