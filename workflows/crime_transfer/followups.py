"""The later paths of a transfer added for legal fidelity (issue 18, audit §3.5), behind
`CRIME_TRANSFER_FIDELITY_PATCH`: the procuratorate's review of a refusal (T16), the completion of
materials the police asked for (T27), the written filing notice (T25) and the prosecution result
with its procuratorial opinion (T33, T34).
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Protocol

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    import workflows.crime_transfer.documents as documents
    from domain import crime_transfer_followups as cf
    from workflows.crime_transfer.contracts import CrimeTransferResult
    from workflows.crime_transfer.state import TransferState
    from workflows.kernel import TaskOutcome
    from workflows.kernel.documents import Documents
    from workflows.kernel.human_task import TaskBoard


class TransferCase(Protocol):
    """What the follow-ups need of the transfer workflow."""

    state: TransferState
    tasks: TaskBoard
    documents: Documents

    def step(self, code: str) -> Awaitable[TaskOutcome]: ...
    def close(self, status: str, summary: str) -> Awaitable[CrimeTransferResult]: ...
    def set_status(self, status: str, summary: str, **details: Any) -> None: ...
    def record_event(self, kind: str, summary: str, **fields: Any) -> None: ...
    def update_details(self, **details: Any) -> None: ...
    def grant_access(self, org_id: int, reason: str) -> None: ...


class FollowUps:
    def __init__(self, case: TransferCase) -> None:
        self.case = case

    @property
    def state(self) -> TransferState:
        return self.case.state

    async def refusal_reviewed(self, reason: str) -> bool:
        """刑事诉讼规则 art 557(3), 310号令 art 14: the refusal goes to the procuratorate, which may
        require the transfer by a 检察意见. True: the opinion requires it, the transfer follows."""
        case, procuratorate = self.case, self.state.orgs.procuratorate
        case.grant_access(procuratorate.org_id, "不批准移送决定通报（检察监督）")
        case.set_status("not_transferred", f"不批准移送，理由已记录在案并通报{procuratorate.name}")
        review = (await case.tasks.human_step(self.state.task("refusal_review"))).parsed(cf.RefusalReviewForm)
        if review.decision == "no_opinion":
            case.record_event("refusal_reviewed", f"{procuratorate.name}审查后不提出检察意见", reason=review.opinion)
            return False
        case.record_event(
            "procuratorial_opinion",
            f"{procuratorate.name}提出检察意见（{review.opinion_no}），要求向公安机关移送",
            reason=review.opinion,
            data={"opinion_no": review.opinion_no, "reason_refused": reason},
        )
        case.update_details(procuratorial_opinion=review.opinion_no)
        case.set_status("transferring", "人民检察院提出检察意见要求移送，应在24小时内移送公安机关")
        return True

    async def supplement(self, missing: str, receipt: TaskOutcome) -> None:
        """公安规定 2020 art 180(2): asked within 24 h of acceptance, completed within 3 日."""
        police = self.state.current_police
        self.case.record_event(
            "materials_requested",
            f"{police.name}受理移送，通知移送机关3日内补正材料（不得以材料不全为由不接受）",
            actor=receipt.actor,
            reason=missing,
        )
        outcome = await self.case.tasks.human_step(self.state.task("supplement"))
        if outcome.actor is not None:
            form = outcome.parsed(cf.SupplementForm)
            done = "移送机关已补正材料"
            self.case.record_event("materials_supplemented", done, actor=outcome.actor, reason=form.materials)

    async def filing_notice(self, filing_no: str) -> None:
        """公安规定 art 180, 2019 办法: the filing is notified in writing within 3 日, the
        procuratorate copied; the agency's handover runs from this notice (310号令 art 12)."""
        police = self.state.current_police
        await self.case.step("filing_notice")
        notice = documents.filing_notice(self.state, filing_no)
        issued = await self.case.documents.issue("filing_notice", police.org_id, notice, key="filing_notice")
        self.case.update_details(filing_notice_no=issued.number)
        self.case.set_status(
            "filed",
            f"{police.name}书面通知立案（{issued.number}），抄送{self.state.orgs.procuratorate.name}，待移交涉案物品",
        )

    async def prosecution(self, label: str) -> CrimeTransferResult:
        """刑事诉讼法 arts 172, 177(3): the procuratorate decides; a 检察意见 after non-prosecution
        comes to the agency even though the police's part is over, and is answered within 2 months."""
        case = self.case
        case.set_status("prosecuting", f"公安机关反馈办理结果：{label}，待人民检察院反馈审查起诉结果")
        result = (await case.step("prosecution_result")).parsed(cf.ProsecutionResultForm)
        case.update_details(prosecution={"decision": result.decision, "decision_no": result.decision_no})
        case.record_event(
            "prosecution_result",
            f"人民检察院审查起诉结果：{cf.PROSECUTION[result.decision]}（{result.decision_no}）",
            reason=result.opinion,
        )
        if result.decision != "non_prosecution_opinion":
            return await case.close("closed", f"审查起诉结果：{cf.PROSECUTION[result.decision]}")
        case.set_status("transferred_back", f"不起诉，人民检察院提出检察意见（{result.opinion_no}），2个月内书面回复")
        reply = (await case.step("opinion_reply")).parsed(cf.OpinionReplyForm)
        case.record_event("opinion_replied", "已落实检察意见并书面回复人民检察院", reason=reply.result)
        return await case.close("closed", "不起诉后已落实检察意见并书面回复")
