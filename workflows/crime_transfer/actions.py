"""The case actions of a transfer.

- 反向移送 (行刑反向衔接): after receipt, the police or the procuratorate sends the case back for
  administrative handling; every open step of the criminal track closes.
- 登记行政处理措施: a measure the agency takes meanwhile; a fine before the transfer is settled is
  flagged, since a fine must not replace the transfer (310号令 art 11, 行政处罚法 art 27).
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import crime_transfer as ct
    from domain.definitions.crime_transfer import POLICE, PROCURATORATE
    from domain.errors import Conflict, Forbidden, InvalidInput
    from workflows.contracts import CaseActionCommand, UpdateResult
    from workflows.crime_transfer.state import TransferState
    from workflows.kernel import parse_form
    from workflows.kernel.action_set import ActionSet

CLOSING_STATUSES = ("closed", "not_transferred")


class TransferActions(ActionSet[TransferState]):
    codes = ("transfer_back", "record_administrative_measure")

    def check_transfer_back(self, cmd: CaseActionCommand) -> None:
        state, actor = self.state, (cmd.actor.org_id, cmd.actor.role)
        procurator = actor == (state.orgs.procuratorate.org_id, PROCURATORATE.role)
        police = actor == (state.current_police.org_id, POLICE.role)
        if not (police or procurator):
            raise Forbidden("只有受理移送的公安机关或同级人民检察院可以反向移送")
        if not state.accepted or state.back is not None or self.case.current_status in CLOSING_STATUSES:
            raise Conflict("案件尚未签收受理、已反向移送或已办结，不能反向移送")
        parse_form(ct.BackTransferForm, cmd.form)

    async def transfer_back(self, cmd: CaseActionCommand) -> UpdateResult:
        back = ct.BackTransferForm.model_validate(cmd.form).model_dump()
        self.state.back = back
        by = "人民检察院" if cmd.actor.role == PROCURATORATE.role else "公安机关"
        self.case.update_details(back_transfer={**back, "by": by}, settled=True)
        self.case.record_event(
            "transferred_back",
            f"{by}反向移送（{back['document_no']}）：不构成犯罪或不需追究刑事责任，应予行政处罚",
            actor=cmd.actor,
            reason=back["liability"],
            data=back,
        )
        for task in self.case.tasks.open_tasks():
            if task.spec.step != "copy_receipt":
                self.case.tasks.supersede(task, "案件已反向移送")
        await self.case.settle()
        return UpdateResult(None, "已反向移送，移送机关将依法作出行政处理")

    def check_record_administrative_measure(self, cmd: CaseActionCommand) -> None:
        if (cmd.actor.org_id, cmd.actor.role) != (self.state.orgs.bureau.org_id, "handler"):
            raise Forbidden("只有移送机关承办人可以登记行政处理措施")
        measure = parse_form(ct.AdministrativeMeasureForm, cmd.form)
        if measure.measure == "fine" and measure.amount_cny <= 0:
            raise InvalidInput("罚款须填写罚款金额")

    async def record_administrative_measure(self, cmd: CaseActionCommand) -> UpdateResult:
        measure = ct.AdministrativeMeasureForm.model_validate(cmd.form).model_dump()
        label = ct.MEASURES[measure["measure"]]
        summary = f"登记行政处理：{label}（{measure['document_no']}），继续有效"
        reason = measure["description"]
        self.case.record_event("administrative_measure", summary, actor=cmd.actor, reason=reason, data=measure)
        message = "已登记"
        if measure["measure"] == "fine" and not self.state.settled:
            # Art 11 and 行政处罚法 art 27: a fine must not replace the transfer (以罚代刑).
            self.case.update_details(substitution_warning=True)
            self.case.record_event(
                "substitution_warning",
                "警示：移送尚未办结即作出罚款，不得以行政处罚代替移送；已缴罚款依法折抵罚金",
                actor=cmd.actor,
            )
            message = "已登记。警示：移送尚未办结，不得以罚代刑"
        await self.case.flush()
        return UpdateResult(None, message)
