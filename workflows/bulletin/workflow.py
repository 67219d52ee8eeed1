"""A bulletin (通报批评, 通报表扬, 警示通报) or a case bulletin (案情通报), from the draft to the
verified rectification; process 7.

Reads like 本溪 (八) ("严格实行通报机制…采取书面通报、新闻曝光等形式公开批评") and 国办发〔2015〕20号
(十三) (案情通报 between the bureau, the police and the procuratorate): the drafter's head approves,
returns or rejects the draft; the approved bulletin is numbered and issued as an official document
(one series per issuer and year, no gaps); each named government or department (the police and
the procuratorate for a case bulletin) is given access and acknowledges it within its clock; when
the bulletin demands a rectification, each reports by the bulletin's deadline and the drafter
verifies the report. Every overdue step escalates through the kernel's ladder.
"""

from __future__ import annotations

import asyncio

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    import workflows.bulletin.documents as documents
    from domain import bulletin as b
    from domain.definitions.bulletin import BULLETIN
    from domain.forms import StepForm
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.bulletin.contracts import BulletinInput, BulletinResult, Recipient
    from workflows.bulletin.state import BulletinState
    from workflows.contracts import Actor
    from workflows.kernel import CaseWorkflow, OpenTask, china_today, refuse_future_dates


@workflow.defn(name=BULLETIN.workflow)
class BulletinWorkflow(CaseWorkflow[BulletinState], definition=BULLETIN):
    @workflow.run
    async def run(self, inp: BulletinInput) -> BulletinResult:
        self.state.facts = inp.facts
        self.begin(inp)
        kind = b.KINDS[inp.kind]
        self.set_status("drafted", f"起草{kind}：{inp.subject}", kind=inp.kind, public=inp.public)
        if not await self.approved():
            return await self.close("withdrawn", f"负责人不予印发{kind}")
        await self.issue()
        await asyncio.gather(*(self.acknowledge(r) for r in inp.recipients))
        if self.state.rectification_due is not None:
            self.set_status("rectifying", "各通报对象已签收，整改落实中")
            await asyncio.gather(*(self.follow_up(r) for r in inp.recipients))
            return await self.close("closed", "各通报对象整改已核查销号，通报办结")
        return await self.close("closed", "各通报对象已签收，通报办结")

    # ---- the procedure ---------------------------------------------------------------------

    async def approved(self) -> bool:
        """The head approves, returns for revision (as often as needed) or rejects the draft."""
        while True:
            outcome = await self.tasks.human_step(self.state.task("approval"))
            decision = outcome.parsed(b.ApprovalForm)
            if decision.decision == "approve":
                self.record_event("approved", "负责人同意印发", actor=outcome.actor, reason=decision.opinion)
                return True
            if decision.decision == "reject":
                self.record_event("rejected", "负责人不予印发", actor=outcome.actor, reason=decision.opinion)
                return False
            self.record_event("returned", "负责人退回修改", actor=outcome.actor, reason=decision.opinion)
            self.set_status("returned", "负责人退回修改")
            revision = (await self.tasks.human_step(self.state.task("revision"))).parsed(b.RevisionForm)
            self.state.facts = revision.facts
            self.update_details(facts=revision.facts)
            self.set_status("drafted", "已修改，重新报负责人审批")

    async def issue(self) -> None:
        """Numbered and issued as an official document; each recipient may then see the case."""
        inp = self.state.inp
        issued = await self.documents.issue(
            documents.doc_type(inp.kind), inp.drafter_org_id, documents.context(self.state), key="bulletin"
        )
        self.state.number = issued.number
        for recipient in inp.recipients:
            self.grant_access(recipient.org_id, f"{b.KINDS[inp.kind]}送达")
        names = "、".join(r.name for r in inp.recipients)
        self.update_details(number=issued.number, document_id=issued.document_id, issued_on=china_today().isoformat())
        published = "，并在公开查询页面公布" if inp.public else ""
        self.set_status("issued", f"已印发{b.KINDS[inp.kind]}（{issued.number}），送{names}签收{published}")

    async def acknowledge(self, recipient: Recipient) -> None:
        outcome = await self.tasks.human_step(self.state.recipient_task("acknowledgement", recipient))
        form = outcome.parsed(b.AcknowledgeForm)
        self.record_event(
            "acknowledged", f"{recipient.name}已签收", actor=outcome.actor, data={"org_id": recipient.org_id}
        )
        self.update_details(**{f"acknowledged_{recipient.org_id}": form.acknowledged_on.isoformat()})

    async def follow_up(self, recipient: Recipient) -> None:
        """本溪 (八): the bulletin 倒逼 the rectification; the drafter verifies each report."""
        due = self.state.rectification_due
        assert due is not None
        while True:
            step = self.state.recipient_task("rectification_report", recipient, due_on=due)
            report = await self.tasks.human_step(step)
            self.record_event("rectification_reported", f"{recipient.name}报告整改落实情况", actor=report.actor)
            check = await self.tasks.human_step(self.state.task("verification", title=f"核查{recipient.name}整改"))
            verdict = check.parsed(b.VerificationForm)
            if verdict.decision == "accepted":
                self.record_event("rectification_verified", f"{recipient.name}整改到位，已销号", actor=check.actor)
                return
            self.record_event(
                "rectification_redo",
                f"{recipient.name}整改不到位，退回重新整改",
                actor=check.actor,
                reason=verdict.opinion,
            )

    async def close(self, status: str, summary: str) -> BulletinResult:
        self.close_case(status, summary)
        await self.finish_case()
        return BulletinResult(status, self.state.number)

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        refuse_future_dates(form, ("acknowledged_on", "reported_on"))
        super().validate_step(task, form, actor)
