"""The serious-dishonesty list (安全生产严重失信主体名单): listing, management period and exit.

Reads like the procedure of Decree 11 (应急管理部令第11号) and the domain notes §4: a proposal from
a penalty decision, the notice of intended listing with the right to state one's case, the
answer to the statement, the written decision by the department that issued the penalty,
publication and notification of the partner departments (安全生产法 art 78), the management
period as a durable timer, early exit by credit repair, revocation of a removal obtained by
fraud, and extension on new violations.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.names import WRITE_BLACKLIST_ENTRY
    from domain import blacklist, enterprise
    from domain.blacklist import add_months
    from domain.china_time import day_of, start_of
    from domain.errors import Conflict, Forbidden, InvalidInput
    from domain.forms import StepForm
    from workflows.blacklist_contracts import BlacklistEntryWrite, BlacklistInput, BlacklistResult
    from workflows.contracts import Actor, CaseActionCommand, UpdateResult
    from workflows.kernel import (
        PROJECTION_TIMEOUT,
        CaseWorkflow,
        OpenTask,
        TaskSpec,
        china_today,
        parse_form,
        refuse_future_dates,
    )
    from workflows.kernel.deadline import MovableDeadline
    from workflows.kernel.period import period

PROCESS = blacklist.PROCESS
ACTIONS = tuple(blacklist.BLACKLIST_ACTION_FORMS)


@workflow.defn(name="BlacklistWorkflow")
class BlacklistWorkflow(CaseWorkflow):
    process = PROCESS
    # The party's statement and defence (陈述、申辩) and its credit-repair application are its own.
    enterprise_steps = enterprise.step_names(PROCESS)
    enterprise_actions = enterprise.action_names(PROCESS)

    def __init__(self) -> None:
        super().__init__()
        self._input: BlacklistInput | None = None
        self._state = "proposed"  # proposed | listed | repaired | exited | not_listed
        self._decision_no = ""
        self._listed_on: dt.date | None = None
        self._exit_at: dt.datetime | None = None  # when the management period ends
        self._removed_at: dt.datetime | None = None
        self._repair_pending = False
        self._acknowledged: dict[str, str] = {}  # partner → reference of its acknowledgement
        self._violations = 0
        self._period = MovableDeadline(self._period_end, "management period")  # moved by revocation, violations
        for action in ACTIONS:
            self.actions.add(action, self._check_action, self._perform_action)

    @workflow.run
    async def run(self, inp: BlacklistInput) -> BlacklistResult:
        self._input = inp
        self.start_case(inp.start.case_id)
        self.set_status(
            "proposed",
            f"提请列入严重失信主体名单：{inp.condition_title}（行政处罚决定书{inp.penalty_decision_no}）",
            rules=inp.rules,
        )
        notice = await self.tasks.human_step(self._step("notice", "告知拟列入严重失信主体名单", "blacklist.notice"))
        letter = await self.documents.issue(
            "blacklist_listing_notice",
            inp.deciding_org_id,
            {**self._document_subject(), "reasons": notice.form["reasons"], "rights": notice.form["rights"]},
            key="blacklist_listing_notice",
        )
        self.update_details(listing_notice_no=letter.number, notice_served_on=notice.form["served_on"])
        self.set_status("notified", f"已送达告知书（{letter.number}），陈述、申辩期内")
        # The defence period runs from service; 公告送达 from the end of the announcement period.
        defence_from = await self.documents.record_step_service(
            letter.document_id,
            notice.form.get("service_method", "direct"),
            dt.date.fromisoformat(notice.form["served_on"]),
            notice.actor,
            proof=notice.form.get("service_proof", ""),
        )
        statement = await self._defence_period(defence_from)
        if statement is not None:
            self.set_status("reviewing_statement", "当事人提出陈述、申辩，待复核答复")
            review = await self.tasks.human_step(
                self._step("statement_review", "复核陈述、申辩并答复", "blacklist.statement_review")
            )
            self.update_details(statement_answer=review.form["reply"])
            if review.form["decision"] == "accept":
                return await self._not_listed(f"陈述、申辩理由成立，不予列入：{review.form['reply']}")
        self.set_status("deciding", "待作出列入决定")
        decision = await self.tasks.human_step(
            self._step("decision", "作出列入严重失信主体名单决定", "blacklist.decision")
        )
        if decision.form["decision"] == "not_list":
            return await self._not_listed(f"决定不予列入：{decision.form['opinion']}")
        await self._list(decision.form, statement is not None)
        await self._manage()
        if self._state == "listed":
            await self._exit()
        else:
            self.close_case(self._state, "原管理期限届满，已移出的名单记录归档")
        await self.finish_case()
        return BlacklistResult(self._state)

    # ---- the procedure ---------------------------------------------------------------------

    async def _defence_period(self, served_on: dt.date) -> dict[str, Any] | None:
        """The enterprise may state its case within the period; the handler records it.

        Returns the recorded statement, or None when the period passed without one (the
        right is then waived and the decision follows)."""
        spec = self._step("statement", "登记当事人陈述、申辩", "blacklist.statement")
        spec.clock_start = start_of(served_on)
        task = await self.tasks.open(spec)
        waived = "陈述、申辩期限届满，当事人未提出陈述、申辩"
        return await period(
            self.tasks,
            task,
            lapsed=waived,
            on_lapse=lambda: self.record_event("defence_waived", waived),
            summary="defence period",
        )

    async def _not_listed(self, summary: str) -> BlacklistResult:
        self._state = "not_listed"
        self.close_case("not_listed", summary)
        await self.finish_case()
        return BlacklistResult("not_listed")

    async def _list(self, decision: dict[str, Any], stated: bool) -> None:
        """Decree 11: the written decision lists the unit; the period runs from it."""
        inp = self._input
        assert inp is not None
        self._listed_on = china_today()
        exit_on = add_months(self._listed_on, inp.management_period_months)
        issued = await self.documents.issue(
            "blacklist_listing_decision",
            inp.deciding_org_id,
            {
                **self._document_subject(),
                "opinion": decision["opinion"],
                "stated": stated,
                "listed_on": self._listed_on.isoformat(),
                "exit_on": exit_on.isoformat(),
                "measures": [m.title for m in inp.measures],
                "repair_after_months": inp.repair_after_months,
            },
            key="blacklist_listing_decision",
        )
        self._decision_no = issued.number
        self._state = "listed"
        self._exit_at = start_of(exit_on)
        partners = blacklist.partners_of([blacklist.Measure(m.code, m.title, m.partner) for m in inp.measures])
        self.set_status(
            "listed",
            f"列入严重失信主体名单（{self._decision_no}），管理期限至{exit_on.isoformat()}",
            decision_no=self._decision_no,
            listed_on=self._listed_on.isoformat(),
            exit_on=exit_on.isoformat(),
            measures=[m.title for m in inp.measures],
            partners=partners,
            partners_acknowledged={},
        )
        await self._write_entry()
        # 安全生产法 art 78: announced and notified to the partner authorities.
        self.record_event("partners_notified", "已通报联合惩戒部门：" + "、".join(partners))
        publication = self._step("publication", "报送信用中国及国家企业信用信息公示系统", "blacklist.publication")
        self.spawn(self._publish(publication))
        await self.flush()

    async def _publish(self, spec: TaskSpec) -> None:
        outcome = await self.tasks.human_step(spec)
        if outcome.actor is not None:
            self.update_details(published_on=outcome.form["published_on"], channels=outcome.form["channels"])
            await self.flush()

    async def _manage(self) -> None:
        """The management period as a durable timer; actions move its end and wake it."""
        await self._period.sleep()

    def _period_end(self) -> dt.datetime:
        assert self._exit_at is not None
        return self._exit_at

    async def _exit(self) -> None:
        """At the end of the period the entry leaves the list, publication stops, partners are told."""
        self._state = "exited"
        self._removed_at = workflow.now()
        await self._write_entry()
        self.record_event("partners_notified_exit", "管理期满移出名单，已通知联合惩戒部门解除惩戒措施")
        self.close_case("exited", "管理期限届满，自动移出严重失信主体名单，停止公开")

    async def _review_repair(self) -> None:
        review = await self.tasks.human_step(self._step("repair_review", "审核信用修复申请", "blacklist.repair_review"))
        self._repair_pending = False
        if review.actor is None or self._state != "listed":
            return
        if review.form["decision"] == "reject":
            self.record_event("repair_rejected", "不予信用修复", actor=review.actor, reason=review.form["opinion"])
            await self.flush()
            return
        self._state = "repaired"
        self._removed_at = workflow.now()
        self.set_status("repaired", "信用修复审核通过，提前移出严重失信主体名单，停止公开")
        self.update_details(removed_on=china_today().isoformat())
        await self._write_entry()
        self.record_event("partners_notified_exit", "信用修复提前移出，已通知联合惩戒部门解除惩戒措施")
        await self.flush()

    # ---- actions -----------------------------------------------------------------------------

    def _check_action(self, cmd: CaseActionCommand) -> None:
        inp = self._input
        assert inp is not None
        by_enterprise = cmd.action in self.enterprise_actions and self.is_case_enterprise(cmd.actor)
        if not by_enterprise and (cmd.actor.org_id != inp.deciding_org_id or cmd.actor.role != "handler"):
            raise Forbidden("只有作出列入决定的部门可以办理")
        form = parse_form(blacklist.BLACKLIST_ACTION_FORMS[cmd.action][1], cmd.form)
        if cmd.action == "revoke_repair":
            if self._state != "repaired":
                raise Conflict("只有信用修复移出的名单可以撤销修复、恢复列入")
            return
        if self._state != "listed":
            raise Conflict("该主体不在名单管理期内")
        if isinstance(form, blacklist.AcknowledgementForm):
            partners = self._partners()
            if form.partner not in partners:
                raise InvalidInput(f"联合惩戒部门应为：{'、'.join(partners)}")
            if form.partner in self._acknowledged:
                raise Conflict(f"{form.partner}的回执已登记")
        elif isinstance(form, blacklist.RepairApplicationForm):
            self._check_repair(form)
        elif isinstance(form, blacklist.ViolationForm):
            refuse_future_dates(form, ("occurred_on",))
            if form.extend and not inp.extend_on_new_violation:
                raise InvalidInput("本地规定不因新的违法行为延长管理期限")

    def _check_repair(self, form: blacklist.RepairApplicationForm) -> None:
        inp = self._input
        assert inp is not None and self._listed_on is not None
        if inp.repair_after_months is None:
            raise Conflict("按所适用的规定，该名单不适用信用修复提前移出")
        if self._repair_pending:
            raise Conflict("已有信用修复申请待审核")
        # Decree 11 [S]: credit repair may be applied for after 12 months on the list.
        eligible_on = add_months(self._listed_on, inp.repair_after_months)
        if china_today() < eligible_on or form.applied_on < eligible_on:
            raise Conflict(
                f"列入名单满{inp.repair_after_months}个月后方可申请信用修复（{eligible_on.isoformat()}起）",
            )
        refuse_future_dates(form, ("applied_on",))

    async def _perform_action(self, cmd: CaseActionCommand) -> UpdateResult:
        form = blacklist.BLACKLIST_ACTION_FORMS[cmd.action][1].model_validate(cmd.form)
        if isinstance(form, blacklist.AcknowledgementForm):
            self._acknowledged[form.partner] = form.reference
            self.update_details(partners_acknowledged=dict(self._acknowledged))
            self.record_event(
                "partner_acknowledged",
                f"{form.partner}回执：已收到联合惩戒通报",
                actor=cmd.actor,
                reason=form.reference,
            )
            await self.flush()
            return UpdateResult(None, "已登记回执")
        if isinstance(form, blacklist.RepairApplicationForm):
            self._repair_pending = True
            self.record_event(
                "repair_applied",
                "当事人申请信用修复",
                actor=cmd.actor,
                reason=form.evidence,
                data=form.model_dump(mode="json"),
            )
            self.spawn(self._review_repair())
            await self.settle()
            return UpdateResult(None, "信用修复申请已登记，待审核")
        if isinstance(form, blacklist.RevocationForm):
            return await self._revoke(form, cmd.actor)
        assert isinstance(form, blacklist.ViolationForm)
        return await self._record_violation(form, cmd.actor)

    async def _revoke(self, form: blacklist.RevocationForm, actor: Actor) -> UpdateResult:
        """A removal obtained by fraud is revoked: the entry returns for the rest of its period."""
        assert self._exit_at is not None and self._removed_at is not None
        remaining = self._exit_at - self._removed_at
        self._exit_at = workflow.now() + remaining
        self._state = "listed"
        self._removed_at = None
        exit_on = self._exit_on()
        self.set_status(
            "listed", f"撤销信用修复，恢复列入，剩余管理期限至{exit_on.isoformat()}", exit_on=exit_on.isoformat()
        )
        self.update_details(removed_on=None, repair_revoked=True)
        self.record_event("repair_revoked", "信用修复以隐瞒、欺骗手段取得，予以撤销", actor=actor, reason=form.reason)
        await self._write_entry()
        self.record_event("partners_notified", "恢复列入，已重新通报联合惩戒部门")
        self._period.wake()
        await self.flush()
        return UpdateResult(None, f"已恢复列入，管理期限至{exit_on.isoformat()}")

    async def _record_violation(self, form: blacklist.ViolationForm, actor: Actor) -> UpdateResult:
        inp = self._input
        assert inp is not None
        self._violations += 1
        summary = f"管理期内新的违法行为：{form.description}"
        if form.extend:
            extended = add_months(self._exit_on(), inp.violation_extension_months)
            self._exit_at = start_of(extended)
            self._period.wake()
            summary += f"；管理期限延长至{extended.isoformat()}"
            self.update_details(exit_on=extended.isoformat())
        self.update_details(violations=self._violations)
        self.record_event("violation_recorded", summary, actor=actor, data=form.model_dump(mode="json"))
        if form.extend:
            await self._write_entry()
        await self.flush()
        return UpdateResult(None, "已登记" + ("并延长管理期限" if form.extend else ""))

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        refuse_future_dates(form, ("served_on", "received_on", "published_on"))
        super().validate_step(task, form, actor)

    # ---- helpers ---------------------------------------------------------------------------

    def case_enterprise_id(self) -> int | None:
        return self._input.enterprise_id if self._input else None

    def _step(self, step: str, title: str, rule: str) -> TaskSpec:
        assert self._input is not None
        return TaskSpec(step, title, self._input.deciding_org_id, "handler", rule, blacklist.BLACKLIST_STEP_FORMS[step])

    def _document_subject(self) -> dict[str, Any]:
        inp = self._input
        assert inp is not None
        return {
            "enterprise_name": inp.enterprise_name,
            "credit_code": inp.credit_code,
            "penalty_decision_no": inp.penalty_decision_no,
            "condition_title": inp.condition_title,
            "facts": inp.facts,
            "basis": inp.basis,
        }

    def _partners(self) -> list[str]:
        assert self._input is not None
        return blacklist.partners_of([blacklist.Measure(m.code, m.title, m.partner) for m in self._input.measures])

    def _exit_on(self) -> dt.date:
        assert self._exit_at is not None
        return day_of(self._exit_at)

    async def _write_entry(self) -> None:
        """The public entry (blacklist_entries) follows every change of the listing."""
        inp = self._input
        assert inp is not None and self._listed_on is not None
        removed = day_of(self._removed_at) if self._removed_at else None
        status = {"listed": "listed", "repaired": "repaired"}.get(self._state, "expired")
        entry = BlacklistEntryWrite(
            case_id=inp.start.case_id,
            case_no=inp.start.case_no,
            enterprise_id=inp.enterprise_id,
            enterprise_name=inp.enterprise_name,
            credit_code=inp.credit_code,
            deciding_org_id=inp.deciding_org_id,
            jurisdiction_code=inp.start.jurisdiction_code,
            rules=inp.rules,
            condition_code=inp.condition_code,
            condition_title=inp.condition_title,
            basis=inp.basis,
            reasons=inp.facts,
            decision_no=self._decision_no,
            listed_on=self._listed_on,
            exit_on=self._exit_on(),
            status=status,
            public=status == "listed",
            updated_at=workflow.now(),
            measures=[m.title for m in inp.measures],
            removed_on=removed,
        )
        await workflow.execute_local_activity(WRITE_BLACKLIST_ENTRY, entry, start_to_close_timeout=PROJECTION_TIMEOUT)
