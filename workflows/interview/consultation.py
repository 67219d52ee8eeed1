"""重大案件会商 (consultation on a major case) between the emergency-management bureau, the police
and the procuratorate of a level (西双版纳 (十六): 重大案件会商和联合督办机制; 本溪 (十二)).

The bureau convenes on a case: the police and the procuratorate are given the consultation (and
only it) when it starts; on the day the bureau records the minutes and the agreed actions, each
for one agency, followed as that agency's task and verified by the bureau (the same
`Commitments` as the 约谈); then the bureau closes it.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import commitments as cm
    from domain import interview as iv
    from domain.definitions.interview import BUREAU, CONSULTATION
    from domain.errors import InvalidInput
    from domain.forms import StepForm
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.contracts import Actor
    from workflows.interview.contracts import ConsultationInput, ConsultationResult
    from workflows.interview.state import ConsultationState
    from workflows.kernel import CaseWorkflow, OpenTask, refuse_future_dates
    from workflows.kernel.commitments import Commitment, Commitments


@workflow.defn(name=CONSULTATION.workflow)
class ConsultationWorkflow(CaseWorkflow[ConsultationState], definition=CONSULTATION):
    @workflow.run
    async def run(self, inp: ConsultationInput) -> ConsultationResult:
        self.begin(inp)
        for agency in inp.agencies:
            if agency.org_id != inp.bureau_org_id:
                self.grant_access(agency.org_id, f"邀请{agency.name}参加重大案件会商")
        self.set_status("convened", f"召集会商：{inp.source_case_no}，{inp.meeting_on.isoformat()}在{inp.place}")
        minutes = (await self.tasks.human_step(self.state.task("minutes", due_on=inp.meeting_on))).parsed(
            iv.MinutesForm
        )
        self.update_details(participants=minutes.participants, minutes=minutes.minutes, held_on=str(minutes.held_on))
        self.set_status("following", "已形成会商纪要，议定事项落实中")
        by_key = {a.key: a for a in inp.agencies}
        lines = cm.parse_commitments(minutes.actions, minutes.held_on, parties=frozenset(by_key))
        items = [Commitment(c.content, c.due_on, c.party, by_key[c.party].org_id, by_key[c.party].role) for c in lines]
        follow = Commitments(
            self.tasks,
            self.timeline,
            CONSULTATION.step("action"),
            CONSULTATION.step("action_check"),
            (inp.bureau_org_id, BUREAU.role),
        )
        results = await follow.follow(items)
        kept = sum(r.fulfilled for r in results)
        self.set_status("closing", f"议定事项已全部核验（{len(results)}项，落实{kept}项），待办结")
        closing = await self.tasks.human_step(self.state.task("close"))
        self.close_case("closed", f"会商办结：{closing.parsed(iv.ConsultationCloseForm).summary[:100]}")
        await self.finish_case()
        return ConsultationResult("closed")

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        refuse_future_dates(form, ("held_on", "done_on"))
        if isinstance(form, iv.MinutesForm):
            agencies = frozenset(a.key for a in self.state.inp.agencies)
            try:
                cm.parse_commitments(form.actions, form.held_on, parties=agencies)
            except ValueError as exc:
                raise InvalidInput(str(exc)) from None
        super().validate_step(task, form, actor)
