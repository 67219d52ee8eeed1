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
    from activities.names import COUNT_ENTERPRISE_PENALTIES
    from domain import hazard
    from domain.errors import Conflict
    from domain.hazard_measures import PENALTY_EVENT, HazardPenaltyForm, closure_ground
    from workflows.contracts import Actor, CaseActionCommand, UpdateResult
    from workflows.hazard.rules2026 import HazardRules
    from workflows.hazard.state import HazardState
    from workflows.kernel import china_today, parse_form, require
    from workflows.kernel.action_set import ActionSet
    from workflows.kernel.referrals import order_suspension, refer_for_crime_transfer


REQUESTED = "延期申请已提交，待挂牌单位审批"  # the Update's answer to the request


class HazardActions(ActionSet[HazardState]):
    codes = ("request_extension", "order_suspension", "report_refusal", "record_penalty")

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
        if self.state.law:  # 安全生产法 第一百一十三条第四项: refusing 停产停业整顿 → 提请关闭
            self.case.spawn(self.rules.propose_closure("refused_suspension", refusal.facts))
            return UpdateResult(None, "已记录拒不执行情况并形成移送线索，应当提请地方人民政府予以关闭")
        return UpdateResult(None, "已记录拒不执行情况并形成移送线索")

    # ---- 行政处罚 (安全生产法 art 102) and the closure counter (art 113(1)) ------------------------

    def check_record_penalty(self, cmd: CaseActionCommand) -> None:
        require(cmd.actor, {(self.state.inp.supervising_org_id, "handler")}, "只有监管部门承办人可以登记行政处罚")
        if self.state.inp.enterprise_id is None:
            raise Conflict("本案未关联企业，无法登记行政处罚")
        form = parse_form(HazardPenaltyForm, cmd.form)
        if form.decided_on > china_today():
            raise Conflict("处罚决定日期不能晚于今天")

    async def record_penalty(self, cmd: CaseActionCommand) -> UpdateResult:
        """The fine on the timeline; then the enterprise's penalties in all its cases are counted
        and reaching 3 in 180 days or 4 in a year prompts the closure proposal (must, art 113)."""
        form = HazardPenaltyForm.model_validate(cmd.form)
        state, case = self.state, self.case
        target = form.person_name if form.target == "person" else state.inp.enterprise_name
        case.record_event(
            PENALTY_EVENT,
            f"行政处罚（{form.decision_no}）：对{target}罚款{form.fine_cny}元（安全生产法第一百零二条）",
            actor=cmd.actor,
            reason=form.facts,
            data={**form.model_dump(mode="json"), "enterprise_id": state.inp.enterprise_id},
        )
        state.penalties.append(form.decided_on.isoformat())
        await case.flush()
        assert state.inp.enterprise_id is not None
        days: list[dt.date] = await workflow.execute_activity(
            COUNT_ENTERPRISE_PENALTIES,
            state.inp.enterprise_id,
            result_type=list[dt.date],
            start_to_close_timeout=dt.timedelta(seconds=30),
        )
        ground = closure_ground(days, china_today())
        if ground is None:
            return UpdateResult(None, "已登记行政处罚")
        case.spawn(self.rules.propose_closure("repeat_penalties", ground))
        return UpdateResult(None, f"已登记行政处罚；{ground}，应当提请地方人民政府予以关闭")

    @property
    def rules(self) -> HazardRules:
        return HazardRules(self.case, self.state)
