"""Escalating measures against continued refusal (domain notes §5.4 and §1.1), as case actions:
责令停产停业整顿 (安全生产法 art 102); the refusal that may be 危险作业罪 (刑法 art 134之一(二), a
referral to the crime-transfer process); 按日连续处罚 (art 112); 提请关闭 (art 113).
Stopping the power supply (art 70) is in `power.py`.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import rectification as rc
    from domain.china_time import yuan
    from domain.errors import Conflict, InvalidInput
    from workflows.contracts import CaseActionCommand, UpdateResult
    from workflows.kernel import china_today
    from workflows.kernel.patches import SUSPENSION_CLOCK_PATCH, in_force
    from workflows.kernel.referrals import order_suspension, refer_for_crime_transfer
    from workflows.rectification.procedure import Procedure, RectificationPart
    from workflows.rectification.suspension import Suspension


class Measures(RectificationPart):
    codes = ("order_suspension", "report_refusal", "record_continuous_fine", "propose_closure")

    def __init__(self, procedure: Procedure) -> None:
        self.suspension = Suspension(procedure)
        super().__init__(procedure)

    def check_order_suspension(self, cmd: CaseActionCommand) -> None:
        form = self.procedure.admit(cmd)
        assert isinstance(form, rc.SuspensionForm)
        if self.state.suspension_no:
            raise Conflict(f"已责令停产停业整顿（{self.state.suspension_no}）")
        if form.served_on is None:
            raise InvalidInput("须填写停产停业决定的送达日期（期限自送达之日起算）")
        if form.served_on > china_today():
            raise InvalidInput("送达日期不能晚于今天")

    async def order_suspension(self, cmd: CaseActionCommand) -> UpdateResult:
        if not in_force(SUSPENSION_CLOCK_PATCH):
            return await order_suspension(self.case.timeline, cmd, self.state.note_suspension)
        form = rc.SuspensionForm.model_validate(cmd.form)
        self.state.note_suspension(form.order_no)
        kind = rc.SUSPENSION_KINDS[form.kind].split("（")[0]
        self.case.record_event(
            "suspension_ordered", f"{kind}（{form.order_no}）：{form.scope}", actor=cmd.actor, reason=form.reason
        )
        self.case.update_details(suspension_order=form.order_no, suspension={"kind": form.kind, "state": "suspended"})
        self.procedure.spawn(self.suspension.run(form))
        await self.case.settle()
        return UpdateResult(None, f"已{kind}")

    def check_report_refusal(self, cmd: CaseActionCommand) -> None:
        self.procedure.admit(cmd)
        if not self.state.suspension_no:
            raise Conflict("尚未责令停产停业整顿")

    async def report_refusal(self, cmd: CaseActionCommand) -> UpdateResult:
        form = rc.SuspensionRefusedForm.model_validate(cmd.form)
        self.state.refused = True
        # 刑法 art 134之一(二): the crime-transfer intake prefills from this referral.
        refer_for_crime_transfer(self.case.timeline, form, cmd.actor, suspension_refused=True)
        await self.case.flush()
        return UpdateResult(None, "已记录拒不执行情况并形成移送线索；可提请停止供电")

    def check_record_continuous_fine(self, cmd: CaseActionCommand) -> None:
        form = self.procedure.admit(cmd)
        assert isinstance(form, rc.ContinuousFineForm)
        if self.state.fine <= 0:
            raise Conflict("按日连续处罚须以已作出的罚款决定为基础（安全生产法第一百一十二条）")
        if form.to_on < form.from_on or form.to_on > china_today():
            raise InvalidInput("计罚截止日须不早于起始日且不晚于今天")
        if self.state.ordered_on and form.from_on <= self.state.ordered_on:
            # 安全生产法 art 112: "自作出责令改正之日的次日起".
            raise InvalidInput(f"按日连续处罚自责令改正之日（{self.state.ordered_on.isoformat()}）的次日起计算")

    async def record_continuous_fine(self, cmd: CaseActionCommand) -> UpdateResult:
        form = rc.ContinuousFineForm.model_validate(cmd.form)
        state = self.state
        amount = rc.continuous_fine(state.fine, form.from_on, form.to_on)
        entry = {**form.model_dump(mode="json"), "amount_cny": amount}
        state.continuous_fines.append(entry)
        self.case.update_details(continuous_fines=list(state.continuous_fines))
        self.case.record_event(
            "continuous_fine",
            f"按日连续处罚（{form.decision_no}）：{form.from_on.isoformat()}至{form.to_on.isoformat()}，"
            f"每日{yuan(state.fine)}，计{yuan(amount)}",
            actor=cmd.actor,
            data=entry,
        )
        await self.case.flush()
        return UpdateResult(None, f"已登记按日连续处罚{yuan(amount)}")

    def check_propose_closure(self, cmd: CaseActionCommand) -> None:
        form = self.procedure.admit(cmd)
        assert isinstance(form, rc.ClosureProposalForm)
        state = self.state
        if not form.ground:
            raise InvalidInput("须选择安全生产法第一百一十三条规定的关闭情形")
        if form.ground == "refused_suspension" and not state.refused:
            raise Conflict("尚未登记拒不执行停产停业整顿决定（第一百一十三条第（四）项）")
        if form.ground == "not_safe_after_suspension" and state.suspension_state not in ("lapsed", "refused"):
            raise Conflict("停产停业整顿尚未结束或已经审查同意恢复，不属于第一百一十三条第（二）项")

    async def propose_closure(self, cmd: CaseActionCommand) -> UpdateResult:
        form = rc.ClosureProposalForm.model_validate(cmd.form)
        ground = rc.CLOSURE_GROUNDS.get(form.ground, "")
        self.case.update_details(closure_proposed_to=form.government, closure_ground=ground or None)
        self.case.record_event(
            "closure_proposed",
            f"提请{form.government}予以关闭" + (f"：{ground}" if ground else ""),
            actor=cmd.actor,
            reason=form.reasons,
        )
        await self.case.flush()
        return UpdateResult(None, "已提请关闭")
