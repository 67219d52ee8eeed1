"""Contested rectification (责令限期整改 → objection → compulsory enforcement), domain notes §5.

Reads like the procedure: the order (责令限期整改指令书) and its service, which starts the
rectification period; the enterprise's completion report or the end of the period; the
re-inspection (复查) with its opinion (整改复查意见书); for an unrectified order the penalty
procedure of the Administrative Penalty Law (notice, statement or hearing, decision within 90
days of opening, publication within 7 working days); the challenge windows (reconsideration 60
days, litigation 6 months or 15 days after reconsideration); payment or the 3% daily surcharge,
the formal reminder (催告) with 10 working days, and enforcement: directly by an agency with the
power, otherwise by applying to the people's court within 3 months after the litigation window.
Appeals, stopping power supply and a jurisdiction dispute are case actions
(`rectification_case.py`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import enterprise
    from domain import rectification as rc
    from domain.china_time import day_of, start_of, yuan
    from domain.document_service import SERVED_IN_STEPS
    from domain.forms import choice_labels
    from domain.legal_calendar import end_of_day
    from domain.rectification_deadlines import COURT_APPLICATION_MONTHS, LITIGATION_MONTHS
    from workflows.contracts import Actor
    from workflows.kernel import china_today
    from workflows.kernel.patches import NEW_DOCUMENTS_PATCH
    from workflows.kernel.scope import ProcedureEnded
    from workflows.rectification_case import PROCESS, RectificationCase
    from workflows.rectification_contracts import (
        Department,
        LawfulDayRequest,
        RectificationInput,
        RectificationResult,
    )


@workflow.defn(name="ContestedRectificationWorkflow")
class ContestedRectificationWorkflow(RectificationCase):
    _decided_by: Actor | None = None  # the head who signed the penalty decision
    _reminder_no = ""
    served_in_steps = SERVED_IN_STEPS
    # The enterprise's completion report and its statement, defence or hearing request.
    enterprise_steps = enterprise.step_names(PROCESS)

    def case_enterprise_id(self) -> int | None:
        return self._input.enterprise_id if self._input else None

    @workflow.run
    async def run(self, inp: RectificationInput) -> RectificationResult:
        self._input = inp
        self.start_case(inp.start.case_id)
        self.set_status(
            "ordering",
            f"现场检查（{inp.inspection_record_no}）发现问题，待制发责令限期整改指令书",
            inspection_record_no=inp.inspection_record_no,
            inspected_on=inp.inspected_on.isoformat(),
            own_enforcement_power=inp.own_enforcement_power,
        )
        try:
            status, summary = await self._procedure()
        except ProcedureEnded:
            assert self._ended is not None
            status, summary = self._ended
        # A revoked or changed decision's publication is withdrawn before the case closes.
        await asyncio.gather(*self._withdrawals)
        self.lift_power_cut_on_close(summary)
        self.close_case(status, summary)
        await self.finish_case()
        for task in self._spawned:
            if not task.done():
                task.cancel()  # e.g. a power cut waiting for its notice to run out
        return RectificationResult(status)

    async def _procedure(self) -> tuple[str, str]:
        inp = self._orgs()
        order = await self.step(
            self.bureau_step("order", "制发责令限期整改指令书", clock_start=start_of(inp.inspected_on))
        )
        self._ordered_on = china_today()
        issued = await self.documents.issue(
            "rectification_order",
            inp.bureau.org_id,
            {
                **self._subject(),
                **order.form,
                "inspection_record_no": inp.inspection_record_no,
                "inspected_on": inp.inspected_on.isoformat(),
            },
            key="rectification_order",
        )
        self._order_no = issued.number
        self.update_details(
            order_no=issued.number,
            hazards=order.form["hazards"],
            measures=order.form["measures"],
            period_days=order.form["period_days"],
        )
        self.set_status("serving", f"已制发{issued.number}，待送达")

        service = await self.step(self.bureau_step("service", "送达责令限期整改指令书"))
        served_on = dt.date.fromisoformat(service.form["served_on"])
        # The service record of the order; 公告送达 counts only once the announcement period ends.
        effective_on = await self.documents.record_step_service(
            issued.document_id,
            service.form["method"],
            served_on,
            service.actor,
            recipient=service.form["recipient"],
            proof=service.form.get("proof", ""),
        )
        # The period runs from service, not from signing; its last day moves past a holiday.
        deadline = effective_on + dt.timedelta(days=order.form["period_days"])
        method = rc.SERVICE_METHODS[service.form["method"]]
        self.update_details(
            served_on=served_on.isoformat(), service_method=method, rectification_deadline=deadline.isoformat()
        )
        self.set_status("rectifying", f"指令书于{served_on.isoformat()}{method}，限期至{deadline.isoformat()}整改")

        completion_task = await self.tasks.open(
            self.bureau_step("completion", "登记企业整改完成报告", due_on=deadline, clock_start=start_of(effective_on))
        )
        completion = await self.period(completion_task)
        if completion is None:
            self.record_event("period_expired", "整改期限届满，企业未报告整改完成，进入复查")
        else:
            self.update_details(completion_reported_on=completion["reported_on"])
        self.set_status("reinspecting", "待复查")

        check = await self.step(self.bureau_step("reinspection", "整改复查并制作整改复查意见书"))
        rectified = check.form["result"] == "rectified"
        opinion = await self.documents.issue(
            "reinspection_opinion",
            inp.bureau.org_id,
            {
                **self._subject(),
                **check.form,
                "order_no": self._order_no,
                "served_on": served_on.isoformat(),
                "rectification_deadline": deadline.isoformat(),
                "completion_reported": completion is not None,
                "rectified": rectified,
                "result_label": choice_labels(rc.ReinspectionForm, "result")[check.form["result"]],
            },
            key="reinspection_opinion",
        )
        self.update_details(reinspection_no=opinion.number, reinspection_result=check.form["result"])
        if rectified:
            return "rectified", f"复查认定已整改到位（{opinion.number}）"
        return await self._penalty(check.form["opinion"])

    # ---- the penalty procedure (行政处罚法 2021) ---------------------------------------------

    async def _penalty(self, finding: str) -> tuple[str, str]:
        inp = self._orgs()
        opened_at = workflow.now()  # 立案: the 90-day decision clock (art 60) runs from here
        self.update_details(penalty_opened_on=china_today().isoformat())
        self.set_status("penalty_notice", f"复查认定未整改，行政处罚立案：{finding}")
        notice = await self.step(self.bureau_step("penalty_notice", "送达行政处罚告知书"))
        self._serious = bool(notice.form["serious"])
        self._fine = int(notice.form["fine_cny"])
        served_on = dt.date.fromisoformat(notice.form["served_on"])
        statement_task = await self.tasks.open(
            self.bureau_step("statement", "登记当事人陈述、申辩或听证要求", clock_start=start_of(served_on))
        )
        assert statement_task.schedule is not None
        until = day_of(statement_task.schedule.due_at).isoformat()
        document = await self.documents.issue(
            "penalty_notice",
            inp.bureau.org_id,
            {**self._subject(), **notice.form, "fine_label": yuan(self._fine), "statement_until": until},
            key="penalty_notice",
        )
        self._notice_no = document.number
        method, proof = notice.form.get("service_method", "direct"), notice.form.get("service_proof", "")
        await self.documents.record_step_service(document.document_id, method, served_on, notice.actor, proof=proof)
        self.update_details(
            penalty_notice_no=document.number, proposed_fine_cny=self._fine, hearing_right=self._serious
        )
        self.set_status("statement", f"已送达行政处罚告知书（{document.number}），陈述、申辩期至{until}")
        statement = await self.period(statement_task)
        if statement is None:
            self.record_event("defence_waived", "期满当事人未提出陈述、申辩或听证要求")
        elif statement["kind"] == "hearing":
            await self._hearing()
        else:
            self.record_event("statement_recorded", "当事人提出陈述、申辩", reason=statement["content"])

        self.set_status("deciding", "待作出行政处罚决定")
        # Art 57: the agency's head decides after reviewing the investigation.
        decision_spec = self.bureau_step("penalty_decision", "作出行政处罚决定", clock_start=opened_at)
        decision_spec.role = "head"
        decision = await self.step(decision_spec)
        if decision.form["decision"] == "no_penalty":
            return "not_penalised", f"决定不予行政处罚：{decision.form['reasons']}"
        self._decided_by = decision.actor
        return await self._execute(notice.form, decision.form)

    async def _hearing(self) -> None:
        """Art 64: the notice at least 7 working days before the hearing; a nearer day is moved."""
        self.set_status("hearing", "当事人要求听证")
        notice = await self.step(self.bureau_step("hearing_notice", "制发听证通知书"))
        requested = dt.date.fromisoformat(notice.form["hearing_on"])
        lawful = await self.lawful(
            LawfulDayRequest(workflow.now(), rule_code="rectification.hearing_lead", not_before=requested)
        )
        self._hearing_on = lawful.day
        if lawful.day != requested:
            self.record_event(
                "hearing_moved",
                f"听证通知须在听证七个工作日前送达，听证日期由{requested.isoformat()}顺延至{lawful.day.isoformat()}",
            )
        self.update_details(hearing_on=lawful.day.isoformat(), hearing_place=notice.form["place"])
        if workflow.patched(NEW_DOCUMENTS_PATCH):
            letter = await self.documents.issue(
                "hearing_notice",
                self._orgs().bureau.org_id,
                {**self._subject(), **notice.form, "hearing_on": lawful.day.isoformat(), "notice_no": self._notice_no},
                key="hearing_notice",
            )
            self.update_details(hearing_notice_no=letter.number)
        self.record_event("hearing_notified", f"已通知当事人于{lawful.day.isoformat()}在{notice.form['place']}举行听证")
        held = await self.step(self.bureau_step("hearing", "举行听证并制作听证笔录", due_on=lawful.day))
        self.record_event("hearing_held", f"已于{held.form['held_on']}举行听证", reason=held.form["record"])

    async def _execute(self, notice: dict[str, Any], decision: dict[str, Any]) -> tuple[str, str]:
        inp = self._orgs()
        self._fine = int(decision["fine_cny"])
        document = await self.documents.issue(
            "penalty_decision",
            inp.bureau.org_id,
            {
                **self._subject(),
                "facts": notice["facts"],
                "basis": notice["basis"],
                "reasons": decision["reasons"],
                "notice_no": self._notice_no,
                "fine_label": yuan(self._fine),
            },
            key="penalty_decision",
        )
        self._decision_no = document.number
        # Art 67 and the challenge windows run from receipt: from the day service takes effect.
        effective_on = await self.documents.record_step_service(
            document.document_id,
            decision.get("service_method", "direct"),
            dt.date.fromisoformat(decision["served_on"]),
            self._decided_by,
            proof=decision.get("service_proof", ""),
        )
        served = start_of(effective_on)
        payment_due = await self.lawful(LawfulDayRequest(served, rule_code="rectification.payment"))
        reconsideration = await self.lawful(LawfulDayRequest(served, rule_code="rectification.reconsideration_window"))
        litigation = await self.lawful(LawfulDayRequest(served, months=LITIGATION_MONTHS))
        self._payment_due = payment_due.day
        self._reconsideration_until = reconsideration.day
        self._litigation_until = litigation.day
        self.update_details(
            decision_no=document.number,
            fine_cny=self._fine,
            decision_served_on=decision["served_on"],
            payment_due=payment_due.day.isoformat(),
            reconsideration_until=reconsideration.day.isoformat(),
            litigation_until=litigation.day.isoformat(),
            appeals=[],
            surcharge=self._surcharge_details(),
        )
        self.record_event(
            "windows_opened",
            f"行政复议申请期限至{reconsideration.day.isoformat()}，起诉期限至{litigation.day.isoformat()}；"
            "复议、诉讼期间不停止执行",
        )
        self._publication_task = await self.tasks.open(self.bureau_step("publication", "公开行政处罚决定"))
        self._spawn(self._publish(self._publication_task))
        self.set_status(
            "awaiting_payment",
            f"已作出行政处罚决定（{document.number}），罚款{yuan(self._fine)}，缴纳期限至{payment_due.day.isoformat()}",
        )

        payment = await self.period(
            await self.tasks.open(
                self.bureau_step("payment", "登记罚款缴纳情况", due_on=payment_due.day, clock_start=served)
            )
        )
        if payment is not None:
            return "paid", f"当事人已缴纳罚款（{payment['receipt_no']}）"
        self.set_status("surcharging", "逾期未缴纳罚款，每日按罚款数额的3%加处罚款，不超过罚款数额")
        return await self._enforce(end_of_day(payment_due.day))

    async def _publish(self, task: Any) -> None:
        outcome = await self.tasks.wait(task)
        if outcome.actor is None:
            return
        self._published = True
        self.update_details(published_on=outcome.form["published_on"], publication_channel=outcome.form["channel"])
        await self.flush()

    # ---- compulsory enforcement (行政强制法) ----------------------------------------------------

    async def _enforce(self, payment_due_at: dt.datetime) -> tuple[str, str]:
        inp = self._orgs()
        reminder = await self.step(self.bureau_step("reminder", "制发催告书", clock_start=payment_due_at))
        today = china_today()
        assert self._payment_due is not None
        surcharge = rc.late_surcharge(self._fine, self._payment_due, today, self._paused())
        document = await self.documents.issue(
            "payment_reminder",
            inp.bureau.org_id,
            {
                **self._subject(),
                "decision_no": self._decision_no,
                "fine_label": yuan(self._fine),
                "payment_due": self._payment_due.isoformat(),
                "as_of": today.isoformat(),
                "surcharge_label": yuan(surcharge),
                "total_label": yuan(self._fine + surcharge),
                "payment_method": "指定银行缴纳或电子缴款",
                "own_enforcement_power": inp.own_enforcement_power,
            },
            key="payment_reminder",
        )
        # 行政强制法 art 54: the 10 working days run from service of the reminder.
        served = start_of(
            await self.documents.record_step_service(
                document.document_id,
                reminder.form["method"],
                dt.date.fromisoformat(reminder.form["served_on"]),
                reminder.actor,
                proof=reminder.form.get("proof", ""),
            )
        )
        self._reminder_no = document.number
        self.update_details(reminder_no=document.number, reminder_served_on=reminder.form["served_on"])
        self.set_status("reminded", f"已送达催告书（{document.number}），十个工作日内履行")
        paid = await self.period(
            await self.tasks.open(self.bureau_step("reminder_compliance", "登记催告后履行情况", clock_start=served))
        )
        if paid is not None:
            return "paid", f"经催告，当事人已缴纳罚款及加处罚款（{paid['receipt_no']}）"
        self.record_event("reminder_expired", "催告期满当事人仍未履行")
        if inp.own_enforcement_power:
            return await self._carry_out(None)
        # 行政强制法 art 53, 法释〔2018〕1号 art 156: from the end of the litigation period, 3 months.
        assert self._litigation_until is not None
        self.set_status(
            "awaiting_litigation_window", f"起诉期限{self._litigation_until.isoformat()}届满后申请人民法院强制执行"
        )
        await self.wait_for_litigation_window()
        limit = await self.lawful(LawfulDayRequest(start_of(self._litigation_until), months=COURT_APPLICATION_MONTHS))
        self.set_status("court", f"起诉期限已届满，应于{limit.day.isoformat()}前申请人民法院强制执行")
        application = await self.step(
            self.bureau_step(
                "court_application",
                "申请人民法院强制执行",
                due_on=limit.day,
                clock_start=end_of_day(self._litigation_until),
            )
        )
        if workflow.patched(NEW_DOCUMENTS_PATCH):
            await self._issue_court_application(application.form)
        self.record_event("court_applied", f"已向{application.form['court']}申请强制执行")
        accepted = await self.step(self.bureau_step("court_acceptance", "登记人民法院受理情况"))
        if accepted.form["decision"] == "refused":
            return "closed", "人民法院不予受理强制执行申请"
        self.update_details(court=application.form["court"], court_case_no=accepted.form["court_case_no"])
        self.record_event("court_accepted", f"人民法院已受理（{accepted.form['court_case_no']}）")
        ruling = await self.step(self.bureau_step("court_ruling", "登记人民法院执行裁定"))
        if ruling.form["ruling"] == "not_enforce":
            return "closed", f"人民法院裁定不予执行（{ruling.form['ruling_no']}）"
        self.record_event("court_ruled", f"人民法院裁定准予执行（{ruling.form['ruling_no']}）")
        requested = ruling.form.get("enforce_on")
        return await self._carry_out(dt.date.fromisoformat(requested) if requested else None)

    async def _carry_out(self, requested: dt.date | None) -> tuple[str, str]:
        """Art 43: enforcement is scheduled in daytime on a working day, never at night or on a holiday."""
        moment = await self.lawful(LawfulDayRequest(workflow.now(), moment=True, not_before=requested))
        self._enforce_on = moment.day
        self.update_details(enforce_on=moment.day.isoformat())
        self.set_status("enforcing", f"安排于{moment.at:%Y-%m-%d %H:%M}实施强制执行")
        done = await self.step(self.bureau_step("enforcement", "实施强制执行", due_on=moment.day))
        self.update_details(enforced_on=done.form["enforced_on"])
        # 国办发〔2015〕20号 (十五) as repeated locally: enforcement information public within 20 working days.
        published = await self.step(self.bureau_step("enforcement_publication", "公开执法信息"))
        self.update_details(enforcement_published_on=published.form["published_on"])
        return "enforced", f"强制执行完毕：{done.form['result']}"

    async def _issue_court_application(self, form: dict[str, Any]) -> None:
        """强制执行申请书 (行政强制法 arts 53–55): the fine, the surcharge to date and the reminder."""
        assert self._payment_due is not None
        today = china_today()
        surcharge = rc.late_surcharge(self._fine, self._payment_due, today, self._paused())
        document = await self.documents.issue(
            "court_enforcement_application",
            self._orgs().bureau.org_id,
            {
                **self._subject(),
                "court": form["court"],
                "materials": form["materials"],
                "decision_no": self._decision_no,
                "reminder_no": self._reminder_no,
                "fine_label": yuan(self._fine),
                "total_label": yuan(self._fine + surcharge),
                "as_of": today.isoformat(),
            },
            key="court_enforcement_application",
        )
        self.update_details(court_application_no=document.number)

    # ---- helpers -----------------------------------------------------------------------------

    def _subject(self) -> dict[str, Any]:
        inp = self._orgs()
        return {"enterprise_name": inp.enterprise_name, "credit_code": inp.credit_code}

    def _paused(self) -> list[tuple[dt.date, dt.date | None]]:
        return [
            (
                dt.date.fromisoformat(a["filed_on"]),
                dt.date.fromisoformat(a["decided_on"]) if a.get("decided_on") else None,
            )
            for a in self._appeals
        ]


__all__ = ["PROCESS", "ContestedRectificationWorkflow", "Department", "RectificationInput", "RectificationResult"]
