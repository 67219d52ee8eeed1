"""Every clock starts where its row says (domain/definitions/): per process, the scenarios of its
workflow tests run, and then every task they opened is checked against the recorded event its
row names — the accident, the inspection, the effective day of a document's service, the
opening of the penalty case, a fixed day, the lapse of an earlier period, or the task's opening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain.china_time import CHINA_OFFSET, start_of
from domain.legal_calendar import end_of_day
from domain.process import Start
from domain.registry import step_of
from tests.workflows import (
    test_accident_investigation,
    test_blacklist,
    test_crime_transfer,
    test_hazard_escalation,
    test_hazard_supervision,
    test_public_report,
    test_rectification,
    test_rectification_law,
)

Scenario = Callable[..., Awaitable[None]]
SCENARIOS: dict[str, list[Scenario]] = {
    "hazard": [
        test_hazard_supervision.test_H3_H18_H20_hazard_is_listed_published_rectified_accepted_and_delisted,
        test_hazard_escalation.test_overdue_rectification_escalates_to_city_then_province_and_extension_clears_it,
    ],
    # The listed path's clocks (reply from the revised report's receipt) are checked at the end
    # of test_accident_review's A19 scenario: its time skips ahead, and intake refuses future accidents.
    "accident": [test_accident_investigation.test_accident_from_report_to_one_year_evaluation_with_the_procuratorate],
    "crime_transfer": [
        test_crime_transfer.test_T7_T8_T9_T17_T18_T20_non_filing_reconsideration_and_filing_supervision_end_in_filing,
        test_crime_transfer.test_T7_overdue_filing_decision_escalates_on_both_sides_and_to_the_procuratorate,
    ],
    # A scenario that closes its case: an enterprise has one open listing at a time, and the
    # scenarios also run in their own module against the same database.
    "blacklist": [test_blacklist.test_a_founded_defence_changes_the_decision_to_not_listed],
    "rectification": [
        test_rectification.test_penalty_with_hearing_moves_a_near_hearing_day_and_ends_in_payment,
        test_rectification.test_non_payment_through_reminder_to_court_enforcement_on_a_working_day,
        test_rectification_law.test_R9_statement_period_runs_from_deemed_service_of_an_announced_penalty_notice,
        test_rectification_law.test_1_1_4_legal_review_and_collective_discussion_before_the_decision_of_a_major_case,
        test_rectification_law.test_R31_R33_R19_own_enforcement_after_the_surcharge_ran_over_30_days_by_a_written_decision,
        test_rectification_law.test_R36_a_lost_suit_is_executed_as_a_judgment_within_two_years_after_the_appeal,
    ],
    "public_report": [
        test_public_report.test_P4_upper_level_approves_one_extension_of_at_most_thirty_days_from_the_unrolled_end
    ],
}


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _day(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])


def check_clock_starts(db: Session, process: str, after_case_id: int) -> int:
    """Check every task of the process's new cases; return how many were checked."""
    checked = 0
    cases = db.scalars(select(models.Case).where(models.Case.process == process, models.Case.id > after_case_id))
    for case in cases:
        events = db.scalars(select(models.CaseEvent).where(models.CaseEvent.case_id == case.id)).all()
        served = {_day(e.data["effective_on"]) for e in events if e.kind == "document_served"}
        served |= {_day(e.data["served_on"]) for e in events if e.kind == "task_completed" and "served_on" in e.data}
        tasks = db.scalars(select(models.Task).where(models.Task.case_id == case.id)).all()
        for task in tasks:
            start = _utc(task.clock_start_at)
            opened = _utc(task.opened_at)
            step = step_of(process, task.step)
            where = f"{process}.{task.step} ({task.title})"
            if step.starts is Start.OPENED:
                assert start in (None, opened), f"{where}: runs from its opening ({opened}), not {start}"
            elif step.starts is Start.DUE_DAY:
                assert task.fixed_due_on is not None and start in (None, opened), f"{where}: runs to a fixed day"
            elif step.starts is Start.REPORTED and "received_at" in case.details:
                # An accident's upward report runs from that level's receipt (条例 art 11): the
                # bureau's receipt at intake, then the moment each level below reported.
                hops = case.details.get("reporting_upward", [])
                received = {case.details["received_at"]} | {hop["reported_at"] for hop in hops}
                assert start in {_utc(dt.datetime.fromisoformat(r)) for r in received}, f"{where}: {start}"
            elif step.starts is Start.REPORTED:
                reported = case.details.get("reported_at")
                expected = _utc(dt.datetime.fromisoformat(reported)) if reported else opened
                assert start in (None, expected), f"{where}: runs from the report ({expected}), not {start}"
            elif step.starts is Start.ACCIDENT:
                assert start == _utc(dt.datetime.fromisoformat(case.details["occurred_at"])), where
            elif step.starts is Start.INSPECTION:
                assert start == start_of(_day(case.details["inspected_on"])), where
            elif step.starts is Start.SERVICE:
                assert start is not None and start.astimezone(CHINA_OFFSET).time() == dt.time(0), where
                assert start.astimezone(CHINA_OFFSET).date() in served, f"{where}: {start} is no service's day"
            elif step.starts is Start.FILING:
                assert start is not None, where
                assert start.astimezone(CHINA_OFFSET).date() == _day(case.details["penalty_opened_on"]), where
            elif step.starts is Start.RECEIPT:
                # the receipt of the (final) report the step answers: a completed report or revision
                receipts = [
                    _utc(t.completed_at)
                    for t in tasks
                    if t.step in ("investigation_report", "report_revision") and t.status == "completed"
                ]
                assert start in receipts, f"{where}: {start} is no report's receipt"
            elif step.starts is Start.LAPSE:
                assert start is not None, where
                # the breach of the parent step (its due moment then, kept in the overdue event's key),
                # the end of the payment period, of the litigation window, or of the surcharge's 30 days
                breaches = [
                    _utc(dt.datetime.fromisoformat(e.event_key.split(":overdue:", 1)[1]))
                    for e in events
                    if e.kind == "overdue" and e.event_key.startswith(f"{task.parent_task_id}:overdue:")
                ]
                # A step opened already past its due moment gives the office its period from the
                # opening (escalation's late-opened-step-supervision): under load, or a late start.
                parent = next((t for t in tasks if t.id == task.parent_task_id), None)
                if parent is not None and breaches and _utc(parent.opened_at) > max(breaches):
                    breaches.append(_utc(parent.opened_at))
                keys = ("payment_due", "litigation_until", "surcharge_thirty_days_until")
                lapses = breaches + [end_of_day(_day(case.details[key])) for key in keys if key in case.details]
                assert any(start == moment for moment in lapses), f"{where}: {start} is no lapse"
            checked += 1
    return checked


@pytest.mark.parametrize("process", list(SCENARIOS))
async def test_every_clock_starts_where_its_row_says(
    process: str, time_env: Any, client: Any, sessions: sessionmaker[Session], task_queue: str, case_worker: Any
) -> None:
    with sessions() as db:
        before = db.scalar(select(func.coalesce(func.max(models.Case.id), 0))) or 0
    for scenario in SCENARIOS[process]:
        await scenario(time_env, client, sessions, task_queue, case_worker)
    with sessions() as db:
        assert check_clock_starts(db, process, before) > 0
