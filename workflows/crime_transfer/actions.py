"""The case actions of a transfer.

- 反向移送 (行刑反向衔接): after receipt, the police or the procuratorate sends the case back for
  administrative handling; every open step of the criminal track closes.
- 登记行政处理措施: a measure the agency takes meanwhile; a fine before the transfer is settled is
  flagged, since a fine must not replace the transfer (310号令 art 11, 行政处罚法 art 27).
- 延长立案审查期限: the police's longer review periods (2019 办法: 7 日 for clues to verify, 30 日
  for major, difficult or complex cases) [U], counted from acceptance, figures from the configuration.
- 登记衔接工作: case briefings, information exchange, evidence handover, joint meetings,
  consultation and joint supervision (行政处罚法 art 27(2); 2019 办法) on the case's timeline.
"""

from __future__ import annotations

import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import crime_transfer as ct
    from domain import crime_transfer_followups as cf
    from domain.definitions.crime_transfer import POLICE, PROCURATORATE
    from domain.errors import Conflict, Forbidden, InvalidInput
    from workflows.contracts import CaseActionCommand, UpdateResult
    from workflows.crime_transfer.state import TransferState
    from workflows.kernel import parse_form, refuse_future_dates
    from workflows.kernel.action_set import ActionSet

CLOSING_STATUSES = ("closed", "not_transferred")


class TransferActions(ActionSet[TransferState]):
    codes = ("transfer_back", "record_administrative_measure", "extend_review", "record_liaison")

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
        self.state.back_by = cmd.actor.role
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

    def check_extend_review(self, cmd: CaseActionCommand) -> None:
        if (cmd.actor.org_id, cmd.actor.role) != (self.state.current_police.org_id, POLICE.role):
            raise Forbidden("只有受理移送的公安机关可以延长立案审查期限")
        form = parse_form(cf.ExtendReviewForm, cmd.form)
        task = next(iter(self.case.tasks.open_tasks("filing_decision")), None)
        if task is None or not self.state.accepted_on:
            raise Conflict("当前没有待作出的立案决定，不能延长审查期限")
        if task.spec.due_on is not None and task.spec.due_on >= self._extended_due(form.period):
            raise Conflict("审查期限已延长至该期限或更晚")

    def _extended_due(self, period: str) -> dt.date:
        days = self.state.inp.review_days[period]
        return dt.date.fromisoformat(self.state.accepted_on) + dt.timedelta(days=days)

    async def extend_review(self, cmd: CaseActionCommand) -> UpdateResult:
        form = cf.ExtendReviewForm.model_validate(cmd.form)
        task = self.case.tasks.open_tasks("filing_decision")[0]
        days, due = self.state.inp.review_days[form.period], self._extended_due(form.period)
        text = f"延长立案审查期限：{cf.REVIEW_PERIODS[form.period]}，自受理之日起{days}日（{form.approval}）"
        await self.case.tasks.move_due_day(task, due, text, cmd.actor)
        return UpdateResult(None, f"已延长至{due.isoformat()}")

    def check_record_liaison(self, cmd: CaseActionCommand) -> None:
        orgs, actor = self.state.orgs, cmd.actor.org_id
        parties = {orgs.bureau.org_id, orgs.office.org_id, orgs.procuratorate.org_id}
        if self.state.police is not None:
            parties.add(self.state.current_police.org_id)
        if actor not in parties:
            raise Forbidden("只有移送机关、本级安委办、受理的公安机关和同级人民检察院可以登记衔接工作")
        refuse_future_dates(parse_form(cf.LiaisonRecordForm, cmd.form), ("held_on",))

    async def record_liaison(self, cmd: CaseActionCommand) -> UpdateResult:
        form = cf.LiaisonRecordForm.model_validate(cmd.form)
        label = cf.LIAISON_KINDS[form.kind]
        data = form.model_dump(mode="json")
        summary = f"{label}（{form.held_on.isoformat()}，{form.participants}）"
        self.case.record_event("liaison_" + form.kind, summary, actor=cmd.actor, reason=form.content, data=data)
        await self.case.flush()
        return UpdateResult(None, f"已登记：{label}")
