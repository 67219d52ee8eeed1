"""The people's court's handling of the agency's application (行政强制法 arts 56–59), behind patch
`COURT_STAGES_PATCH`: a refusal to accept is reviewed by the court above on the agency's request
(art 56(2): 15 days, answered in 15 days); a decision the court finds possibly clearly unlawful is
ruled on within 30 days (art 58(1)), a ruling not to enforce is served within 5 working days and
reviewed by the court above on request (art 58(2)–(3): 15 days, answered in 30 days); an
emergency ruling is executed within 5 working days (art 59).

Each stage returns the ruling to enforce (`Ruled`) or the ending of the application.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import rectification as rc
    from domain.china_time import start_of
    from domain.process import Start
    from workflows.kernel import china_today
    from workflows.kernel.steps import Started
    from workflows.rectification.contracts import LawfulDayRequest
    from workflows.rectification.procedure import RectificationPart

Ending = tuple[str, str]


@dataclass
class Ruled:
    """The court ruled to enforce: from when, by when (an emergency), and the ruling's number."""

    ruling_no: str
    enforce_on: dt.date | None
    execute_by: dt.date | None = None


class Court(RectificationPart):
    async def refused(self, accepted: rc.CourtAcceptanceForm) -> str | None:
        """Art 56(2): the agency may ask the court above within 15 days of receiving the refusal;
        that court rules within 15 days. Returns the court case number once accepted, else None."""
        case, state, procedure = self.case, self.state, self.procedure
        received = accepted.received_on or china_today()
        case.set_status("court", "人民法院裁定不予受理，可于十五日内向上一级人民法院申请复议（行政强制法第五十六条）")
        started = Started(Start.SERVICE, start_of(received))
        review = (await procedure.step(state.task("court_refusal_review", started=started))).parsed(
            rc.UpperCourtReviewForm
        )
        if review.decision == "accept":
            return None
        assert review.filed_on is not None
        case.record_event("court_refusal_review", f"已向{review.court}申请复议不予受理裁定", reason=review.reasons)
        answer = await self.upper_court("upper_court_acceptance", review.filed_on)
        if answer.ruling == "rejected":
            return None
        case.record_event("court_accepted", f"上一级人民法院裁定受理（{answer.court_case_no or answer.ruling_no}）")
        return answer.court_case_no or answer.ruling_no

    async def rule(self, accepted_on: dt.date) -> Ruled | Ending:
        """Art 57: a ruling within 7 working days; art 58: within 30 days where the court hears the
        parties on a possibly clearly unlawful decision; art 59: an emergency executed in 5 WD."""
        case, state, procedure = self.case, self.state, self.procedure
        ruling = (await procedure.step(state.task("court_ruling"))).parsed(rc.CourtRulingForm)
        if ruling.ruling == "hearing":
            limit = await procedure.lawful(
                LawfulDayRequest(start_of(accepted_on), rule_code="rectification.court_ruling_unlawful")
            )
            case.set_status("court", f"人民法院听取意见（行政强制法第五十八条），应于{limit.day.isoformat()}前裁定")
            case.record_event(
                "court_hearing", f"人民法院认为可能明显违法，听取意见，三十日内即{limit.day.isoformat()}前裁定"
            )
            task = state.task("court_ruling_review", due_on=limit.day)
            ruling = (await procedure.step(task)).parsed(rc.CourtRulingForm)
        if ruling.ruling == "not_enforce":
            return await self.not_enforced(ruling)
        if ruling.ruling == "hearing":
            return "closed", "人民法院未在法定期限内作出执行裁定"
        case.record_event("court_ruled", f"人民法院裁定准予执行（{ruling.ruling_no}）")
        if not ruling.emergency:
            return Ruled(ruling.ruling_no, ruling.enforce_on)
        ruled = ruling.ruled_on or china_today()
        by = await procedure.lawful(LawfulDayRequest(start_of(ruled), rule_code="rectification.emergency_execution"))
        case.record_event(
            "emergency_execution", f"情况紧急，经人民法院院长批准立即执行，应于{by.day.isoformat()}前执行（第五十九条）"
        )
        return Ruled(ruling.ruling_no, None, by.day)

    async def not_enforced(self, ruling: rc.CourtRulingForm) -> Ruled | Ending:
        """Art 58(2)–(3): the ruling not to enforce, with reasons, served within 5 working days; the
        agency may ask the court above within 15 days of receipt, which rules within 30 days."""
        case, state, procedure = self.case, self.state, self.procedure
        assert ruling.ruled_on is not None and ruling.received_on is not None
        service_by = await procedure.lawful(
            LawfulDayRequest(start_of(ruling.ruled_on), rule_code="rectification.nonenforcement_service")
        )
        late = ruling.received_on > service_by.day
        note = f"，人民法院未在五个工作日内（{service_by.day.isoformat()}前）送达" if late else ""
        case.record_event("court_not_enforced", f"人民法院裁定不予执行（{ruling.ruling_no}）{note}")
        case.set_status("court", "人民法院裁定不予执行，可于收到裁定之日起十五日内向上一级人民法院申请复议")
        started = Started(Start.SERVICE, start_of(ruling.received_on))
        review = (await procedure.step(state.task("nonenforcement_review", started=started))).parsed(
            rc.UpperCourtReviewForm
        )
        if review.decision == "accept":
            return "closed", f"人民法院裁定不予执行（{ruling.ruling_no}），未申请复议"
        assert review.filed_on is not None
        case.record_event("nonenforcement_review", f"已向{review.court}申请复议不予执行裁定", reason=review.reasons)
        answer = await self.upper_court("upper_court_review", review.filed_on)
        if answer.ruling == "rejected":
            return "closed", f"上一级人民法院维持不予执行裁定（{answer.ruling_no}）"
        case.record_event("court_ruled", f"上一级人民法院裁定执行（{answer.ruling_no}）")
        return Ruled(answer.ruling_no, answer.enforce_on)

    async def upper_court(self, step: str, filed_on: dt.date) -> rc.UpperCourtRulingForm:
        """The court above's ruling, due 15 (acceptance) or 30 (enforcement) days after it received
        the request (recorded by the agency as the filing day)."""
        case, state, procedure = self.case, self.state, self.procedure
        case.set_status("court", "等待上一级人民法院作出复议裁定")
        started = Started(Start.SERVICE, start_of(filed_on))
        return (await procedure.step(state.task(step, started=started))).parsed(rc.UpperCourtRulingForm)
