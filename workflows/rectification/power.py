"""Stopping the power supply (安全生产法 art 70): only after an order to stop was refused, with a
real danger; the department's principal head (主要负责人) approves, the power company is notified
in writing and the enterprise 24 hours ahead, unless an emergency endangers safety; the cut falls
in daytime on a working day (行政强制法 art 43) except in that emergency; it is lifted once the
unit complies, and a case that closes leaves no power cut behind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import rectification as rc
    from domain.china_time import CHINA_OFFSET, aware
    from domain.errors import Conflict
    from workflows.contracts import CaseActionCommand, UpdateResult
    from workflows.kernel import china_today
    from workflows.kernel.patches import POWER_CUT_EMERGENCY_PATCH, SUSPENSION_CLOCK_PATCH, in_force
    from workflows.rectification.contracts import LawfulDay, LawfulDayRequest
    from workflows.rectification.procedure import RectificationPart


class PowerCut(RectificationPart):
    codes = ("propose_power_cut", "lift_power_cut")

    def check_propose_power_cut(self, cmd: CaseActionCommand) -> None:
        self.procedure.admit(cmd)
        if not self.state.refused:
            raise Conflict("停止供电须以拒不执行停产停业决定为前提（安全生产法第七十条）")
        if self.state.power in ("proposed", "scheduled", "stopped"):
            raise Conflict("停止供电措施已在审批或实施中")

    async def propose_power_cut(self, cmd: CaseActionCommand) -> UpdateResult:
        form = rc.PowerCutProposalForm.model_validate(cmd.form)
        self.state.power = "proposed"
        self.case.update_details(power_supply={"state": "proposed"})
        self.case.record_event("power_cut_proposed", "提请停止供电", actor=cmd.actor, reason=form.danger)
        self.procedure.spawn(self.cut())
        await self.case.settle()
        return UpdateResult(None, "已提请负责人审批停止供电")

    async def cut(self) -> None:
        case, state = self.case, self.state
        approval = await case.tasks.human_step(state.task("power_cut_approval"))
        if approval.actor is None:
            return
        if approval.parsed(rc.PowerCutApprovalForm).decision == "refuse":
            state.power = ""
            case.update_details(power_supply={"state": "refused"})
            case.record_event("power_cut_refused", "负责人不批准停止供电", actor=approval.actor)
            await case.flush()
            return
        case.record_event("power_cut_approved", "本部门主要负责人批准停止供电", actor=approval.actor)
        if in_force(SUSPENSION_CLOCK_PATCH):
            self.procedure.disclose("停止供电决定")  # 国办发〔2015〕20号 (十五), R19
        notice = await case.tasks.human_step(state.task("power_cut_notice"))
        if notice.actor is None:
            return
        notified = aware(dt.datetime.fromisoformat(notice.form["enterprise_notified_at"]))
        if notice.form.get("emergency") and in_force(POWER_CUT_EMERGENCY_PATCH):
            # Art 70(2): "除有危及生产安全的紧急情形外" the 24 hours' notice; 行政强制法 art 43: "情况紧急的除外".
            cut = LawfulDay(china_today(), workflow.now(), "危及生产安全的紧急情形，立即停止供电")
            case.record_event(
                "power_cut_emergency",
                "有危及生产安全的紧急情形，不提前二十四小时通知",
                reason=notice.form["emergency_facts"],
            )
        else:
            # 24 hours' notice, then the first daytime hour of a working day (行政强制法 art 43).
            cut = await self.procedure.lawful(LawfulDayRequest(notified + dt.timedelta(hours=24), moment=True))
        if state.power != "proposed":
            return
        state.power = "scheduled"
        stop_at = cut.at.astimezone(CHINA_OFFSET)
        case.update_details(power_supply={"state": "scheduled", **_power_details(notice.form, stop_at)})
        case.record_event(
            "power_company_notified",
            f"书面通知{notice.form['power_company']}（{notice.form['letter_no']}）于{stop_at:%Y-%m-%d %H:%M}停止供电",
            actor=notice.actor,
        )
        await case.flush()
        if cut.at > workflow.now():  # an emergency cut takes effect at once
            try:
                await workflow.wait_condition(
                    lambda: state.power != "scheduled",
                    timeout=cut.at - workflow.now(),
                    timeout_summary="power cut notice",
                )
            except TimeoutError:
                pass
        if state.power == "scheduled" and state.ended is None:
            state.power = "stopped"
            case.update_details(power_supply={**_power_details(notice.form, stop_at), "state": "stopped"})
            case.record_event("power_supply_stopped", f"供电企业自{stop_at:%Y-%m-%d %H:%M}起停止供电")
            await case.flush()

    def check_lift_power_cut(self, cmd: CaseActionCommand) -> None:
        self.procedure.admit(cmd)
        if self.state.power not in ("scheduled", "stopped"):
            raise Conflict("未实施停止供电措施")

    async def lift_power_cut(self, cmd: CaseActionCommand) -> UpdateResult:
        form = rc.PowerCutLiftForm.model_validate(cmd.form)
        self._lifted(
            "生产经营单位已履行决定、消除危险，解除停止供电措施，书面通知供电企业恢复供电", cmd, form.compliance
        )
        await self.case.flush()
        return UpdateResult(None, "已解除停止供电措施")

    def lift_on_close(self, summary: str) -> None:
        """Art 70: a case that closes (rectified, paid, revoked, transferred) leaves no power cut behind."""
        if self.state.power in ("scheduled", "stopped"):
            self._lifted(f"{summary}，解除停止供电措施，书面通知供电企业恢复供电", None, "")

    def _lifted(self, summary: str, cmd: CaseActionCommand | None, reason: str) -> None:
        self.state.power = "lifted"
        self.case.update_details(power_supply={"state": "lifted", "lifted_on": china_today().isoformat()})
        self.case.record_event("power_cut_lifted", summary, actor=cmd.actor if cmd else None, reason=reason)
        self.procedure.litigation_window.wake()


def _power_details(form: dict[str, Any], stop_at: dt.datetime) -> dict[str, Any]:
    return {"power_company": form["power_company"], "letter_no": form["letter_no"], "stop_at": stop_at.isoformat()}
