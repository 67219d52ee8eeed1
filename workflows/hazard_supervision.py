"""Listed supervision of a major accident hazard (重大事故隐患挂牌督办).

Reads like the procedure in the domain notes §1: the listing decision and supervision notice,
publication, the rectification plan and its review, rectification with progress reports and
extensions, on-site acceptance, and delisting with its publication.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import enterprise, hazard
    from domain.errors import Conflict
    from domain.forms import StepForm
    from workflows.contracts import Actor, CaseActionCommand, CaseStart, UpdateResult
    from workflows.kernel import CaseWorkflow, OpenTask, TaskSpec, china_today, parse_form, require
    from workflows.kernel.decisions import DecisionRequest
    from workflows.kernel.patches import SUPERVISION_NOTICE_PATCH
    from workflows.kernel.referrals import record_suspension_order, refer_for_crime_transfer

PROCESS = "hazard"


@dataclass
class HazardSupervisionInput:
    start: CaseStart
    title: str
    grade: int
    enterprise_name: str
    listing_office_org_id: int  # safety-committee office at the level that lists the grade
    supervising_org_id: int  # emergency-management bureau where the enterprise sits
    progress_interval_days: int = 90
    max_rectification_days: int = 366
    # A case taken over from paper records keeps the day it was reported: the first clock runs from it.
    reported_at: dt.datetime | None = None
    description: str = ""  # printed on the supervision notice
    supervising_org_name: str = ""
    enterprise_id: int | None = None  # lets the enterprise's own user submit its steps


@dataclass
class HazardSupervisionResult:
    status: str


@workflow.defn(name="HazardSupervisionWorkflow")
class HazardSupervisionWorkflow(CaseWorkflow):
    process = PROCESS
    # 16号令 art. 15/16: the plan, progress and completion reports and the extension request are
    # the enterprise's; the bureau's handler records them when they come on paper.
    enterprise_steps = enterprise.step_names(PROCESS)

    def __init__(self) -> None:
        super().__init__()
        self._input: HazardSupervisionInput | None = None
        self._deadline: dt.date | None = None
        self._rectification: OpenTask | None = None
        self._extension = DecisionRequest(self.tasks, self.spawn)
        self._suspension_order: str | None = None
        self._rectified = False
        self.actions.add("request_extension", self._check_extension_request, self._request_extension)
        self.actions.add("order_suspension", self._check_suspension_order, self._order_suspension)
        self.actions.add("report_refusal", self._check_refusal, self._report_refusal)

    @workflow.run
    async def run(self, inp: HazardSupervisionInput) -> HazardSupervisionResult:
        self._input = inp
        self.start_case(inp.start.case_id)
        self.set_status("reported", f"重大事故隐患报送：{inp.title}（{hazard.HAZARD_GRADES[inp.grade]}）")

        listing = self._office_step("listing_decision", "挂牌督办决定", "hazard.listing_decision")
        listing.clock_start = inp.reported_at
        decision = await self.tasks.human_step(listing)
        if decision.form["decision"] == "not_list":
            self.close_case("not_listed", f"决定不予挂牌：{decision.form['reason']}")
            await self.finish_case()
            return HazardSupervisionResult("not_listed")

        self._deadline = dt.date.fromisoformat(decision.form["rectification_deadline"])
        notice_no = decision.form["notice_no"]
        if workflow.patched(SUPERVISION_NOTICE_PATCH) and not notice_no:
            self.set_status(
                "listed",
                f"挂牌督办，制发挂牌督办通知书，整改期限{self._deadline.isoformat()}",
                rectification_deadline=self._deadline.isoformat(),
            )
            # Issued beside the next step, so the listing decision returns without waiting for it.
            self.spawn(self._issue_supervision_notice(decision.form))
        else:
            self.set_status(
                "listed",
                f"挂牌督办，通知书{notice_no}，整改期限{self._deadline.isoformat()}",
                notice_no=notice_no,
                rectification_deadline=self._deadline.isoformat(),
            )
        publication = asyncio.create_task(
            self.tasks.human_step(
                self._office_step("publish_listing", "挂牌公告并报上级备案", "hazard.publish_listing")
            )
        )
        await self._agree_rectification_plan()
        await self._rectify_until_accepted()

        self.set_status("delisting", "验收合格，待摘牌销号")
        await self.tasks.human_step(
            self._office_step("delisting_publication", "摘牌销号并公告", "hazard.delisting_publication")
        )
        self.close_case("delisted", "已摘牌销号并公告")
        await self.finish_case()
        await publication
        return HazardSupervisionResult("delisted")

    async def _issue_supervision_notice(self, form: dict[str, Any]) -> None:
        """挂牌督办通知书, issued by the listing office to the responsible government (国发〔2010〕23号)."""
        inp = self._input
        assert inp is not None
        notice = await self.documents.issue(
            "hazard_supervision_notice",
            inp.listing_office_org_id,
            {
                "responsible_government": form["responsible_government"],
                "enterprise_name": inp.enterprise_name,
                "grade_label": hazard.HAZARD_GRADES[inp.grade],
                "hazard_title": inp.title,
                "description": inp.description,
                "supervision_matters": form["supervision_matters"],
                "rectification_deadline": form["rectification_deadline"],
                "lifting_procedure": form["lifting_procedure"],
                "supervising_org": inp.supervising_org_name or "属地应急管理部门",
            },
            key="hazard_supervision_notice",
        )
        self.update_details(notice_no=notice.number)
        await self.flush()

    # ---- the procedure, step by step ------------------------------------------------------

    async def _agree_rectification_plan(self) -> None:
        """16号令 art. 15: the enterprise's treatment plan, checked by the listing office."""
        self.set_status("planning", "待报送治理方案")
        while True:
            await self.tasks.human_step(
                self._bureau_step("rectification_plan", "报送隐患治理方案", "hazard.rectification_plan")
            )
            review = await self.tasks.human_step(self._office_step("plan_review", "审查治理方案", "hazard.plan_review"))
            if review.form["decision"] == "approve":
                return
            self.record_event("plan_returned", "治理方案退回修改", reason=review.form["opinion"])

    async def _rectify_until_accepted(self) -> None:
        assert self._deadline is not None
        self.set_status("rectifying", f"整改中，期限{self._deadline.isoformat()}")
        progress = asyncio.create_task(self._progress_reports())
        while True:
            self._rectified = False
            self._rectification = await self.tasks.open(
                self._bureau_step(
                    "rectification",
                    "隐患整改并报告完成",
                    "hazard.rectification",
                    due_on=self._deadline,
                )
            )
            await self.tasks.wait(self._rectification)
            self._rectified = True
            for report in self.tasks.open_tasks("progress_report"):
                self.tasks.supersede(report, "整改已完成")
            self.set_status("accepting", "整改完成，待现场验收")
            acceptance = await self.tasks.human_step(self._office_step("acceptance", "现场验收", "hazard.acceptance"))
            if acceptance.form["decision"] == "pass":
                break
            self._deadline = dt.date.fromisoformat(acceptance.form["new_deadline"])
            self.set_status(
                "rectifying",
                f"验收不合格，重新整改至{self._deadline.isoformat()}",
                rectification_deadline=self._deadline.isoformat(),
            )
        await progress

    async def _progress_reports(self) -> None:
        """Periodic progress reports while rectification runs (quarterly by default)."""
        assert self._input is not None
        period = dt.timedelta(days=self._input.progress_interval_days)
        while not self._rectified:
            try:
                await workflow.wait_condition(lambda: self._rectified, timeout=period)
            except TimeoutError:
                step = self._bureau_step("progress_report", "报送整改进展", "hazard.progress_report")
                self.spawn(self.tasks.human_step(step))

    async def _decide_extension(self, requested: dt.date, actor: Actor) -> None:
        decision = await self._extension.decide(
            self._office_step("extension_decision", "延期申请审批", "hazard.extension_decision")
        )
        rectification = self._rectification
        if decision is None or decision.actor is None or rectification is None or rectification.closed:
            return
        if decision.form["decision"] == "approve":
            self._deadline = dt.date.fromisoformat(decision.form["new_deadline"])
            await self.tasks.move_due_day(
                rectification,
                self._deadline,
                f"同意延期：整改期限延至{self._deadline.isoformat()}（申请{requested.isoformat()}）",
                decision.actor,
            )
            self.set_status("rectifying", "整改期限已延期", rectification_deadline=self._deadline.isoformat())
        else:
            self.record_event("extension_rejected", "不同意延期", actor=actor, reason=decision.form["opinion"])

    # ---- checks of completed steps -------------------------------------------------------

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        super().validate_step(task, form, actor)
        assert self._input is not None
        if isinstance(form, hazard.ListingDecisionForm) and form.rectification_deadline:
            hazard.check_rectification_deadline(
                form.rectification_deadline, china_today(), self._input.max_rectification_days
            )
        if isinstance(form, hazard.AcceptanceForm) and form.new_deadline:
            hazard.check_rectification_deadline(form.new_deadline, china_today(), self._input.max_rectification_days)
        if isinstance(form, hazard.ExtensionDecisionForm) and form.new_deadline and self._deadline:
            hazard.check_extension_request(form.new_deadline, self._deadline, china_today(), None)
            if self._rectification is not None:
                self.clocks.check_extension(self._rectification, form.new_deadline)

    # ---- case actions --------------------------------------------------------------------

    def _running_rectification(self) -> OpenTask | None:
        task = self._rectification
        return task if task is not None and not task.closed else None

    def _check_extension_request(self, cmd: CaseActionCommand) -> None:
        """16号令 art 16: the enterprise may ask, in time, for a later deadline; the listing office decides."""
        assert self._input is not None
        if not self.is_case_enterprise(cmd.actor):
            require(cmd.actor, {(self._input.supervising_org_id, "handler")})
        rectification = self._running_rectification()
        if rectification is None:
            raise Conflict("当前不在整改阶段，不能申请延期")
        self._extension.refuse_if_pending()
        form = parse_form(hazard.ExtensionRequestForm, cmd.form)
        assert self._deadline is not None and rectification.schedule is not None
        hazard.check_extension_request(
            form.requested_deadline, self._deadline, china_today(), rectification.schedule.extension_cutoff
        )

    async def _request_extension(self, cmd: CaseActionCommand) -> UpdateResult:
        form = hazard.ExtensionRequestForm.model_validate(cmd.form)
        self.record_event(
            "extension_requested",
            f"申请延期至{form.requested_deadline.isoformat()}",
            actor=cmd.actor,
            reason=form.reason,
        )
        self._extension.submit(self._decide_extension(form.requested_deadline, cmd.actor))
        await self.settle()
        return UpdateResult(None, "延期申请已提交，待挂牌单位审批")

    def _check_suspension_order(self, cmd: CaseActionCommand) -> None:
        """安全生产法 art 102: an overdue rectification may be answered by 责令停产停业整顿."""
        self._require_any(cmd.actor)
        rectification = self._running_rectification()
        if rectification is None or not rectification.overdue:
            raise Conflict("只有逾期未完成整改的隐患才能责令停产停业整顿")
        if self._suspension_order:
            raise Conflict("已责令停产停业整顿")
        parse_form(hazard.SuspensionOrderForm, cmd.form)

    async def _order_suspension(self, cmd: CaseActionCommand) -> UpdateResult:
        order = hazard.SuspensionOrderForm.model_validate(cmd.form)
        self._suspension_order = order.order_no
        record_suspension_order(self.timeline, order, cmd.actor)
        await self.flush()
        return UpdateResult(None, "已责令停产停业整顿")

    def _check_refusal(self, cmd: CaseActionCommand) -> None:
        self._require_any(cmd.actor)
        if not self._suspension_order:
            raise Conflict("尚未责令停产停业整顿")
        parse_form(hazard.SuspensionRefusedForm, cmd.form)

    async def _report_refusal(self, cmd: CaseActionCommand) -> UpdateResult:
        """刑法 art 134之一(二): the refusal is referred to the crime-transfer process."""
        refusal = hazard.SuspensionRefusedForm.model_validate(cmd.form)
        refer_for_crime_transfer(self.timeline, refusal, cmd.actor)
        await self.flush()
        return UpdateResult(None, "已记录拒不执行情况并形成移送线索")

    # ---- helpers ---------------------------------------------------------------------

    def case_enterprise_id(self) -> int | None:
        return self._input.enterprise_id if self._input else None

    def _office_step(self, step: str, title: str, rule: str) -> TaskSpec:
        assert self._input is not None
        return TaskSpec(
            step,
            title,
            self._input.listing_office_org_id,
            "office",
            rule,
            hazard.HAZARD_STEP_FORMS[step],
        )

    def _bureau_step(self, step: str, title: str, rule: str, due_on: dt.date | None = None) -> TaskSpec:
        assert self._input is not None
        return TaskSpec(
            step,
            title,
            self._input.supervising_org_id,
            "handler",
            rule,
            hazard.HAZARD_STEP_FORMS[step],
            due_on=due_on,
        )

    def _require_any(self, actor: Actor) -> None:
        assert self._input is not None
        allowed = {(self._input.supervising_org_id, "handler"), (self._input.listing_office_org_id, "office")}
        require(actor, allowed, "只有监管部门承办人或挂牌单位可以执行该操作")
