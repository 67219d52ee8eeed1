"""Verification of a public report (安全生产举报, 12350), from receipt to the reply.

Reads like 安全生产法 art 73 and the domain notes §6: the bureau of the jurisdiction accepts the
report or forwards it to the competent one; it verifies and concludes within the handling limit
(60 days from acceptance by default), which the upper level may extend once (by up to 30 days)
on request; it replies to the reporter, whose tracking page shows only the status and the reply.
An overdue step escalates through the shared mechanism to the safety-committee office above.
The reporter's identity never enters this workflow (see public_report_contracts.py).
"""

from __future__ import annotations

import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.names import ROUTE_PUBLIC_REPORT
    from domain import public_report as pr
    from domain.china_time import day_of
    from domain.errors import Conflict, InvalidInput
    from domain.forms import StepForm
    from workflows.contracts import Actor, CaseActionCommand, UpdateResult
    from workflows.kernel import (
        PROJECTION_TIMEOUT,
        SA_JURISDICTION,
        CaseWorkflow,
        OpenTask,
        TaskOutcome,
        TaskSpec,
        parse_form,
        refuse_future_dates,
        require,
    )
    from workflows.kernel.decisions import DecisionRequest
    from workflows.public_report_contracts import PublicReportInput, PublicReportResult, RouteRequest, RouteResult

PROCESS = pr.PROCESS
HANDLING_RULE = "public_report.handling"


@workflow.defn(name="PublicReportWorkflow")
class PublicReportWorkflow(CaseWorkflow):
    process = PROCESS

    def __init__(self) -> None:
        super().__init__()
        self._handling_org = 0
        self._upper_org: int | None = None
        self._handling: OpenTask | None = None  # the open step that runs on the handling limit
        self._original_due: dt.date | None = None  # the handling limit before any extension
        self._extension = DecisionRequest(self.tasks, self.spawn, pending_message="已有延期申请待上一级部门审批")
        self._extended = False
        self.actions.add("request_extension", self._check_extension_request, self._request_extension)

    @workflow.run
    async def run(self, inp: PublicReportInput) -> PublicReportResult:
        self._handling_org, self._upper_org = inp.handling_org_id, inp.upper_org_id
        self.start_case(inp.start.case_id)
        self.set_status("received", f"收到举报：{inp.summary}")
        triage = await self._triage(inp.start.case_id)
        if triage.form["decision"] == "not_accept":
            self.record_event("not_accepted", "不予受理", actor=triage.actor, reason=triage.form["reason"])
            await self._reply("不予受理，答复举报人")
            return await self._close("not_accepted", "不予受理，已答复举报人")

        self.set_status("verifying", "已受理，核查中", accepted_on=_day(workflow.now()))
        self._handling = await self.tasks.open(self._step("verification", "核查举报事项", HANDLING_RULE))
        assert self._handling.schedule is not None
        self._original_due = day_of(self._handling.schedule.due_at)
        self.update_details(handling_due=self._original_due.isoformat())
        await self.flush()
        await self.tasks.wait(self._handling)

        self.set_status("concluding", "核查完毕，待作出处理结论")
        assert self._handling.schedule is not None
        limit = day_of(self._handling.schedule.due_at)  # the same limit, extended or not
        self._handling = await self.tasks.open(
            self._step("conclusion", "作出核查处理结论", HANDLING_RULE, due_on=limit)
        )
        conclusion = (await self.tasks.wait(self._handling)).form
        self._handling = None
        for pending in self.tasks.open_tasks("extension_decision"):
            self.tasks.supersede(pending, "已作出处理结论，无需延期")
        self.update_details(result=conclusion["result"], handoff=conclusion["handoff"])
        if conclusion["handoff"] != "none":
            self.record_event("handoff", f"{pr.RESULTS[conclusion['result']]}，{pr.HANDOFFS[conclusion['handoff']]}")
        self.set_status("replying", f"{pr.RESULTS[conclusion['result']]}，待答复举报人")
        await self._reply("答复举报人")
        return await self._close("concluded", f"已办结：{pr.RESULTS[conclusion['result']]}，已答复举报人")

    # ---- the procedure ---------------------------------------------------------------------

    async def _triage(self, case_id: int) -> TaskOutcome:
        """Accept, refuse, or forward to the competent jurisdiction, whose bureau triages anew."""
        while True:
            outcome = await self.tasks.human_step(self._step("triage", "受理或转交举报", "public_report.triage"))
            if outcome.form["decision"] != "forward":
                return outcome
            routed: RouteResult = await workflow.execute_local_activity(
                ROUTE_PUBLIC_REPORT,
                RouteRequest(case_id, outcome.form["forward_to"]),
                result_type=RouteResult,
                start_to_close_timeout=PROJECTION_TIMEOUT,
            )
            if not routed.found:
                self.record_event(
                    "forward_failed", f"未找到行政区划{outcome.form['forward_to']}的应急管理部门，请重新受理或转交"
                )
                continue
            self._handling_org, self._upper_org = routed.org_id, routed.upper_org_id
            workflow.upsert_search_attributes([SA_JURISDICTION.value_set(routed.jurisdiction_path)])
            self.record_event(
                "forwarded", f"转交{routed.org_name}办理", actor=outcome.actor, reason=outcome.form["reason"]
            )
            self.set_status("received", f"已转交{routed.org_name}，待受理", handling_org=routed.org_name)

    async def _reply(self, title: str) -> None:
        reply = (await self.tasks.human_step(self._step("reply", title, "public_report.reply"))).form
        self.update_details(public_reply=reply["reply"], replied_on=reply["replied_on"])

    async def _close(self, status: str, summary: str) -> PublicReportResult:
        self.close_case(status, summary)
        await self.finish_case()
        return PublicReportResult(status)

    async def _decide_extension(self, days: int, reason: str) -> None:
        """安监总财〔2012〕63号: the upper level approves an extension; the reporter is told why."""
        assert self._upper_org is not None
        spec = TaskSpec(
            "extension_decision",
            f"审批延长举报办理期限（{days}日）",
            self._upper_org,
            "head",
            "public_report.extension_decision",
            pr.ExtensionDecisionForm,
        )
        decision = await self._extension.decide(spec)
        task = self._handling
        if decision is None or decision.actor is None or task is None or task.closed or task.schedule is None:
            return
        if decision.form["decision"] == "refuse":
            self.record_event(
                "extension_refused", "上一级部门不批准延期", actor=decision.actor, reason=decision.form["opinion"]
            )
            await self.flush()
            return
        self._extended = True
        new_due = day_of(task.schedule.due_at) + dt.timedelta(days=days)
        await self.tasks.move_due_day(
            task, new_due, f"上一级部门批准延期：办理期限延至{new_due.isoformat()}", decision.actor
        )
        # The reporter is told the new limit (moved past a holiday by the calendar) and why.
        self.update_details(handling_due=_day(task.schedule.due_at), extension_reason=reason)
        await self.flush()

    # ---- actions -----------------------------------------------------------------------------

    def _check_extension_request(self, cmd: CaseActionCommand) -> None:
        """安监总财〔2012〕63号: one extension, by at most the rule's days, approved by the upper level."""
        require(cmd.actor, {(self._handling_org, "handler")}, "只有承办举报的部门可以申请延期")
        form = parse_form(pr.ExtensionRequestForm, cmd.form)
        task = self._handling
        if task is None or task.closed or task.schedule is None:
            raise Conflict("举报尚未受理或已作出处理结论，不能延长办理期限")
        self._extension.refuse_if_pending()
        if self._upper_org is None:
            raise Conflict("没有上一级部门可以审批延期")
        limit = task.schedule.max_extensions
        if self._extended and (limit is None or limit <= 1):
            raise Conflict("办理期限已延长过，不能再次延长")
        cap = task.schedule.max_extension_days
        assert self._original_due is not None
        new_due = day_of(task.schedule.due_at) + dt.timedelta(days=form.days)
        if cap is not None and (new_due - self._original_due).days > cap:
            raise InvalidInput(f"延长期限合计不得超过{cap}日")

    async def _request_extension(self, cmd: CaseActionCommand) -> UpdateResult:
        form = pr.ExtensionRequestForm.model_validate(cmd.form)
        self.record_event(
            "extension_requested",
            f"申请延长办理期限{form.days}日，报上一级部门审批",
            actor=cmd.actor,
            reason=form.reason,
        )
        self._extension.submit(self._decide_extension(form.days, form.reason))
        await self.settle()
        return UpdateResult(None, "延期申请已报上一级部门审批")

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        refuse_future_dates(form, ("verified_on", "replied_on"))
        super().validate_step(task, form, actor)

    # ---- helpers ---------------------------------------------------------------------------

    def _step(self, step: str, title: str, rule: str, due_on: dt.date | None = None) -> TaskSpec:
        return TaskSpec(
            step, title, self._handling_org, "handler", rule, pr.PUBLIC_REPORT_STEP_FORMS[step], due_on=due_on
        )


def _day(moment: dt.datetime) -> str:
    return day_of(moment).isoformat()
