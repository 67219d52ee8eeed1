"""Verification of a public report (安全生产举报, 12350), from receipt to the reply; process 6.

Reads like 安全生产法 art 73 and the domain notes §6: the bureau of the jurisdiction accepts the
report or forwards it to the competent one; it verifies and concludes within the handling limit
(60 days from acceptance by default), which the upper level may extend once (by up to 30 days)
on request (`actions.py`); it replies to the reporter, whose tracking page shows only the status
and the reply. An overdue step escalates through the kernel to the safety-committee office above.
The reporter's identity never enters this workflow (see contracts.py).
"""

from __future__ import annotations

import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.names import ROUTE_PUBLIC_REPORT
    from domain import public_report as pr
    from domain.china_time import day_of
    from domain.definitions.public_report import PUBLIC_REPORT
    from domain.forms import StepForm
    from domain.report_reward import REWARDABLE_RESULTS, RewardDecisionForm, RewardPaymentForm, check_amount, yuan
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.contracts import Actor
    from workflows.kernel import (
        PROJECTION_TIMEOUT,
        SA_JURISDICTION,
        CaseWorkflow,
        OpenTask,
        TaskOutcome,
        refuse_future_dates,
    )
    from workflows.kernel.patches import REPORT_HEAD_SIGNATURE_PATCH, REPORT_REWARDS_PATCH, in_force
    from workflows.public_report.actions import ReportActions
    from workflows.public_report.contracts import PublicReportInput, PublicReportResult, RouteRequest, RouteResult
    from workflows.public_report.state import ReportState


@workflow.defn(name=PUBLIC_REPORT.workflow)
class PublicReportWorkflow(CaseWorkflow[ReportState], definition=PUBLIC_REPORT, parts=(ReportActions,)):
    @workflow.run
    async def run(self, inp: PublicReportInput) -> PublicReportResult:
        self.state.handling_org, self.state.upper_org = inp.handling_org_id, inp.upper_org_id
        self.begin(inp)
        self.set_status("received", f"收到举报：{inp.summary}")
        triage = await self.triage(inp.start.case_id)
        decision = triage.parsed(pr.TriageForm)
        if decision.decision == "not_accept":
            self.record_event("not_accepted", "不予受理", actor=triage.actor, reason=triage.form["reason"])
            await self.reply("不予受理，答复举报人")
            return await self.close("not_accepted", "不予受理，已答复举报人")
        if decision.decision in pr.HANDED_OVER:
            return await self.hand_over(decision, triage.actor)
        await self.verify()
        conclusion = await self.conclude()
        reply_due = None
        if conclusion.handoff != "none" and in_force(REPORT_HEAD_SIGNATURE_PATCH):
            reply_due = await self.head_signature()
        self.set_status("replying", f"{pr.RESULTS[conclusion.result]}，待答复举报人")
        await self.reply("答复举报人", due_on=reply_due)
        rewarded = ""
        if conclusion.result in REWARDABLE_RESULTS and in_force(REPORT_REWARDS_PATCH):
            rewarded = await self.reward()
        return await self.close("concluded", f"已办结：{pr.RESULTS[conclusion.result]}，已答复举报人{rewarded}")

    # ---- the procedure ---------------------------------------------------------------------

    async def triage(self, case_id: int) -> TaskOutcome:
        """Accept, refuse, or forward to the competent jurisdiction, whose bureau triages anew (art 73: 移交)."""
        while True:
            outcome = await self.tasks.human_step(self.state.task("triage"))
            triage = outcome.parsed(pr.TriageForm)
            if triage.decision != "forward":
                return outcome
            routed: RouteResult = await workflow.execute_local_activity(
                ROUTE_PUBLIC_REPORT,
                RouteRequest(case_id, triage.forward_to),
                result_type=RouteResult,
                start_to_close_timeout=PROJECTION_TIMEOUT,
            )
            if not routed.found:
                self.record_event(
                    "forward_failed", f"未找到行政区划{triage.forward_to}的应急管理部门，请重新受理或转交"
                )
                continue
            self.state.handling_org, self.state.upper_org = routed.org_id, routed.upper_org_id
            workflow.upsert_search_attributes([SA_JURISDICTION.value_set(routed.jurisdiction_path)])
            self.record_event("forwarded", f"转交{routed.org_name}办理", actor=outcome.actor, reason=triage.reason)
            self.set_status("received", f"已转交{routed.org_name}，待受理", handling_org=routed.org_name)

    async def verify(self) -> None:
        """The handling limit (60 days from acceptance by default) runs from here."""
        state = self.state
        self.set_status("verifying", "已受理，核查中", accepted_on=day_of(workflow.now()).isoformat())
        state.handling = await self.tasks.open(state.task("verification"))
        assert state.handling.schedule is not None
        state.original_due = day_of(state.handling.schedule.due_at)
        self.update_details(handling_due=state.original_due.isoformat())
        await self.flush()
        await self.tasks.wait(state.handling)

    async def conclude(self) -> pr.ConclusionForm:
        """The conclusion keeps the handling limit the verification ran on, extended or not."""
        state = self.state
        self.set_status("concluding", "核查完毕，待作出处理结论")
        assert state.handling is not None and state.handling.schedule is not None
        limit = day_of(state.handling.schedule.due_at)
        state.handling = await self.tasks.open(state.task("conclusion", due_on=limit))
        conclusion = (await self.tasks.wait(state.handling)).parsed(pr.ConclusionForm)
        state.handling = None
        for pending in self.tasks.open_tasks("extension_decision"):
            self.tasks.supersede(pending, "已作出处理结论，无需延期")
        self.update_details(result=conclusion.result, handoff=conclusion.handoff)
        if conclusion.handoff != "none":
            self.record_event("handoff", f"{pr.RESULTS[conclusion.result]}，{pr.HANDOFFS[conclusion.handoff]}")
        return conclusion

    async def hand_over(self, triage: pr.TriageForm, actor: Actor | None) -> PublicReportResult:
        """安全生产法 art 73: a report outside the bureau's remit goes to the competent department
        (73(1)); one involving deaths is verified and handled under the county-level or higher
        people's government (73(2)). Neither is an organisation of this system: the bureau records
        the handover, tells the reporter where the report went, and its case ends."""
        if triage.decision == "transfer":
            status, summary = "transferred", f"不属于本部门职责，转交{triage.department}处理"
        else:
            status, summary = "government", f"涉及人员死亡，报请{triage.department}组织核查处理"
        self.record_event(status, summary, actor=actor, reason=triage.reason)
        self.update_details(handed_over_to=triage.department, involves_death=triage.involves_death)
        self.set_status(status, summary)
        await self.reply("告知举报人转交情况")
        return await self.close(status, f"{summary}，已告知举报人")

    async def head_signature(self) -> dt.date:
        """安全生产法 art 73(1): rectification measures are signed by the responsible head.

        The signature runs on the reply's clock from the conclusion, and the reply keeps that day:
        the reporter is still answered within 10 days of the conclusion (P5). Returns the day."""
        self.set_status("signing", "需要落实整改措施，待负责人签字")
        task = await self.tasks.open(self.state.task("rectification_sign"))
        assert task.schedule is not None
        reply_due = day_of(task.schedule.due_at)
        outcome = await self.tasks.wait(task)
        signed = outcome.parsed(pr.RectificationSignForm)
        self.update_details(rectification_measures=signed.measures)
        self.record_event("head_signed", "负责人已签字，督促落实整改措施", actor=outcome.actor, reason=signed.opinion)
        return reply_due

    async def reply(self, title: str, due_on: dt.date | None = None) -> None:
        step = self.state.task("reply", title=title, due_on=due_on)
        reply = (await self.tasks.human_step(step)).parsed(pr.ReplyForm)
        self.update_details(public_reply=reply.reply, replied_on=reply.replied_on.isoformat())

    async def reward(self) -> str:
        """安全生产法 art 76, 本溪 (十): the head decides the reward of a verified report within the
        configured band; the reporter reads the notice with the tracking code (no identity here)
        and claims the reward by it; the bureau pays within the payment clock. Returns a summary."""
        self.set_status("rewarding", "已答复举报人，待作出举报奖励决定")
        outcome = await self.tasks.human_step(self.state.task("reward_decision"))
        decision = outcome.parsed(RewardDecisionForm)
        if decision.decision == "refuse":
            self.update_details(reward_status="refused", reward_notice=f"经审查，本次举报不予奖励：{decision.reason}")
            self.record_event("reward_refused", "不予举报奖励", actor=outcome.actor, reason=decision.reason)
            return "，不予奖励"
        payment = await self.tasks.open(self.state.task("reward_payment"))
        assert payment.schedule is not None
        due = day_of(payment.schedule.due_at)
        amount = yuan(decision.amount)
        notice = (
            f"经核查，您的举报符合奖励条件，决定给予奖励{amount}。请于{due.isoformat()}前凭查询码与承办部门联系领取。"
        )
        self.update_details(
            reward_status="decided", reward_amount=decision.amount, reward_notice=notice, reward_due=due.isoformat()
        )
        self.record_event("reward_decided", f"决定给予举报奖励{amount}", actor=outcome.actor, reason=decision.reason)
        self.set_status("paying_reward", f"已决定奖励{amount}，待兑付")
        paid = (await self.tasks.wait(payment)).parsed(RewardPaymentForm)
        self.update_details(reward_status="paid", reward_paid_on=paid.paid_on.isoformat())
        return f"，举报奖励{amount}已兑付"

    async def close(self, status: str, summary: str) -> PublicReportResult:
        self.close_case(status, summary)
        await self.finish_case()
        return PublicReportResult(status)

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        refuse_future_dates(form, ("verified_on", "replied_on", "paid_on"))
        if isinstance(form, RewardDecisionForm) and form.decision == "grant":
            check_amount(self.state.inp.reward_bands, form.category, form.amount)
        super().validate_step(task, form, actor)
