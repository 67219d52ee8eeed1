"""The case actions of the accident investigation (Decree 493).

- 延长期限 (art 29): the investigating government extends the report's 60 days once, by up to 60
  days, on the team's request; a 特别重大 reply's 30 days are extended by the government itself
  (art 32).
- 补报伤亡变化 (art 13): casualties that change within 30 days (7 for road and fire) are reported
  again; a grade the level above investigates goes to that government to decide whether to form
  a new team (art 20 para 2, `regrading.py`).
- 提级调查 (art 20): the level above takes the investigation over until the reply.
"""

from __future__ import annotations

import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import accident
    from domain.accident_grading import INVESTIGATING_LEVEL_LABELS, grade_accident
    from domain.accident_settings import graded_deaths
    from domain.errors import Conflict
    from workflows.accident import regrading, review
    from workflows.accident.review import check_revision_extension
    from workflows.accident.state import LEVELS, AccidentState, above, available
    from workflows.contracts import Actor, CaseActionCommand, UpdateResult
    from workflows.kernel import OpenTask, parse_form, require
    from workflows.kernel.action_set import ActionSet
    from workflows.kernel.patches import REGRADE_DECISION_PATCH, in_force


REQUESTED = "延期申请已提交，待负责调查的人民政府批准"  # the Update's answer to the request
# Steps of a given level, not of the investigating one: they stay where they are when it moves
# (each level's upward report, the home government's people, the higher government's decision).
STAYS = frozenset({"upward_report", "home_participation", "regrade_decision"})


class AccidentActions(ActionSet[AccidentState]):
    codes = ("request_extension", "update_casualties", "escalate_investigation")

    # ---- 延长期限 -------------------------------------------------------------------------

    def extendable(self) -> OpenTask | None:
        """The clock an extension may move: the open report, or the open reply to a 特别重大 accident."""
        report = self.state.report
        if report is not None and not report.closed:
            return report
        replies = self.case.tasks.open_tasks("reply")
        return next((t for t in replies if t.spec.deadline_rule == "accident.reply_extraordinary"), None)

    def check_request_extension(self, cmd: CaseActionCommand) -> None:
        target = self.extendable()
        if target is None:
            raise Conflict("调查报告或特别重大事故批复不在办理中，没有可以延长的期限")
        require(cmd.actor, {(target.spec.org_id, target.spec.role)})
        self.decision.refuse_if_pending()
        form = parse_form(accident.ExtensionRequestForm, cmd.form)
        self.case.clocks.check_extension(target, form.requested_due)
        if target.spec.step == "report_revision":  # A19: the first report's one extension of ≤60 日
            check_revision_extension(self.state, form.requested_due)

    async def request_extension(self, cmd: CaseActionCommand) -> UpdateResult:
        form = accident.ExtensionRequestForm.model_validate(cmd.form)
        target = self.extendable()
        assert target is not None
        if target.spec.step == "reply":
            # Art. 32: the replying government itself may extend a 特别重大 reply by up to 30 days.
            await self.case.tasks.move_due_day(
                target, form.requested_due, f"延长批复期限至{form.requested_due}", cmd.actor
            )
            return UpdateResult(target.task_id, "已延长批复期限")
        summary = f"申请延长调查期限至{form.requested_due}"
        decision = self.decide_extension(form.requested_due)
        return await self.decision.request(cmd, summary, decision, reason=form.reason, message=REQUESTED)

    async def decide_extension(self, requested: dt.date) -> None:
        outcome = await self.decision.decide(self.state.task("extension_decision"))
        report = self.state.report
        if outcome is None or outcome.actor is None or report is None or report.closed:
            return
        decision = outcome.parsed(accident.ExtensionDecisionForm)
        if decision.decision == "approve":
            await self.case.tasks.move_due_day(report, requested, f"批准延长调查期限至{requested}", outcome.actor)
        else:
            self.case.record_event("extension_rejected", "不予批准延长调查期限", reason=decision.opinion)

    # ---- 补报伤亡变化 ---------------------------------------------------------------------------

    def check_update_casualties(self, cmd: CaseActionCommand) -> None:
        inp, orgs = self.state.inp, self.state.orgs()
        require(cmd.actor, {(orgs.bureau, "handler"), (orgs.office, "office")}, "只有负责调查的部门可以补报伤亡变化")
        window = accident.casualty_window_days(inp.road_or_fire)
        if workflow.now() > accident.casualty_window_end(inp.occurred_at, window):
            raise Conflict(f"事故发生已超过{window}日，伤亡变化不再补报")
        update = parse_form(accident.CasualtyUpdateForm, cmd.form)
        deaths = graded_deaths(update.deaths, update.missing, inp.count_missing)
        grade_accident(deaths, update.serious_injuries, update.direct_loss_cny)

    async def update_casualties(self, cmd: CaseActionCommand) -> UpdateResult:
        update = accident.CasualtyUpdateForm.model_validate(cmd.form)
        deaths = graded_deaths(update.deaths, update.missing, self.state.inp.count_missing)  # A1
        grading = grade_accident(deaths, update.serious_injuries, update.direct_loss_cny)
        missing = f"，失踪{update.missing}人" if update.missing else ""
        self.case.record_event(
            "casualties_updated",
            f"伤亡变化补报：死亡{update.deaths}人{missing}，重伤{update.serious_injuries}人，定级{grading.grade}",
            actor=cmd.actor,
            reason=update.reason,
        )
        self.state.grade = grading.grade
        self.state.deaths, self.state.serious_injuries, self.state.missing = (
            update.deaths,
            update.serious_injuries,
            update.missing,
        )
        self.case.update_details(
            grade=grading.grade,
            deaths=update.deaths,
            serious_injuries=update.serious_injuries,
            missing=update.missing,
        )
        new_level = available(grading.investigating_level)
        if LEVELS.index(new_level) > LEVELS.index(self.state.level) and in_force(REGRADE_DECISION_PATCH):
            # Art 20 para 2: the higher government decides; its decision lists the new grade (A36).
            regrading.grade_rose(self, new_level, grading.grade)
        else:
            if LEVELS.index(new_level) > LEVELS.index(self.state.level):
                label = INVESTIGATING_LEVEL_LABELS[grading.investigating_level]
                await self.move_investigation(new_level, f"伤亡变化致事故等级升为{grading.grade}，由{label}调查")
            if self.state.reviewed:  # a grade the province lists (国办发 (六)) is listed now
                review.list_for_grade(self.case, grading.grade)
        await self.case.flush()
        return UpdateResult(None, f"已补报，事故等级：{grading.grade}")

    # ---- 提级调查 ---------------------------------------------------------------------------

    def check_escalate_investigation(self, cmd: CaseActionCommand) -> None:
        upper = above(self.state.level)
        if upper is None or self.state.replied:
            raise Conflict("已无上一级可提级调查，或已批复")
        report = self.state.report
        if self.state.reviewed and report is not None and report.closed:
            raise Conflict("调查报告已提交，调查工作已结束（条例第三十一条），不能再提级调查")
        require(cmd.actor, {(self.state.orgs(upper).office, "office")})
        parse_form(accident.EscalationForm, cmd.form)

    async def escalate_investigation(self, cmd: CaseActionCommand) -> UpdateResult:
        escalation = accident.EscalationForm.model_validate(cmd.form)
        upper = above(self.state.level)
        assert upper is not None
        await self.move_investigation(upper, f"上级提级调查：{escalation.reason}", cmd.actor)
        return UpdateResult(None, "已提级调查")

    async def move_investigation(self, level: str, reason: str, actor: Actor | None = None) -> None:
        """Art. 20: the higher level investigates; open steps move to its departments."""
        self.state.level = level
        orgs = self.state.orgs()
        self.case.update_details(investigating_level=level, escalated=True)
        self.case.grant_access(orgs.police, "提级调查通报")
        self.case.grant_access(orgs.procuratorate, "提级调查通报")
        # Since the accident-review patch the upper office's review stays with its reviewer too.
        stays = STAYS | {"draft_review"} if self.state.reviewed else STAYS
        for task in self.case.tasks.open_tasks():
            target = {"handler": orgs.bureau, "office": orgs.office}.get(task.spec.role)
            if target is not None and task.spec.kind == "step" and task.spec.step not in stays:
                self.case.tasks.reassign(task, target)
        self.case.record_event("investigation_escalated", reason, actor=actor)
        await self.case.flush()
