"""查封、扣押 (安全生产法 art 65(1)(四); 行政强制法 arts 24–28) as a case action: the written
强制措施决定书 handed over on the spot, then a handling decision within 30 days (once extended by
at most 30 days with the head's approval, the clock's extension); property kept for the fine may
later be auctioned (art 46(3), `CourtApplicationForm.route`)."""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import rectification as rc
    from domain.china_time import start_of
    from domain.errors import Conflict
    from domain.process import Start
    from workflows.contracts import CaseActionCommand, UpdateResult
    from workflows.kernel.scope import ProcedureEnded
    from workflows.kernel.steps import Started
    from workflows.rectification.contracts import LawfulDayRequest
    from workflows.rectification.procedure import RectificationPart


class Seizure(RectificationPart):
    codes = ("seize_property",)

    def check_seize_property(self, cmd: CaseActionCommand) -> None:
        self.procedure.admit(cmd)
        if self.state.seizure_no:
            raise Conflict(f"已采取查封、扣押措施（{self.state.seizure_no}）")

    async def seize_property(self, cmd: CaseActionCommand) -> UpdateResult:
        form = rc.SeizureForm.model_validate(cmd.form)
        case, state, procedure = self.case, self.state, self.procedure
        until = await procedure.lawful(LawfulDayRequest(start_of(form.served_on), rule_code="rectification.seizure"))
        measure = rc.SEIZURE_MEASURES[form.measure]
        document = await procedure.issue(
            "coercive_measure_decision",
            {
                **state.subject(),
                **form.model_dump(mode="json"),
                "measure_label": measure,
                "until": until.day.isoformat(),
                "reconsideration_body": state.inp.reconsideration_body,
            },
        )
        state.seizure_no = document.number
        case.update_details(
            seizure={"decision_no": document.number, "measure": measure, "until": until.day.isoformat()}
        )
        case.record_event(
            "property_seized", f"{measure}{form.items}（{document.number}）", actor=cmd.actor, reason=form.reason
        )
        procedure.spawn(self.handle(form))
        await case.settle()
        return UpdateResult(None, f"已{measure}并制发强制措施决定书（{document.number}）")

    async def handle(self, form: rc.SeizureForm) -> None:
        case, state = self.case, self.state
        started = Started(Start.SERVICE, start_of(form.served_on))
        try:
            outcome = await self.procedure.step(state.task("seizure_handling", started=started))
        except ProcedureEnded:
            return
        handling = outcome.parsed(rc.SeizureHandlingForm)
        label = rc.SEIZURE_HANDLING[handling.decision]
        case.update_details(seizure_handling=label)
        case.record_event(
            "seizure_handled", f"查封、扣押处理决定：{label}", actor=outcome.actor, reason=handling.record
        )
        await case.flush()
