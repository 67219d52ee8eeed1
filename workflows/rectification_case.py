"""The mechanics of a contested rectification: its state, step checks, case actions (appeals,
power-supply suspension, jurisdiction referral) and the helpers the procedure in
`rectification.py` uses.

Split from the procedure so that `rectification.py` reads like the domain notes §5.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import rectification as rc
    from domain.china_time import aware, start_of
    from domain.errors import Conflict, Forbidden, InvalidInput
    from workflows.contracts import Actor, CaseActionCommand, UpdateResult
    from workflows.kernel import OpenTask, TaskOutcome, TaskSpec, china_today, parse_form, refuse_future_dates
    from workflows.kernel.period import period
    from workflows.kernel.scope import ProcedureEnded
    from workflows.rectification_contracts import LawfulDayRequest
    from workflows.rectification_measures import MEASURE_FORMS, RectificationMeasures

PROCESS = rc.PROCESS
ACTIONS = tuple(rc.RECTIFICATION_ACTION_FORMS)
APPEAL_KINDS = {"reconsideration": "行政复议", "litigation": "行政诉讼"}


class RectificationCase(RectificationMeasures):
    """State and rules shared by the steps of a rectification; the workflow adds the procedure."""

    process = PROCESS

    def __init__(self) -> None:
        super().__init__()
        self._ordered_on: dt.date | None = None
        self._order_no = ""
        self._notice_no = ""
        self._serious = False
        self._hearing_on: dt.date | None = None
        self._decision_no = ""
        self._payment_due: dt.date | None = None
        self._reconsideration_until: dt.date | None = None
        self._appeals: list[dict[str, Any]] = []  # {kind, filed_on, body, result, decided_on}
        self._published = False
        self._publication_task: OpenTask | None = None
        self._withdrawals: list[asyncio.Task[Any]] = []
        self._enforce_on: dt.date | None = None
        self._referral_pending = False
        for action in ACTIONS:
            self.actions.add(action, self._check_action, self._perform_action)

    # ---- step checks -------------------------------------------------------------------------

    def validate_step(self, task: OpenTask, form: Any, actor: Actor) -> None:
        today = china_today()
        refuse_future_dates(
            form, ("served_on", "reported_on", "inspected_on", "paid_on", "filed_on", "held_on", "enforced_on")
        )
        if isinstance(form, rc.ServiceForm) and self._ordered_on and form.served_on < self._ordered_on:
            raise InvalidInput("送达日期不能早于指令书签发日期")
        if isinstance(form, rc.StatementForm) and form.kind == "hearing" and not self._serious:
            raise InvalidInput("拟作出的处罚不属于听证范围（行政处罚法第六十三条），只能陈述、申辩")
        if isinstance(form, rc.HearingNoticeForm) and form.hearing_on <= today:
            raise InvalidInput("听证日期须晚于今天")
        if isinstance(form, rc.HearingForm) and self._hearing_on and form.held_on < self._hearing_on:
            raise InvalidInput(f"听证不得早于通知的日期{self._hearing_on.isoformat()}")
        if isinstance(form, rc.CourtApplicationForm) and self._litigation_until:
            if form.filed_on <= self._litigation_until:
                raise InvalidInput("起诉期限届满后方可申请人民法院强制执行（行政强制法第五十三条）")
        if isinstance(form, rc.EnforcementForm) and self._enforce_on and form.enforced_on < self._enforce_on:
            raise InvalidInput(f"执行日期不得早于安排的执行日{self._enforce_on.isoformat()}")
        if isinstance(form, rc.PowerCutNoticeForm) and aware(form.enterprise_notified_at) > workflow.now():
            raise InvalidInput("通知时间不能晚于现在")
        super().validate_step(task, form, actor)

    # ---- actions -----------------------------------------------------------------------------

    def _check_action(self, cmd: CaseActionCommand) -> None:
        bureau = self._orgs().bureau
        if (cmd.actor.org_id, cmd.actor.role) != (bureau.org_id, "handler"):
            raise Forbidden("只有承办部门的承办人可以办理")
        if self._ended is not None or self.current_status in rc.CLOSED_STATUSES:
            raise Conflict("案件已办结")
        form = parse_form(rc.RECTIFICATION_ACTION_FORMS[cmd.action][1], cmd.form)
        if isinstance(form, rc.AppealFiledForm):
            self._check_appeal(form)
        elif isinstance(form, rc.AppealResultForm):
            if self.pending_appeal(form.kind) is None:
                raise Conflict(f"没有待决的{APPEAL_KINDS[form.kind]}")
            refuse_future_dates(form, ("decided_on",))
        elif isinstance(form, MEASURE_FORMS):
            self.validate_measure(form)
        elif isinstance(form, rc.JurisdictionReferralForm) and self._referral_pending:
            raise Conflict("已提请安委办指定监管部门，尚未答复")

    def _check_appeal(self, form: rc.AppealFiledForm) -> None:
        if not self._decision_no:
            raise Conflict("尚未作出行政处罚决定")
        if self.pending_appeal(form.kind) is not None:
            raise Conflict(f"已有待决的{APPEAL_KINDS[form.kind]}")
        refuse_future_dates(form, ("filed_on",))
        until = self._reconsideration_until if form.kind == "reconsideration" else self._litigation_until
        if until is not None and form.filed_on > until:
            raise InvalidInput(f"{APPEAL_KINDS[form.kind]}期限已于{until.isoformat()}届满")

    async def _perform_action(self, cmd: CaseActionCommand) -> UpdateResult:
        form = rc.RECTIFICATION_ACTION_FORMS[cmd.action][1].model_validate(cmd.form)
        if isinstance(form, rc.AppealFiledForm):
            return await self._appeal_filed(form, cmd.actor)
        if isinstance(form, rc.AppealResultForm):
            return await self._appeal_decided(form, cmd.actor)
        if isinstance(form, MEASURE_FORMS):
            return await self.perform_measure(form, cmd.actor)
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
        self.litigation_window.wake()
        await self.flush()
        return UpdateResult(None, "已登记")

    async def _appeal_decided(self, form: rc.AppealResultForm, actor: Actor) -> UpdateResult:
        appeal = self.pending_appeal(form.kind)
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
        self.litigation_window.wake()
        await self.settle()
        return UpdateResult(None, "已登记")

    def _withdraw_publication(self, reason: str) -> None:
        """行政处罚法 art 48: a revoked or changed decision is withdrawn within 3 working days."""
        if self._publication_task is not None and not self._publication_task.closed:
            self.tasks.supersede(self._publication_task, "处罚决定已被撤销或变更，不再公开原决定")
            return
        if not self._published:
            return

        async def withdraw() -> None:
            spec = self.bureau_step("withdraw_publication", "撤回已公开的行政处罚决定并作出说明")
            outcome = await self.tasks.human_step(spec)
            if outcome.actor is not None:
                self._published = False
                self.update_details(publication_withdrawn_on=outcome.form["withdrawn_on"])
                self.record_event("publication_withdrawn", f"已撤回公开的处罚决定：{reason}", actor=outcome.actor)
                await self.flush()

        self._withdrawals.append(asyncio.create_task(withdraw()))

    def _end(self, status: str, summary: str) -> None:
        """End the procedure: every open step except a withdrawal of publication closes."""
        self._ended = (status, summary)
        for task in self.tasks.open_tasks():
            if task.spec.step != "withdraw_publication":
                self.tasks.supersede(task, summary)
        self.litigation_window.wake()

    # ---- jurisdiction (职责交叉) ------------------------------------------------------------------

    async def _designation(self, other: str) -> None:
        outcome = await self.tasks.human_step(
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

    async def step(self, spec: TaskSpec) -> TaskOutcome:
        """A human step of the procedure; the case ending while it is open ends the procedure."""
        outcome = await self.tasks.human_step(spec)
        if outcome.actor is None and self._ended is not None:
            raise ProcedureEnded()
        return outcome

    async def period(self, task: OpenTask) -> dict[str, Any] | None:
        """A period for the enterprise: the handler records what it did, or the period passes.

        It never escalates, since the delay is the enterprise's, not the department's."""
        lapsed: list[bool] = []
        outcome = await period(self.tasks, task, on_lapse=lambda: lapsed.append(True))
        if not lapsed and task.outcome is not None and task.outcome.actor is None and self._ended is not None:
            raise ProcedureEnded()
        return outcome

    async def wait_for_litigation_window(self) -> None:
        """A durable wait (months) until the litigation window ends with no appeal pending."""
        if not await self.litigation_window.sleep():
            raise ProcedureEnded()

    def pending_appeal(self, kind: str | None) -> dict[str, Any] | None:
        return next((a for a in self._appeals if not a["result"] and (kind is None or a["kind"] == kind)), None)

    def _surcharge_details(self) -> dict[str, Any]:
        """What the case page needs to show the surcharge live (domain.rectification.late_surcharge)."""
        return {
            "principal_cny": self._fine,
            "payment_due": self._payment_due.isoformat() if self._payment_due else None,
            "rate_percent_per_day": 3,
            "paused": [[a["filed_on"], a.get("decided_on")] for a in self._appeals],
        }
