"""Compulsory enforcement of an unpaid fine (行政强制法), domain notes §5.3.

The 3% daily surcharge runs from the payment day (art 45); the formal reminder (催告, art 35) with
10 working days from its service (art 54); then enforcement by the agency itself where it has the
power (art 46), otherwise an application to the people's court within 3 months after the
litigation window (art 53, 法释〔2018〕1号 art 156), the court's acceptance and ruling, and
enforcement in daytime on a working day (art 43), made public (国办发〔2015〕20号).
"""

from __future__ import annotations

import asyncio
import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    import domain.rectification_deadlines as limits
    import workflows.rectification.documents as documents
    from domain import rectification as rc
    from domain.china_time import start_of
    from domain.legal_calendar import end_of_day
    from domain.process import Start
    from workflows.kernel import TaskOutcome, china_today
    from workflows.kernel.deadline import MovableDeadline
    from workflows.kernel.patches import (
        COURT_STAGES_PATCH,
        NEW_DOCUMENTS_PATCH,
        OWN_ENFORCEMENT_DECISION_PATCH,
        in_force,
    )
    from workflows.kernel.scope import ProcedureEnded
    from workflows.kernel.steps import Started
    from workflows.rectification.contracts import LawfulDayRequest
    from workflows.rectification.court import Court, Ruled
    from workflows.rectification.procedure import Procedure, RectificationPart

Ending = tuple[str, str]


class Enforcement(RectificationPart):
    def __init__(self, procedure: Procedure) -> None:
        self.court = Court(procedure)
        super().__init__(procedure)

    async def run(self, payment_due_at: dt.datetime) -> Ending:
        case, state, procedure = self.case, self.state, self.procedure
        paid = await self.remind(payment_due_at)
        if paid is not None:
            return "paid", f"经催告，当事人已缴纳罚款及加处罚款（{paid}）"
        case.record_event("reminder_expired", "催告期满当事人仍未履行")
        if state.inp.own_enforcement_power:
            if in_force(OWN_ENFORCEMENT_DECISION_PATCH):
                return await self.decide_enforcement()
            return await self.carry_out(None)
        assert state.litigation_until is not None
        case.set_status(
            "awaiting_litigation_window", f"起诉期限{state.litigation_until.isoformat()}届满后申请人民法院强制执行"
        )
        await procedure.wait_for_litigation_window()
        if state.judgment:  # the party sued and lost: the judgment is executed (JUDGMENT_EXECUTION_PATCH)
            return await self.execute_judgment()
        return await self.apply_to_court()

    async def decide_enforcement(self) -> Ending:
        """Art 46: the agency enforces itself once the surcharge has run more than 30 days and the
        reminder failed; art 37: by a written decision, served, naming the route to challenge it."""
        case, state, procedure = self.case, self.state, self.procedure
        assert state.payment_due is not None
        last_day = state.payment_due + dt.timedelta(days=limits.SURCHARGE_DAYS_BEFORE_OWN_ENFORCEMENT)
        case.update_details(surcharge_thirty_days_until=last_day.isoformat())
        # The clock runs from the later lapse: the surcharge's 30 days, or the reminder's period (now).
        lapsed = Started(Start.LAPSE, max(end_of_day(last_day), workflow.now()))
        if workflow.now() <= end_of_day(last_day):
            case.set_status("awaiting_surcharge_days", f"加处罚款至{last_day.isoformat()}满三十日，超过后方可强制执行")
            over = MovableDeadline(
                lambda: end_of_day(last_day), "surcharge over 30 days", stop=lambda: bool(state.ended)
            )
            if not await over.sleep():
                raise ProcedureEnded()
        case.set_status("enforcement_decision", "经催告仍不履行且加处罚款已超过三十日，待作出强制执行决定")
        outcome = await procedure.step(state.task("enforcement_decision", started=lapsed))
        form = outcome.parsed(rc.EnforcementDecisionForm)
        document = await procedure.issue(
            "enforcement_decision", documents.enforcement_decision(state, outcome.form, china_today())
        )
        await case.documents.record_step_service(
            document.document_id, form.service_method, form.served_on, outcome.actor, proof=form.service_proof
        )
        case.update_details(enforcement_decision_no=document.number, enforcement_method=form.method)
        case.record_event("enforcement_decided", f"已作出强制执行决定（{document.number}）并送达")
        # 国办发〔2015〕20号 (十五): enforcement information public within 20 working days of the
        # 执法决定, so its clock runs from the decision, beside the enforcement (R19).
        publication = await case.tasks.open(state.task("enforcement_publication"))
        return await self.carry_out(form.enforce_on, asyncio.create_task(case.tasks.wait(publication)))

    async def execute_judgment(self) -> Ending:
        """行政诉讼法 art 95; 法释〔2018〕1号 arts 152–154: the effective judgment is executed by the
        first-instance court, applied for within two years (here from the day it took effect)."""
        case, state, procedure = self.case, self.state, self.procedure
        judgment = state.judgment
        effective = dt.date.fromisoformat(judgment["effective_on"])
        limit = await procedure.lawful(LawfulDayRequest(start_of(effective), months=limits.JUDGMENT_EXECUTION_MONTHS))
        case.update_details(judgment_execution_until=limit.day.isoformat())
        case.set_status(
            "judgment_execution",
            f"判决（{judgment['document_no']}）已发生法律效力，应于{limit.day.isoformat()}前申请人民法院执行",
        )
        application = await procedure.step(state.task("judgment_execution", due_on=limit.day))
        form = application.parsed(rc.JudgmentExecutionForm)
        case.update_details(judgment_execution_court=form.court, judgment_execution_filed_on=form.filed_on.isoformat())
        case.record_event(
            "judgment_execution_applied", f"已向{form.court}申请执行生效判决（{judgment['document_no']}）"
        )
        return await self.carry_out(None)

    async def remind(self, payment_due_at: dt.datetime) -> str | None:
        """催告书, served; returns the receipt number if the party pays within 10 working days."""
        case, state, procedure = self.case, self.state, self.procedure
        reminder = await procedure.step(state.task("reminder", started=Started(Start.LAPSE, payment_due_at)))
        document = await self.procedure.issue("payment_reminder", documents.payment_reminder(state, china_today()))
        # Art 54: the 10 working days run from service of the reminder.
        form = reminder.parsed(rc.ReminderForm)
        served = await case.documents.served_from(
            document.document_id, form.method, form.served_on, reminder.actor, proof=form.proof
        )
        state.reminder_no = document.number
        case.update_details(reminder_no=document.number, reminder_served_on=reminder.form["served_on"])
        case.set_status("reminded", f"已送达催告书（{document.number}），十个工作日内履行")
        compliance = await case.tasks.open(state.task("reminder_compliance", started=served))
        paid = await procedure.period(compliance)
        return str(paid["receipt_no"]) if paid is not None else None

    async def apply_to_court(self) -> Ending:
        """Art 53: within 3 months after the litigation window, to the people's court."""
        case, state, procedure = self.case, self.state, self.procedure
        assert state.litigation_until is not None
        limit = await procedure.lawful(
            LawfulDayRequest(start_of(state.litigation_until), months=limits.COURT_APPLICATION_MONTHS)
        )
        case.set_status("court", f"起诉期限已届满，应于{limit.day.isoformat()}前申请人民法院强制执行")
        window_end = Started(Start.LAPSE, end_of_day(state.litigation_until))
        application = await procedure.step(state.task("court_application", due_on=limit.day, started=window_end))
        if application.form.get("route") == "auction" and in_force(COURT_STAGES_PATCH):
            # 行政强制法 art 46(3): no appeal in time, the reminder failed: the sealed property is
            # auctioned by the agency's written decision (art 37) instead of an application.
            state.auction = True
            case.record_event(
                "auction_route", f"依法拍卖已查封、扣押的财物抵缴罚款（{application.form['seizure_no']}）"
            )
            return await self.decide_enforcement()
        if in_force(NEW_DOCUMENTS_PATCH):
            document = await self.procedure.issue(
                "court_enforcement_application", documents.court_application(state, application.form, china_today())
            )
            case.update_details(court_application_no=document.number)
        case.record_event("court_applied", f"已向{application.form['court']}申请强制执行")
        accepted = (await procedure.step(state.task("court_acceptance"))).parsed(rc.CourtAcceptanceForm)
        if in_force(COURT_STAGES_PATCH):
            return await self.court_stages(application.form["court"], accepted)
        if accepted.decision == "refused":
            return "closed", "人民法院不予受理强制执行申请"
        case.update_details(court=application.form["court"], court_case_no=accepted.court_case_no)
        case.record_event("court_accepted", f"人民法院已受理（{accepted.court_case_no}）")
        ruling = (await procedure.step(state.task("court_ruling"))).parsed(rc.CourtRulingForm)
        if ruling.ruling == "not_enforce":
            return "closed", f"人民法院裁定不予执行（{ruling.ruling_no}）"
        case.record_event("court_ruled", f"人民法院裁定准予执行（{ruling.ruling_no}）")
        return await self.carry_out(ruling.enforce_on)

    async def court_stages(self, court: str, accepted: rc.CourtAcceptanceForm) -> Ending:
        """Arts 56–59 (`court.py`): a refusal reviewed above, the clearly-unlawful review, an
        emergency; the enforcement information is public within 20 working days of the ruling (R19)."""
        case, state = self.case, self.state
        case_no: str | None = accepted.court_case_no
        if accepted.decision == "refused":
            case_no = await self.court.refused(accepted)
            if case_no is None:
                return "closed", "人民法院不予受理强制执行申请"
        case.update_details(court=court, court_case_no=case_no)
        if accepted.decision == "accepted":
            case.record_event("court_accepted", f"人民法院已受理（{case_no}）")
        ruled = await self.court.rule(china_today())
        if not isinstance(ruled, Ruled):
            return ruled
        publication = await case.tasks.open(state.task("enforcement_publication"))
        waited = asyncio.create_task(case.tasks.wait(publication))
        return await self.carry_out(ruled.enforce_on, waited, execute_by=ruled.execute_by)

    async def carry_out(
        self,
        requested: dt.date | None,
        publication: asyncio.Task[TaskOutcome] | None = None,
        execute_by: dt.date | None = None,
    ) -> Ending:
        """Art 43: enforcement is scheduled in daytime on a working day, never at night or on a holiday.

        `publication`: the publication already opened with the agency's own enforcement decision."""
        case, state, procedure = self.case, self.state, self.procedure
        if execute_by is not None:
            # 行政强制法 art 59: executed within 5 working days of the ruling; art 43: "情况紧急的除外".
            state.enforce_on, due = china_today(), execute_by
            case.update_details(enforce_on=state.enforce_on.isoformat(), execute_by=execute_by.isoformat())
            case.set_status("enforcing", f"情况紧急，立即执行，最迟于{execute_by.isoformat()}前执行完毕")
        else:
            moment = await procedure.lawful(LawfulDayRequest(workflow.now(), moment=True, not_before=requested))
            state.enforce_on = due = moment.day
            case.update_details(enforce_on=moment.day.isoformat())
            case.set_status("enforcing", f"安排于{moment.at:%Y-%m-%d %H:%M}实施强制执行")
        done = (await procedure.step(state.task("enforcement", due_on=due))).parsed(rc.EnforcementForm)
        case.update_details(enforced_on=done.enforced_on.isoformat())
        # 国办发〔2015〕20号 (十五) as repeated locally: enforcement information public within 20 working days.
        if publication is None:
            published = (await procedure.step(state.task("enforcement_publication"))).parsed(rc.PublicationForm)
        else:
            published = (await publication).parsed(rc.PublicationForm)
        case.update_details(enforcement_published_on=published.published_on.isoformat())
        return "enforced", f"强制执行完毕：{done.result}"
