"""A jurisdiction dispute (职责交叉): the bureau asks the same-level safety-committee office to
designate the competent department (`request → decide`); if it designates another, the case is
handed over and the procedure ends."""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import rectification as rc
    from workflows.contracts import CaseActionCommand, UpdateResult
    from workflows.kernel.decisions import DecisionRequest
    from workflows.rectification.procedure import Procedure, RectificationPart


REFERRED = "已提请安委办指定监管部门"  # the Update's answer to the request


class Jurisdiction(RectificationPart):
    codes = ("refer_jurisdiction",)
    pending = "已提请安委办指定监管部门，尚未答复"

    def __init__(self, procedure: Procedure) -> None:
        super().__init__(procedure)
        # Started beside the procedure's own parts, which the case's closing cancels.
        self.decision = DecisionRequest(self.case.tasks, procedure.spawn, pending_message=self.pending)

    def check_refer_jurisdiction(self, cmd: CaseActionCommand) -> None:
        self.procedure.admit(cmd)
        self.decision.refuse_if_pending()

    async def refer_jurisdiction(self, cmd: CaseActionCommand) -> UpdateResult:
        form = rc.JurisdictionReferralForm.model_validate(cmd.form)
        office = self.state.inp.office
        self.case.update_details(jurisdiction_dispute={"other_department": form.other_department, "state": "referred"})
        summary = f"与{form.other_department}职责交叉，提请{office.name}指定监管部门"
        designation = self.designation(form.other_department)
        return await self.decision.request(
            cmd, summary, designation, reason=form.dispute, message=REFERRED, kind="jurisdiction_referred"
        )

    async def designation(self, other: str) -> None:
        case, bureau = self.case, self.state.inp.bureau
        title = f"指定监管部门：{bureau.name}与{other}职责交叉"
        outcome = await self.decision.decide(self.state.task("jurisdiction_designation", title=title))
        if outcome is None:
            return
        designation = outcome.parsed(rc.DesignationForm)
        competent = bureau.name if designation.competent == "this" else other
        state = "designated_this" if designation.competent == "this" else "designated_other"
        case.update_details(jurisdiction_dispute={"other_department": other, "state": state})
        summary = f"安委办指定由{competent}监管"
        case.record_event("jurisdiction_designated", summary, actor=outcome.actor, reason=designation.reasons)
        if designation.competent != "this":
            self.procedure.end("transferred", f"安委办指定由{other}监管，案件移交")
        await case.flush()
