"""Escalating measures for continued refusal (domain notes §5.4 and §1.1) and the helpers every
part of the rectification uses: 责令停产停业整顿 (安全生产法 art 102), the refusal that may be
危险作业罪 (刑法 art 134之一(二), a referral to the crime-transfer process), 按日连续处罚 (art 112),
提请关闭 (art 113) and stopping power supply (art 70): the head's approval, written notice to the
power company, 24 hours' notice to the enterprise, lifted once it complies.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Coroutine
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.names import COMPUTE_LAWFUL_DAY
    from domain import rectification as rc
    from domain.china_time import CHINA_OFFSET, aware, yuan
    from domain.errors import Conflict, InvalidInput
    from domain.forms import StepForm
    from domain.legal_calendar import end_of_day
    from workflows.contracts import Actor, UpdateResult
    from workflows.kernel import PROJECTION_TIMEOUT, CaseWorkflow, TaskSpec, china_today
    from workflows.kernel.deadline import MovableDeadline
    from workflows.kernel.referrals import record_suspension_order, refer_for_crime_transfer
    from workflows.rectification_contracts import LawfulDay, LawfulDayRequest, RectificationInput

MEASURE_FORMS = (
    rc.PowerCutProposalForm,
    rc.PowerCutLiftForm,
    rc.SuspensionOrderForm,
    rc.SuspensionRefusedForm,
    rc.ContinuousFineForm,
    rc.ClosureProposalForm,
)


class RectificationMeasures(CaseWorkflow):
    """The measures a bureau takes against continued refusal, beside the procedure."""

    def __init__(self) -> None:
        super().__init__()
        self._input: RectificationInput | None = None
        self._fine = 0
        self._power: str = ""  # "" | proposed | scheduled | stopped | lifted
        self._suspension_no = ""
        self._refused = False
        self._continuous_fines: list[dict[str, Any]] = []
        self._ended: tuple[str, str] | None = None
        self._litigation_until: dt.date | None = None
        # 行政强制法 art 53: the court is applied to once the litigation window has passed with
        # no appeal pending; a reconsideration decision moves the window (行政诉讼法 art 45).
        self.litigation_window = MovableDeadline(
            self._litigation_window_end,
            "window",
            ready=lambda: self.pending_appeal(None) is None,
            stop=lambda: self._ended is not None,
        )
        self._spawned: list[asyncio.Task[Any]] = []

    def validate_measure(self, form: StepForm) -> None:
        if isinstance(form, rc.SuspensionOrderForm) and self._suspension_no:
            raise Conflict(f"已责令停产停业整顿（{self._suspension_no}）")
        if isinstance(form, rc.SuspensionRefusedForm) and not self._suspension_no:
            raise Conflict("尚未责令停产停业整顿")
        if isinstance(form, rc.PowerCutProposalForm):
            # Art 70: only after an order to stop was refused, with a real danger of an accident.
            if not self._refused:
                raise Conflict("停止供电须以拒不执行停产停业决定为前提（安全生产法第七十条）")
            if self._power in ("proposed", "scheduled", "stopped"):
                raise Conflict("停止供电措施已在审批或实施中")
        if isinstance(form, rc.PowerCutLiftForm) and self._power not in ("scheduled", "stopped"):
            raise Conflict("未实施停止供电措施")
        if isinstance(form, rc.ContinuousFineForm):
            if self._fine <= 0:
                raise Conflict("按日连续处罚须以已作出的罚款决定为基础（安全生产法第一百一十二条）")
            if form.to_on < form.from_on or form.to_on > china_today():
                raise InvalidInput("计罚截止日须不早于起始日且不晚于今天")

    async def perform_measure(self, form: StepForm, actor: Actor) -> UpdateResult:
        if isinstance(form, rc.SuspensionOrderForm):
            self._suspension_no = form.order_no
            record_suspension_order(self.timeline, form, actor)
            await self.flush()
            return UpdateResult(None, "已责令停产停业整顿")
        if isinstance(form, rc.SuspensionRefusedForm):
            self._refused = True
            # 刑法 art 134之一(二): the crime-transfer intake prefills from this referral.
            refer_for_crime_transfer(self.timeline, form, actor, suspension_refused=True)
            await self.flush()
            return UpdateResult(None, "已记录拒不执行情况并形成移送线索；可提请停止供电")
        if isinstance(form, rc.ContinuousFineForm):
            amount = rc.continuous_fine(self._fine, form.from_on, form.to_on)
            entry = {**form.model_dump(mode="json"), "amount_cny": amount}
            self._continuous_fines.append(entry)
            self.update_details(continuous_fines=list(self._continuous_fines))
            self.record_event(
                "continuous_fine",
                f"按日连续处罚（{form.decision_no}）：{form.from_on.isoformat()}至{form.to_on.isoformat()}，"
                f"每日{yuan(self._fine)}，计{yuan(amount)}",
                actor=actor,
                data=entry,
            )
            await self.flush()
            return UpdateResult(None, f"已登记按日连续处罚{yuan(amount)}")
        if isinstance(form, rc.ClosureProposalForm):
            self.update_details(closure_proposed_to=form.government)
            self.record_event("closure_proposed", f"提请{form.government}予以关闭", actor=actor, reason=form.reasons)
            await self.flush()
            return UpdateResult(None, "已提请关闭")
        if isinstance(form, rc.PowerCutProposalForm):
            self._power = "proposed"
            self.update_details(power_supply={"state": "proposed"})
            self.record_event("power_cut_proposed", "提请停止供电", actor=actor, reason=form.danger)
            self._spawn(self._power_cut())
            await self.settle()
            return UpdateResult(None, "已提请负责人审批停止供电")
        assert isinstance(form, rc.PowerCutLiftForm)
        self._power = "lifted"
        self.update_details(power_supply={"state": "lifted", "lifted_on": china_today().isoformat()})
        self.record_event(
            "power_cut_lifted",
            "生产经营单位已履行决定、消除危险，解除停止供电措施，书面通知供电企业恢复供电",
            actor=actor,
            reason=form.compliance,
        )
        self.litigation_window.wake()
        await self.flush()
        return UpdateResult(None, "已解除停止供电措施")

    # ---- power supply (安全生产法 art 70) -------------------------------------------------------

    async def _power_cut(self) -> None:
        approval = await self.tasks.human_step(
            TaskSpec(
                "power_cut_approval",
                "审批停止供电措施",
                self._orgs().bureau.org_id,
                "head",
                "rectification.power_cut_approval",
                rc.PowerCutApprovalForm,
            )
        )
        if approval.actor is None:
            return
        if approval.form["decision"] == "refuse":
            self._power = ""
            self.update_details(power_supply={"state": "refused"})
            self.record_event("power_cut_refused", "负责人不批准停止供电", actor=approval.actor)
            await self.flush()
            return
        self.record_event("power_cut_approved", "本部门主要负责人批准停止供电", actor=approval.actor)
        notice = await self.tasks.human_step(
            self.bureau_step("power_cut_notice", "书面通知供电企业并提前24小时通知生产经营单位")
        )
        if notice.actor is None:
            return
        notified = aware(dt.datetime.fromisoformat(notice.form["enterprise_notified_at"]))
        # 24 hours' notice, then the first daytime hour of a working day (行政强制法 art 43).
        cut = await self.lawful(LawfulDayRequest(notified + dt.timedelta(hours=24), moment=True))
        if self._power != "proposed":
            return
        self._power = "scheduled"
        stop_at = cut.at.astimezone(CHINA_OFFSET)
        self.update_details(
            power_supply={
                "state": "scheduled",
                "power_company": notice.form["power_company"],
                "letter_no": notice.form["letter_no"],
                "stop_at": stop_at.isoformat(),
            }
        )
        self.record_event(
            "power_company_notified",
            f"书面通知{notice.form['power_company']}（{notice.form['letter_no']}）于{stop_at:%Y-%m-%d %H:%M}停止供电",
            actor=notice.actor,
        )
        await self.flush()
        try:
            await workflow.wait_condition(
                lambda: self._power != "scheduled", timeout=cut.at - workflow.now(), timeout_summary="power cut notice"
            )
        except TimeoutError:
            pass
        if self._power == "scheduled" and self._ended is None:
            self._power = "stopped"
            self.update_details(power_supply={**_details_of_power(notice.form, stop_at), "state": "stopped"})
            self.record_event("power_supply_stopped", f"供电企业自{stop_at:%Y-%m-%d %H:%M}起停止供电")
            await self.flush()

    def lift_power_cut_on_close(self, summary: str) -> None:
        """Art 70: lifted once the unit complies; a case that closes (rectified, paid, revoked,
        transferred) leaves no power cut behind."""
        if self._power not in ("scheduled", "stopped"):
            return
        self._power = "lifted"
        self.update_details(power_supply={"state": "lifted", "lifted_on": china_today().isoformat()})
        self.record_event("power_cut_lifted", f"{summary}，解除停止供电措施，书面通知供电企业恢复供电")
        self.litigation_window.wake()

    # ---- helpers -----------------------------------------------------------------------------

    async def lawful(self, request: LawfulDayRequest) -> LawfulDay:
        day: LawfulDay = await workflow.execute_local_activity(
            COMPUTE_LAWFUL_DAY, request, result_type=LawfulDay, start_to_close_timeout=PROJECTION_TIMEOUT
        )
        return day

    def bureau_step(
        self, step: str, title: str, *, due_on: dt.date | None = None, clock_start: dt.datetime | None = None
    ) -> TaskSpec:
        form: type[StepForm] = rc.RECTIFICATION_STEP_FORMS[step]
        return TaskSpec(
            step,
            title,
            self._orgs().bureau.org_id,
            "handler",
            f"rectification.{_RULE_OF_STEP.get(step, step)}",
            form,
            due_on=due_on,
            clock_start=clock_start,
        )

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        self._spawned.append(asyncio.create_task(coroutine))

    def _orgs(self) -> RectificationInput:
        assert self._input is not None
        return self._input

    def _litigation_window_end(self) -> dt.datetime:
        assert self._litigation_until is not None
        return end_of_day(self._litigation_until)

    def pending_appeal(self, kind: str | None) -> dict[str, Any] | None:
        """Overridden where appeals are kept; none here."""
        return None


_RULE_OF_STEP = {"completion": "period"}


def _details_of_power(form: dict[str, Any], stop_at: dt.datetime) -> dict[str, Any]:
    return {"power_company": form["power_company"], "letter_no": form["letter_no"], "stop_at": stop_at.isoformat()}
