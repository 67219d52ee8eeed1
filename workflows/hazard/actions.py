"""The case actions of the hazard supervision, each a check (the `act` validator) beside its effect.

- 申请延期 (16号令 art 16): the enterprise or the bureau asks, in time, for a later deadline;
  the listing office decides (`request → decide → move the clock`, workflows/kernel/decisions.py).
- 责令停产停业整顿 (安全生产法 art 102): only for an overdue rectification.
- 拒不执行: the refusal is referred to the crime-transfer process (刑法 art 134之一(二)).
"""

from __future__ import annotations

import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import hazard
    from domain.errors import Conflict
    from workflows.contracts import Actor, CaseActionCommand, UpdateResult
    from workflows.hazard.state import HazardState
    from workflows.kernel import china_today, parse_form, require
    from workflows.kernel.action_set import ActionSet
    from workflows.kernel.referrals import order_suspension, refer_for_crime_transfer


REQUESTED = "延期申请已提交，待挂牌单位审批"  # the Update's answer to the request


class HazardActions(ActionSet[HazardState]):
    codes = ("request_extension", "order_suspension", "report_refusal")

    # ---- 申请延期 -------------------------------------------------------------------------

    def check_request_extension(self, cmd: CaseActionCommand) -> None:
        state = self.state
        if not self.case.is_case_enterprise(cmd.actor):
            require(cmd.actor, {(state.inp.supervising_org_id, "handler")})
        rectification = state.running_rectification()
        if rectification is None:
            raise Conflict("当前不在整改阶段，不能申请延期")
        self.decision.refuse_if_pending()
        form = parse_form(hazard.ExtensionRequestForm, cmd.form)
        assert state.deadline is not None and rectification.schedule is not None
        hazard.check_extension_request(
            form.requested_deadline, state.deadline, china_today(), rectification.schedule.extension_cutoff
        )
        if state.decided_on is not None:
            hazard.check_total_rectification(
                form.requested_deadline, state.decided_on, state.inp.max_rectification_days
            )

    async def request_extension(self, cmd: CaseActionCommand) -> UpdateResult:
        form = hazard.ExtensionRequestForm.model_validate(cmd.form)
        summary = f"申请延期至{form.requested_deadline.isoformat()}"
        decision = self.decide_extension(form.requested_deadline, cmd.actor)
        return await self.decision.request(cmd, summary, decision, reason=form.reason, message=REQUESTED)

    async def decide_extension(self, requested: dt.date, actor: Actor) -> None:
        """The listing office approves (the rectification clock moves) or rejects."""
        outcome = await self.decision.decide(self.state.task("extension_decision"))
        rectification = self.state.running_rectification()
        if outcome is None or outcome.actor is None or rectification is None:
            return
        decision = outcome.parsed(hazard.ExtensionDecisionForm)
        if decision.decision == "reject":
            self.case.record_event("extension_rejected", "不同意延期", actor=actor, reason=decision.opinion)
            return
        assert decision.new_deadline is not None
        self.state.deadline = decision.new_deadline
        await self.case.tasks.move_due_day(
            rectification,
            decision.new_deadline,
            f"同意延期：整改期限延至{decision.new_deadline.isoformat()}（申请{requested.isoformat()}）",
            outcome.actor,
        )
        self.case.set_status("rectifying", "整改期限已延期", rectification_deadline=decision.new_deadline.isoformat())

    # ---- 责令停产停业整顿, 拒不执行 ----------------------------------------------------------------

    def require_bureau_or_office(self, actor: Actor) -> None:
        inp = self.state.inp
        allowed = {(inp.supervising_org_id, "handler"), (inp.listing_office_org_id, "office")}
        require(actor, allowed, "只有监管部门承办人或挂牌单位可以执行该操作")

    def check_order_suspension(self, cmd: CaseActionCommand) -> None:
        self.require_bureau_or_office(cmd.actor)
        rectification = self.state.running_rectification()
        if rectification is None or not rectification.overdue:
            raise Conflict("只有逾期未完成整改的隐患才能责令停产停业整顿")
        if self.state.suspension_order:
            raise Conflict("已责令停产停业整顿")
        parse_form(hazard.SuspensionOrderForm, cmd.form)

    async def order_suspension(self, cmd: CaseActionCommand) -> UpdateResult:
        return await order_suspension(self.case.timeline, cmd, self.state.note_suspension)

    def check_report_refusal(self, cmd: CaseActionCommand) -> None:
        self.require_bureau_or_office(cmd.actor)
        if not self.state.suspension_order:
            raise Conflict("尚未责令停产停业整顿")
        parse_form(hazard.SuspensionRefusedForm, cmd.form)

    async def report_refusal(self, cmd: CaseActionCommand) -> UpdateResult:
        refusal = hazard.SuspensionRefusedForm.model_validate(cmd.form)
        refer_for_crime_transfer(self.case.timeline, refusal, cmd.actor)
        await self.case.flush()
        return UpdateResult(None, "已记录拒不执行情况并形成移送线索")
