"""Transfer of a suspected crime to the police (涉嫌犯罪案件移送), copied to the procuratorate; process 3.

Reads like 国务院令第310号 and the domain notes §3: the special team's report, the head's
approval within 3 days, the transfer within 24 hours with the letter copied to the procuratorate,
the police receipt (or forwarding to the right jurisdiction), the filing decision within 3 days,
then either the handover of exhibits after filing, or the agency's objection: reconsideration
by the police and filing supervision by the procuratorate. A reverse transfer (行刑反向衔接) by the
police or the procuratorate ends the criminal track at any point after receipt (`actions.py`).
"""

from __future__ import annotations

import asyncio

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    import workflows.crime_transfer.documents as documents
    from domain import crime_transfer as ct
    from domain import crime_transfer_followups as cf
    from domain.definitions.crime_transfer import CRIME_TRANSFER
    from domain.errors import Forbidden, InvalidInput
    from domain.forms import StepForm, choice_labels
    from domain.roles import DEPUTY_HEAD
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.contracts import Actor
    from workflows.crime_transfer.actions import TransferActions
    from workflows.crime_transfer.contracts import CrimeTransferInput, CrimeTransferResult
    from workflows.crime_transfer.followups import FollowUps
    from workflows.crime_transfer.oversight import Oversight
    from workflows.crime_transfer.state import TransferState
    from workflows.kernel import CaseWorkflow, OpenTask, TaskOutcome, china_today, refuse_future_dates
    from workflows.kernel.patches import CRIME_TRANSFER_FIDELITY_PATCH, in_force
    from workflows.kernel.scope import ProcedureEnded


@workflow.defn(name=CRIME_TRANSFER.workflow)
class CrimeTransferWorkflow(CaseWorkflow[TransferState], definition=CRIME_TRANSFER, parts=(TransferActions,)):
    def __init__(self) -> None:
        super().__init__()
        # The police's and the procuratorate's own escalation, beside the office's (on_overdue).
        self.oversight = Oversight(self, self.state)
        self.follow = FollowUps(self)

    @workflow.run
    async def run(self, inp: CrimeTransferInput) -> CrimeTransferResult:
        self.state.police, self.state.category = inp.orgs.police, inp.category
        self.state.fidelity = in_force(CRIME_TRANSFER_FIDELITY_PATCH)
        self.begin(inp)
        self.set_status(
            "verifying",
            f"发现涉嫌{ct.category_name(inp.category)}线索，指定专案组核查",
            category=inp.category,
            settled=False,
        )
        report = await self.transfer_report()
        self.set_status("approving", "移送报告已提交，待负责人审批")
        approval = await self.tasks.human_step(self.state.task("approval"))
        if approval.parsed(ct.ApprovalForm).decision == "refuse":
            # Art 5: a refusal is recorded with its reasons; the agency goes on administratively.
            reason = approval.form["reason"]
            self.record_event("transfer_refused", "负责人决定不批准移送", actor=approval.actor, reason=reason)
            if not self.state.fidelity or not await self.follow.refusal_reviewed(reason):
                return await self.close("not_transferred", "不批准移送，依法作行政处理")
        else:
            self.set_status("transferring", "已批准移送，应在24小时内移送公安机关")
        sent = await self.oversight.watched(self.state.task("transfer"))  # an art 16 order closes with it
        await self.transfer(report, sent)
        try:
            return await self.police_track()
        except ProcedureEnded:  # sent back (行刑反向衔接) while a step of the criminal track was open
            return await self.administrative_follow_up()

    # ---- the procedure ---------------------------------------------------------------------

    async def transfer_report(self) -> ct.TransferReportForm:
        """Art 5: a special team of two or more officers verifies and writes the transfer report."""
        report = (await self.tasks.human_step(self.state.task("transfer_report"))).parsed(ct.TransferReportForm)
        self.state.category = report.category
        self.update_details(category=report.category, team=report.team_members)
        return report

    async def transfer(self, report: ct.TransferReportForm, sent: TaskOutcome) -> None:
        """Art 5–6 and 应急〔2019〕54号 art 8: the letter and its attachments, copied to the procuratorate."""
        state = self.state
        orgs, police = state.orgs, state.current_police
        letter = await self.documents.issue(
            "crime_transfer_letter",
            orgs.bureau.org_id,
            documents.transfer_letter(state, report),
            key="crime_transfer_letter",
        )
        state.transfer_no = letter.number
        state.transferred_on = china_today().isoformat()
        self.grant_access(police.org_id, "涉嫌犯罪案件移送")
        self.grant_access(orgs.procuratorate.org_id, "涉嫌犯罪案件移送书抄送")
        self.update_details(
            transfer_no=letter.number,
            transferred_on=state.transferred_on,
            police=police.name,
            materials=sent.parsed(ct.TransferForm).materials,
        )
        self.record_event(
            "transferred",
            f"已向{police.name}移送（{letter.number}），并抄送{orgs.procuratorate.name}",
            actor=sent.actor,
        )
        self.set_status("awaiting_receipt", f"已移送，待{police.name}签收")
        self.oversight.spawn(self.oversight.watched(state.task("copy_receipt")))

    async def step(self, code: str) -> TaskOutcome:
        """A step after the transfer: a reverse transfer closes it and ends the criminal track."""
        outcome = await self.oversight.watched(self.state.task(code))
        if outcome.actor is None and self.state.back is not None:
            raise ProcedureEnded()
        return outcome

    async def police_track(self) -> CrimeTransferResult:
        while True:  # Art 7: sign the receipt, or forward within 24 hours to the police with jurisdiction
            receipt = await self.step("receipt")
            if receipt.parsed(ct.ReceiptForm).decision == "accept":
                break
            self.forward(receipt)
        self.state.accepted = True
        self.state.accepted_on = china_today().isoformat()
        missing = receipt.parsed(ct.ReceiptForm).missing_materials
        if self.state.fidelity and missing:
            self.oversight.spawn(self.follow.supplement(missing, receipt))
        self.set_status("awaiting_decision", f"{self.state.current_police.name}已签收受理，待作出立案决定")
        outcome = await self.step("filing_decision")
        decision = outcome.parsed(ct.FilingDecisionForm)
        if decision.decision == "file":
            return await self.filed(decision.filing_no)
        return await self.not_filed(outcome, decision)

    def forward(self, outcome: TaskOutcome) -> None:
        receipt = outcome.parsed(ct.ReceiptForm)
        previous = self.state.current_police
        target = self.state.police_in(receipt.forward_to)
        assert target is not None
        self.state.police = target
        self.grant_access(target.org_id, "涉嫌犯罪案件转送")
        self.update_details(police=target.name)
        self.record_event(
            "forwarded",
            f"{previous.name}认为不属本机关管辖，已转送{target.name}并书面告知移送机关",
            actor=outcome.actor,
            reason=receipt.notice,
        )
        self.set_status("awaiting_receipt", f"已转送，待{target.name}签收")

    async def not_filed(self, outcome: TaskOutcome, decision: ct.FilingDecisionForm) -> CrimeTransferResult:
        """Art 8: written reasons, the file returned, the decision copied to the procuratorate."""
        orgs, police = self.state.orgs, self.state.current_police
        notice = documents.non_filing_notice(self.state, decision.reasons)
        await self.documents.issue("non_filing_notice", police.org_id, notice, key="non_filing_notice")
        self.record_event(
            "not_filed",
            f"{police.name}决定不予立案，书面告知移送机关并抄送{orgs.procuratorate.name}，退回案卷材料",
            actor=outcome.actor,
            reason=decision.reasons,
        )
        self.set_status("disputing", "公安机关不予立案，移送机关3日内可提请复议或建议立案监督")
        response = (await self.step("non_filing_response")).parsed(ct.NonFilingResponseForm)
        if response.decision == "accept":
            return await self.handled("对不予立案决定无异议，由移送机关依法作行政处理")
        if response.decision == "reconsider":
            self.record_event("reconsideration_requested", "提请公安机关复议", reason=response.reason)
            answer = (await self.step("reconsideration")).parsed(ct.ReconsiderationForm)
            if answer.decision == "file":
                return await self.filed(answer.filing_no)
            self.record_event("reconsideration_upheld", "复议维持不予立案决定", reason=answer.reasons)
            after = (await self.step("reconsideration_response")).parsed(ct.ReconsiderationResponseForm)
            if after.decision == "accept":
                return await self.handled("对复议决定无异议，由移送机关依法作行政处理")
        return await self.filing_supervision()

    async def filing_supervision(self) -> CrimeTransferResult:
        """刑事诉讼规则 arts 557–563: explanation within 7 days, notice to file, filing within 15 days."""
        self.set_status("supervising", "已建议人民检察院立案监督")
        self.record_event("supervision_requested", f"建议{self.state.orgs.procuratorate.name}进行立案监督")
        review = (await self.step("supervision_review")).parsed(ct.SupervisionReviewForm)
        if review.decision == "decline":
            self.record_event("supervision_declined", "人民检察院决定不予立案监督", reason=review.opinion)
            return await self.handled("人民检察院不予立案监督，由移送机关依法作行政处理")
        await self.step("police_explanation")
        decision = (await self.step("supervision_decision")).parsed(ct.SupervisionDecisionForm)
        if decision.decision == "accept_reasons":
            self.record_event("supervision_reasons_accepted", "人民检察院认为不立案理由成立，已告知移送机关")
            return await self.handled("不立案理由成立，由移送机关依法作行政处理")
        self.record_event(
            "filing_notified", f"人民检察院通知公安机关立案（{decision.notice_no}）", reason=decision.opinion
        )
        filing = (await self.step("filing_on_notice")).parsed(ct.FilingOnNoticeForm)
        return await self.filed(filing.filing_no)

    async def filed(self, filing_no: str) -> CrimeTransferResult:
        """Art 12: the agency hands over exhibits within 3 days; the police report the outcome back."""
        self.state.settled = True
        self.set_status(
            "filed",
            f"公安机关已立案（{filing_no}），书面告知移送机关并抄送人民检察院",
            filing_no=filing_no,
            settled=True,
        )
        if self.state.fidelity:
            await self.follow.filing_notice(filing_no)
        await self.step("handover")
        outcome = (await self.step("outcome_report")).parsed(ct.OutcomeForm)
        self.update_details(outcome=outcome.result)
        label = choice_labels(ct.OutcomeForm, "result")[outcome.result]
        if self.state.fidelity and outcome.result == "prosecution":
            return await self.follow.prosecution(label)
        return await self.close("closed", f"公安机关反馈办理结果：{label}")

    async def handled(self, summary: str) -> CrimeTransferResult:
        """310号令 art 10: a case the police do not file is handled administratively, not just closed."""
        if not self.state.fidelity:
            return await self.close("closed", summary)
        self.set_status("handling", summary)
        done = (await self.step("administrative_handling")).parsed(cf.AdministrativeHandlingForm)
        label = cf.HANDLING[done.decision]
        self.update_details(administrative_handling={"decision": done.decision, "decision_no": done.decision_no})
        return await self.close("closed", f"不予立案案件已依法处理：{label}")

    async def administrative_follow_up(self) -> CrimeTransferResult:
        """Reverse transfer (行刑反向衔接): the agency decides on the penalty and replies in writing."""
        assert self.state.back is not None
        self.set_status("transferred_back", "已反向移送，由移送机关依法作出行政处理")
        if self.state.fidelity and self.state.back_by == "procuratorate_liaison":
            # 刑事诉讼法 art 177(3): a 检察意见 — the reply is due within 2 months (T34).
            await self.tasks.human_step(self.state.task("opinion_reply"))
            return await self.close("closed", "已落实检察意见并书面回复人民检察院")
        await self.tasks.human_step(self.state.task("administrative_follow_up"))
        return await self.close("closed", "反向移送案件已作出行政处理并书面回复")

    async def close(self, status: str, summary: str) -> CrimeTransferResult:
        self.state.settled = True
        if self.state.fidelity:  # materials still being completed when the case ends
            for task in self.tasks.open_tasks("supplement"):
                self.tasks.supersede(task, "案件已办结")
        self.update_details(settled=True)
        self.close_case(status, summary)
        await self.finish_case()
        await asyncio.gather(*self.oversight.spawned)
        return CrimeTransferResult(status)

    # ---- checks and hooks ------------------------------------------------------------------

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        if isinstance(form, ct.ReceiptForm) and form.decision == "forward":
            target = self.state.police_in(form.forward_to)
            if target is None:
                raise InvalidInput(f"行政区划代码{form.forward_to}没有可转送的公安机关")
            if target.org_id == self.state.current_police.org_id:
                raise InvalidInput("不能转送本机关")
        if isinstance(form, ct.ApprovalForm) and actor.head_capacity == DEPUTY_HEAD:
            # 310号令 第五条: 报经本机关正职负责人或者主持工作的负责人审批 — never a deputy.
            raise Forbidden("移送须由本机关正职负责人或者主持工作的负责人审批，副职负责人不能作出移送决定")
        if isinstance(form, ct.HandoverForm):
            refuse_future_dates(form, ("handed_over_on",))
        super().validate_step(task, form, actor)

    def on_overdue(self, task: OpenTask) -> None:
        self.oversight.on_overdue(task)
