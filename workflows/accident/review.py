"""挂牌督办、审核把关 of an accident investigation, the revision of a returned report, the reply's
delivery and the filing of every report with the upper 安委办 (path of the accident-review patch).

- 国办发〔2015〕20号 (六): "按规定由省级、市级和县级人民政府分别负责查处的重大、较大和一般事故，
  分别由上一级人民政府安全生产委员会负责挂牌督办、审核把关" — every configured grade is listed
  at intake and its report reviewed before the 批复 (A36, A34); 本溪 (四) for county 一般 accidents.
  The State Council's 安委会 is outside the system: the provincial office records its review (A32/A33).
- 条例 art 29: a report returned by the reviewer is revised within the investigation period — the
  art 29 day of the first report, with its approved extension and appraisal days (A19).
- 条例 art 32: the 批复 within 15 日 "自收到事故调查报告之日起": the upper review sits inside
  those days, so the reply's clock runs from the receipt of the (final) report (A24).
- 曲政办发〔2016〕28号 (四): every report "报上级安全生产委员会办公室备案" — a filing the upper
  office records (or, above the province, the province records its submission).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable
from typing import Any, Protocol

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import accident
    from domain.accident_review import (
        REVIEW_LEVEL_LABELS,
        ExternalReviewForm,
        FilingForm,
        ReplyDeliveryForm,
        reviewing_level,
    )
    from domain.china_time import day_of
    from domain.definitions.accident import ACCIDENT
    from domain.process import Start
    from domain.supervision import check_extension_cap
    from workflows.accident.state import AccidentState, above
    from workflows.kernel import OpenTask, TaskOutcome, TaskSpec
    from workflows.kernel.human_task import TaskBoard
    from workflows.kernel.steps import Started, spec


class AccidentCase(Protocol):
    """What the review needs of the workflow (kept narrow: no import of the workflow module)."""

    state: AccidentState
    tasks: TaskBoard

    def record_event(self, kind: str, summary: str, **fields: Any) -> None: ...
    def update_details(self, **details: Any) -> None: ...
    def set_status(self, status: str, summary: str, **details: Any) -> None: ...
    def spawn(self, coroutine: Any) -> Any: ...
    async def flush(self) -> None: ...


def upper_office(state: AccidentState) -> tuple[int, bool]:
    """The office a filing goes to, and whether it is in the system (else the State Council's
    office, and the investigating province's office records its submission)."""
    upper = above(state.level)
    if upper is None:
        return state.orgs().office, False
    return state.orgs(upper).office, True


# ---- listing (挂牌督办) -----------------------------------------------------------------------


def list_for_supervision(case: AccidentCase, level: str, reason: str) -> None:
    """Record the listing by the configured level (at least one above the investigator)."""
    state = case.state
    state.listed_level = reviewing_level(level, state.level)
    label = REVIEW_LEVEL_LABELS[state.listed_level]
    case.record_event("listed_for_supervision", f"由{label}挂牌督办、审核把关：{reason}")
    case.update_details(supervised=True, supervising_level=state.listed_level)


def list_at_intake(case: AccidentCase) -> None:
    inp = case.state.inp
    if inp.review_level:
        list_for_supervision(case, inp.review_level, f"{case.state.grade}事故（国办发〔2015〕20号（六））")
        if inp.supervised_matters:
            case.spawn(case.tasks.human_step(case.state.task("supervised_matters")))


def list_for_grade(case: AccidentCase, grade: str) -> None:
    """A grade risen by a casualty change (条例 art 13) is listed if the province lists it."""
    level = case.state.inp.review_levels.get(grade, "")
    if level and not case.state.listed_level:
        list_for_supervision(case, level, f"伤亡变化致事故等级升为{grade}（国办发〔2015〕20号（六））")


def list_on_overdue(case: AccidentCase, task: OpenTask) -> None:
    """A35: an overdue team, report, 批复 or penalty lists a case not yet listed (Guangxi) [S]."""
    state = case.state
    if state.listed_level or task.spec.kind != "step" or task.spec.step not in state.inp.listing_on_overdue:
        return
    if state.level == "province" and not state.inp.review_level:
        return  # the State Council's listing is not ours to record on a timer
    list_for_supervision(case, "", f"{task.spec.title}逾期")


# ---- review and revision --------------------------------------------------------------------


async def review_until_approved(case: AccidentCase) -> dt.datetime:
    """The reviewer approves the report, or returns it for a revision within art 29's period.
    Returns when the final report was received (the reply's clock starts there, A24)."""
    state = case.state
    assert state.report is not None and state.report.outcome is not None
    received = state.report.outcome.at
    while state.listed_level:
        level = reviewing_level(state.listed_level, state.level)
        label = REVIEW_LEVEL_LABELS[level]
        case.set_status("reviewing", f"挂牌督办事故，调查报告报{label}审核")
        decision, opinion = await _review(case, level)
        if decision == "approve":
            case.record_event("draft_approved", f"{label}审核同意调查报告", reason=opinion)
            break
        case.record_event("draft_returned", f"{label}退回调查报告修改", reason=opinion)
        revision = await open_revision(case)
        received = (await case.tasks.wait(revision)).at
    return received


async def _review(case: AccidentCase, level: str) -> tuple[str, str]:
    state = case.state
    if level == "state_council":
        # A32/A33: the provincial office records the State Council office's review of the draft.
        step = ACCIDENT.step("external_review")
        outcome = await case.tasks.human_step(spec(step, state.orgs().office))
        external = outcome.parsed(ExternalReviewForm)
        case.update_details(state_council_review_no=external.reference_no)
        return external.decision, external.opinion
    outcome = await case.tasks.human_step(spec(ACCIDENT.step("draft_review"), state.orgs(level).office))
    review = outcome.parsed(accident.DraftReviewForm)
    return review.decision, review.opinion


def investigation_end(state: AccidentState) -> dt.date:
    """The last day of art 29's period as the last submitted report's clock stood (its approved
    extension and appraisal days included)."""
    last = state.report
    assert last is not None and last.schedule is not None
    return day_of(last.schedule.due_at)


async def open_revision(case: AccidentCase) -> OpenTask:
    """A19: the revision is due on the investigation period's last day, not 60 fresh days."""
    state = case.state
    due = investigation_end(state)
    assert state.report is not None and state.report.schedule is not None
    state.extensions_used += state.report.schedule.extension_count
    revision = await case.tasks.open(state.task("report_revision", due_on=due))
    state.report = revision
    return revision


def check_revision_extension(state: AccidentState, new_due: dt.date) -> None:
    """The revision inherits the first report's one extension of ≤60 日 (art 29)."""
    first = state.first_report
    assert first is not None and first.schedule is not None
    schedule = first.schedule
    moved = state.report.schedule.extension_count if state.report and state.report.schedule else 0
    check_extension_cap(
        original_due=day_of(schedule.original_due_at or schedule.due_at),
        new_due=new_due,
        extensions_so_far=state.extensions_used + moved,
        max_extensions=schedule.max_extensions,
        max_extension_days=schedule.max_extension_days,
    )


def reply_spec(state: AccidentState, received: dt.datetime, clock: str) -> TaskSpec:
    """条例 art 32: 15 日 (特别重大 30) from the receipt of the report."""
    step = ACCIDENT.step("reply")
    return spec(step, state.org_of(step.by), started=Started(Start.RECEIPT, received), clock=clock)


# ---- after the reply ------------------------------------------------------------------------


async def deliver_reply(case: AccidentCase) -> TaskOutcome:
    """A27: the lead department delivers the 批复 to the units and persons within 15 日 [S]."""
    outcome = await case.tasks.human_step(case.state.task("reply_delivery"))
    if outcome.actor is not None:
        delivery = outcome.parsed(ReplyDeliveryForm)
        case.record_event("reply_delivered", f"批复已于{delivery.delivered_on}送达：{delivery.recipients}")
        await case.flush()
    return outcome


async def file_with_upper_office(case: AccidentCase, step: str, what: str) -> TaskOutcome:
    """A filing the receiving office records; above the province, the province's submission."""
    state = case.state
    office, inside = upper_office(state)
    title = None if inside else ACCIDENT.step(step).title.replace("上级安委办", "国务院安委办")
    outcome = await case.tasks.human_step(spec(ACCIDENT.step(step), office, title=title))
    if outcome.actor is not None:
        filing = outcome.parsed(FilingForm)
        where = "上一级安委办" if inside else "国务院安委办"
        case.record_event(f"{step}_filed", f"{what}已报{where}备案（{filing.filing_no}，{filing.filed_on}）")
        case.update_details(**{f"{step}_no": filing.filing_no})
        await case.flush()
    return outcome


def after_reply(case: AccidentCase) -> list[Awaitable[TaskOutcome]]:
    """The reply's delivery and the report's filing, beside the follow-ups."""
    return [
        case.spawn(deliver_reply(case)),
        case.spawn(file_with_upper_office(case, "report_filing", "事故调查报告及批复")),
    ]
