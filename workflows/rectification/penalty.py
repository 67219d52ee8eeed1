"""The penalty procedure for an unrectified order (行政处罚法 2021), domain notes §5.2.

立案 on the re-inspection's finding; the notice (art 44) with the party's statement period, or its
right to a hearing for a serious penalty (arts 63–64); the head's decision within 90 days of
立案 (arts 57, 60); its service, from which payment (art 67) and the challenge windows run; its
publication (art 48). An unpaid fine goes to compulsory enforcement (`enforcement.py`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    import workflows.rectification.documents as documents
    from domain import rectification as rc
    from domain.china_time import day_of, start_of, yuan
    from domain.legal_calendar import end_of_day
    from domain.process import Start
    from domain.rectification_deadlines import LITIGATION_MONTHS, SURCHARGE_RATE_PER_DAY_PERCENT
    from workflows.kernel import OpenTask, china_today
    from workflows.kernel.patches import (
        DECISION_DELIVERY_PATCH,
        DECISION_REVIEWS_PATCH,
        HEARING_REQUEST_PATCH,
        NEW_DOCUMENTS_PATCH,
        STATEMENT_FROM_DEEMED_SERVICE_PATCH,
        in_force,
    )
    from workflows.kernel.steps import Started
    from workflows.rectification.contracts import LawfulDayRequest
    from workflows.rectification.enforcement import Enforcement
    from workflows.rectification.procedure import Procedure, RectificationPart

Ending = tuple[str, str]


class Penalty(RectificationPart):
    def __init__(self, procedure: Procedure) -> None:
        self.enforcement = Enforcement(procedure)
        super().__init__(procedure)

    async def run(self, finding: str) -> Ending:
        case, state, procedure = self.case, self.state, self.procedure
        opened_at = workflow.now()  # 立案: the 90-day decision clock (art 60) runs from here
        case.update_details(penalty_opened_on=china_today().isoformat())
        case.set_status("penalty_notice", f"复查认定未整改，行政处罚立案：{finding}")
        notice = await procedure.step(state.task("penalty_notice"))
        statement = await self.notify(notice.form, notice.actor)
        if statement is None:
            case.record_event("defence_waived", "期满当事人未提出陈述、申辩或听证要求")
        elif statement["kind"] == "hearing":
            await self.hearing()
        else:
            case.record_event("statement_recorded", "当事人提出陈述、申辩", reason=statement["content"])
        if in_force(DECISION_REVIEWS_PATCH):
            await self.review(notice.form, heard=statement is not None and statement["kind"] == "hearing")
        case.set_status("deciding", "待作出行政处罚决定")
        # Art 57: the agency's head decides after reviewing the investigation.
        outcome = await procedure.step(state.task("penalty_decision", started=Started(Start.FILING, opened_at)))
        decision = outcome.parsed(rc.PenaltyDecisionForm)
        if decision.decision == "no_penalty":
            return "not_penalised", f"决定不予行政处罚：{decision.reasons}"
        state.decided_by = outcome.actor
        return await self.execute(notice.form, outcome.form)

    async def review(self, notice: dict[str, Any], *, heard: bool) -> None:
        """Art 58: legal review after a hearing or in a major case (not passed: reviewed again once
        corrected; never a decision before it passes); art 57(2): a major case is decided
        collectively by the heads, and the decision follows their conclusion."""
        case, state, procedure = self.case, self.state, self.procedure
        major = bool(notice.get("major", False))
        if not (heard or major):
            return
        reason = "经过听证程序" if heard else "情节复杂或重大违法行为"
        while True:
            case.set_status("legal_review", f"{reason}，作出决定前须经法制审核（行政处罚法第五十八条）")
            review = (await procedure.step(state.task("legal_review"))).parsed(rc.LegalReviewForm)
            passed = review.result == "passed"
            label = "法制审核通过" if passed else "法制审核未通过，补正后重新审核"
            case.record_event(f"legal_review_{review.result}", f"{label}（{review.reviewer}）", reason=review.opinion)
            if passed:
                break
        if not major:
            return
        case.set_status("collective_discussion", "情节复杂或重大违法行为，由机关负责人集体讨论决定（第五十七条第二款）")
        discussion = (await procedure.step(state.task("collective_discussion"))).parsed(rc.CollectiveDiscussionForm)
        state.discussed = discussion.conclusion
        case.update_details(collective_discussion=rc.PENALTY_CONCLUSIONS[discussion.conclusion])
        case.record_event(
            "collective_discussion",
            f"机关负责人于{discussion.held_on.isoformat()}集体讨论，决定{rc.PENALTY_CONCLUSIONS[discussion.conclusion]}",
            reason=discussion.record,
        )

    async def notify(self, notice: dict[str, Any], actor: Any) -> dict[str, Any] | None:
        """Art 44: the notice, served with its form; the statement period runs from that service."""
        case, state = self.case, self.state
        state.serious = bool(notice["serious"])
        state.fine = int(notice["fine_cny"])
        served_on = dt.date.fromisoformat(notice["served_on"])
        method, proof = notice.get("service_method", "direct"), notice.get("service_proof", "")
        if in_force(STATEMENT_FROM_DEEMED_SERVICE_PATCH):
            # Arts 61, 64(1), 民事诉讼法 art 95: the period runs from the day service takes effect,
            # for 公告送达 thirty days after the announcement; the notice states it from receipt.
            document = await self.procedure.issue("penalty_notice", documents.penalty_notice(state, notice, ""))
            started = await case.documents.served_from(document.document_id, method, served_on, actor, proof=proof)
            # Art 64(1): a party with the right to a hearing asks for it within the statutory 5
            # working days; the statement period alone has no statutory figure (configurable, R8).
            hearing_right = state.serious and in_force(HEARING_REQUEST_PATCH)
            clock = "rectification.hearing_request" if hearing_right else None
            if hearing_right:  # the 听证告知书, served with the notice (arts 63–64)
                rights = await self.procedure.issue(
                    "hearing_rights_notice",
                    {
                        **state.subject(),
                        "fine_label": yuan(state.fine),
                        "notice_no": document.number,
                        "service_method": method,
                    },
                )
                case.update_details(hearing_rights_notice_no=rights.number)
            statement_task = await case.tasks.open(state.task("statement", started=started, clock=clock))
            until = self.statement_until(statement_task)
            case.update_details(statement_until=until)
        else:
            statement_task = await case.tasks.open(
                state.task("statement", started=Started(Start.SERVICE, start_of(served_on)))
            )
            until = self.statement_until(statement_task)
            document = await self.procedure.issue("penalty_notice", documents.penalty_notice(state, notice, until))
            await case.documents.record_step_service(document.document_id, method, served_on, actor, proof=proof)
        state.notice_no = document.number
        case.update_details(
            penalty_notice_no=document.number, proposed_fine_cny=state.fine, hearing_right=state.serious
        )
        case.set_status("statement", f"已送达行政处罚告知书（{document.number}），陈述、申辩期至{until}")
        return await self.procedure.period(statement_task)

    @staticmethod
    def statement_until(task: OpenTask) -> str:
        assert task.schedule is not None
        return day_of(task.schedule.due_at).isoformat()

    async def hearing(self) -> None:
        """Art 64: the notice at least 7 working days before the hearing; a nearer day is moved."""
        case, state, procedure = self.case, self.state, self.procedure
        case.set_status("hearing", "当事人要求听证")
        notice = await procedure.step(state.task("hearing_notice"))
        requested = dt.date.fromisoformat(notice.form["hearing_on"])
        lead_from = workflow.now()
        if notice.form.get("served_on") and in_force(HEARING_REQUEST_PATCH):
            # Art 64(2): seven working days from the notice reaching the party, not from this step (R10).
            lead_from = start_of(dt.date.fromisoformat(notice.form["served_on"]))
        lawful = await procedure.lawful(
            LawfulDayRequest(lead_from, rule_code="rectification.hearing_lead", not_before=requested)
        )
        state.hearing_on = lawful.day
        if lawful.day != requested:
            case.record_event(
                "hearing_moved",
                f"听证通知须在听证七个工作日前送达，听证日期由{requested.isoformat()}顺延至{lawful.day.isoformat()}",
            )
        case.update_details(hearing_on=lawful.day.isoformat(), hearing_place=notice.form["place"])
        if in_force(NEW_DOCUMENTS_PATCH):
            letter = await self.procedure.issue(
                "hearing_notice", documents.hearing_notice(state, notice.form, lawful.day)
            )
            case.update_details(hearing_notice_no=letter.number)
        case.record_event("hearing_notified", f"已通知当事人于{lawful.day.isoformat()}在{notice.form['place']}举行听证")
        held = (await procedure.step(state.task("hearing", due_on=lawful.day))).parsed(rc.HearingForm)
        case.record_event("hearing_held", f"已于{held.held_on.isoformat()}举行听证", reason=held.record)

    async def execute(self, notice: dict[str, Any], decision: dict[str, Any]) -> Ending:
        """The decision, its service, the windows it opens, its publication, and payment (art 67)."""
        case, state, procedure = self.case, self.state, self.procedure
        state.fine = int(decision["fine_cny"])
        if state.inp.reconsideration_body and not decision.get("reconsideration_body"):
            decision = {**decision, "reconsideration_body": state.inp.reconsideration_body}  # 复议法 art 24
        document = await self.procedure.issue("penalty_decision", documents.penalty_decision(state, notice, decision))
        state.decision_no = document.number
        patched = in_force(DECISION_DELIVERY_PATCH)
        if patched and not decision.get("party_present", True):
            decision = await self.deliver(decision)
        # Art 67 and the challenge windows run from receipt: from the day service takes effect.
        effective_on = await case.documents.record_step_service(
            document.document_id,
            decision.get("service_method", "direct"),
            dt.date.fromisoformat(decision["served_on"]),
            state.decided_by,
            proof=decision.get("service_proof", ""),
        )
        served = start_of(effective_on)
        payment_due = await procedure.lawful(LawfulDayRequest(served, rule_code="rectification.payment"))
        if patched:
            # A decision that did not name the body or the court: at most 1 year (R21, R29).
            reconsideration_rule, litigation_rule = rc.challenge_window_rules(
                reconsideration_told=bool(decision.get("reconsideration_body")),
                suit_period_told=bool(decision.get("court")),
            )
            reconsideration = await procedure.lawful(LawfulDayRequest(served, rule_code=reconsideration_rule))
            litigation = await procedure.lawful(LawfulDayRequest(served, rule_code=litigation_rule))
        else:
            reconsideration = await procedure.lawful(
                LawfulDayRequest(served, rule_code="rectification.reconsideration_window")
            )
            litigation = await procedure.lawful(LawfulDayRequest(served, months=LITIGATION_MONTHS))
        state.payment_due = payment_due.day
        state.reconsideration_until = reconsideration.day
        state.litigation_until = litigation.day
        state.reconsideration_first = str(decision.get("reconsideration_first", ""))
        if state.reconsideration_first:
            # 复议法 art 23: no direct suit; unchallenged within the 60 days, the decision is final.
            state.litigation_until = reconsideration.day
        case.update_details(
            decision_no=document.number,
            fine_cny=state.fine,
            decision_served_on=decision["served_on"],
            reconsideration_first=rc.RECONSIDERATION_FIRST[state.reconsideration_first] if patched else None,
            payment_due=payment_due.day.isoformat(),
            reconsideration_until=reconsideration.day.isoformat(),
            litigation_until=state.litigation_until.isoformat(),
            appeals=[],
            surcharge=state.surcharge_details(),
        )
        case.record_event(
            "windows_opened",
            f"行政复议申请期限至{reconsideration.day.isoformat()}，起诉期限至{litigation.day.isoformat()}；"
            "复议、诉讼期间不停止执行",
        )
        state.publication_task = await case.tasks.open(state.task("publication"))
        procedure.spawn(self.publish(state.publication_task))
        case.set_status(
            "awaiting_payment",
            f"已作出行政处罚决定（{document.number}），罚款{yuan(state.fine)}，缴纳期限至{payment_due.day.isoformat()}",
        )
        started = Started(Start.SERVICE, served)
        payment = await procedure.period(
            await case.tasks.open(state.task("payment", due_on=payment_due.day, started=started))
        )
        if payment is not None:
            return "paid", f"当事人已缴纳罚款（{payment['receipt_no']}）"
        case.set_status(
            "surcharging", f"逾期未缴纳罚款，每日按罚款数额的{SURCHARGE_RATE_PER_DAY_PERCENT}%加处罚款，不超过罚款数额"
        )
        return await self.enforcement.run(end_of_day(payment_due.day))

    async def deliver(self, decision: dict[str, Any]) -> dict[str, Any]:
        """Art 61: the party was absent at the announcement; the decision is served within 7
        working days by the means of the Civil Procedure Law (R12). Returns the decision with it."""
        case, state = self.case, self.state
        case.set_status("decision_service", "当事人不在场，七个工作日内送达行政处罚决定书（行政处罚法第六十一条）")
        service = (await self.procedure.step(state.task("decision_service"))).parsed(rc.ServiceForm)
        case.record_event(
            "decision_delivered",
            f"行政处罚决定书已于{service.served_on.isoformat()}{rc.SERVICE_METHODS[service.method]}",
        )
        return {
            **decision,
            "served_on": service.served_on.isoformat(),
            "service_method": service.method,
            "service_proof": service.proof,
        }

    async def publish(self, task: OpenTask) -> None:
        """Art 48: a decision with a certain social impact is made public within 7 working days."""
        outcome = await self.case.tasks.wait(task)
        if outcome.actor is None:
            return
        self.state.published = True
        publication = outcome.parsed(rc.PublicationForm)
        self.case.update_details(
            published_on=publication.published_on.isoformat(), publication_channel=publication.channel
        )
        await self.case.flush()
