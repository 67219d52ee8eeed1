"""Accident investigation with the procuratorate involved (生产安全事故调查, 检察院介入), process 2.

Reads like the procedure of Decree 493 and the domain notes §2: grade and investigating level,
notification of the police and the procuratorate, the procuratorate's invitation, the team, the
report within 60 days of the accident (appraisal time excluded, one extension of at most 60
days), review by the upper office for supervised cases, the reply, publication, and the
evaluation a year later. Rows: `domain/definitions/accident.py`; case actions: `actions.py`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import accident
    from domain.accident_grading import Grade, grade_accident
    from domain.accident_settings import graded_deaths
    from domain.definitions.accident import ACCIDENT
    from domain.errors import InvalidInput
    from domain.forms import StepForm
    from domain.process import Start
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.accident import evaluation, invitation, referrals, reporting, review
    from workflows.accident.actions import AccidentActions
    from workflows.accident.contracts import AccidentInvestigationInput, AccidentInvestigationResult
    from workflows.accident.documents import publication_notice
    from workflows.accident.follow_up import check_step, follow_up_penalty
    from workflows.accident.state import LEVEL_GOVERNMENTS, AccidentState, above, available
    from workflows.contracts import Actor
    from workflows.kernel import CaseWorkflow, OpenTask
    from workflows.kernel.patches import (
        ACCIDENT_REFERRALS_PATCH,
        ACCIDENT_REPORTING_PATCH,
        ACCIDENT_REVIEW_PATCH,
        PUBLICATION_NOTICE_PATCH,
        in_force,
    )
    from workflows.kernel.steps import Started
    from workflows.kernel.today import china_today


@workflow.defn(name=ACCIDENT.workflow)
class AccidentInvestigationWorkflow(
    CaseWorkflow[AccidentState], definition=ACCIDENT, parts=(AccidentActions, reporting.AccidentNotifications)
):
    @workflow.run
    async def run(self, inp: AccidentInvestigationInput) -> AccidentInvestigationResult:
        reviewed = in_force(ACCIDENT_REVIEW_PATCH)
        self.begin(inp)
        self.state.reviewed = reviewed
        self.grade_and_assign()
        self.notify_agencies()
        if in_force(ACCIDENT_REPORTING_PATCH):
            reporting.start(self)  # 迟报, upward reports, home government, initial report
        if reviewed:
            review.list_at_intake(self)
        invitation = asyncio.create_task(self.invite_procuratorate())
        # A35: the team's 5 日 run from the accident (a running case's team task is already open).
        started = Started(Start.ACCIDENT, inp.occurred_at)
        team = await self.tasks.human_step(self.state.task("team_formation", started=started))
        if team.actor is not None and team.parsed(accident.TeamFormationForm).entrusted_to_enterprise:
            self.update_details(entrusted_to_enterprise=True)
            self.record_event("entrusted_to_enterprise", "县级人民政府委托事故发生单位组织事故调查组（条例第十九条）")
        self.set_status("investigating", "事故调查组已成立，调查中")
        report = await self.investigate()
        if not reviewed:
            if self.state.supervised:
                await self.upper_review()
            reply = await self.reply(workflow.now())
            self.follow_up(reply, report)
            await self.publish(reply)
            filed = await self.evaluate()
            # A31: the closing line states the filing only when the form says it was made.
            filing = "并报上一级安委办备案" if filed else "，未报上一级安委办备案"
            self.close_case("closed", f"结案后评估完成{filing}")
        else:
            reply = await self.reply(await review.review_until_approved(self))
            replied_on = china_today()
            handling = review.after_reply(self) + self.follow_up(reply, report)
            await self.publish(reply)
            await asyncio.gather(*handling)  # 结案: published, delivered, filed, penalties applied
            self.record_event("concluded", "事故调查处理结案：批复事项已落实，调查报告已公布并备案")
            await evaluation.evaluate(self, replied_on, china_today())
            self.close_case("closed", "结案后评估完成，评估结果已公开并报上级安委办备案")
        await self.finish_case()
        await invitation
        return AccidentInvestigationResult("closed")

    # ---- the procedure ---------------------------------------------------------------------

    def grade_and_assign(self) -> None:
        """Arts. 3 and 19: the grade decides the investigating level; a configured trigger raises it."""
        inp, state = self.state.inp, self.state
        state.deaths, state.serious_injuries, state.missing = inp.deaths, inp.serious_injuries, inp.missing
        state.supervised = inp.supervised
        deaths = graded_deaths(inp.deaths, inp.missing, inp.count_missing)  # A1: the missing, if configured
        grading = grade_accident(deaths, inp.serious_injuries, inp.direct_loss_cny)
        state.grade = grading.grade
        state.level = available(grading.investigating_level)
        if inp.trigger:
            state.level = above(state.level) or state.level
        self.set_status(
            "reported",
            f"事故报告：{grading.grade}事故（{grading.decided_by}），由{LEVEL_GOVERNMENTS[state.level]}负责调查"
            + (f"；{inp.trigger}，提级调查" if inp.trigger else ""),
            grade=grading.grade,
            investigating_level=state.level,
            supervised=inp.supervised,
        )

    def notify_agencies(self) -> None:
        """Art. 10: the police and the procuratorate are notified through the system; the labour
        department and the trade union only once the bureau records it (`record_notification`)."""
        orgs = self.state.orgs()
        self.grant_access(orgs.police, "事故通报")
        self.grant_access(orgs.procuratorate, "事故通报，邀请派员参加调查")
        now = workflow.now().isoformat()
        self.update_details(notified_police=now, notified_procuratorate=now)
        self.record_event("notified", "已通过本系统向同级公安机关、人民检察院通报事故（劳动保障部门、工会另行记录）")

    async def invite_procuratorate(self) -> None:
        """Art. 22: the team invites the people's procuratorate to send members."""
        await invitation.invite_procuratorate(self, self.state)

    async def investigate(self) -> accident.InvestigationReportForm:
        """Art. 29: the report within 60 days of the accident."""
        started = Started(Start.ACCIDENT, self.state.inp.occurred_at)
        self.state.report = await self.tasks.open(self.state.task("investigation_report", started=started))
        self.state.first_report = self.state.report
        report = (await self.tasks.wait(self.state.report)).parsed(accident.InvestigationReportForm)
        self.update_details(report_submitted=True, suspected_crime=report.suspected_crime)
        if in_force(ACCIDENT_REFERRALS_PATCH):
            referrals.open_referrals(self, report)  # arts 26, 310号令 art 19 (A16–A18)
        return report

    async def upper_review(self) -> None:
        """A supervised case needs the upper office's review of the draft before the reply."""
        if above(self.state.level) is None:
            return
        self.set_status("reviewing", "挂牌督办事故，调查报告报上级审核")
        while True:
            review = (await self.tasks.human_step(self.state.task("draft_review"))).parsed(accident.DraftReviewForm)
            if review.decision == "approve":
                return
            self.record_event("draft_returned", "调查报告退回修改", reason=review.opinion)
            await self.tasks.human_step(self.state.task("investigation_report", title="修改事故调查报告"))

    async def reply(self, received: dt.datetime) -> accident.ReplyForm:
        """Art. 32: the government replies within 15 days (特别重大: 30) of receiving the report."""
        self.set_status("replying", "调查报告已提交，待批复")
        clock = "accident.reply_extraordinary" if self.state.grade is Grade.EXTRAORDINARY else "accident.reply"
        reply = (await self.tasks.human_step(review.reply_spec(self.state, received, clock))).parsed(accident.ReplyForm)
        self.state.replied = True
        return reply

    def follow_up(self, reply: accident.ReplyForm, report: accident.InvestigationReportForm) -> list[asyncio.Task[Any]]:
        """The reply's handling items become follow-up tasks; suspected crimes go to the police."""
        handling = []
        if not self.state.reviewed:  # since the accident-review patch: recorded when done (review.py)
            self.record_event("reply_delivered", "批复已送达有关部门和单位")
            if self.state.supervised:  # listed at intake or after a re-grade (accident-reporting path)
                self.record_event("filed_with_upper_office", "挂牌督办事故：调查报告及批复报上一级安委办备案")
        if reply.penalties:
            self.record_event("follow_up_penalty", f"行政处罚事项：{reply.penalties}")
            penalty = (
                follow_up_penalty(self)
                if self.state.reviewed
                else self.tasks.human_step(self.state.task("penalty_follow_up"))
            )
            handling.append(self.spawn(penalty))
        if reply.accountability:
            self.record_event("follow_up_accountability", f"移交监察机关追责问责：{reply.accountability}")
            handling.append(self.spawn(self.tasks.human_step(self.state.task("accountability_referral"))))
        if reply.crime_referral or report.suspected_crime:
            self.refer_for_crime_transfer()
        return handling

    def refer_for_crime_transfer(self) -> None:
        """Hand-off point to the crime-transfer process (涉嫌犯罪案件移送, art. 26)."""
        self.record_event("crime_transfer_referral", "调查发现涉嫌犯罪，形成移送公安机关线索")
        self.update_details(crime_transfer_referral=True)

    async def publish(self, reply: accident.ReplyForm) -> None:
        """Art. 34: the report is published, with a public notice (政府信息公开条例)."""
        self.set_status("publishing", f"已批复（{reply.reply_no}），待公布调查报告")
        publication = (await self.tasks.human_step(self.state.task("publication"))).parsed(accident.PublicationForm)
        self.update_details(published_on=publication.published_on.isoformat(), report_published=True)
        self.set_status("evaluating", "调查报告已公布，整改措施落实期")
        if in_force(PUBLICATION_NOTICE_PATCH):
            document = await self.documents.issue(
                "accident_report_publication",
                self.state.orgs().bureau,
                publication_notice(self.state.inp, self.state.grade, reply.reply_no, publication),
                key="accident_report_publication",
            )
            self.update_details(publication_notice_no=document.number)

    async def evaluate(self) -> bool:
        """Cases before the accident-review patch: the evaluation some 300 days after publication
        (the new path is `evaluation.py`). Returns whether the form says it was filed above."""
        await workflow.sleep(dt.timedelta(days=self.state.inp.evaluation_after_days))
        evaluation = (await self.tasks.human_step(self.state.task("evaluation"))).parsed(accident.EvaluationForm)
        self.update_details(evaluation=evaluation.result)
        return evaluation.filed_with_upper_office

    # ---- checks and hooks ------------------------------------------------------------------

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        super().validate_step(task, form, actor)
        reporting.check_step(task, form)  # arts 9–11, 26 (accident-reporting, referrals)
        check_step(self.state, task, form)  # revision, delivery, evaluation (accident-review)
        if isinstance(form, accident.TeamFormationForm) and form.entrusted_to_enterprise:
            state = self.state
            casualties = state.deaths + state.serious_injuries + state.missing
            if state.grade is not Grade.GENERAL or state.level != "county" or casualties:
                raise InvalidInput(
                    "只有未造成人员伤亡的一般事故，县级人民政府才可以委托事故发生单位组织事故调查组（条例第十九条第三款）"
                )

    def on_overdue(self, task: OpenTask) -> None:
        review.list_on_overdue(self, task)
