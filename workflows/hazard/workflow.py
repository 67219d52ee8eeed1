"""Listed supervision of a major hazard (重大事故隐患挂牌督办), process 1.

Reads like the procedure in the domain notes §1: the listing decision and supervision notice,
publication, the rectification plan and its review, rectification with progress reports and
extensions, on-site acceptance, and delisting with its publication. Each step's who, form and
clock are its row in `domain/definitions/hazard.py`; the case actions are in `actions.py`.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import hazard
    from domain.definitions.hazard import HAZARD
    from domain.forms import StepForm
    from domain.process import Start
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.contracts import Actor
    from workflows.hazard.actions import HazardActions
    from workflows.hazard.contracts import HazardSupervisionInput, HazardSupervisionResult
    from workflows.hazard.documents import supervision_notice
    from workflows.hazard.rules2026 import HazardRules
    from workflows.hazard.state import HazardState
    from workflows.kernel import CaseWorkflow, OpenTask, china_today
    from workflows.kernel.patches import HAZARD_LAW_PATCH, SUPERVISION_NOTICE_PATCH, in_force
    from workflows.kernel.steps import Started

__all__ = ["HazardSupervisionWorkflow"]


# 16号令 art. 15/16: the plan, progress and completion reports and the extension request are the
# enterprise's (the definition's enterprise labels); the bureau's handler records paper ones.
@workflow.defn(name=HAZARD.workflow)
class HazardSupervisionWorkflow(CaseWorkflow[HazardState], definition=HAZARD, parts=(HazardActions,)):
    """The procedure of domain notes §1; its rows and actions are in the definition and actions.py."""

    @workflow.run
    async def run(self, inp: HazardSupervisionInput) -> HazardSupervisionResult:
        self.begin(inp)
        law = self.state.law = in_force(HAZARD_LAW_PATCH)
        if law and inp.grade == hazard.GENERAL and not inp.general_listed:
            # H1/H15: a 一般 hazard is recorded; the unit fixes it at once, nobody lists it.
            self.set_status("general_recorded", f"一般事故隐患登记：{inp.title}（由生产经营单位立即组织整改）")
            return await self.close("general_recorded", "一般事故隐患已登记，不挂牌督办")
        self.set_status("reported", f"事故隐患报送：{inp.title}（{hazard.HAZARD_GRADES[inp.grade]}）")
        decision = await self.listing_decision()
        if decision.decision == "not_list":
            return await self.close("not_listed", f"决定不予挂牌：{decision.reason}")
        notice = self.issue_supervision_notice(decision)
        if law:
            publication = self.rules.publish_and_file()
            await self.rules.plan_after_service(notice, decision)
        else:
            publication = asyncio.create_task(self.tasks.human_step(self.state.task("publish_listing")))
            await self.agree_rectification_plan()
        if law:
            ended = await self.rules.rectify_until_accepted()
            if ended is not None:
                await publication
                return await self.close("closure_proposed", ended)
            await self.rules.resume_if_suspended()
        else:
            await self.rectify_until_accepted()
        await self.delist()
        if law and self.state.licence_suspended:  # H12: the licence comes back with the delisting
            self.record_event(
                "licence_returned", f"摘牌销号，发还暂扣的安全生产许可证（{self.state.licence_suspended}）"
            )
        result = await self.close("delisted", "已摘牌销号并公告")
        await publication
        return result

    # ---- the procedure, step by step ------------------------------------------------------

    async def listing_decision(self) -> hazard.ListingDecisionForm:
        """安全生产法 art 41(3): the office of the listing level decides within 5 working days of the report."""
        inp = self.state.inp
        task = self.state.task("listing_decision", started=Started(Start.REPORTED, inp.reported_at))
        return (await self.tasks.human_step(task)).parsed(hazard.ListingDecisionForm)

    def issue_supervision_notice(self, decision: hazard.ListingDecisionForm) -> asyncio.Task[int] | None:
        """挂牌督办通知书 (国发〔2010〕23号): issued by the system unless a paper notice's number was typed."""
        assert decision.rectification_deadline is not None
        deadline = self.state.deadline = decision.rectification_deadline
        self.state.decided_on = china_today()
        if in_force(SUPERVISION_NOTICE_PATCH) and not decision.notice_no:
            self.set_status(
                "listed",
                f"挂牌督办，制发挂牌督办通知书，整改期限{deadline.isoformat()}",
                rectification_deadline=deadline.isoformat(),
            )
            # Issued beside the next step, so the listing decision returns without waiting for it.
            return self.spawn(self._issue_notice(decision))
        self.set_status(
            "listed",
            f"挂牌督办，通知书{decision.notice_no}，整改期限{deadline.isoformat()}",
            notice_no=decision.notice_no,
            rectification_deadline=deadline.isoformat(),
        )
        return None

    async def _issue_notice(self, decision: hazard.ListingDecisionForm) -> int:
        inp = self.state.inp
        notice = await self.documents.issue(
            "hazard_supervision_notice",
            inp.listing_office_org_id,
            supervision_notice(inp, decision),
            key="hazard_supervision_notice",
        )
        self.update_details(notice_no=notice.number)
        await self.flush()
        return notice.document_id

    async def agree_rectification_plan(self) -> None:
        """16号令 art. 15: the enterprise's treatment plan, checked by the listing office."""
        self.set_status("planning", "待报送治理方案")
        while True:
            # The notice went out with the decision: the clock runs from the task's opening.
            await self.tasks.human_step(self.state.task("rectification_plan", started=Started(Start.SERVICE, None)))
            review = (await self.tasks.human_step(self.state.task("plan_review"))).parsed(hazard.PlanReviewForm)
            if review.decision == "approve":
                return
            self.record_event("plan_returned", "治理方案退回修改", reason=review.opinion)

    async def rectify_until_accepted(self) -> None:
        """Rectification to the deadline (with progress reports), then on-site acceptance (鄂安〔2010〕20号)."""
        state = self.state
        assert state.deadline is not None
        self.set_status("rectifying", f"整改中，期限{state.deadline.isoformat()}")
        progress = asyncio.create_task(self._progress_reports())
        while True:
            state.rectified = False
            state.rectification = await self.tasks.open(state.task("rectification", due_on=state.deadline))
            await self.tasks.wait(state.rectification)
            state.rectified = True
            for report in self.tasks.open_tasks("progress_report"):
                self.tasks.supersede(report, "整改已完成")
            self.set_status("accepting", "整改完成，待现场验收")
            acceptance = (await self.tasks.human_step(state.task("acceptance"))).parsed(hazard.AcceptanceForm)
            if acceptance.decision == "pass":
                break
            assert acceptance.new_deadline is not None
            state.deadline = acceptance.new_deadline
            self.set_status(
                "rectifying",
                f"验收不合格，重新整改至{state.deadline.isoformat()}",
                rectification_deadline=state.deadline.isoformat(),
            )
        await progress

    async def _progress_reports(self) -> None:
        """Periodic progress reports while rectification runs (quarterly by default)."""
        state = self.state
        period = dt.timedelta(days=state.inp.progress_interval_days)
        while not state.rectified:
            try:
                await workflow.wait_condition(lambda: state.rectified, timeout=period)
            except TimeoutError:
                self.spawn(self.tasks.human_step(state.task("progress_report")))

    async def delist(self) -> None:
        """摘牌销号 and its publication, once acceptance passed."""
        self.set_status("delisting", "验收合格，待摘牌销号")
        await self.tasks.human_step(self.state.task("delisting_publication"))

    async def close(self, status: str, summary: str) -> HazardSupervisionResult:
        self.close_case(status, summary)
        await self.finish_case()
        return HazardSupervisionResult(status)

    # ---- checks of completed steps -------------------------------------------------------

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        super().validate_step(task, form, actor)
        state, today = self.state, china_today()
        if state.law:
            hazard.check_required_records(form, today, coal=state.coal)
            self.rules.validate_step(form)
        if isinstance(form, hazard.ListingDecisionForm) and form.rectification_deadline:
            hazard.check_rectification_deadline(form.rectification_deadline, today, state.inp.max_rectification_days)
        if isinstance(form, hazard.AcceptanceForm) and form.new_deadline:
            hazard.check_rectification_deadline(form.new_deadline, today, state.inp.max_rectification_days)
        if isinstance(form, hazard.ExtensionDecisionForm) and form.new_deadline and state.deadline:
            hazard.check_extension_request(form.new_deadline, state.deadline, today, None)
            if state.decided_on is not None:
                hazard.check_total_rectification(form.new_deadline, state.decided_on, state.inp.max_rectification_days)
            if state.rectification is not None:
                self.clocks.check_extension(state.rectification, form.new_deadline)

    @property
    def rules(self) -> HazardRules:
        """The steps of cases under the 2026 rules; it keeps nothing of its own (all in the state)."""
        return HazardRules(self, self.state)

    def on_overdue(self, task: OpenTask) -> None:
        super().on_overdue(task)
        if self.state.law:
            self.rules.on_overdue(task)

    def case_enterprise_id(self) -> int | None:
        return self.state.input.enterprise_id if self.state.input else None
