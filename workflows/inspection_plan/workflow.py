"""The annual enforcement plan (年度监督检查计划), from the draft to the end of its year.

Reads like 北碚 (十四) and 国办发〔2015〕20号 (十五): the bureau drafts its plan (重点监管对象 with
their risk grade, 检查内容, frequency, 执法措施, planned months); the same-level government
approves it by 31 January of the plan's year — a dated deadline, so a plan drafted late is
overdue from its first day and escalates through the kernel's 督办 ladder; a returned plan is
revised and reviewed again; the approved plan is filed with the government's 安委办 and the
upper department (in parallel); during the year the bureau may adjust it (`actions.py`), and
each adjustment goes through the same approval and filing. Every version is kept. The case
ends with the plan's year.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import inspection_plan as ip
    from domain.china_time import day_of, start_of
    from domain.definitions.inspection_plan import INSPECTION_PLAN
    from domain.forms import StepForm
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.contracts import Actor
    from workflows.inspection_plan.actions import PlanActions
    from workflows.inspection_plan.contracts import InspectionPlanInput, InspectionPlanResult
    from workflows.inspection_plan.state import PlanState
    from workflows.kernel import CaseWorkflow, OpenTask, TaskOutcome, refuse_future_dates


@workflow.defn(name=INSPECTION_PLAN.workflow)
class InspectionPlanWorkflow(CaseWorkflow[PlanState], definition=INSPECTION_PLAN, parts=(PlanActions,)):
    @workflow.run
    async def run(self, inp: InspectionPlanInput) -> InspectionPlanResult:
        state = self.state
        self.begin(inp)
        state.items = inp.items
        state.add_version(inp.items, "submitted", "初次报批", self.today())
        due = ip.approval_due(inp.year)
        self.set_status("approval", f"{inp.year}年度监督检查计划已报同级人民政府审查批准", approval_due=due.isoformat())
        self.publish_items()
        await self.approve_plan(due)
        await self.file_plan("年度计划已批准，报安委办及上级部门备案")
        await self.carry_out(inp.year)
        self.close_case("ended", f"{inp.year}年度结束，计划执行完毕")
        await self.finish_case()
        return InspectionPlanResult("ended", len(state.versions))

    # ---- the procedure ---------------------------------------------------------------------

    async def approve_plan(self, due: dt.date) -> None:
        """北碚 (十四): approved by the end of January; a returned plan is revised and resubmitted,
        still against the same day."""
        state = self.state
        while True:
            outcome = await self.tasks.human_step(state.task("approval", due_on=due))
            review = outcome.parsed(ip.PlanApprovalForm)
            if review.decision == "approve":
                self.mark_version("approved", review.approval_no)
                self.record_event("plan_approved", f"同级人民政府批准计划（{review.approval_no}）", actor=outcome.actor)
                self.update_details(approval_no=review.approval_no, approved_on=self.today())
                return
            self.mark_version("returned", review.opinion)
            self.set_status("revision", "计划被退回修改")
            revision = await self.tasks.human_step(state.task("revision"))
            revised = revision.parsed(ip.PlanRevisionForm)
            state.items = [item.model_dump() for item in ip.parse_items_text(revised.items_text)]
            state.add_version(state.items, "submitted", revised.note, self.today())
            self.publish_items()
            self.set_status("approval", "修改后的计划已重新报批")

    async def file_plan(self, summary: str) -> None:
        """北碚 (十四): filed with the government's 安委办 and the upper department, side by side."""
        state = self.state
        self.set_status("filing", summary)
        filings = [await self.tasks.open(state.task("filing_office"))]
        if state.inp.upper_org_id is not None:
            filings.append(await self.tasks.open(state.task("filing_upper")))
        outcomes: list[TaskOutcome] = list(await asyncio.gather(*(self.tasks.wait(t) for t in filings)))
        self.update_details(filed=[self.filing_record(t, o) for t, o in zip(filings, outcomes, strict=True)])
        state.in_force = True
        self.set_status("in_force", "计划已备案，执行中")

    async def carry_out(self, year: int) -> None:
        """The plan's year: each adjustment is approved and filed like the plan itself."""
        state = self.state
        year_end = start_of(dt.date(year + 1, 1, 1))
        while True:
            remaining = year_end - workflow.now()
            if remaining <= dt.timedelta(0):
                return
            try:
                await workflow.wait_condition(lambda: state.adjustment is not None, timeout=remaining)
            except TimeoutError:
                return
            assert state.adjustment is not None
            await self.review_adjustment()

    async def review_adjustment(self) -> None:
        state = self.state
        adjustment = state.adjustment
        assert adjustment is not None
        state.in_force = False
        state.add_version(adjustment.items, "submitted", adjustment.reason, self.today())
        self.set_status("adjusting", "计划调整已报同级人民政府审查批准")
        outcome = await self.tasks.human_step(state.task("adjustment_approval"))
        review = outcome.parsed(ip.PlanApprovalForm)
        state.adjustment = None
        if review.decision == "return":
            self.mark_version("returned", review.opinion)
            self.record_event("plan_adjustment_returned", "计划调整未获批准，原计划继续执行", actor=outcome.actor)
            state.in_force = True
            self.set_status("in_force", "计划调整未获批准，原计划继续执行")
            return
        state.items = adjustment.items
        self.mark_version("approved", review.approval_no)
        self.publish_items()
        self.record_event("plan_adjusted", f"计划调整获批准（{review.approval_no}）", actor=outcome.actor)
        await self.file_plan("计划调整已批准，报安委办及上级部门备案")

    # ---- helpers -----------------------------------------------------------------------------

    def publish_items(self) -> None:
        """The current items and the versions, for the case page and the progress view."""
        versions = [{k: v for k, v in version.items() if k != "items"} for version in self.state.versions]
        items_text = ip.items_text(self.state.items)  # pre-fills a revision on the case page
        self.update_details(
            items=self.state.items, items_text=items_text, versions=versions, version=len(self.state.versions)
        )

    def mark_version(self, status: str, note: str) -> None:
        self.state.versions[-1].update(status=status, decided_on=self.today(), decision_note=note)
        self.publish_items()

    def filing_record(self, task: OpenTask, outcome: TaskOutcome) -> dict[str, Any]:
        form = outcome.parsed(ip.PlanFilingForm)
        return {"step": task.spec.step, "filed_on": form.filed_on.isoformat(), "file_no": form.file_no}

    def today(self) -> str:
        return day_of(workflow.now()).isoformat()

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        refuse_future_dates(form, ("filed_on",))
        super().validate_step(task, form, actor)
