"""停产停业 with its period and the review before resumption, behind `SUSPENSION_CLOCK_PATCH`.

安全生产法 art 65(3): a temporary suspension ordered because safety cannot be assured before a
major hazard is removed; art 102: 停产停业整顿 for a unit that refused to remove it. The period
runs from service (一般不超过六个月: `rectification.suspension`, [U], configurable); the unit
applies to resume once the hazard is removed, and resumes only after the department's review
(经审查同意, art 65(3)). A period that passes without approval leaves the art 113(2) ground for
提请关闭. The decision is made public within 20 working days (国办发〔2015〕20号 (十五)).
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import rectification as rc
    from domain.china_time import start_of
    from workflows.kernel.scope import ProcedureEnded
    from workflows.rectification.contracts import LawfulDayRequest
    from workflows.rectification.procedure import RectificationPart


class Suspension(RectificationPart):
    async def run(self, form: rc.SuspensionForm) -> None:
        try:
            await self._run(form)
        except ProcedureEnded:  # the case ended (revoked, transferred) while the unit was suspended
            return

    async def _run(self, form: rc.SuspensionForm) -> None:
        case, state, procedure = self.case, self.state, self.procedure
        procedure.disclose(f"停产停业决定（{form.order_no}）")
        assert form.served_on is not None
        until = await procedure.lawful(LawfulDayRequest(start_of(form.served_on), rule_code="rectification.suspension"))
        state.suspension_state = "suspended"
        details = {"kind": form.kind, "order_no": form.order_no, "until": until.day.isoformat()}
        if form.kind == "temporary":  # an on-site measure of art 65(3): the 现场处理措施决定书
            document = await procedure.issue(
                "onsite_measure_decision",
                {
                    **state.subject(),
                    "reason": form.reason,
                    "scope": form.scope,
                    "until": until.day.isoformat(),
                    "reconsideration_body": state.inp.reconsideration_body,
                },
            )
            details["decision_no"] = document.number
        case.update_details(suspension={**details, "state": "suspended"})
        while True:
            task = await case.tasks.open(state.task("suspension", due_on=until.day))
            application = await procedure.period(task)
            if application is None:
                state.suspension_state = "lapsed"
                case.update_details(suspension={**details, "state": "lapsed"})
                case.record_event(
                    "suspension_lapsed",
                    "停产停业期满，未经审查同意恢复生产经营；经停产停业整顿仍不具备安全生产条件的，"
                    "应当提请地方人民政府予以关闭（安全生产法第一百一十三条第（二）项）",
                )
                await case.flush()
                return
            case.record_event("resumption_applied", "生产经营单位申请恢复生产经营", reason=application["removal"])
            outcome = await procedure.step(state.task("resumption_review"))
            review = outcome.parsed(rc.ResumptionReviewForm)
            if review.decision == "approve":
                state.suspension_state = "resumed"
                case.update_details(
                    suspension={**details, "state": "resumed", "resumed_on": review.reviewed_on.isoformat()}
                )
                case.record_event(
                    "resumption_approved",
                    "重大事故隐患已排除，经审查同意恢复生产经营（安全生产法第六十五条）",
                    actor=outcome.actor,
                    reason=review.opinion,
                )
                await case.flush()
                return
            state.suspension_state = "refused"
            case.record_event(
                "resumption_refused", "经审查不同意恢复生产经营", actor=outcome.actor, reason=review.opinion
            )
            await case.flush()
