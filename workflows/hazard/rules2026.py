"""The hazard supervision's steps for cases started under the 2026 rules (patch `hazard-law-2026`).

- H21/H22: publication (5 WD) and filing with the upper office (3 WD) are two steps from the decision.
- H31: the treatment-plan clock runs from the service of the supervision notice.
- H26/H7: acceptance opens at the re-inspection request (completion report) or, without one, when
  the deadline lapses; pass → 核销; fail → correction with a new deadline; hopeless → 提请关闭.
- H4/H6/H13: a unit ordered to stop resumes only after a written application and the review.
- H8: progress reports after each calendar quarter (configurable).
- H10: 提请关闭 (安全生产法 art 113) when the counter is reached, the order refused or hopeless.
- H12/H28: 暂扣安全生产许可证 at listing (configured) or once rectification is overdue.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import hazard, hazard_measures
    from domain.china_time import day_of, start_of
    from domain.forms import StepForm
    from domain.legal_calendar import end_of_day
    from domain.process import Start
    from workflows.hazard.state import HazardState
    from workflows.kernel import OpenTask
    from workflows.kernel.case import CaseWorkflow
    from workflows.kernel.steps import Started


class HazardRules:
    def __init__(self, case: CaseWorkflow[Any], state: HazardState) -> None:
        self.case = case
        self.state = state
        self.tasks = case.tasks

    # ---- H21, H22, H12: beside the main line, from the listing decision ---------------------

    def publish_and_file(self) -> asyncio.Task[Any]:
        if self.state.inp.suspend_licence_on_listing:
            self.suspend_licence()
        return self.case.spawn(self._publish_and_file())

    async def _publish_and_file(self) -> None:
        state = self.state
        await asyncio.gather(
            self.tasks.human_step(state.task("listing_publication")),
            self.tasks.human_step(state.task("upper_filing")),
        )

    def suspend_licence(self) -> None:
        """H12 (16号令 art 21 [U]; Hubei): the bureau records the 暂扣 of the licence; once per case."""
        if self.state.licence_suspended is not None or self.tasks.open_tasks("licence_suspension"):
            return
        self.case.spawn(self._suspend_licence())

    async def _suspend_licence(self) -> None:
        outcome = await self.tasks.human_step(self.state.task("licence_suspension"))
        if outcome.actor is None:
            return
        form = outcome.parsed(hazard_measures.LicenceSuspensionForm)
        self.state.licence_suspended = form.decision_no
        self.case.update_details(licence_suspended=form.decision_no, licence_no=form.licence_no)

    def on_overdue(self, task: OpenTask) -> None:
        """H28: an overdue rectification may have the licence suspended."""
        if task.spec.step == "rectification" and self.state.inp.suspend_licence_when_overdue:
            self.suspend_licence()

    # ---- H31: the plan clock runs from the notice's service ---------------------------------

    async def plan_after_service(self, notice: asyncio.Task[int] | None, decision: hazard.ListingDecisionForm) -> None:
        case, state = self.case, self.state
        if notice is None:  # a paper notice: its service day was recorded with the decision
            assert decision.notice_served_on is not None
            served_on = decision.notice_served_on
            case.record_event("notice_served", f"挂牌督办通知书{decision.notice_no}已于{served_on.isoformat()}送达")
        else:
            case.set_status("listed", "待登记挂牌督办通知书送达（治理方案期限自送达之日起算）")
            served_on = (await case.documents.await_service(await notice)).effective_on
        case.set_status("planning", "待报送治理方案")
        step = state.task("rectification_plan", started=Started(Start.SERVICE, start_of(served_on)))
        while True:
            await self.tasks.human_step(step)
            review = (await self.tasks.human_step(state.task("plan_review"))).parsed(hazard.PlanReviewForm)
            if review.decision == "approve":
                return
            case.record_event("plan_returned", "治理方案退回修改", reason=review.opinion)
            # A returned plan is due again 10 WD after the return (the notice is long served).
            step = state.task("rectification_plan", started=Started(Start.SERVICE, None), title="重新报送隐患治理方案")

    # ---- H26, H7: rectification until an acceptance passes -----------------------------------

    async def rectify_until_accepted(self) -> str | None:
        """None when the acceptance passed; the closing summary when closure was proposed."""
        case, state = self.case, self.state
        assert state.deadline is not None
        case.set_status("rectifying", f"整改中，期限{state.deadline.isoformat()}")
        progress = asyncio.create_task(self._progress_reports())
        ended: str | None = None
        state.rectified = False
        while True:
            rect = state.rectification = await self.tasks.open(state.task("rectification", due_on=state.deadline))
            case.spawn(self.tasks.wait(rect))
            acceptance = await self._acceptance_for(rect)
            await workflow.wait_condition(lambda a=acceptance: a.closed)  # type: ignore[misc]
            assert acceptance.outcome is not None
            form = acceptance.outcome.parsed(hazard.AcceptanceForm)
            if not rect.closed:
                self.withdraw(rect, "已现场验收")
            if form.decision != "fail":  # progress reports go on while the unit corrects
                state.rectified = True
                for report in self.tasks.open_tasks("progress_report"):
                    self.tasks.supersede(report, "已现场验收")
            if form.decision == "pass":
                case.record_event("hazard_written_off", f"验收合格，重大事故隐患核销（{form.accepted_on.isoformat()}）")
                break
            if form.decision == "hopeless":
                ended = await self.propose_closure("hopeless", form.opinion)
                break
            assert form.new_deadline is not None
            state.deadline = form.new_deadline
            case.record_event("correction_ordered", f"验收不合格，责令改正，重新整改至{state.deadline.isoformat()}")
            case.set_status(
                "rectifying",
                f"验收不合格，重新整改至{state.deadline.isoformat()}",
                rectification_deadline=state.deadline.isoformat(),
            )
        await progress
        return ended

    async def _acceptance_for(self, rect: OpenTask) -> OpenTask:
        """The acceptance task: at the re-inspection request, or when the deadline lapses first
        (10 日 from either, by the issuing office); an extension withdraws one opened at the lapse."""
        case, state = self.case, self.state
        while True:
            await workflow.wait_condition(lambda: rect.closed or rect.overdue)
            if rect.closed:
                case.set_status("accepting", "整改完成，待现场验收")
                acceptance = await self.tasks.open(state.task("acceptance"))
                case.spawn(self.tasks.wait(acceptance))
                return acceptance
            case.set_status("accepting", "整改期限届满，待挂牌单位现场验收")
            acceptance = await self.tasks.open(state.task("acceptance", title="整改期限届满现场验收"))
            case.spawn(self.tasks.wait(acceptance))
            await workflow.wait_condition(
                lambda a=acceptance: a.closed or rect.closed or not rect.overdue  # type: ignore[misc]
            )
            if acceptance.closed or rect.closed:
                return acceptance
            self.withdraw(acceptance, "整改期限已延期")
            case.set_status("rectifying", "整改期限已延期")

    def withdraw(self, task: OpenTask, reason: str) -> None:
        """Close a task the procedure no longer needs, with the supervision rungs above it."""
        current: OpenTask | None = task
        while current is not None and not current.closed:
            above = self.tasks.get(current.supervision_task_id)
            self.tasks.supersede(current, reason if current is task else "被督办事项已不再需要办理")
            current = above

    async def _progress_reports(self) -> None:
        """H8: a report after each calendar quarter (煤矿安全生产条例 art 35: 每季度), or every
        `progress_interval_days` where configured so."""
        state, inp = self.state, self.state.inp
        while not state.rectified:
            now = workflow.now()
            if inp.progress_by_calendar_quarter:
                end = hazard_measures.quarter_end(day_of(now))
                if end_of_day(end) <= now:
                    end = hazard_measures.quarter_end(end + dt.timedelta(days=1))
                timeout, title = end_of_day(end) - now, f"报送{hazard_measures.quarter_label(end)}整改进展"
            else:
                timeout, title = dt.timedelta(days=inp.progress_interval_days), None
            try:
                await workflow.wait_condition(lambda: state.rectified, timeout=timeout)
            except TimeoutError:
                self.case.spawn(self.tasks.human_step(state.task("progress_report", title=title)))

    # ---- H4, H6, H13: resumption only after review ------------------------------------------

    async def resume_if_suspended(self) -> None:
        case, state = self.case, self.state
        if not state.suspension_order:
            return
        case.set_status("resumption", "验收合格，待书面申请恢复生产经营")
        clock = "hazard.resumption_review_coal" if state.coal else None
        while True:
            await self.tasks.human_step(state.task("resumption_application"))
            outcome = await self.tasks.human_step(state.task("resumption_review", clock=clock))
            review = outcome.parsed(hazard_measures.ResumptionReviewForm)
            if review.decision == "approve":
                case.record_event("resumption_approved", f"经审查同意恢复生产经营（{review.reviewed_on.isoformat()}）")
                case.update_details(resumed_on=review.reviewed_on.isoformat())
                break
            case.record_event(
                "resumption_refused", "恢复生产申请未通过审查，责令改正、继续停产整改", reason=review.opinion
            )
        if state.coal:
            await self.tasks.human_step(state.task("resumption_notice"))

    # ---- H9, H10: fines and the closure prompt ----------------------------------------------

    async def propose_closure(self, ground: str, reason: str) -> str:
        """安全生产法 art 113: the bureau must ask the government to close the unit."""
        state = self.state
        label = hazard_measures.CLOSURE_GROUNDS[ground]
        if state.closure is None:
            self.case.record_event("closure_required", f"应当提请地方人民政府予以关闭：{label}", reason=reason)
            state.closure = await self.tasks.open(state.task("closure_proposal"))
            self.case.spawn(self.tasks.wait(state.closure))
        closure = state.closure
        await workflow.wait_condition(lambda: closure.closed)
        outcome = closure.outcome
        if outcome is None or outcome.actor is None:
            return label
        form = outcome.parsed(hazard_measures.ClosureProposalForm)
        self.case.update_details(closure_proposal=form.proposal_no)
        return f"已提请{form.government}予以关闭（{form.proposal_no}）"

    def validate_step(self, form: StepForm) -> None:
        if self.state.coal and isinstance(form, hazard_measures.ResumptionReviewForm):
            hazard_measures.check_coal_resumption(form)
