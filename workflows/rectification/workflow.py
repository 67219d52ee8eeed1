"""Contested rectification (责令限期整改 → objection → compulsory enforcement), process 5.

Reads like the procedure in the domain notes §5: the order (责令限期整改指令书) and its service,
which starts the enterprise's rectification period; its completion report or the end of the
period; the re-inspection (复查) with its opinion (整改复查意见书); for an unrectified order the
penalty procedure (`penalty.py`) and compulsory enforcement (`enforcement.py`).
While it runs, a revoked decision (`appeals.py`) or the designation of another department
(`jurisdiction.py`) ends the procedure; measures against continued refusal are case actions
(`measures.py`, `power.py`).
"""

from __future__ import annotations

import asyncio
import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    import workflows.rectification.documents as documents
    from domain import rectification as rc
    from domain.china_time import aware, start_of
    from domain.definitions.rectification import RECTIFICATION
    from domain.document_service import SERVED_IN_STEPS
    from domain.errors import InvalidInput
    from domain.forms import StepForm
    from domain.process import Start
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.contracts import Actor
    from workflows.kernel import CaseWorkflow, OpenTask, china_today, refuse_future_dates
    from workflows.kernel.patches import SUSPENSION_CLOCK_PATCH, in_force
    from workflows.kernel.scope import ProcedureEnded
    from workflows.kernel.steps import Started
    from workflows.rectification.appeals import Appeals
    from workflows.rectification.contracts import RectificationInput, RectificationResult
    from workflows.rectification.jurisdiction import Jurisdiction
    from workflows.rectification.measures import Measures
    from workflows.rectification.penalty import Ending, Penalty
    from workflows.rectification.power import PowerCut
    from workflows.rectification.procedure import Procedure
    from workflows.rectification.seizure import Seizure
    from workflows.rectification.state import Rectification

# The dates a form records must have happened already.
PAST_DATES = ("served_on", "reported_on", "inspected_on", "paid_on", "filed_on", "held_on", "enforced_on")


@workflow.defn(name=RECTIFICATION.workflow)
class ContestedRectificationWorkflow(CaseWorkflow[Rectification], definition=RECTIFICATION):
    served_in_steps = SERVED_IN_STEPS

    def __init__(self) -> None:
        super().__init__()
        self.procedure = Procedure(self, self.state)
        self.penalty = Penalty(self.procedure)
        self.appeals = Appeals(self.procedure)
        self.power_cut = PowerCut(self.procedure)
        self.measures = Measures(self.procedure)
        self.jurisdiction = Jurisdiction(self.procedure)
        self.seizure = Seizure(self.procedure)

    @workflow.run
    async def run(self, inp: RectificationInput) -> RectificationResult:
        self.begin(inp)
        self.inspection_found_problems()
        try:
            status, summary = await self.order_and_reinspect()
        except ProcedureEnded:  # a revoked decision, or another department designated
            assert self.state.ended is not None
            status, summary = self.state.ended
        # A revoked or changed decision's publication is withdrawn before the case closes.
        await asyncio.gather(*self.procedure.withdrawals)
        self.power_cut.lift_on_close(summary)
        self.close_case(status, summary)
        await self.finish_case()
        for task in self.procedure.spawned:
            if not task.done():
                task.cancel()  # e.g. a power cut waiting for its notice to run out
        return RectificationResult(status)

    # ---- the order and its re-inspection (安全生产法 art 65) ------------------------------------

    def inspection_found_problems(self) -> None:
        """The on-site inspection (现场检查) found hazards or violations: an order is due."""
        inp = self.state.inp
        self.set_status(
            "ordering",
            f"现场检查（{inp.inspection_record_no}）发现问题，待制发责令限期整改指令书",
            inspection_record_no=inp.inspection_record_no,
            inspected_on=inp.inspected_on.isoformat(),
            own_enforcement_power=inp.own_enforcement_power,
        )

    async def order_and_reinspect(self) -> Ending:
        inp, state, procedure = self.state.inp, self.state, self.procedure
        order = await procedure.step(state.task("order", started=Started(Start.INSPECTION, start_of(inp.inspected_on))))
        state.ordered_on = china_today()
        issued = await self.procedure.issue("rectification_order", documents.order(state, order.form))
        state.order_no = issued.number
        if in_force(SUSPENSION_CLOCK_PATCH):
            self.procedure.disclose(f"责令限期整改指令书（{issued.number}）")  # 国办发〔2015〕20号 (十五), R19
        ordered = order.parsed(rc.OrderForm)
        self.update_details(
            order_no=issued.number, hazards=ordered.hazards, measures=ordered.measures, period_days=ordered.period_days
        )
        self.set_status("serving", f"已制发{issued.number}，待送达")
        service, effective_on = await self.serve_order(issued.document_id)
        served_on = service.served_on
        # The period runs from service, not from signing; its last day moves past a holiday.
        deadline = effective_on + dt.timedelta(days=ordered.period_days)
        completion = await self.rectification_period(service, deadline, effective_on)
        self.set_status("reinspecting", "待复查")
        check = await procedure.step(state.task("reinspection"))
        opinion = await self.procedure.issue(
            "reinspection_opinion",
            documents.reinspection_opinion(
                state, check.form, served_on=served_on, deadline=deadline, completion_reported=completion
            ),
        )
        reinspection = check.parsed(rc.ReinspectionForm)
        self.update_details(reinspection_no=opinion.number, reinspection_result=reinspection.result)
        if reinspection.result == "rectified":
            return "rectified", f"复查认定已整改到位（{opinion.number}）"
        return await self.penalty.run(reinspection.opinion)

    async def serve_order(self, document_id: int) -> tuple[rc.ServiceForm, dt.date]:
        """The order's service; 公告送达 counts only once the announcement period ends (民事诉讼法 art 95)."""
        service = await self.procedure.step(self.state.task("service"))
        form = service.parsed(rc.ServiceForm)
        effective_on = await self.documents.record_step_service(
            document_id, form.method, form.served_on, service.actor, recipient=form.recipient, proof=form.proof
        )
        return form, effective_on

    async def rectification_period(self, service: rc.ServiceForm, deadline: dt.date, effective_on: dt.date) -> bool:
        """The enterprise's period from service; True when it reported completion within it."""
        method, served_on = rc.SERVICE_METHODS[service.method], service.served_on
        self.update_details(
            served_on=served_on.isoformat(), service_method=method, rectification_deadline=deadline.isoformat()
        )
        self.set_status("rectifying", f"指令书于{served_on.isoformat()}{method}，限期至{deadline.isoformat()}整改")
        started = Started(Start.SERVICE, start_of(effective_on))
        task = await self.tasks.open(self.state.task("completion", due_on=deadline, started=started))
        completion = await self.procedure.period(task)
        if completion is None:
            self.record_event("period_expired", "整改期限届满，企业未报告整改完成，进入复查")
        else:
            self.update_details(completion_reported_on=completion["reported_on"])
        return completion is not None

    # ---- checks of completed steps --------------------------------------------------------

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        state, today = self.state, china_today()
        refuse_future_dates(form, PAST_DATES)
        if isinstance(form, rc.ServiceForm) and state.ordered_on and form.served_on < state.ordered_on:
            raise InvalidInput("送达日期不能早于指令书签发日期")
        if isinstance(form, rc.StatementForm) and form.kind == "hearing" and not state.serious:
            raise InvalidInput("拟作出的处罚不属于听证范围（行政处罚法第六十三条），只能陈述、申辩")
        if isinstance(form, rc.HearingNoticeForm) and form.hearing_on <= today:
            raise InvalidInput("听证日期须晚于今天")
        if isinstance(form, rc.HearingNoticeForm) and form.served_on is None:
            # 行政处罚法 art 64(2): the seven working days run from the notice's service on the party.
            raise InvalidInput("须填写听证通知送达当事人的日期（听证的七个工作日前通知，行政处罚法第六十四条）")
        if isinstance(form, rc.HearingForm) and state.hearing_on and form.held_on < state.hearing_on:
            raise InvalidInput(f"听证不得早于通知的日期{state.hearing_on.isoformat()}")
        if isinstance(form, (rc.PenaltyDecisionForm, rc.EnforcementDecisionForm)):
            self.check_challenge_route(form)
        if isinstance(form, rc.PenaltyDecisionForm) and state.discussed and form.decision != state.discussed:
            raise InvalidInput("行政处罚决定须与机关负责人集体讨论的决定一致（行政处罚法第五十七条第二款）")
        if isinstance(form, rc.CourtApplicationForm) and form.route == "auction" and state.appeals:
            raise InvalidInput(
                "当事人已申请行政复议或提起行政诉讼的，不得自行拍卖抵缴罚款（行政强制法第四十六条第三款）"
            )
        if isinstance(form, rc.EnforcementDecisionForm) and state.auction and form.method != "auction":
            raise InvalidInput("没有行政强制执行权的，只能拍卖已查封、扣押的财物抵缴罚款（行政强制法第四十六条第三款）")
        if isinstance(form, rc.CourtApplicationForm) and state.litigation_until:
            if form.filed_on <= state.litigation_until:
                raise InvalidInput("起诉期限届满后方可申请人民法院强制执行（行政强制法第五十三条）")
        if (
            isinstance(form, rc.CourtRulingForm)
            and form.ruling == "hearing"
            and task.spec.step == "court_ruling_review"
        ):
            raise InvalidInput("听取意见后须作出是否执行的裁定（行政强制法第五十八条）")
        if isinstance(form, rc.EnforcementDecisionForm) and form.enforce_on < form.served_on:
            raise InvalidInput("执行日期不得早于强制执行决定书送达日期")
        if isinstance(form, rc.EnforcementForm) and state.enforce_on and form.enforced_on < state.enforce_on:
            raise InvalidInput(f"执行日期不得早于安排的执行日{state.enforce_on.isoformat()}")
        if isinstance(form, rc.PowerCutNoticeForm) and aware(form.enterprise_notified_at) > workflow.now():
            raise InvalidInput("通知时间不能晚于现在")
        if isinstance(form, rc.PowerCutApprovalForm) and form.decision == "approve":
            self.check_principal_head(form, actor)
        super().validate_step(task, form, actor)

    def check_challenge_route(self, form: rc.PenaltyDecisionForm | rc.EnforcementDecisionForm) -> None:
        """A decision names where to challenge it (行政复议法 art 20(3), 法释〔2018〕1号 art 64); the
        reconsideration body of a government department is its same-level government (art 24)."""
        body = self.state.inp.reconsideration_body
        if isinstance(form, rc.PenaltyDecisionForm) and form.decision != "fine":
            return
        if not ((form.reconsideration_body or body) and form.court):
            raise InvalidInput("行政处罚决定书须载明行政复议机关和管辖的人民法院（行政复议法第二十条）")
        if body and form.reconsideration_body and form.reconsideration_body != body:
            raise InvalidInput(f"行政复议机关应为本级人民政府：{body}（行政复议法第二十四条）")

    @staticmethod
    def check_principal_head(form: rc.PowerCutApprovalForm, actor: Actor) -> None:
        """安全生产法 art 70(1): "经本部门主要负责人批准". A head account marked in `users.head_capacity`
        (principal or acting: approves; deputy: refused) is taken as marked; an unmarked one states
        its capacity on the form, and only the principal head's approval is accepted."""
        marked = str(getattr(actor, "head_capacity", "") or "")
        if marked == "deputy" or form.capacity == "deputy" or (not marked and form.capacity != "principal"):
            raise InvalidInput("停止供电须经本部门主要负责人批准（安全生产法第七十条），分管负责人无权批准")

    def case_enterprise_id(self) -> int | None:
        return self.state.input.enterprise_id if self.state.input else None
