"""The closed loop of a 一般事故隐患 (排查→整改→复查→验收→销号), process 7.

Reads like 曲靖 (九) and 西双版纳 (十): the hazard is found by the bureau's inspection or reported by
the enterprise itself (自查自报, 国办发〔2015〕20号 (八)); the enterprise rectifies within its period
(16号令 art 15(1): at once; the period is configuration, [U]) and reports with its evidence; the
county bureau re-checks (复查) and accepts (验收), which strikes the hazard off (销号). A failed
re-check or acceptance returns it to rectification. A period that lapses without a report goes
to the bureau's follow-up (安全生产法 art 102: 责令限期消除, or a penalty / 停产停业整顿 in a case
of its own). Only the bureau's steps escalate; the enterprise's period never does.
"""

from __future__ import annotations

import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import general_hazard as gh
    from domain.china_time import day_of
    from domain.definitions.general_hazard import GENERAL_HAZARD
    from domain.forms import StepForm
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.contracts import Actor
    from workflows.general_hazard.contracts import GeneralHazardInput, GeneralHazardResult
    from workflows.general_hazard.state import HazardLoop
    from workflows.kernel import CaseWorkflow, OpenTask, china_today, refuse_future_dates
    from workflows.kernel.period import period

PAST_DATES = ("rectified_on", "checked_on", "accepted_on")


@workflow.defn(name=GENERAL_HAZARD.workflow)
class GeneralHazardWorkflow(CaseWorkflow[HazardLoop], definition=GENERAL_HAZARD):
    @workflow.run
    async def run(self, inp: GeneralHazardInput) -> GeneralHazardResult:
        self.begin(inp)
        self.update_details(found_by=inp.found_by, description=inp.description, enterprise_name=inp.enterprise_name)
        deadline, reported = inp.deadline, inp.already_rectified
        if reported:
            self.record_event("declared_rectified", "企业自查自报时已报告整改完成")
        while True:
            if not reported and not await self.rectify(deadline):
                follow_up = await self.follow_up()
                if follow_up.decision == "referred":
                    return await self.close("referred", f"逾期未整改，{gh.FOLLOW_UPS['referred']}")
                deadline = follow_up.new_deadline
                continue
            reported = False
            self.set_status("rechecking", "企业已报告整改情况，待复查")
            check = (await self.tasks.human_step(self.state.task("recheck"))).parsed(gh.RecheckForm)
            self.update_details(recheck_result=check.result, recheck_opinion=check.opinion)
            if check.result == "failed":
                deadline = check.new_deadline
                self.record_event("recheck_failed", f"复查认定整改不到位，退回整改：{check.opinion}")
                continue
            self.set_status("accepting", "复查整改到位，待验收销号")
            acceptance = (await self.tasks.human_step(self.state.task("acceptance"))).parsed(gh.AcceptanceForm)
            if acceptance.decision == "reject":
                deadline = acceptance.new_deadline
                self.record_event("acceptance_refused", f"验收不合格，退回整改：{acceptance.opinion}")
                continue
            self.update_details(closed_out_on=acceptance.accepted_on.isoformat())
            return await self.close("closed_out", "验收合格，隐患已销号")

    async def rectify(self, deadline: dt.date | None) -> bool:
        """The enterprise's period; True when it reported its rectification within it."""
        state = self.state
        state.rounds += 1
        self.set_status("rectifying", f"第{state.rounds}轮整改：待企业整改并报告整改情况", rounds=state.rounds)
        task = await self.tasks.open(state.task("rectification", due_on=deadline))
        assert task.schedule is not None
        self.update_details(rectification_due=day_of(task.schedule.due_at).isoformat())
        await self.flush()

        def lapse() -> None:
            self.record_event("period_lapsed", "整改期限届满，企业未报告整改情况，转监管部门跟进处理")

        report = await period(self.tasks, task, lapsed="整改期限届满", on_lapse=lapse, summary="rectification period")
        if report is None:
            return False
        self.update_details(rectified_on=report["rectified_on"], measures=report["measures"])
        return True

    async def follow_up(self) -> gh.FollowUpForm:
        """安全生产法 art 102: the bureau orders removal within a new period, or takes it further."""
        self.set_status("follow_up", "整改期限届满未报告整改，待监管部门跟进处理")
        outcome = await self.tasks.human_step(self.state.task("follow_up"))
        decision = outcome.parsed(gh.FollowUpForm)
        self.record_event("follow_up", gh.FOLLOW_UPS[decision.decision], actor=outcome.actor, reason=decision.opinion)
        return decision

    async def close(self, status: str, summary: str) -> GeneralHazardResult:
        self.close_case(status, summary)
        await self.finish_case()
        return GeneralHazardResult(status, self.state.rounds)

    def case_enterprise_id(self) -> int | None:
        return self.state.inp.enterprise_id if self.state.input is not None else None

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        refuse_future_dates(form, PAST_DATES)
        if isinstance(form, (gh.RecheckForm, gh.AcceptanceForm, gh.FollowUpForm)):
            gh.check_new_deadline(form.new_deadline, china_today())
        super().validate_step(task, form, actor)
