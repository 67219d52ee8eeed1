"""The mechanics of a contested rectification: its state, step checks, case actions (appeals,
power-supply suspension, jurisdiction referral) and the helpers the procedure in
`rectification.py` uses.

Split from the procedure so that `rectification.py` reads like the domain notes §5.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.names import COMPUTE_LAWFUL_DAY
    from domain import rectification as rc
    from domain.forms import StepForm
    from domain.legal_calendar import end_of_day
    from workflows.case_workflow import (
        CHINA_OFFSET,
        CONFLICT,
        FORBIDDEN,
        INVALID,
        PROJECTION_TIMEOUT,
        CaseWorkflow,
        OpenTask,
        TaskOutcome,
        TaskSpec,
        china_today,
        refuse,
    )
    from workflows.contracts import Actor, CaseActionCommand, UpdateResult
    from workflows.rectification_contracts import LawfulDay, LawfulDayRequest

if TYPE_CHECKING:
    from workflows.rectification import RectificationInput

PROCESS = rc.PROCESS
ACTIONS = tuple(rc.RECTIFICATION_ACTION_FORMS)
# Steps that belong to the penalty's execution: a revoked decision closes them.
APPEAL_KINDS = {"reconsideration": "行政复议", "litigation": "行政诉讼"}


class CaseEnded(Exception):
    """The case ended while a step was open: decision revoked, or another department designated."""


def start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=CHINA_OFFSET)


def yuan(amount: int) -> str:
    return f"{amount:,}元"


class RectificationCase(CaseWorkflow):
    """State and rules shared by the steps of a rectification; the workflow adds the procedure."""

    process = PROCESS

    def __init__(self) -> None:
        super().__init__()
        self._input: RectificationInput | None = None
        self._ordered_on: dt.date | None = None
        self._order_no = ""
        self._notice_no = ""
        self._serious = False
        self._hearing_on: dt.date | None = None
        self._decision_no = ""
        self._fine = 0
        self._payment_due: dt.date | None = None
        self._reconsideration_until: dt.date | None = None
        self._litigation_until: dt.date | None = None
        self._appeals: list[dict[str, Any]] = []  # {kind, filed_on, body, result, decided_on}
        self._published = False
        self._publication_task: OpenTask | None = None
        self._withdrawals: list[asyncio.Task[Any]] = []
        self._enforce_on: dt.date | None = None
        self._power: str = ""  # "" | proposed | scheduled | stopped | lifted
        self._referral_pending = False
        self._ended: tuple[str, str] | None = None
        self._wake = False
        self._spawned: list[asyncio.Task[Any]] = []

    # ---- step checks -------------------------------------------------------------------------

    def validate_step(self, task: OpenTask, form: Any, actor: Actor) -> None:
        today = china_today()
        for name in ("served_on", "reported_on", "inspected_on", "paid_on", "filed_on", "held_on", "enforced_on"):
            value = getattr(form, name, None)
            if isinstance(value, dt.date) and value > today:
                raise refuse(INVALID, f"{type(form).model_fields[name].title}不能晚于今天")
        if isinstance(form, rc.ServiceForm) and self._ordered_on and form.served_on < self._ordered_on:
            raise refuse(INVALID, "送达日期不能早于指令书签发日期")
        if isinstance(form, rc.StatementForm) and form.kind == "hearing" and not self._serious:
            raise refuse(INVALID, "拟作出的处罚不属于听证范围（行政处罚法第六十三条），只能陈述、申辩")
        if isinstance(form, rc.HearingNoticeForm) and form.hearing_on <= today:
            raise refuse(INVALID, "听证日期须晚于今天")
        if isinstance(form, rc.HearingForm) and self._hearing_on and form.held_on < self._hearing_on:
            raise refuse(INVALID, f"听证不得早于通知的日期{self._hearing_on.isoformat()}")
        if isinstance(form, rc.CourtApplicationForm) and self._litigation_until:
            if form.filed_on <= self._litigation_until:
                raise refuse(INVALID, "起诉期限届满后方可申请人民法院强制执行（行政强制法第五十三条）")
        if isinstance(form, rc.EnforcementForm) and self._enforce_on and form.enforced_on < self._enforce_on:
            raise refuse(INVALID, f"执行日期不得早于安排的执行日{self._enforce_on.isoformat()}")
        if isinstance(form, rc.PowerCutNoticeForm) and _aware(form.enterprise_notified_at) > workflow.now():
            raise refuse(INVALID, "通知时间不能晚于现在")
        super().validate_step(task, form, actor)

    # ---- actions -----------------------------------------------------------------------------

    def validate_action(self, cmd: CaseActionCommand) -> None:
        if cmd.action not in ACTIONS:
            super().validate_action(cmd)
            return
        bureau = self._orgs().bureau
        if (cmd.actor.org_id, cmd.actor.role) != (bureau.org_id, "handler"):
            raise refuse(FORBIDDEN, "只有承办部门的承办人可以办理")
        if self._ended is not None or self._status in rc.CLOSED_STATUSES:
            raise refuse(CONFLICT, "案件已办结")
        form = self.parse_form(rc.RECTIFICATION_ACTION_FORMS[cmd.action][1], cmd.form)
        if isinstance(form, rc.AppealFiledForm):
            self._check_appeal(form)
        elif isinstance(form, rc.AppealResultForm):
            if self._pending_appeal(form.kind) is None:
                raise refuse(CONFLICT, f"没有待决的{APPEAL_KINDS[form.kind]}")
            if form.decided_on > china_today():
                raise refuse(INVALID, "决定（判决）日期不能晚于今天")
        elif isinstance(form, rc.PowerCutProposalForm):
            if self._power in ("proposed", "scheduled", "stopped"):
                raise refuse(CONFLICT, "停止供电措施已在审批或实施中")
        elif isinstance(form, rc.PowerCutLiftForm):
            if self._power not in ("scheduled", "stopped"):
                raise refuse(CONFLICT, "未实施停止供电措施")
        elif isinstance(form, rc.JurisdictionReferralForm) and self._referral_pending:
            raise refuse(CONFLICT, "已提请安委办指定监管部门，尚未答复")

    def _check_appeal(self, form: rc.AppealFiledForm) -> None:
        if not self._decision_no:
            raise refuse(CONFLICT, "尚未作出行政处罚决定")
        if self._pending_appeal(form.kind) is not None:
            raise refuse(CONFLICT, f"已有待决的{APPEAL_KINDS[form.kind]}")
        if form.filed_on > china_today():
            raise refuse(INVALID, "申请（起诉）日期不能晚于今天")
        until = self._reconsideration_until if form.kind == "reconsideration" else self._litigation_until
        if until is not None and form.filed_on > until:
            raise refuse(INVALID, f"{APPEAL_KINDS[form.kind]}期限已于{until.isoformat()}届满")

    async def perform_action(self, cmd: CaseActionCommand) -> UpdateResult:
        if cmd.action not in ACTIONS:
            return await super().perform_action(cmd)
        form = rc.RECTIFICATION_ACTION_FORMS[cmd.action][1].model_validate(cmd.form)
        if isinstance(form, rc.AppealFiledForm):
            return await self._appeal_filed(form, cmd.actor)
        if isinstance(form, rc.AppealResultForm):
            return await self._appeal_decided(form, cmd.actor)
        if isinstance(form, rc.PowerCutProposalForm):
            self._power = "proposed"
            self.update_details(power_supply={"state": "proposed"})
            self.record_event("power_cut_proposed", "提请停止供电", actor=cmd.actor, reason=form.danger)
            self._spawn(self._power_cut())
            await self.settle()
            return UpdateResult(None, "已提请负责人审批停止供电")
        if isinstance(form, rc.PowerCutLiftForm):
            self._power = "lifted"
            self.update_details(power_supply={"state": "lifted", "lifted_on": china_today().isoformat()})
            self.record_event(
                "power_cut_lifted",
                "生产经营单位已履行决定、消除危险，解除停止供电措施，书面通知供电企业恢复供电",
                actor=cmd.actor,
                reason=form.compliance,
            )
            self._wake = True
            await self.flush()
            return UpdateResult(None, "已解除停止供电措施")
        assert isinstance(form, rc.JurisdictionReferralForm)
        self._referral_pending = True
        self.update_details(jurisdiction_dispute={"other_department": form.other_department, "state": "referred"})
        self.record_event(
            "jurisdiction_referred",
            f"与{form.other_department}职责交叉，提请{self._orgs().office.name}指定监管部门",
            actor=cmd.actor,
            reason=form.dispute,
        )
        self._spawn(self._designation(form.other_department))
        await self.settle()
        return UpdateResult(None, "已提请安委办指定监管部门")

    async def _appeal_filed(self, form: rc.AppealFiledForm, actor: Actor) -> UpdateResult:
        appeal = {"kind": form.kind, "filed_on": form.filed_on.isoformat(), "body": form.body, "result": ""}
        self._appeals.append(appeal)
        self.update_details(appeals=list(self._appeals), surcharge=self._surcharge_details())
        # 行政复议法 art 42, 行政诉讼法 art 56: an appeal does not suspend execution.
        self.record_event(
            f"{form.kind}_filed",
            f"当事人向{form.body}{'申请行政复议' if form.kind == 'reconsideration' else '提起行政诉讼'}，"
            "复议、诉讼期间不停止执行",
            actor=actor,
            data=appeal,
        )
        self._wake = True
        await self.flush()
        return UpdateResult(None, "已登记")

    async def _appeal_decided(self, form: rc.AppealResultForm, actor: Actor) -> UpdateResult:
        appeal = self._pending_appeal(form.kind)
        assert appeal is not None
        appeal.update(result=form.result, decided_on=form.decided_on.isoformat(), document_no=form.document_no)
        label = f"{APPEAL_KINDS[form.kind]}结果：{rc.APPEAL_RESULTS[form.result]}（{form.document_no}）"
        self.record_event(f"{form.kind}_decided", label, actor=actor, data=dict(appeal))
        if form.kind == "reconsideration" and form.result in ("upheld", "dismissed", "changed"):
            # 行政诉讼法 art 45: 15 days to sue after the reconsideration decision.
            until = await self.lawful(
                LawfulDayRequest(start_of(form.decided_on), rule_code="rectification.litigation_after_reconsideration")
            )
            self._litigation_until = until.day
            self.update_details(litigation_until=until.day.isoformat())
            self.record_event("window_moved", f"起诉期限改为收到复议决定后15日，至{until.day.isoformat()}")
        if form.result in ("revoked", "changed"):
            self._withdraw_publication(label)
        if form.result == "changed":
            self._fine = form.new_fine_cny
            self.update_details(fine_cny=self._fine)
        self.update_details(appeals=list(self._appeals), surcharge=self._surcharge_details())
        if form.result == "revoked":
            self._end("revoked", f"行政处罚决定已被撤销（{form.document_no}），停止执行")
        self._wake = True
        await self.settle()
        return UpdateResult(None, "已登记")

    def _withdraw_publication(self, reason: str) -> None:
        """行政处罚法 art 48: a revoked or changed decision is withdrawn within 3 working days."""
        if self._publication_task is not None and not self._publication_task.closed:
            self._close_superseded(self._publication_task, "处罚决定已被撤销或变更，不再公开原决定")
            return
        if not self._published:
            return

        async def withdraw() -> None:
            spec = self.bureau_step("withdraw_publication", "撤回已公开的行政处罚决定并作出说明")
            outcome = await self.human_step(spec)
            if outcome.actor is not None:
                self._published = False
                self.update_details(publication_withdrawn_on=outcome.form["withdrawn_on"])
                self.record_event("publication_withdrawn", f"已撤回公开的处罚决定：{reason}", actor=outcome.actor)
                await self.flush()

        self._withdrawals.append(asyncio.create_task(withdraw()))

    def _end(self, status: str, summary: str) -> None:
        """End the procedure: every open step except a withdrawal of publication closes."""
        self._ended = (status, summary)
        for task in self.open_tasks():
            if task.spec.step != "withdraw_publication":
                self._close_superseded(task, summary)
        self._wake = True

    # ---- power supply (安全生产法 art 70) -------------------------------------------------------

    async def _power_cut(self) -> None:
        approval = await self.human_step(
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
        notice = await self.human_step(
            self.bureau_step("power_cut_notice", "书面通知供电企业并提前24小时通知生产经营单位")
        )
        if notice.actor is None:
            return
        notified = _aware(dt.datetime.fromisoformat(notice.form["enterprise_notified_at"]))
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

    # ---- jurisdiction (职责交叉) ------------------------------------------------------------------

    async def _designation(self, other: str) -> None:
        outcome = await self.human_step(
            TaskSpec(
                "jurisdiction_designation",
                f"指定监管部门：{self._orgs().bureau.name}与{other}职责交叉",
                self._orgs().office.org_id,
                "office",
                "rectification.jurisdiction_designation",
                rc.DesignationForm,
            )
        )
        self._referral_pending = False
        if outcome.actor is None:
            return
        if outcome.form["competent"] == "this":
            self.update_details(jurisdiction_dispute={"other_department": other, "state": "designated_this"})
            self.record_event(
                "jurisdiction_designated",
                f"安委办指定由{self._orgs().bureau.name}监管",
                actor=outcome.actor,
                reason=outcome.form["reasons"],
            )
            await self.flush()
            return
        self.update_details(jurisdiction_dispute={"other_department": other, "state": "designated_other"})
        self.record_event(
            "jurisdiction_designated", f"安委办指定由{other}监管", actor=outcome.actor, reason=outcome.form["reasons"]
        )
        self._end("transferred", f"安委办指定由{other}监管，案件移交")
        await self.flush()

    # ---- helpers -----------------------------------------------------------------------------

    async def lawful(self, request: LawfulDayRequest) -> LawfulDay:
        day: LawfulDay = await workflow.execute_local_activity(
            COMPUTE_LAWFUL_DAY, request, result_type=LawfulDay, start_to_close_timeout=PROJECTION_TIMEOUT
        )
        return day

    async def step(self, spec: TaskSpec) -> TaskOutcome:
        """A human step of the procedure; the case ending while it is open ends the procedure."""
        outcome = await self.human_step(spec)
        if outcome.actor is None and self._ended is not None:
            raise CaseEnded()
        return outcome

    async def period(self, task: OpenTask) -> dict[str, Any] | None:
        """A period for the enterprise: the handler records what it did, or the period passes.

        Returns the recorded form, or None when the period passed; it never escalates, since
        the delay is the enterprise's, not the department's."""
        while task.outcome is None:
            assert task.schedule is not None
            left = task.schedule.due_at - workflow.now()
            if left <= dt.timedelta(0):
                self._close_superseded(task, "期限届满")
                await self.flush()
                return None
            task.wake = False
            try:
                await workflow.wait_condition(
                    lambda: task.outcome is not None or task.wake, timeout=left, timeout_summary=task.spec.step
                )
            except TimeoutError:
                pass
        if task.outcome.actor is None and self._ended is not None:
            raise CaseEnded()
        return task.outcome.form if task.outcome.actor is not None else None

    async def wait_for_litigation_window(self) -> None:
        """A durable wait (months) until the litigation window ends with no appeal pending.

        Re-reads the window on every wake: a reconsideration decision moves it (15 days after)."""
        while self._ended is None:
            assert self._litigation_until is not None
            left = end_of_day(self._litigation_until) - workflow.now()
            if left <= dt.timedelta(0) and self._pending_appeal(None) is None:
                return
            self._wake = False
            try:
                await workflow.wait_condition(
                    lambda: self._wake, timeout=left if left > dt.timedelta(0) else None, timeout_summary="window"
                )
            except TimeoutError:
                pass
        raise CaseEnded()

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

    def _pending_appeal(self, kind: str | None) -> dict[str, Any] | None:
        return next((a for a in self._appeals if not a["result"] and (kind is None or a["kind"] == kind)), None)

    def _surcharge_details(self) -> dict[str, Any]:
        """What the case page needs to show the surcharge live (domain.rectification.late_surcharge)."""
        return {
            "principal_cny": self._fine,
            "payment_due": self._payment_due.isoformat() if self._payment_due else None,
            "rate_percent_per_day": 3,
            "paused": [[a["filed_on"], a.get("decided_on")] for a in self._appeals],
        }

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        self._spawned.append(asyncio.create_task(coroutine))

    def _orgs(self) -> RectificationInput:
        assert self._input is not None
        return self._input


_RULE_OF_STEP = {"completion": "period"}


def _aware(moment: dt.datetime) -> dt.datetime:
    """A datetime typed into a form without an offset is China time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA_OFFSET)


def _details_of_power(form: dict[str, Any], stop_at: dt.datetime) -> dict[str, Any]:
    return {"power_company": form["power_company"], "letter_no": form["letter_no"], "stop_at": stop_at.isoformat()}
