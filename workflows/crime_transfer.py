"""Transfer of a suspected crime to the police (涉嫌犯罪案件移送), copied to the procuratorate.

Reads like 国务院令第310号 and the domain notes §3: the special team's report, the head's
approval within 3 days, the transfer within 24 hours with the letter copied to the procuratorate,
the police receipt (or forwarding to the right jurisdiction), the filing decision within 3 days,
then either the handover of exhibits after filing, or the agency's objection: reconsideration
by the police and filing supervision by the procuratorate. The police or the procuratorate can
send the case back for administrative handling (行刑反向衔接) at any point after receipt.
"""

from __future__ import annotations

import asyncio
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import crime_transfer as ct
    from domain.forms import choice_labels
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.crime_transfer_case import PROCESS, PROCURATOR, CrimeTransferCase
    from workflows.crime_transfer_contracts import (
        AgencyOrg,
        CrimeTransferInput,
        CrimeTransferResult,
        TransferOrgs,
    )
    from workflows.kernel import TaskOutcome, TaskSpec, china_today
    from workflows.kernel.scope import ProcedureEnded


@workflow.defn(name="CrimeTransferWorkflow")
class CrimeTransferWorkflow(CrimeTransferCase):
    @workflow.run
    async def run(self, inp: CrimeTransferInput) -> CrimeTransferResult:
        self._input = inp
        self._police = inp.orgs.police
        self._category = inp.category
        self.start_case(inp.start.case_id)
        self.set_status(
            "verifying",
            f"发现涉嫌{ct.category_name(inp.category)}线索，指定专案组核查",
            category=inp.category,
            settled=False,
        )
        report = await self.tasks.human_step(
            self._bureau("transfer_report", "专案组核实并提出移送报告", "crime_transfer.report")
        )
        self._category = report.form["category"]
        self.update_details(category=self._category, team=report.form["team_members"])

        self.set_status("approving", "移送报告已提交，待负责人审批")
        approval = await self.tasks.human_step(
            TaskSpec(
                "approval",
                "审批是否移送公安机关",
                inp.orgs.bureau.org_id,
                "head",
                "crime_transfer.approval",
                ct.ApprovalForm,
            )
        )
        if approval.form["decision"] == "refuse":
            # Art 5: a refusal is recorded with its reasons; the agency goes on administratively.
            self.record_event(
                "transfer_refused", "负责人决定不批准移送", actor=approval.actor, reason=approval.form["reason"]
            )
            return await self._close("not_transferred", "不批准移送，依法作行政处理")

        self.set_status("transferring", "已批准移送，应在24小时内移送公安机关")
        sent = await self.tasks.human_step(
            self._bureau("transfer", "移送公安机关并抄送人民检察院", "crime_transfer.transfer")
        )
        await self._transfer(report.form, sent)
        try:
            return await self._police_track()
        except ProcedureEnded:
            return await self._administrative_follow_up()

    # ---- the procedure ---------------------------------------------------------------------

    async def _transfer(self, report: dict[str, Any], sent: TaskOutcome) -> None:
        """Art 5–6 and 应急〔2019〕54号 art 8: the letter and its attachments, copied to the procuratorate."""
        orgs, police = self._orgs(), self._current_police()
        attachments = ["涉嫌犯罪案件调查报告", f"证据清单：{report['evidence']}"]
        if report.get("exhibits"):
            attachments.append(f"涉案物品清单：{report['exhibits']}")
        if report.get("appraisals"):
            attachments.append(f"检验报告或者鉴定意见：{report['appraisals']}")
        letter = await self.documents.issue(
            "crime_transfer_letter",
            orgs.bureau.org_id,
            {
                "police_name": police.name,
                "subject": self._subject(),
                "category_label": ct.category_name(self._category),
                "facts": report["facts"],
                "decision_days": 3,
                "attachments": attachments,
                "procuratorate_name": orgs.procuratorate.name,
            },
            key="crime_transfer_letter",
        )
        self._transfer_no = letter.number
        self._transferred_on = china_today().isoformat()
        self.grant_access(police.org_id, "涉嫌犯罪案件移送")
        self.grant_access(orgs.procuratorate.org_id, "涉嫌犯罪案件移送书抄送")
        self.update_details(
            transfer_no=letter.number,
            transferred_on=self._transferred_on,
            police=police.name,
            materials=sent.form["materials"],
        )
        self.record_event(
            "transferred",
            f"已向{police.name}移送（{letter.number}），并抄送{orgs.procuratorate.name}",
            actor=sent.actor,
        )
        self.set_status("awaiting_receipt", f"已移送，待{police.name}签收")
        copy = TaskSpec(
            "copy_receipt",
            "签收涉嫌犯罪案件移送书抄送件",
            orgs.procuratorate.org_id,
            PROCURATOR,
            "crime_transfer.copy_receipt",
            ct.CopyReceiptForm,
        )
        self._spawn(self._watched(copy))

    async def _police_track(self) -> CrimeTransferResult:
        while True:  # Art 7: sign the receipt, or forward within 24 hours to the police with jurisdiction
            receipt = await self._step(self._police_step("receipt", "签收涉嫌犯罪案件移送书"))
            if receipt.form["decision"] == "accept":
                break
            await self._forward(receipt)
        self._accepted = True
        self.set_status("awaiting_decision", f"{self._current_police().name}已签收受理，待作出立案决定")
        decision = await self._step(self._police_step("filing_decision", "作出立案或者不予立案决定"))
        if decision.form["decision"] == "file":
            return await self._filed(decision.form["filing_no"])
        return await self._not_filed(decision)

    async def _forward(self, receipt: TaskOutcome) -> None:
        previous = self._current_police()
        target = self._police_in(receipt.form["forward_to"])
        assert target is not None
        self._police = target
        self.grant_access(target.org_id, "涉嫌犯罪案件转送")
        self.update_details(police=target.name)
        self.record_event(
            "forwarded",
            f"{previous.name}认为不属本机关管辖，已转送{target.name}并书面告知移送机关",
            actor=receipt.actor,
            reason=receipt.form["notice"],
        )
        self.set_status("awaiting_receipt", f"已转送，待{target.name}签收")

    async def _not_filed(self, decision: TaskOutcome) -> CrimeTransferResult:
        """Art 8: written reasons, the file returned, the decision copied to the procuratorate."""
        orgs, police = self._orgs(), self._current_police()
        await self.documents.issue(
            "non_filing_notice",
            police.org_id,
            {
                "agency_name": orgs.bureau.name,
                "transferred_on": self._transferred_on,
                "transfer_no": self._transfer_no,
                "subject": self._subject(),
                "category_label": ct.category_name(self._category),
                "reasons": decision.form["reasons"],
                "reconsideration_days": 3,
                "procuratorate_name": orgs.procuratorate.name,
            },
            key="non_filing_notice",
        )
        self.record_event(
            "not_filed",
            f"{police.name}决定不予立案，书面告知移送机关并抄送{orgs.procuratorate.name}，退回案卷材料",
            actor=decision.actor,
            reason=decision.form["reasons"],
        )
        self.set_status("disputing", "公安机关不予立案，移送机关3日内可提请复议或建议立案监督")
        response = await self._step(
            self._bureau("non_filing_response", "对不予立案决定提出处理意见", "crime_transfer.non_filing_response")
        )
        if response.form["decision"] == "accept":
            return await self._close("closed", "对不予立案决定无异议，由移送机关依法作行政处理")
        if response.form["decision"] == "reconsider":
            self.record_event("reconsideration_requested", "提请公安机关复议", reason=response.form["reason"])
            answer = await self._step(self._police_step("reconsideration", "作出复议决定"))
            if answer.form["decision"] == "file":
                return await self._filed(answer.form["filing_no"])
            self.record_event("reconsideration_upheld", "复议维持不予立案决定", reason=answer.form["reasons"])
            after = await self._step(
                self._bureau(
                    "reconsideration_response", "对复议决定提出处理意见", "crime_transfer.reconsideration_response"
                )
            )
            if after.form["decision"] == "accept":
                return await self._close("closed", "对复议决定无异议，由移送机关依法作行政处理")
        return await self._filing_supervision()

    async def _filing_supervision(self) -> CrimeTransferResult:
        """刑事诉讼规则 arts 557–563: explanation within 7 days, notice to file, filing within 15 days."""
        self.set_status("supervising", "已建议人民检察院立案监督")
        self.record_event("supervision_requested", f"建议{self._orgs().procuratorate.name}进行立案监督")
        review = await self._step(self._procurator_step("supervision_review", "审查立案监督建议"))
        if review.form["decision"] == "decline":
            self.record_event("supervision_declined", "人民检察院决定不予立案监督", reason=review.form["opinion"])
            return await self._close("closed", "人民检察院不予立案监督，由移送机关依法作行政处理")
        await self._step(self._police_step("police_explanation", "书面说明不立案理由"))
        decision = await self._step(self._procurator_step("supervision_decision", "作出立案监督决定"))
        if decision.form["decision"] == "accept_reasons":
            self.record_event("supervision_reasons_accepted", "人民检察院认为不立案理由成立，已告知移送机关")
            return await self._close("closed", "不立案理由成立，由移送机关依法作行政处理")
        self.record_event(
            "filing_notified",
            f"人民检察院通知公安机关立案（{decision.form['notice_no']}）",
            reason=decision.form["opinion"],
        )
        filing = await self._step(self._police_step("filing_on_notice", "依通知立案"))
        return await self._filed(filing.form["filing_no"])

    async def _filed(self, filing_no: str) -> CrimeTransferResult:
        """Art 12: the agency hands over exhibits within 3 days; the police report the outcome back."""
        self._settled = True
        self.set_status(
            "filed",
            f"公安机关已立案（{filing_no}），书面告知移送机关并抄送人民检察院",
            filing_no=filing_no,
            settled=True,
        )
        await self._step(self._bureau("handover", "移交涉案物品和有关材料", "crime_transfer.handover"))
        outcome = await self._step(self._police_step("outcome_report", "反馈案件办理结果"))
        self.update_details(outcome=outcome.form["result"])
        label = choice_labels(ct.OutcomeForm, "result")[outcome.form["result"]]
        return await self._close("closed", f"公安机关反馈办理结果：{label}")

    async def _administrative_follow_up(self) -> CrimeTransferResult:
        """Reverse transfer (行刑反向衔接): the agency decides on the penalty and replies in writing."""
        assert self._back is not None
        self.set_status("transferred_back", "已反向移送，由移送机关依法作出行政处理")
        await self.tasks.human_step(
            self._bureau(
                "administrative_follow_up",
                "对反向移送案件作出行政处理并书面回复",
                "crime_transfer.administrative_follow_up",
            )
        )
        return await self._close("closed", "反向移送案件已作出行政处理并书面回复")

    async def _close(self, status: str, summary: str) -> CrimeTransferResult:
        self._settled = True
        self.update_details(settled=True)
        self.close_case(status, summary)
        await self.finish_case()
        await asyncio.gather(*self._spawned)
        return CrimeTransferResult(status)


__all__ = ["PROCESS", "AgencyOrg", "CrimeTransferInput", "CrimeTransferResult", "CrimeTransferWorkflow", "TransferOrgs"]
