"""The case actions of the management period (Decree 11), each a check beside its effect.

- 联合惩戒部门回执: a partner department acknowledges the notification (安全生产法 art 78).
- 信用修复: after 12 months [S] the party applies (itself or through the handler); the deciding
  bureau reviews (`request → decide`), and an approval removes the entry early.
- 撤销信用修复: a removal obtained by fraud is revoked; the entry returns for the rest of its period.
- 新的违法行为: recorded, and where the local rules say so, the period is extended.
"""

from __future__ import annotations

import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import blacklist
    from domain.blacklist import add_months
    from domain.definitions.blacklist import BLACKLIST
    from domain.errors import Conflict, Forbidden, InvalidInput
    from domain.forms import StepForm
    from workflows.blacklist.listing import Listing
    from workflows.contracts import CaseActionCommand, UpdateResult
    from workflows.kernel import CaseWorkflow, china_today, parse_form, refuse_future_dates
    from workflows.kernel.action_set import ActionSet
    from workflows.kernel.deadline import MovableDeadline


REPAIR_APPLIED = "信用修复申请已登记，待审核"  # the Update's answer to the request
ENTERPRISE_ACTIONS = frozenset(action.code for action in BLACKLIST.enterprise_actions)


class ListingActions(ActionSet[Listing]):
    codes = ("acknowledge_partner", "apply_repair", "revoke_repair", "record_violation")
    pending = "已有信用修复申请待审核"

    def __init__(self, case: CaseWorkflow[Listing], listing: Listing, period: MovableDeadline) -> None:
        self.listing = listing
        self.period = period  # the management period; moved by a revocation or a violation
        super().__init__(case, listing)

    def admit(self, cmd: CaseActionCommand, *, listed: bool = True) -> StepForm:
        """The deciding bureau's handler (or the party, for its own application), while listed."""
        by_enterprise = cmd.action in ENTERPRISE_ACTIONS and self.case.is_case_enterprise(cmd.actor)
        inp = self.listing.inp
        if not by_enterprise and (cmd.actor.org_id != inp.deciding_org_id or cmd.actor.role != "handler"):
            raise Forbidden("只有作出列入决定的部门可以办理")
        form = parse_form(BLACKLIST.action(cmd.action).form, cmd.form)
        if listed and self.listing.state != "listed":
            raise Conflict("该主体不在名单管理期内")
        return form

    # ---- 联合惩戒部门回执 ----------------------------------------------------------------------

    def check_acknowledge_partner(self, cmd: CaseActionCommand) -> None:
        form = self.admit(cmd)
        assert isinstance(form, blacklist.AcknowledgementForm)
        partners = self.listing.partners()
        if form.partner not in partners:
            raise InvalidInput(f"联合惩戒部门应为：{'、'.join(partners)}")
        if form.partner in self.listing.acknowledged:
            raise Conflict(f"{form.partner}的回执已登记")

    async def acknowledge_partner(self, cmd: CaseActionCommand) -> UpdateResult:
        form = blacklist.AcknowledgementForm.model_validate(cmd.form)
        self.listing.acknowledged[form.partner] = form.reference
        self.case.update_details(partners_acknowledged=dict(self.listing.acknowledged))
        summary = f"{form.partner}回执：已收到联合惩戒通报"
        self.case.record_event("partner_acknowledged", summary, actor=cmd.actor, reason=form.reference)
        await self.case.flush()
        return UpdateResult(None, "已登记回执")

    # ---- 信用修复 ---------------------------------------------------------------------------

    def check_apply_repair(self, cmd: CaseActionCommand) -> None:
        form = self.admit(cmd)
        assert isinstance(form, blacklist.RepairApplicationForm)
        inp, listed_on = self.listing.inp, self.listing.listed_on
        assert listed_on is not None
        if inp.repair_after_months is None and inp.removal_window_days is not None:
            self.decision.refuse_if_pending()
            self.check_removal_window(form, inp.removal_window_days)
            return
        if inp.repair_after_months is None:
            raise Conflict("按所适用的规定，该名单不适用信用修复提前移出")
        self.decision.refuse_if_pending()
        # Decree 11 [S]: credit repair may be applied for after 12 months on the list.
        # "满12个月": the twelve months are full at the end of the anniversary day (民法典 arts 201-203),
        # so the application is admissible from the next day (B13).
        eligible_on = add_months(listed_on, inp.repair_after_months) + dt.timedelta(days=1)
        if china_today() < eligible_on or form.applied_on < eligible_on:
            months = inp.repair_after_months
            raise Conflict(f"列入名单满{months}个月后方可申请信用修复（{eligible_on.isoformat()}起）")
        refuse_future_dates(form, ("applied_on",))

    def check_removal_window(self, form: blacklist.RepairApplicationForm, days: int) -> None:
        """49号 (B18) [S]: the party applies for removal within `days` days before the year expires;
        the deciding bureau records the review (the State Administration's approval) in `repair_review`."""
        exit_on = self.listing.exit_on()
        opens_on = exit_on - dt.timedelta(days=days)
        refuse_future_dates(form, ("applied_on",))
        if not opens_on <= form.applied_on <= exit_on or china_today() < opens_on:
            raise Conflict(f"应在管理期限届满前{days}日内（{opens_on.isoformat()}至{exit_on.isoformat()}）申请移出名单")

    async def apply_repair(self, cmd: CaseActionCommand) -> UpdateResult:
        form = blacklist.RepairApplicationForm.model_validate(cmd.form)
        data = form.model_dump(mode="json")
        review = self.review_repair()
        return await self.decision.request(
            cmd,
            "当事人申请信用修复",
            review,
            reason=form.evidence,
            message=REPAIR_APPLIED,
            kind="repair_applied",
            data=data,
        )

    async def review_repair(self) -> None:
        outcome = await self.decision.decide(self.listing.task("repair_review"))
        if outcome is None or self.listing.state != "listed":
            return
        review = outcome.parsed(blacklist.RepairReviewForm)
        if review.decision == "reject":
            self.case.record_event("repair_rejected", "不予信用修复", actor=outcome.actor, reason=review.opinion)
            await self.case.flush()
            return
        self.listing.state = "repaired"
        self.listing.removed_at = workflow.now()
        self.case.set_status("repaired", "信用修复审核通过，提前移出严重失信主体名单，停止公开")
        self.case.update_details(removed_on=china_today().isoformat())
        await self.listing.write_entry()
        self.case.record_event("partners_notified_exit", "信用修复提前移出，已通知联合惩戒部门解除惩戒措施")
        await self.case.flush()

    # ---- 撤销信用修复 ---------------------------------------------------------------------------

    def check_revoke_repair(self, cmd: CaseActionCommand) -> None:
        self.admit(cmd, listed=False)
        if self.listing.state != "repaired":
            raise Conflict("只有信用修复移出的名单可以撤销修复、恢复列入")

    async def revoke_repair(self, cmd: CaseActionCommand) -> UpdateResult:
        form = blacklist.RevocationForm.model_validate(cmd.form)
        listing = self.listing
        assert listing.exit_at is not None and listing.removed_at is not None
        remaining = listing.exit_at - listing.removed_at
        listing.exit_at = workflow.now() + remaining
        listing.state = "listed"
        listing.removed_at = None
        exit_on = listing.exit_on()
        summary = f"撤销信用修复，恢复列入，剩余管理期限至{exit_on.isoformat()}"
        self.case.set_status("listed", summary, exit_on=exit_on.isoformat())
        self.case.update_details(removed_on=None, repair_revoked=True)
        revoked = "信用修复以隐瞒、欺骗手段取得，予以撤销"
        self.case.record_event("repair_revoked", revoked, actor=cmd.actor, reason=form.reason)
        await listing.write_entry()
        self.case.record_event("partners_notified", "恢复列入，已重新通报联合惩戒部门")
        self.period.wake()
        await self.case.flush()
        return UpdateResult(None, f"已恢复列入，管理期限至{exit_on.isoformat()}")

    # ---- 新的违法行为 ---------------------------------------------------------------------------

    def check_record_violation(self, cmd: CaseActionCommand) -> None:
        form = self.admit(cmd)
        assert isinstance(form, blacklist.ViolationForm)
        refuse_future_dates(form, ("occurred_on",))
        if form.extend and not self.listing.inp.extend_on_new_violation:
            raise InvalidInput("本地规定不因新的违法行为延长管理期限")

    async def record_violation(self, cmd: CaseActionCommand) -> UpdateResult:
        form = blacklist.ViolationForm.model_validate(cmd.form)
        listing = self.listing
        listing.violations += 1
        summary = f"管理期内新的违法行为：{form.description}"
        if form.extend:
            extended = add_months(listing.exit_on(), listing.inp.violation_extension_months)
            listing.exit_at = listing.ends_after(extended)
            self.period.wake()
            summary += f"；管理期限延长至{extended.isoformat()}"
            self.case.update_details(exit_on=extended.isoformat())
        self.case.update_details(violations=listing.violations)
        data = form.model_dump(mode="json")
        self.case.record_event("violation_recorded", summary, actor=cmd.actor, data=data)
        if form.extend:
            await listing.write_entry()
        await self.case.flush()
        return UpdateResult(None, "已登记" + ("并延长管理期限" if form.extend else ""))
