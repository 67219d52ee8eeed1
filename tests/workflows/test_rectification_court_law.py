"""Legal fidelity of the court stages of a contested rectification (行政强制法 arts 56–59, audit
2026-12 §3.7 R39, R41, R42; R19 for the court route). Each test is named after the rules it
proves and fails on the code before the fix."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from domain.errors import InvalidInput
from domain.legal_calendar import CHINA_TZ, LegalCalendar, Unit, compute_deadline
from domain.rectification import next_working_day_from
from tests.support import record_history
from tests.workflows.hazard_helpers import act, complete, events, open_task
from tests.workflows.test_rectification import details, kinds, start, today
from tests.workflows.test_rectification_law import fine_decided_and_published, remind

CALENDAR = LegalCalendar()
COURT = "曲靖市麒麟区人民法院"
UPPER = "曲靖市中级人民法院"


def start_day(task: object) -> dt.date:
    at = getattr(task, "clock_start_at", None)
    assert at is not None
    return at.astimezone(CHINA_TZ).date()


async def to_court(sessions: sessionmaker[Session], client: Client, env: WorkflowEnvironment, case_id: int) -> None:
    """A fine unpaid after the reminder; a reconsideration upheld shortens the window to sue; the
    agency applies to the court once it has passed."""
    await fine_decided_and_published(sessions, client, env, case_id)
    await env.sleep(dt.timedelta(days=20))
    await open_task(sessions, case_id, "reminder")
    await remind(sessions, client, env, case_id)
    await env.sleep(dt.timedelta(days=20))
    filed = {"kind": "reconsideration", "filed_on": (await today(env)).isoformat(), "body": "曲靖市麒麟区人民政府"}
    await act(sessions, client, "ql.handler", case_id, "record_appeal", filed)
    decided = await today(env)
    result = {"kind": "reconsideration", "result": "upheld", "decided_on": decided.isoformat(), "document_no": "复9号"}
    await act(sessions, client, "ql.handler", case_id, "record_appeal_result", result)
    await env.sleep(dt.timedelta(days=20))
    application = {"court": COURT, "filed_on": (await today(env)).isoformat(), "materials": "申请书、决定书、催告书"}
    await complete(sessions, client, "ql.handler", case_id, "court_application", application)


async def test_R39_R42_R19_a_refusal_reviewed_above_then_an_emergency_ruling_executed_in_five_working_days(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """Art 56(2): the agency may ask the court above within 15 days of receiving a refusal, which
    rules within 15 days (R39); art 59: an emergency ruling is executed within 5 working days
    (R42); the enforcement information is public within 20 working days of the ruling (R19)."""
    case = await start(sessions, client, task_queue, time_env)
    await to_court(sessions, client, time_env, case.id)
    received = await today(time_env)
    refusal = {"decision": "refused", "received_on": received.isoformat()}
    await complete(sessions, client, "ql.handler", case.id, "court_acceptance", refusal)
    review = await open_task(sessions, case.id, "court_refusal_review")
    assert (review.clock_budget, review.clock_unit, start_day(review)) == (15, "calendar_days", received)
    with pytest.raises(InvalidInput, match="上一级人民法院"):
        await complete(
            sessions, client, "ql.handler", case.id, "court_refusal_review", {"decision": "apply", "reasons": "x"}
        )
    filed = await today(time_env)
    apply = {"decision": "apply", "court": UPPER, "filed_on": filed.isoformat(), "reasons": "申请符合受理条件"}
    await complete(sessions, client, "ql.handler", case.id, "court_refusal_review", apply)
    answer = await open_task(sessions, case.id, "upper_court_acceptance")
    assert (answer.clock_budget, answer.clock_unit, start_day(answer)) == (15, "calendar_days", filed)
    granted = {"ruling": "granted", "ruling_no": "（2027）云03行审复1号", "court_case_no": "（2027）云0302行审20号"}
    await complete(sessions, client, "ql.handler", case.id, "upper_court_acceptance", granted)
    await open_task(sessions, case.id, "court_ruling")
    assert "court_refusal_review" in kinds(sessions, case.id) and "court_accepted" in kinds(sessions, case.id)
    ruled = await today(time_env)
    emergency = {"ruling": "enforce", "ruling_no": "（2027）云0302行审20号之一", "ruled_on": ruled.isoformat()}
    await complete(sessions, client, "ql.handler", case.id, "court_ruling", {**emergency, "emergency": True})
    enforcement = await open_task(sessions, case.id, "enforcement")
    five = compute_deadline(CALENDAR, dt.datetime.combine(ruled, dt.time(), CHINA_TZ), 5, Unit.WORKING_DAYS)
    assert enforcement.fixed_due_on == five.due_date
    assert details(sessions, case.id)["execute_by"] == five.due_date.isoformat()
    publication = await open_task(sessions, case.id, "enforcement_publication")  # opened with the ruling
    assert (publication.clock_budget, publication.clock_unit) == (20, "working_days")
    await record_history(client, case.workflow_id, "rectification_court_refusal_emergency")


async def test_R41_a_possibly_unlawful_decision_ruled_in_thirty_days_and_a_refusal_to_enforce_reviewed_above(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """Art 58: the court hearing the parties rules within 30 days of acceptance; a ruling not to
    enforce is served within 5 working days; the agency may ask the court above within 15 days of
    receipt, which rules within 30 days."""
    case = await start(sessions, client, task_queue, time_env)
    await to_court(sessions, client, time_env, case.id)
    accepted = await today(time_env)
    acceptance = {"decision": "accepted", "court_case_no": "（2027）云0302行审21号"}
    await complete(sessions, client, "ql.handler", case.id, "court_acceptance", acceptance)
    await complete(sessions, client, "ql.handler", case.id, "court_ruling", {"ruling": "hearing"})
    review = await open_task(sessions, case.id, "court_ruling_review")
    assert review.fixed_due_on == next_working_day_from(CALENDAR, accepted + dt.timedelta(days=30))
    assert "court_hearing" in kinds(sessions, case.id)
    with pytest.raises(InvalidInput, match="第五十八条"):
        await complete(sessions, client, "ql.handler", case.id, "court_ruling_review", {"ruling": "hearing"})
    ruled = await today(time_env)
    await time_env.sleep(dt.timedelta(days=12))
    received = await today(time_env)
    refused = {
        "ruling": "not_enforce",
        "ruling_no": "（2027）云0302行审21号之一",
        "ruled_on": ruled.isoformat(),
        "received_on": received.isoformat(),
    }
    await complete(sessions, client, "ql.handler", case.id, "court_ruling_review", refused)
    again = await open_task(sessions, case.id, "nonenforcement_review")
    assert (again.clock_budget, again.clock_unit, start_day(again)) == (15, "calendar_days", received)
    not_enforced = [e for e in events(sessions, case.id) if e.kind == "court_not_enforced"]
    assert len(not_enforced) == 1 and "未在五个工作日内" in not_enforced[0].summary  # received 12 days later
    filed = await today(time_env)
    apply = {"decision": "apply", "court": UPPER, "filed_on": filed.isoformat(), "reasons": "事实清楚，依据充分"}
    await complete(sessions, client, "ql.handler", case.id, "nonenforcement_review", apply)
    upper = await open_task(sessions, case.id, "upper_court_review")
    assert (upper.clock_budget, upper.clock_unit, start_day(upper)) == (30, "calendar_days", filed)
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "upper_court_review",
        {"ruling": "granted", "ruling_no": "（2027）云03行审复2号"},
    )
    await open_task(sessions, case.id, "enforcement")
    await record_history(client, case.workflow_id, "rectification_court_unlawful_review")


async def test_R31_without_enforcement_power_sealed_property_is_auctioned_by_a_written_decision(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """行政强制法 art 46(3): an agency without enforcement power that sealed or seized property may,
    when the party did not appeal in time and the reminder failed, auction it to pay the fine, by
    a written decision (art 37); any other method is refused."""
    case = await start(sessions, client, task_queue, time_env)
    await fine_decided_and_published(sessions, client, time_env, case.id)
    await time_env.sleep(dt.timedelta(days=20))
    await open_task(sessions, case.id, "reminder")
    await remind(sessions, client, time_env, case.id)
    litigation_until = day_of(details(sessions, case.id)["litigation_until"])
    await time_env.sleep(dt.timedelta(days=(litigation_until - await today(time_env)).days + 2))
    filed = (await today(time_env)).isoformat()
    auction = {"route": "auction", "filed_on": filed, "materials": "已查封储罐区设备", "seizure_no": ""}
    with pytest.raises(InvalidInput, match="查封、扣押"):
        await complete(sessions, client, "ql.handler", case.id, "court_application", auction)
    seized = {**auction, "seizure_no": "麒应急封〔2026〕1号"}
    await complete(sessions, client, "ql.handler", case.id, "court_application", seized)
    assert "auction_route" in kinds(sessions, case.id)
    await open_task(sessions, case.id, "enforcement_decision")
    served = await today(time_env)
    decision = {
        "method": "transfer",
        "enforce_on": (served + dt.timedelta(days=3)).isoformat(),
        "reasons": "逾期不申请复议、不起诉，经催告仍不履行",
        "reconsideration_body": "曲靖市麒麟区人民政府",
        "court": COURT,
        "served_on": served.isoformat(),
    }
    with pytest.raises(InvalidInput, match="第四十六条第三款"):
        await complete(sessions, client, "ql.head", case.id, "enforcement_decision", decision)
    await complete(sessions, client, "ql.head", case.id, "enforcement_decision", {**decision, "method": "auction"})
    await open_task(sessions, case.id, "enforcement")
    assert not [t for t in kinds(sessions, case.id) if t == "court_applied"]
    await record_history(client, case.workflow_id, "rectification_auction_of_sealed_property")


def day_of(value: object) -> dt.date:
    return dt.date.fromisoformat(str(value))
