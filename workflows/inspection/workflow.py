"""The on-site inspection (现场监督检查), from its plan to what follows each finding; process 7.

Reads like the texts: a plan is drawn up before going (北碚 (十四): 现场检查方案) and approved by
the head; at least two officers inspect (行政处罚法 art 42) and write the record, which the
enterprise's responsible person signs or refuses to sign before witnesses (安全生产法 art 68);
the record is issued as a document. Each finding then opens a follow-up task that ends with the
case it started (a 一般 or 重大 hazard, a 责令限期整改, a crime transfer) or, for a violation or a
general hazard, its correction on the spot (art 65(2)(3)). When every finding is followed up the
inspection closes. An unannounced inspection (国办发〔2015〕20号 (九), 四不两直) gives the
enterprise no notice: the case is not on its portal and the record says so. A joint inspection
(北碚 (十)) has a lead department and participants and one record.
"""

from __future__ import annotations

import asyncio

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    import workflows.inspection.documents as documents
    from activities.names import INSPECTION_RECORD_DONE
    from domain import inspection as ins
    from domain.china_time import day_of
    from domain.definitions.inspection import INSPECTION
    from domain.errors import InvalidInput
    from domain.forms import StepForm
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.contracts import Actor
    from workflows.inspection.contracts import InspectionInput, InspectionResult, RecordDone
    from workflows.inspection.state import InspectionState
    from workflows.kernel import PROJECTION_TIMEOUT, CaseWorkflow, OpenTask, refuse_future_dates


@workflow.defn(name=INSPECTION.workflow)
class InspectionWorkflow(CaseWorkflow[InspectionState], definition=INSPECTION):
    @workflow.run
    async def run(self, inp: InspectionInput) -> InspectionResult:
        self.begin(inp)
        self.set_status("planning", f"{ins.MODES[inp.mode]}立项：{inp.enterprise_name}")
        await self.draw_up_plan()
        self.set_status("inspecting", "现场检查方案已批准，待现场检查")
        findings = await self.inspect()
        if findings:
            await self.follow_up(findings)
        summary = f"检查完毕，发现问题{len(findings)}项，均已处理" if findings else "检查完毕，未发现问题"
        self.close_case("completed", summary)
        await self.finish_case()
        return InspectionResult("completed", len(findings))

    # ---- the procedure ---------------------------------------------------------------------

    async def draw_up_plan(self) -> None:
        """北碚 (十四): the plan before the visit; the head approves it or sends it back."""
        state = self.state
        while True:
            plan = await self.tasks.human_step(state.task("plan"))
            self.set_status("approving", "现场检查方案待审批")
            approval = await self.tasks.human_step(state.task("plan_approval"))
            decided = approval.parsed(ins.PlanApprovalForm)
            if decided.decision == "approve":
                break
            self.record_event("plan_returned", "现场检查方案退回修改", actor=approval.actor, reason=decided.opinion)
            self.set_status("planning", "现场检查方案退回修改")
        state.checklist = ins.parse_checklist(plan.form["checklist"])
        state.approved_on = day_of(approval.at)
        issued = await self.documents.issue(
            "inspection_plan", state.inp.org_id, documents.plan(state.inp, plan.form, state.checklist), key="plan"
        )
        # `results` starts as the blank list the record's form is filled from (one item a line).
        blank = "\n".join(f"{item}：" for item in state.checklist)
        self.update_details(
            plan_no=issued.number, matters=plan.form["matters"], checklist=state.checklist, results=blank
        )

    async def inspect(self) -> list[ins.Finding]:
        """安全生产法 art 68: the written record, signed or refused before witnesses, issued."""
        state = self.state
        outcome = await self.tasks.human_step(state.task("record"))
        record = outcome.parsed(ins.RecordForm)
        results = ins.parse_results(record.results, state.checklist)
        findings = ins.parse_findings(record.findings)
        issued = await self.documents.issue(
            "inspection_record",
            state.inp.org_id,
            documents.record(state.inp, outcome.form, results, findings),
            key="record",
        )
        if record.signature == "refused":
            self.record_event(
                "signature_refused", f"被检查单位负责人拒绝签字，见证人：{record.witnesses}", actor=outcome.actor
            )
        state.findings = [
            {"no": f.no, "kind": f.kind, "description": f.description, "task_id": "", "outcome": "", "case_no": ""}
            for f in findings
        ]
        self.update_details(
            record_no=issued.number,
            inspected_on=record.inspected_on.isoformat(),
            place=record.place,
            results=record.results,
            signature=record.signature,
            signed_by=record.signed_by,
            witnesses=record.witnesses,
            failed_items=[item for item, result in results if result == "不符合"],
            findings=[dict(f) for f in state.findings],
        )
        await self.flush()
        # The annual plan's progress counts the inspection once its record is complete.
        await workflow.execute_local_activity(
            INSPECTION_RECORD_DONE,
            RecordDone(state.inp.start.case_id, state.inp.plan_case_id, state.inp.draw_id, record.inspected_on),
            start_to_close_timeout=PROJECTION_TIMEOUT,
        )
        return findings

    async def follow_up(self, findings: list[ins.Finding]) -> None:
        """One task per finding, in parallel; each ends with the case it started."""
        state = self.state
        opened: list[OpenTask] = []
        for index, finding in enumerate(findings):
            title = (
                f"落实第{finding.no}项问题（{ins.FINDING_KINDS[finding.kind]}）：{ins.FOLLOW_UP_LABELS[finding.kind]}"
            )
            task = await self.tasks.open(state.task("follow_up", title=title))
            state.by_task[task.task_id] = index
            state.findings[index]["task_id"] = task.task_id
            opened.append(task)
        self.update_details(findings=[dict(f) for f in state.findings])
        self.set_status("following_up", f"发现问题{len(findings)}项，待处理")
        await self.flush()
        await asyncio.gather(*(self.followed(task) for task in opened))

    async def followed(self, task: OpenTask) -> None:
        outcome = await self.tasks.wait(task)
        form = outcome.parsed(ins.FollowUpForm)
        finding = self.state.findings[self.state.by_task[task.task_id]]
        finding.update(outcome=form.outcome, case_no=form.case_no, case_id=form.case_id, note=form.note)
        if form.outcome == "case_started":
            summary = f"第{finding['no']}项问题已启动后续案件{form.case_no}"
        else:
            summary = f"第{finding['no']}项问题已当场纠正：{form.note}"
        self.record_event("finding_followed_up", summary, actor=outcome.actor)
        self.update_details(findings=[dict(f) for f in self.state.findings])
        await self.flush()

    # ---- checks of the forms beyond their fields ---------------------------------------------

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        state = self.state
        if isinstance(form, ins.RecordForm):
            refuse_future_dates(form, ("inspected_on",))
            if state.approved_on is not None and form.inspected_on < state.approved_on:
                raise InvalidInput("检查日期不能早于现场检查方案批准之日")
            ins.parse_results(form.results, state.checklist)
        if isinstance(form, ins.FollowUpForm):
            ins.check_follow_up(state.findings[state.by_task[task.task_id]]["kind"], form)
        super().validate_step(task, form, actor)
