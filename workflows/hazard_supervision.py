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
    from domain.errors import InvalidInput
    from domain.forms import StepForm
    from workflows.case_workflow import (
        CONFLICT,
        FORBIDDEN,
        INVALID,
        CaseWorkflow,
        OpenTask,
        TaskSpec,
        china_today,
        refuse,
    )
    from workflows.contracts import Actor, CaseActionCommand, CaseStart, UpdateResult

PROCESS = "hazard"
# The listing office issues the supervision notice with the system's number (it was typed by hand).
SUPERVISION_NOTICE_PATCH = "issued-supervision-notice"


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


@workflow.defn
class HazardSupervisionWorkflow(CaseWorkflow):
    process = PROCESS
    # 16号令 art. 15/16: the plan, progress and completion reports and the extension request are
    # the enterprise's; the bureau's handler records them when they come on paper.
    enterprise_steps = enterprise.step_names(PROCESS)
    enterprise_actions = enterprise.action_names(PROCESS)

    def __init__(self) -> None:
        super().__init__()
        self._input: HazardSupervisionInput | None = None
        self._deadline: dt.date | None = None
        self._rectification: OpenTask | None = None
        self._extension_pending = False
        self._suspension_order: str | None = None
        self._rectified = False

    @workflow.run
    async def run(self, inp: HazardSupervisionInput) -> HazardSupervisionResult:
        self._input = inp
        self.start_case(inp.start.case_id)
        self.set_status("reported", f"重大事故隐患报送：{inp.title}（{hazard.HAZARD_GRADES[inp.grade]}）")

        listing = self._office_step("listing_decision", "挂牌督办决定", "hazard.listing_decision")
        listing.clock_start = inp.reported_at
        decision = await self.human_step(listing)
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
            self._background.append(asyncio.create_task(self._issue_supervision_notice(decision.form)))
        else:
            self.set_status(
                "listed",
                f"挂牌督办，通知书{notice_no}，整改期限{self._deadline.isoformat()}",
                notice_no=notice_no,
                rectification_deadline=self._deadline.isoformat(),
            )
        publication = asyncio.create_task(
            self.human_step(self._office_step("publish_listing", "挂牌公告并报上级备案", "hazard.publish_listing"))
        )
        await self._agree_rectification_plan()
        await self._rectify_until_accepted()

        self.set_status("delisting", "验收合格，待摘牌销号")
        await self.human_step(
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
        notice = await self.issue_document(
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
            await self.human_step(
                self._bureau_step("rectification_plan", "报送隐患治理方案", "hazard.rectification_plan")
            )
            review = await self.human_step(self._office_step("plan_review", "审查治理方案", "hazard.plan_review"))
            if review.form["decision"] == "approve":
                return
            self.record_event("plan_returned", "治理方案退回修改", reason=review.form["opinion"])

    async def _rectify_until_accepted(self) -> None:
        assert self._deadline is not None
        self.set_status("rectifying", f"整改中，期限{self._deadline.isoformat()}")
        progress = asyncio.create_task(self._progress_reports())
        while True:
            self._rectified = False
            self._rectification = await self.open_task(
                self._bureau_step(
                    "rectification",
                    "隐患整改并报告完成",
                    "hazard.rectification",
                    due_on=self._deadline,
                )
            )
            await self.await_task(self._rectification)
            self._rectified = True
            for report in self.open_tasks("progress_report"):
                self._close_superseded(report, "整改已完成")
            self.set_status("accepting", "整改完成，待现场验收")
            acceptance = await self.human_step(self._office_step("acceptance", "现场验收", "hazard.acceptance"))
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
                self._background.append(asyncio.create_task(self.human_step(step)))

    async def _decide_extension(self, requested: dt.date, actor: Actor) -> None:
        decision = await self.human_step(
            self._office_step("extension_decision", "延期申请审批", "hazard.extension_decision")
        )
        self._extension_pending = False
        rectification = self._rectification
        if decision.actor is None or rectification is None or rectification.closed:
            return
        if decision.form["decision"] == "approve":
            self._deadline = dt.date.fromisoformat(decision.form["new_deadline"])
            await self.move_due_day(
                rectification,
                self._deadline,
                f"同意延期：整改期限延至{self._deadline.isoformat()}（申请{requested.isoformat()}）",
                decision.actor,
            )
            self.set_status("rectifying", "整改期限已延期", rectification_deadline=self._deadline.isoformat())
        else:
            self.record_event("extension_rejected", "不同意延期", actor=actor, reason=decision.form["opinion"])

    # ---- checks the generic validator delegates here -------------------------------------

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        super().validate_step(task, form, actor)
        assert self._input is not None
        try:
            if isinstance(form, hazard.ListingDecisionForm) and form.rectification_deadline:
                hazard.check_rectification_deadline(
                    form.rectification_deadline, china_today(), self._input.max_rectification_days
                )
            if isinstance(form, hazard.AcceptanceForm) and form.new_deadline:
                hazard.check_rectification_deadline(
                    form.new_deadline, china_today(), self._input.max_rectification_days
                )
            if isinstance(form, hazard.ExtensionDecisionForm) and form.new_deadline and self._deadline:
                hazard.check_extension_request(form.new_deadline, self._deadline, china_today(), None)
                if self._rectification is not None:
                    self.check_extension(self._rectification, form.new_deadline)
        except InvalidInput as exc:
            raise refuse(INVALID, exc.message) from None

    # ---- case actions --------------------------------------------------------------------

    def validate_action(self, cmd: CaseActionCommand) -> None:
        assert self._input is not None
        rectification = self._rectification
        running = rectification is not None and not rectification.closed
        if cmd.action == "request_extension":
            if not self.is_case_enterprise(cmd.actor):
                self._require(cmd.actor, self._input.supervising_org_id, "handler")
            if not running or rectification is None:
                raise refuse(CONFLICT, "当前不在整改阶段，不能申请延期")
            if self._extension_pending:
                raise refuse(CONFLICT, "已有延期申请待审批")
            form = self.parse_form(hazard.ExtensionRequestForm, cmd.form)
            assert self._deadline is not None and rectification.schedule is not None
            try:
                hazard.check_extension_request(
                    form.requested_deadline,
                    self._deadline,
                    china_today(),
                    rectification.schedule.extension_cutoff,
                )
            except InvalidInput as exc:
                raise refuse(INVALID, exc.message) from None
        elif cmd.action == "order_suspension":
            self._require_any(cmd.actor)
            if not running or rectification is None or not rectification.overdue:
                raise refuse(CONFLICT, "只有逾期未完成整改的隐患才能责令停产停业整顿")
            if self._suspension_order:
                raise refuse(CONFLICT, "已责令停产停业整顿")
            self.parse_form(hazard.SuspensionOrderForm, cmd.form)
        elif cmd.action == "report_refusal":
            self._require_any(cmd.actor)
            if not self._suspension_order:
                raise refuse(CONFLICT, "尚未责令停产停业整顿")
            self.parse_form(hazard.SuspensionRefusedForm, cmd.form)
        else:
            super().validate_action(cmd)

    async def perform_action(self, cmd: CaseActionCommand) -> UpdateResult:
        if cmd.action == "request_extension":
            form = hazard.ExtensionRequestForm.model_validate(cmd.form)
            self._extension_pending = True
            self.record_event(
                "extension_requested",
                f"申请延期至{form.requested_deadline.isoformat()}",
                actor=cmd.actor,
                reason=form.reason,
            )
            self._background.append(asyncio.create_task(self._decide_extension(form.requested_deadline, cmd.actor)))
            await self.settle()
            return UpdateResult(None, "延期申请已提交，待挂牌单位审批")
        if cmd.action == "order_suspension":
            order = hazard.SuspensionOrderForm.model_validate(cmd.form)
            self._suspension_order = order.order_no
            self.record_event(
                "suspension_ordered",
                f"责令停产停业整顿（{order.order_no}）：{order.scope}",
                actor=cmd.actor,
                reason=order.reason,
            )
            self.update_details(suspension_order=order.order_no)
            await self.flush()
            return UpdateResult(None, "已责令停产停业整顿")
        if cmd.action == "report_refusal":
            refusal = hazard.SuspensionRefusedForm.model_validate(cmd.form)
            self.refer_for_crime_transfer(refusal, cmd.actor)
            await self.flush()
            return UpdateResult(None, "已记录拒不执行情况并形成移送线索")
        return await super().perform_action(cmd)

    def refer_for_crime_transfer(self, refusal: hazard.SuspensionRefusedForm, actor: Actor) -> None:
        """Hand-off point to the crime-transfer process (涉嫌犯罪案件移送).

        Refusing an order to stop production issued for a major hazard, with a real danger,
        may be 危险作业罪 (刑法 art. 134之一(二)). The referral is recorded on the timeline and
        in the case details; the crime-transfer workflow starts from this referral.
        """
        self.record_event(
            "crime_transfer_referral",
            "拒不执行停产停业整顿决定，涉嫌危险作业罪，形成移送线索",
            actor=actor,
            reason=refusal.facts,
            data={"facts": refusal.facts, "evidence": refusal.evidence, "category": "危险作业罪"},
        )
        self.update_details(crime_transfer_referral=True)

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

    def _require(self, actor: Actor, org_id: int, role: str) -> None:
        if actor.org_id != org_id or actor.role != role:
            raise refuse(FORBIDDEN, "该操作不属于您所在单位或岗位")

    def _require_any(self, actor: Actor) -> None:
        assert self._input is not None
        allowed = {
            (self._input.supervising_org_id, "handler"),
            (self._input.listing_office_org_id, "office"),
        }
        if (actor.org_id, actor.role) not in allowed:
            raise refuse(FORBIDDEN, "只有监管部门承办人或挂牌单位可以执行该操作")
