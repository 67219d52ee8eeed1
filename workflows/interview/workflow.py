"""约谈 (interview): notice, meeting, the commitments followed to their verification, then closure
or the next step of the ladder (本溪 (八): 约谈告诫、通报; 北碚 (九): 警示教育、诫勉谈话).

The office signs the 约谈通知书 (date, place, matters), which is served on the party (the kernel's
`serve_document`); on the day it records the meeting: attendees, statements and the commitments,
each with its deadline and the party that made it. Each commitment is a task of that party
(`workflows/kernel/commitments.py`); the office verifies each, then closes the interview or
decides 通报, 挂牌督办 or 提请问责 (`second_step`, with the hook `on_bulletin` for the bulletin).
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import commitments as cm
    from domain import interview as iv
    from domain.definitions.interview import INTERVIEW, OFFICE
    from domain.errors import Conflict, InvalidInput
    from domain.forms import StepForm
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.contracts import Actor
    from workflows.interview.contracts import InterviewInput, InterviewResult
    from workflows.interview.state import InterviewState
    from workflows.kernel import CaseWorkflow, OpenTask, china_today, refuse_future_dates
    from workflows.kernel.commitments import Commitment, CommitmentResult, Commitments

NOTICE = "interview_notice"


@workflow.defn(name=INTERVIEW.workflow)
class InterviewWorkflow(CaseWorkflow[InterviewState], definition=INTERVIEW):
    @workflow.run
    async def run(self, inp: InterviewInput) -> InterviewResult:
        self.begin(inp)
        self.set_status("notifying", f"决定约谈{inp.party_name}：{iv.REASONS.get(inp.reason, inp.reason)}")
        notice = await self.issue_notice(inp)
        self.set_status("notified", f"已签发约谈通知书，{notice.meeting_on.isoformat()}在{notice.place}约谈")
        meeting = (await self.tasks.human_step(self.state.task("meeting", due_on=notice.meeting_on))).parsed(
            iv.MeetingForm
        )
        self.update_details(attendees=meeting.attendees, statements=meeting.statements, held_on=str(meeting.held_on))
        self.set_status("following", "已约谈，承诺事项落实中")
        follow = Commitments(
            self.tasks,
            self.timeline,
            INTERVIEW.step("commitment"),
            INTERVIEW.step("commitment_check"),
            (inp.office_org_id, OFFICE.role),
        )
        results = await follow.follow(self.commitments_of(meeting, inp))
        self.state.all_kept = all(r.fulfilled for r in results)
        self.set_status("concluding", "承诺事项已全部核验，待作出约谈结论")
        conclusion = await self.tasks.human_step(self.state.task("conclusion"))
        return await self.second_step(conclusion.parsed(iv.ConclusionForm), conclusion.actor, results)

    async def issue_notice(self, inp: InterviewInput) -> iv.NoticeForm:
        """约谈通知书: an official document with date, place and matters, served on the party."""
        notice = (await self.tasks.human_step(self.state.task("notice"))).parsed(iv.NoticeForm)
        issued = await self.documents.issue(
            NOTICE,
            inp.office_org_id,
            {
                "party_name": inp.party_name,
                "office_name": inp.office_name,
                "reason": iv.REASONS.get(inp.reason, inp.reason),
                "matters": notice.matters,
                "meeting_on": notice.meeting_on.isoformat(),
                "place": notice.place,
                "attendees_required": notice.attendees_required,
            },
            key=NOTICE,
        )
        self.state.notice_id = issued.document_id
        self.update_details(meeting_on=notice.meeting_on.isoformat(), place=notice.place, notice_no=issued.number)
        await self.flush()
        return notice

    @staticmethod
    def commitments_of(meeting: iv.MeetingForm, inp: InterviewInput) -> list[Commitment]:
        # Validated when the meeting was recorded (validate_step), against that day.
        lines = cm.parse_commitments(meeting.commitments, meeting.held_on)
        return [Commitment(c.content, c.due_on, c.party, inp.party_org_id, inp.party_role) for c in lines]

    async def second_step(
        self, form: iv.ConclusionForm, actor: Actor | None, results: list[CommitmentResult]
    ) -> InterviewResult:
        kept = sum(r.fulfilled for r in results)
        self.update_details(outcome=form.outcome, kept=kept, committed=len(results))
        self.record_event("concluded", f"约谈结论：{iv.OUTCOMES[form.outcome]}", actor=actor, reason=form.opinion)
        if form.outcome == "bulletin":
            self.on_bulletin(form.opinion)
        elif form.outcome == "listed_supervision":
            self.record_event("listed_supervision_decided", "决定挂牌督办，由约谈机关按挂牌督办程序办理")
        elif form.outcome == "accountability":
            self.record_event("accountability_requested", "提请有关机关依法依规追究责任", reason=form.opinion)
        status = "closed" if form.outcome == "close" else form.outcome
        self.close_case(status, f"约谈结束：{iv.OUTCOMES[form.outcome]}（承诺{len(results)}项，落实{kept}项）")
        await self.finish_case()
        return InterviewResult(status)

    def on_bulletin(self, opinion: str) -> None:
        """The hook of the 通报 process (issue #21 item 2, built elsewhere): the decision is on the
        timeline and in the details (`bulletin_requested`); that process starts from it."""
        self.update_details(bulletin_requested=True, bulletin_reason=opinion)
        self.record_event("bulletin_requested", "决定予以通报，待起草通报", reason=opinion)

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        refuse_future_dates(form, ("held_on", "done_on"))
        if isinstance(form, iv.NoticeForm):
            try:
                iv.check_meeting_day(form.meeting_on, china_today())
            except ValueError as exc:
                raise InvalidInput(str(exc)) from None
        if isinstance(form, iv.MeetingForm):
            if self.state.notice_id not in self.documents.ledger.served:
                raise Conflict("约谈通知书尚未送达，请先登记送达")
            try:
                cm.parse_commitments(form.commitments, form.held_on)
            except ValueError as exc:
                raise InvalidInput(str(exc)) from None
        if isinstance(form, iv.ConclusionForm) and form.outcome == "close" and not self.state.all_kept:
            raise InvalidInput("承诺事项未全部落实，不能直接结束约谈：请选择通报、挂牌督办或提请问责")
        super().validate_step(task, form, actor)

    def case_enterprise_id(self) -> int | None:
        return self.state.input.enterprise_id if self.state.input else None
