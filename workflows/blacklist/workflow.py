"""The serious-dishonesty list (安全生产严重失信主体名单): listing, management period and exit; process 4.

Reads like the procedure of Decree 11 (应急管理部令第11号) and the domain notes §4: a proposal from
a penalty decision, the notice of intended listing with the right to state one's case (the
enterprise's period, which lapses), the answer to the statement, the written decision by the
department that issued the penalty, publication and notification of the partner departments
(安全生产法 art 78), the management period as a movable durable wait, and the exit. Early exit by
credit repair, revocation and extension on new violations are case actions (`actions.py`).
"""

from __future__ import annotations

import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    import workflows.blacklist.documents as documents
    from domain import blacklist
    from domain.blacklist import add_months
    from domain.china_time import start_of
    from domain.definitions.blacklist import BLACKLIST
    from domain.document_service import effective_service_day
    from domain.errors import InvalidInput
    from domain.forms import StepForm
    from domain.process import Start
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.blacklist.actions import ListingActions
    from workflows.blacklist.contracts import BlacklistInput, BlacklistResult
    from workflows.blacklist.listing import Listing
    from workflows.contracts import Actor
    from workflows.kernel import CaseWorkflow, OpenTask, china_today, refuse_future_dates
    from workflows.kernel.deadline import MovableDeadline
    from workflows.kernel.patches import WHOLE_LAST_DAY_PATCH, in_force
    from workflows.kernel.period import period
    from workflows.kernel.steps import Started


# The party's statement and defence (陈述、申辩) are its own; so is its credit-repair application.
@workflow.defn(name=BLACKLIST.workflow)
class BlacklistWorkflow(CaseWorkflow[Listing], definition=BLACKLIST):
    def __init__(self) -> None:
        super().__init__()
        self.listing = self.state
        # The management period: a durable wait whose end a revocation or a violation moves.
        self.management_period = MovableDeadline(self.listing.period_end, "management period")
        self.listing_actions = ListingActions(self, self.listing, self.management_period)

    @workflow.run
    async def run(self, inp: BlacklistInput) -> BlacklistResult:
        self.begin(inp)
        self.set_status(
            "proposed",
            f"提请列入严重失信主体名单：{inp.condition_title}（行政处罚决定书{inp.penalty_decision_no}）",
            rules=inp.rules,
        )
        served_on = await self.notify_intended_listing()
        statement = await self.defence_period(served_on)
        if statement is not None:
            review = await self.review_statement()
            if review.decision == "accept":
                return await self.not_listed(f"陈述、申辩理由成立，不予列入：{review.reply}")
        self.set_status("deciding", "待作出列入决定")
        decision = (await self.tasks.human_step(self.listing.task("decision"))).parsed(blacklist.ListingDecisionForm)
        if decision.decision == "not_list":
            return await self.not_listed(f"决定不予列入：{decision.opinion}")
        await self.enter_listing(decision, stated=statement is not None)
        await self.management_period.sleep()
        if self.listing.state == "listed":
            await self.exit()
        else:
            self.close_case(self.listing.state, "原管理期限届满，已移出的名单记录归档")
        await self.finish_case()
        return BlacklistResult(self.listing.state)

    # ---- the procedure ---------------------------------------------------------------------

    async def notify_intended_listing(self) -> dt.date:
        """国办发〔2020〕49号 item 8: the notice with the facts, reasons and the right to state one's case.

        Returns the day its service takes effect (公告送达: the end of the announcement period)."""
        inp = self.listing.inp
        outcome = await self.tasks.human_step(self.listing.task("notice"))
        notice = outcome.parsed(blacklist.NoticeForm)
        letter = await self.documents.issue(
            "blacklist_listing_notice",
            inp.deciding_org_id,
            documents.listing_notice(inp, notice),
            key="blacklist_listing_notice",
        )
        self.update_details(listing_notice_no=letter.number, notice_served_on=notice.served_on.isoformat())
        self.set_status("notified", f"已送达告知书（{letter.number}），陈述、申辩期内")
        return await self.documents.record_step_service(
            letter.document_id, notice.service_method, notice.served_on, outcome.actor, proof=notice.service_proof
        )

    async def defence_period(self, served_on: dt.date) -> blacklist.StatementForm | None:
        """The party may state its case within the period from service; the handler records it.

        Returns the statement, or None when the period passed without one (the right is then
        waived and the decision follows)."""
        started = Started(Start.SERVICE, start_of(served_on))
        task = await self.tasks.open(self.listing.task("statement", started=started))
        waived = "陈述、申辩期限届满，当事人未提出陈述、申辩"

        def waive() -> None:
            self.record_event("defence_waived", waived)

        form = await period(self.tasks, task, lapsed=waived, on_lapse=waive, summary="defence period")
        return blacklist.StatementForm.model_validate(form) if form is not None else None

    async def review_statement(self) -> blacklist.StatementReviewForm:
        """国办发〔2020〕49号 item 8: the statement is answered before the decision."""
        self.set_status("reviewing_statement", "当事人提出陈述、申辩，待复核答复")
        outcome = await self.tasks.human_step(self.listing.task("statement_review"))
        review = outcome.parsed(blacklist.StatementReviewForm)
        self.update_details(statement_answer=review.reply)
        return review

    async def not_listed(self, summary: str) -> BlacklistResult:
        self.listing.state = "not_listed"
        self.close_case("not_listed", summary)
        await self.finish_case()
        return BlacklistResult("not_listed")

    async def enter_listing(self, decision: blacklist.ListingDecisionForm, *, stated: bool) -> None:
        """Decree 11: the written decision lists the unit; the management period runs from it."""
        inp, listing = self.listing.inp, self.listing
        listed_on = listing.listed_on = china_today()
        exit_on = add_months(listed_on, inp.management_period_months)
        issued = await self.documents.issue(
            "blacklist_listing_decision",
            inp.deciding_org_id,
            documents.listing_decision(inp, decision, stated=stated, listed_on=listed_on, exit_on=exit_on),
            key="blacklist_listing_decision",
        )
        listing.decision_no = issued.number
        listing.state = "listed"
        listing.whole_last_day = in_force(WHOLE_LAST_DAY_PATCH)
        listing.exit_at = listing.ends_after(exit_on)
        partners = listing.partners()
        self.set_status(
            "listed",
            f"列入严重失信主体名单（{listing.decision_no}），管理期限至{exit_on.isoformat()}",
            decision_no=listing.decision_no,
            listed_on=listed_on.isoformat(),
            exit_on=exit_on.isoformat(),
            measures=[m.title for m in inp.measures],
            partners=partners,
            partners_acknowledged={},
        )
        await listing.write_entry()
        # 安全生产法 art 78: announced and notified to the partner authorities.
        self.record_event("partners_notified", "已通报联合惩戒部门：" + "、".join(partners))
        self.spawn(self.publish())
        await self.flush()

    async def publish(self) -> None:
        """Publication on 信用中国 and 国家企业信用信息公示系统, beside the management period."""
        outcome = await self.tasks.human_step(self.listing.task("publication"))
        if outcome.actor is not None:
            publication = outcome.parsed(blacklist.PublicationForm)
            self.update_details(published_on=publication.published_on.isoformat(), channels=publication.channels)
            if self.listing.inp.period_from_publication and self.listing.state == "listed":
                await self.start_period_at_publication(publication.published_on)
            await self.flush()

    async def start_period_at_publication(self, published_on: dt.date) -> None:
        """49号 (B17): the year runs from publication, not from the decision; until publication
        is recorded the period stands provisionally from the decision day."""
        listing = self.listing
        exit_on = add_months(published_on, listing.inp.management_period_months)
        listing.exit_at = listing.ends_after(exit_on)
        self.management_period.wake()
        self.update_details(exit_on=exit_on.isoformat(), period_starts_on=published_on.isoformat())
        self.record_event("period_from_publication", f"管理期限自公开之日起计算，至{exit_on.isoformat()}")
        await listing.write_entry()

    async def exit(self) -> None:
        """At the end of the period the entry leaves the list, publication stops, partners are told."""
        self.listing.state = "exited"
        self.listing.removed_at = workflow.now()
        await self.listing.write_entry()
        self.record_event("partners_notified_exit", "管理期满移出名单，已通知联合惩戒部门解除惩戒措施")
        self.close_case("exited", "管理期限届满，自动移出严重失信主体名单，停止公开")

    # ---- checks and helpers ----------------------------------------------------------------

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        refuse_future_dates(form, ("served_on", "received_on", "published_on"))
        if isinstance(form, blacklist.NoticeForm):
            self.refuse_lapsed_defence(form)
        listed_on = self.listing.listed_on
        if isinstance(form, blacklist.PublicationForm) and listed_on and form.published_on < listed_on:
            raise InvalidInput(f"报送公开日期不能早于列入决定日期{listed_on.isoformat()}")
        super().validate_step(task, form, actor)

    def refuse_lapsed_defence(self, notice: blacklist.NoticeForm) -> None:
        """A service date back-dated so far that the whole defence period was over before it is
        recorded would take away the right to state one's case (audit §7). The period is at least
        its number of calendar days from the day service takes effect (公告送达: + announcement days)."""
        inp = self.listing.inp
        if inp.defence_days is None:  # a case proposed before the bound was passed in
            return
        effective = effective_service_day(notice.service_method, notice.served_on, inp.announcement_days)
        if effective + dt.timedelta(days=inp.defence_days) < china_today():
            raise InvalidInput(
                f"送达日期{notice.served_on.isoformat()}过早：按此日期陈述、申辩期在登记前已届满，"
                "请登记实际送达日期，或重新送达告知书"
            )

    def case_enterprise_id(self) -> int | None:
        return self.listing.input.enterprise_id if self.listing.input else None
