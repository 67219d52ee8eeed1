"""Accident investigation with the procuratorate involved (生产安全事故调查, 检察院介入).

Reads like the procedure of Decree 493 and the domain notes §2: grade and investigating level,
notification of the police and the procuratorate, the procuratorate's invitation, the team, the
report within 60 days (appraisal time excluded, one extension of at most 60 days), review by the
upper office for supervised cases, the reply, publication, and the evaluation a year later.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import accident
    from domain.accident_grading import INVESTIGATING_LEVEL_LABELS, Grade, InvestigatingLevel, grade_accident
    from domain.china_time import day_of
    from domain.errors import Conflict
    from workflows.contracts import Actor, CaseActionCommand, CaseStart, UpdateResult
    from workflows.kernel import CaseWorkflow, OpenTask, TaskOutcome, TaskSpec, parse_form, require
    from workflows.kernel.decisions import DecisionRequest
    from workflows.kernel.patches import PUBLICATION_NOTICE_PATCH

PROCESS = "accident"
LEVELS = ("county", "city", "province")


@dataclass
class LevelOrgs:
    """The organisations of one level on the accident place's line (county → city → province)."""

    level: str
    jurisdiction_code: str
    office: int
    bureau: int
    police: int
    procuratorate: int


@dataclass
class AccidentInvestigationInput:
    start: CaseStart
    title: str
    occurred_at: dt.datetime
    deaths: int
    serious_injuries: int
    direct_loss_cny: int
    road_or_fire: bool
    line: list[LevelOrgs]
    supervised: bool = False  # listed for supervision by the level above (重大, typical 较大)
    trigger: str = ""  # a configured trigger that raised the investigating level at intake
    evaluation_after_days: int = 300  # 10 months after the reply


@dataclass
class AccidentInvestigationResult:
    status: str


@workflow.defn(name="AccidentInvestigationWorkflow")
class AccidentInvestigationWorkflow(CaseWorkflow):
    process = PROCESS

    def __init__(self) -> None:
        super().__init__()
        self._input: AccidentInvestigationInput | None = None
        self._level = "county"
        self._grade = Grade.GENERAL
        self._report: OpenTask | None = None
        self._extension = DecisionRequest(self.tasks, self.spawn)
        self._replied = False
        self.actions.add("request_extension", self._check_extension_request, self._request_extension)
        self.actions.add("update_casualties", self._check_casualties, self._update_casualties)
        self.actions.add("escalate_investigation", self._check_escalation, self._escalate_investigation)

    @workflow.run
    async def run(self, inp: AccidentInvestigationInput) -> AccidentInvestigationResult:
        self._input = inp
        self.start_case(inp.start.case_id)
        grading = grade_accident(inp.deaths, inp.serious_injuries, inp.direct_loss_cny)
        self._grade = grading.grade
        self._level = self._available(grading.investigating_level)
        if inp.trigger:
            self._level = self._above(self._level) or self._level
        self.set_status(
            "reported",
            f"事故报告：{grading.grade}事故（{grading.decided_by}），由{self._level_label()}负责调查"
            + (f"；{inp.trigger}，提级调查" if inp.trigger else ""),
            grade=grading.grade,
            investigating_level=self._level,
            supervised=inp.supervised,
        )
        self._notify_agencies()
        invitation = asyncio.create_task(self._invite_procuratorate())

        await self.tasks.human_step(self._bureau_step("team_formation", "成立事故调查组", "accident.team_formation"))
        self.set_status("investigating", "事故调查组已成立，调查中")
        report = await self._investigate()
        if inp.supervised:
            await self._upper_review()

        self.set_status("replying", "调查报告已提交，待批复")
        rule = "accident.reply_extraordinary" if self._grade is Grade.EXTRAORDINARY else "accident.reply"
        reply = await self.tasks.human_step(self._office_step("reply", "批复事故调查报告", rule))
        self._replied = True
        self._follow_up(reply.form, report.form)

        self.set_status("publishing", f"已批复（{reply.form['reply_no']}），待公布调查报告")
        publication = await self.tasks.human_step(
            self._bureau_step("publication", "公布事故调查报告", "accident.publication")
        )
        self.update_details(published_on=publication.form["published_on"], report_published=True)

        self.set_status("evaluating", "调查报告已公布，整改措施落实期")
        if workflow.patched(PUBLICATION_NOTICE_PATCH):
            await self._issue_publication_notice(publication.form, reply.form["reply_no"])
        await workflow.sleep(dt.timedelta(days=inp.evaluation_after_days))
        evaluation = await self.tasks.human_step(self._office_step("evaluation", "结案后评估", "accident.evaluation"))
        self.update_details(evaluation=evaluation.form["result"])
        self.close_case("closed", "结案后评估完成并报上一级安委办备案")
        await self.finish_case()
        await invitation
        return AccidentInvestigationResult("closed")

    # ---- the procedure ---------------------------------------------------------------------

    def _notify_agencies(self) -> None:
        """Art. 11: notify the police, the labour department, the trade union and the procuratorate."""
        orgs = self._orgs()
        self.grant_access(orgs.police, "事故通报")
        self.grant_access(orgs.procuratorate, "事故通报，邀请派员参加调查")
        self.record_event("notified", "已通报同级公安机关、劳动保障部门、工会和人民检察院")

    async def _invite_procuratorate(self) -> None:
        """Art. 22: the team invites the people's procuratorate to send members."""
        orgs = self._orgs()
        answer = await self.tasks.human_step(
            TaskSpec(
                "procuratorate_join",
                "邀请派员参加事故调查",
                orgs.procuratorate,
                "procuratorate_liaison",
                "accident.procuratorate_join",
                accident.ProcuratorateJoinForm,
            )
        )
        if answer.actor is None:
            return
        if answer.form["decision"] == "join":
            self.update_details(procuratorate_members=answer.form["members"])
            self.record_event("procuratorate_joined", f"人民检察院派员参加调查：{answer.form['members']}")

    async def _investigate(self) -> TaskOutcome:
        assert self._input is not None
        spec = self._bureau_step("investigation_report", "提交事故调查报告", "accident.investigation_report")
        spec.clock_start = self._input.occurred_at  # art. 29: 60 days from the accident
        self._report = await self.tasks.open(spec)
        outcome = await self.tasks.wait(self._report)
        self.update_details(report_submitted=True, suspected_crime=outcome.form.get("suspected_crime", False))
        return outcome

    async def _upper_review(self) -> None:
        """A supervised case needs the upper office's review of the draft before the reply."""
        above = self._above(self._level)
        if above is None:
            return
        self.set_status("reviewing", "挂牌督办事故，调查报告报上级审核")
        while True:
            review = await self.tasks.human_step(
                TaskSpec(
                    "draft_review",
                    "审核事故调查报告（挂牌督办）",
                    self._orgs(above).office,
                    "office",
                    "accident.draft_review",
                    accident.DraftReviewForm,
                )
            )
            if review.form["decision"] == "approve":
                return
            self.record_event("draft_returned", "调查报告退回修改", reason=review.form["opinion"])
            await self.tasks.human_step(
                self._bureau_step("investigation_report", "修改事故调查报告", "accident.investigation_report")
            )

    def _follow_up(self, reply: dict[str, object], report: dict[str, object]) -> None:
        """The reply's handling items become follow-up tasks; suspected crimes go to the police."""
        assert self._input is not None
        self.record_event("reply_delivered", "批复已送达有关部门和单位")
        if self._input.supervised:
            self.record_event("filed_with_upper_office", "挂牌督办事故：调查报告及批复报上一级安委办备案")
        if reply.get("penalties"):
            self.record_event("follow_up_penalty", f"行政处罚事项：{reply['penalties']}")
            step = self._bureau_step("penalty_follow_up", "落实行政处罚", "accident.follow_up")
            self.spawn(self.tasks.human_step(step))
        if reply.get("accountability"):
            self.record_event("follow_up_accountability", f"移交监察机关追责问责：{reply['accountability']}")
            step = self._office_step("accountability_referral", "移交监察机关追责问责", "accident.follow_up")
            self.spawn(self.tasks.human_step(step))
        if reply.get("crime_referral") or report.get("suspected_crime"):
            self.refer_for_crime_transfer()

    def refer_for_crime_transfer(self) -> None:
        """Hand-off point to the crime-transfer process (涉嫌犯罪案件移送, art. 26)."""
        self.record_event("crime_transfer_referral", "调查发现涉嫌犯罪，形成移送公安机关线索")
        self.update_details(crime_transfer_referral=True)

    # ---- actions -----------------------------------------------------------------------------

    def _check_extension_request(self, cmd: CaseActionCommand) -> None:
        """Art. 29: the investigating government may extend the report's 60 days once, by up to 60."""
        target = self._extendable()
        if target is None:
            raise Conflict("调查报告或特别重大事故批复不在办理中，没有可以延长的期限")
        require(cmd.actor, {(target.spec.org_id, target.spec.role)})
        self._extension.refuse_if_pending()
        form = parse_form(accident.ExtensionRequestForm, cmd.form)
        self.clocks.check_extension(target, form.requested_due)

    async def _request_extension(self, cmd: CaseActionCommand) -> UpdateResult:
        form = accident.ExtensionRequestForm.model_validate(cmd.form)
        target = self._extendable()
        assert target is not None
        if target.spec.step == "reply":
            # Art. 32: the replying government itself may extend a 特别重大 reply by up to 30 days.
            await self.tasks.move_due_day(target, form.requested_due, f"延长批复期限至{form.requested_due}", cmd.actor)
            return UpdateResult(target.task_id, "已延长批复期限")
        self.record_event(
            "extension_requested", f"申请延长调查期限至{form.requested_due}", actor=cmd.actor, reason=form.reason
        )
        self._extension.submit(self._decide_extension(form.requested_due))
        await self.settle()
        return UpdateResult(None, "延期申请已提交，待负责调查的人民政府批准")

    def _check_casualties(self, cmd: CaseActionCommand) -> None:
        """Art. 13: casualties that change within 30 days (7 for road and fire) are reported again."""
        assert self._input is not None
        orgs = self._orgs()
        require(cmd.actor, {(orgs.bureau, "handler"), (orgs.office, "office")}, "只有负责调查的部门可以补报伤亡变化")
        window = accident.casualty_window_days(self._input.road_or_fire)
        if workflow.now() > self._input.occurred_at + dt.timedelta(days=window):
            raise Conflict(f"事故发生已超过{window}日，伤亡变化不再补报")
        update = parse_form(accident.CasualtyUpdateForm, cmd.form)
        grade_accident(update.deaths, update.serious_injuries, update.direct_loss_cny)

    async def _update_casualties(self, cmd: CaseActionCommand) -> UpdateResult:
        update = accident.CasualtyUpdateForm.model_validate(cmd.form)
        grading = grade_accident(update.deaths, update.serious_injuries, update.direct_loss_cny)
        self.record_event(
            "casualties_updated",
            f"伤亡变化补报：死亡{update.deaths}人，重伤{update.serious_injuries}人，定级{grading.grade}",
            actor=cmd.actor,
            reason=update.reason,
        )
        self._grade = grading.grade
        self.update_details(grade=grading.grade)
        new_level = self._available(grading.investigating_level)
        if LEVELS.index(new_level) > LEVELS.index(self._level):
            await self._move_investigation(
                new_level,
                f"伤亡变化致事故等级升为{grading.grade}，由{INVESTIGATING_LEVEL_LABELS[grading.investigating_level]}调查",
            )
        await self.flush()
        return UpdateResult(None, f"已补报，事故等级：{grading.grade}")

    def _check_escalation(self, cmd: CaseActionCommand) -> None:
        """Art. 20: the level above may take over the investigation until the reply."""
        above = self._above(self._level)
        if above is None or self._replied:
            raise Conflict("已无上一级可提级调查，或已批复")
        require(cmd.actor, {(self._orgs(above).office, "office")})
        parse_form(accident.EscalationForm, cmd.form)

    async def _escalate_investigation(self, cmd: CaseActionCommand) -> UpdateResult:
        escalation = accident.EscalationForm.model_validate(cmd.form)
        above = self._above(self._level)
        assert above is not None
        await self._move_investigation(above, f"上级提级调查：{escalation.reason}", cmd.actor)
        return UpdateResult(None, "已提级调查")

    def _extendable(self) -> OpenTask | None:
        """The clock an extension may move: the open report, or the open reply to a 特别重大 accident."""
        if self._report is not None and not self._report.closed:
            return self._report
        return next(
            (t for t in self.tasks.open_tasks("reply") if t.spec.deadline_rule == "accident.reply_extraordinary"), None
        )

    async def _decide_extension(self, requested: dt.date) -> None:
        decision = await self._extension.decide(
            self._office_step("extension_decision", "延长调查期限审批", "accident.extension_decision")
        )
        report = self._report
        if decision is None or decision.actor is None or report is None or report.closed:
            return
        if decision.form["decision"] == "approve":
            await self.tasks.move_due_day(report, requested, f"批准延长调查期限至{requested}", decision.actor)
        else:
            self.record_event("extension_rejected", "不予批准延长调查期限", reason=decision.form["opinion"])

    async def _move_investigation(self, level: str, reason: str, actor: Actor | None = None) -> None:
        """Art. 20: the higher level investigates; open steps move to its departments."""
        self._level = level
        orgs = self._orgs()
        self.update_details(investigating_level=level, escalated=True)
        self.grant_access(orgs.police, "提级调查通报")
        self.grant_access(orgs.procuratorate, "提级调查通报")
        for task in self.tasks.open_tasks():
            target = {"handler": orgs.bureau, "office": orgs.office}.get(task.spec.role)
            if target is not None and task.spec.kind == "step":
                self.tasks.reassign(task, target)
        self.record_event("investigation_escalated", reason, actor=actor)
        await self.flush()

    # ---- helpers ---------------------------------------------------------------------------

    def _orgs(self, level: str | None = None) -> LevelOrgs:
        assert self._input is not None
        wanted = level or self._level
        return next(orgs for orgs in self._input.line if orgs.level == wanted)

    def _available(self, level: InvestigatingLevel) -> str:
        """The State Council is outside the system: a 特别重大 accident is followed at province level."""
        return "province" if level is InvestigatingLevel.STATE_COUNCIL else str(level.value)

    def _above(self, level: str) -> str | None:
        index = LEVELS.index(level)
        return LEVELS[index + 1] if index + 1 < len(LEVELS) else None

    def _level_label(self) -> str:
        return {"county": "县级人民政府", "city": "设区的市级人民政府", "province": "省级人民政府"}[self._level]

    async def _issue_publication_notice(self, form: dict[str, Any], reply_no: str) -> None:
        """The public notice that the investigation report is published (条例 art 34, 政府信息公开条例)."""
        inp = self._input
        assert inp is not None and self._grade is not None
        document = await self.documents.issue(
            "accident_report_publication",
            self._orgs().bureau,
            {
                "accident_title": inp.title,
                "occurred_on": day_of(inp.occurred_at).isoformat(),
                "grade_label": f"{self._grade.value}生产安全事故",
                "reply_no": reply_no,
                "channel": form["channel"],
                "published_on": form["published_on"],
            },
            key="accident_report_publication",
        )
        self.update_details(publication_notice_no=document.number)

    def _bureau_step(self, step: str, title: str, rule: str) -> TaskSpec:
        return TaskSpec(step, title, self._orgs().bureau, "handler", rule, accident.ACCIDENT_STEP_FORMS[step])

    def _office_step(self, step: str, title: str, rule: str) -> TaskSpec:
        return TaskSpec(step, title, self._orgs().office, "office", rule, accident.ACCIDENT_STEP_FORMS[step])
