"""Appeals against the penalty decision, recorded as case actions (domain notes §5.2).

行政复议法 art 42, 行政诉讼法 art 56: an appeal does not suspend execution, but the surcharge pauses
while one is pending. A reconsideration decision moves the litigation window to 15 days after it
(行政诉讼法 art 45); a revoked decision ends the procedure, a revoked or changed one is withdrawn
from publication within 3 working days (行政处罚法 art 48).
"""

from __future__ import annotations

import asyncio
import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import rectification as rc
    from domain.china_time import start_of
    from domain.errors import Conflict, InvalidInput
    from domain.process import Start
    from workflows.contracts import CaseActionCommand, UpdateResult
    from workflows.kernel import refuse_future_dates
    from workflows.kernel.patches import JUDGMENT_EXECUTION_PATCH, RECONSIDERATION_EXPIRY_PATCH, in_force
    from workflows.kernel.steps import Started
    from workflows.rectification.contracts import LawfulDayRequest
    from workflows.rectification.procedure import RectificationPart
    from workflows.rectification.state import APPEAL_KINDS


FILED = {"reconsideration": "申请行政复议", "litigation": "提起行政诉讼", "second_instance": "提起上诉"}


class Appeals(RectificationPart):
    codes = ("record_appeal", "record_appeal_result")

    def check_record_appeal(self, cmd: CaseActionCommand) -> None:
        form = self.procedure.admit(cmd)
        assert isinstance(form, rc.AppealFiledForm)
        state = self.state
        if not state.decision_no:
            raise Conflict("尚未作出行政处罚决定")
        if state.pending_appeal(form.kind) is not None:
            raise Conflict(f"已有待决的{APPEAL_KINDS[form.kind]}")
        refuse_future_dates(form, ("filed_on",))
        if form.kind == "second_instance" and state.appeal_until is None:
            raise Conflict("尚未登记第一审判决，不能登记上诉")
        until = {
            "reconsideration": state.reconsideration_until,
            "litigation": state.litigation_until,
            "second_instance": state.appeal_until,
        }[form.kind]
        if until is not None and form.filed_on > until:
            raise InvalidInput(f"{APPEAL_KINDS[form.kind]}期限已于{until.isoformat()}届满")
        if (
            form.kind == "litigation"
            and state.reconsideration_first
            and not any(a["kind"] == "reconsideration" and a["result"] for a in state.appeals)
        ):
            raise InvalidInput(
                "本决定属于复议前置情形，须先申请行政复议，对复议决定不服的方可起诉（行政复议法第二十三条）"
            )

    async def record_appeal(self, cmd: CaseActionCommand) -> UpdateResult:
        form = rc.AppealFiledForm.model_validate(cmd.form)
        appeal = {"kind": form.kind, "filed_on": form.filed_on.isoformat(), "body": form.body, "result": ""}
        self.state.appeals.append(appeal)
        self.case.update_details(appeals=list(self.state.appeals), surcharge=self.state.surcharge_details())
        self.case.record_event(
            f"{form.kind}_filed",
            f"当事人向{form.body}{FILED[form.kind]}，复议、诉讼期间不停止执行",
            actor=cmd.actor,
            data=appeal,
        )
        if form.kind == "reconsideration" and in_force(RECONSIDERATION_EXPIRY_PATCH):
            await self.reconsideration_expiry(form, appeal)
        self.procedure.litigation_window.wake()
        await self.case.flush()
        return UpdateResult(None, "已登记")

    async def reconsideration_expiry(self, form: rc.AppealFiledForm, appeal: dict[str, str]) -> None:
        """行政复议法 art 62: the body decides within 60 days of accepting the application; if it
        does not, the party may sue within 15 days of that period's end (行政诉讼法 art 45, R27)."""
        case, state, procedure = self.case, self.state, self.procedure
        accepted = start_of(form.accepted_on or form.filed_on)
        due = await procedure.lawful(LawfulDayRequest(accepted, rule_code="rectification.reconsideration_decision"))
        sue_by = await procedure.lawful(
            LawfulDayRequest(start_of(due.day), rule_code="rectification.litigation_after_reconsideration_expiry")
        )
        appeal.update(decision_due=due.day.isoformat(), sue_by_if_late=sue_by.day.isoformat())
        state.litigation_until = sue_by.day
        case.update_details(appeals=list(state.appeals), litigation_until=sue_by.day.isoformat())
        case.record_event(
            "window_moved",
            f"复议机关应于{due.day.isoformat()}前作出复议决定；逾期不作决定的，起诉期限至{sue_by.day.isoformat()}",
        )

    def check_record_appeal_result(self, cmd: CaseActionCommand) -> None:
        form = self.procedure.admit(cmd)
        assert isinstance(form, rc.AppealResultForm)
        if self.state.pending_appeal(form.kind) is None:
            raise Conflict(f"没有待决的{APPEAL_KINDS[form.kind]}")
        refuse_future_dates(form, ("decided_on", "served_on"))

    async def record_appeal_result(self, cmd: CaseActionCommand) -> UpdateResult:
        form = rc.AppealResultForm.model_validate(cmd.form)
        case, state, procedure = self.case, self.state, self.procedure
        appeal = state.pending_appeal(form.kind)
        assert appeal is not None
        appeal.update(result=form.result, decided_on=form.decided_on.isoformat(), document_no=form.document_no)
        label = f"{APPEAL_KINDS[form.kind]}结果：{rc.APPEAL_RESULTS[form.result]}（{form.document_no}）"
        case.record_event(f"{form.kind}_decided", label, actor=cmd.actor, data=dict(appeal))
        if form.kind == "reconsideration" and form.result in ("upheld", "dismissed", "changed", "confirmed_unlawful"):
            # 行政诉讼法 art 45: 15 days to sue from receipt of the reconsideration decision (R27); a
            # decision that did not tell the suit period: at most 1 year (法释〔2018〕1号 art 64(2), R29).
            told = form.suit_period_told
            until = await procedure.lawful(
                LawfulDayRequest(
                    start_of(form.served_on or form.decided_on),
                    rule_code="rectification.litigation_after_reconsideration"
                    if told
                    else "rectification.litigation_uninformed",
                )
            )
            state.litigation_until = until.day
            case.update_details(litigation_until=until.day.isoformat())
            window = "收到复议决定后15日" if told else "复议决定未告知起诉期限，最长一年"
            case.record_event("window_moved", f"起诉期限改为{window}，至{until.day.isoformat()}")
        ends = form.result in rc.ENDING_RESULTS
        if form.kind != "reconsideration" and not ends and in_force(JUDGMENT_EXECUTION_PATCH):
            await self.judgment(form)
        if form.result in rc.WITHDRAWING_RESULTS:
            self.withdraw_publication(label, form.served_on or form.decided_on)
        if form.result == "changed":
            state.fine = form.new_fine_cny
            case.update_details(fine_cny=state.fine)
        case.update_details(appeals=list(state.appeals), surcharge=state.surcharge_details())
        if ends:
            verb = "撤销" if form.result == "revoked" else "确认无效"
            procedure.end("revoked", f"行政处罚决定已被{verb}（{form.document_no}），停止执行")
        procedure.litigation_window.wake()
        await case.settle()
        return UpdateResult(None, "已登记")

    async def judgment(self, form: rc.AppealResultForm) -> None:
        """The party lost its suit: a first-instance judgment takes effect once the 15 days to
        appeal from its service pass (行政诉讼法 art 85), a second-instance one on service; it is
        then executed (法释〔2018〕1号 arts 152–153) instead of the act (`Enforcement.execute_judgment`)."""
        case, state = self.case, self.state
        served_on = form.served_on or form.decided_on
        if form.kind == "litigation":
            until = await self.procedure.lawful(
                LawfulDayRequest(start_of(served_on), rule_code="rectification.appeal_window")
            )
            state.appeal_until = until.day
            effective_on = until.day + dt.timedelta(days=1)
            case.record_event(
                "appeal_window",
                f"不服一审判决的，可于{until.day.isoformat()}前提起上诉；期满未上诉的，判决发生法律效力",
            )
        else:
            effective_on = served_on
        state.judgment = {"document_no": form.document_no, "effective_on": effective_on.isoformat()}
        case.update_details(
            appeal_until=state.appeal_until.isoformat() if state.appeal_until else None, judgment=dict(state.judgment)
        )

    def withdraw_publication(self, reason: str, received_on: dt.date) -> None:
        """行政处罚法 art 48: a decision revoked, changed, confirmed unlawful or void is withdrawn
        within 3 working days, counted from the receipt of that decision (R16), not from its record."""
        case, state = self.case, self.state
        if state.publication_task is not None and not state.publication_task.closed:
            case.tasks.supersede(state.publication_task, "处罚决定已被撤销或变更，不再公开原决定")
            return
        if not state.published:
            return

        async def withdraw() -> None:
            started = Started(Start.SERVICE, start_of(received_on))
            outcome = await case.tasks.human_step(state.task("withdraw_publication", started=started))
            if outcome.actor is not None:
                state.published = False
                withdrawal = outcome.parsed(rc.WithdrawalForm)
                case.update_details(publication_withdrawn_on=withdrawal.withdrawn_on.isoformat())
                summary = f"已撤回公开的处罚决定：{reason}"
                case.record_event("publication_withdrawn", summary, actor=outcome.actor)
                await case.flush()

        self.procedure.withdrawals.append(asyncio.create_task(withdraw()))
