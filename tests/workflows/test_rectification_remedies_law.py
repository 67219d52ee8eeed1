"""Legal fidelity of the penalty's notice, delivery and challenge windows in a contested
rectification (audit 2026-12 §3.7). Each test is named after the rules it proves and fails on the
code before the fix."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from domain.blacklist import add_months
from domain.errors import InvalidInput
from domain.legal_calendar import CHINA_TZ, LegalCalendar, Unit, compute_deadline
from domain.rectification import next_working_day_from
from tests.support import record_history
from tests.workflows.hazard_helpers import act, case_row, complete, open_task, tasks_of
from tests.workflows.test_rectification import CHALLENGE, details, document, kinds, notice, start, to_penalty, today
from tests.workflows.test_rectification_law import fine_decided_and_published

CALENDAR = LegalCalendar()
HEARING = {"place": "麒麟区应急管理局会议室", "presiding_officer": "法制科 赵六"}


def day_of(value: object) -> dt.date:
    return dt.date.fromisoformat(str(value))


async def test_R8_R10_hearing_request_in_five_statutory_working_days_and_the_lead_from_service(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """行政处罚法 art 64(1): a party with the right to a hearing asks within 5 working days (the
    statement period alone is [U], R8); art 64(2): the 7 working days before the hearing run from
    the notice's service on the party, not from the handler's record of it (R10)."""
    case = await start(sessions, client, task_queue, time_env)
    await to_penalty(sessions, client, time_env, case.id)
    await notice(sessions, client, time_env, case.id, serious=True)
    statement = await open_task(sessions, case.id, "statement")
    assert statement.deadline_rule == "rectification.hearing_request"
    assert (statement.clock_budget, statement.clock_unit) == (5, "working_days")
    rights = await document(sessions, case.id, "hearing_rights_notice")  # R2: the 听证告知书
    assert rights.title == "听证告知书" and "五个工作日内" in rights.html
    await complete(sessions, client, "ql.handler", case.id, "statement", {"kind": "hearing", "content": "要求听证"})
    served = await today(time_env)  # the notice reaches the party today; the handler records it later
    await time_env.sleep(dt.timedelta(days=3))
    earliest = compute_deadline(CALENDAR, dt.datetime.combine(served, dt.time(), CHINA_TZ), 7, Unit.WORKING_DAYS)
    requested = earliest.due_date
    form = {**HEARING, "hearing_on": requested.isoformat()}
    with pytest.raises(InvalidInput, match="听证通知送达当事人"):
        await complete(sessions, client, "ql.handler", case.id, "hearing_notice", form)
    await complete(sessions, client, "ql.handler", case.id, "hearing_notice", {**form, "served_on": served.isoformat()})
    # Counted from the record three days later, the day would have moved.
    assert day_of(details(sessions, case.id)["hearing_on"]) == requested
    assert "hearing_moved" not in kinds(sessions, case.id)
    await record_history(client, case.workflow_id, "rectification_hearing_lead_from_service")


async def test_R12_a_decision_announced_to_an_absent_party_is_served_within_seven_working_days(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """行政处罚法 art 61: handed over on announcement; an absent party is served within 7 working
    days, and payment and the challenge windows run from that service."""
    case = await start(sessions, client, task_queue, time_env)
    await to_penalty(sessions, client, time_env, case.id)
    await notice(sessions, client, time_env, case.id, serious=False)
    await time_env.sleep(dt.timedelta(days=10))
    absent = {"decision": "fine", "fine_cny": 20000, "reasons": "未提出陈述、申辩", "court": CHALLENGE["court"]}
    with pytest.raises(InvalidInput, match="当场交付"):
        await complete(sessions, client, "ql.head", case.id, "penalty_decision", absent)
    await complete(sessions, client, "ql.head", case.id, "penalty_decision", {**absent, "party_present": False})
    service = await open_task(sessions, case.id, "decision_service")
    assert service.deadline_rule == "rectification.decision_service"
    assert (service.clock_budget, service.clock_unit) == (7, "working_days")
    assert "payment" not in {t.step for t in tasks_of(sessions, case.id)}  # nothing runs before service
    assert case_row(sessions, case.id).status == "decision_service"
    await time_env.sleep(dt.timedelta(days=3))
    served = await today(time_env)
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "decision_service",
        {"method": "post", "served_on": served.isoformat(), "recipient": "企业法定代表人", "proof": "EMS1234567890"},
    )
    assert "decision_delivered" in kinds(sessions, case.id)
    payment = await open_task(sessions, case.id, "payment")
    assert payment.fixed_due_on is not None and payment.fixed_due_on >= served + dt.timedelta(days=15)
    shown = details(sessions, case.id)
    assert shown["decision_served_on"] == served.isoformat()
    # 复议法 art 24: the body the form left empty is the bureau's own government.
    assert "向曲靖市麒麟区人民政府申请行政复议" in (await document(sessions, case.id, "penalty_decision")).html
    await record_history(client, case.workflow_id, "rectification_decision_delivered")


async def test_R23_R25_the_same_level_government_and_reconsideration_first(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """行政复议法 art 24: a bureau's acts are reviewed by its same-level government, computed from
    its division; art 23: a decision on the reconsideration-first list says so, and no suit is
    admitted before a reconsideration decision."""
    case = await start(sessions, client, task_queue, time_env)
    await to_penalty(sessions, client, time_env, case.id)
    await notice(sessions, client, time_env, case.id, serious=False)
    await time_env.sleep(dt.timedelta(days=10))
    decision = {
        "decision": "fine",
        "fine_cny": 2000,
        "reasons": "未提出陈述、申辩",
        "served_on": (await today(time_env)).isoformat(),
        "court": CHALLENGE["court"],
        "reconsideration_first": "on_the_spot",
    }
    with pytest.raises(InvalidInput, match="曲靖市麒麟区人民政府"):
        await complete(
            sessions,
            client,
            "ql.head",
            case.id,
            "penalty_decision",
            {**decision, "reconsideration_body": "曲靖市应急管理局"},
        )
    await complete(sessions, client, "ql.head", case.id, "penalty_decision", decision)
    await open_task(sessions, case.id, "payment")
    html = (await document(sessions, case.id, "penalty_decision")).html
    assert "行政复议前置情形" in html and "应当先申请行政复议" in html and "曲靖市麒麟区人民政府" in html
    shown = details(sessions, case.id)
    assert shown["litigation_until"] == shown["reconsideration_until"]  # no direct suit
    suit = {"kind": "litigation", "filed_on": (await today(time_env)).isoformat(), "body": CHALLENGE["court"]}
    with pytest.raises(InvalidInput, match="复议前置"):
        await act(sessions, client, "ql.handler", case.id, "record_appeal", suit)


async def test_R16_R27_R29_expiry_window_withdrawal_from_receipt_and_the_untold_suit_period(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """行政诉讼法 art 45: a pending reconsideration leaves 15 days to sue from the end of the body's
    60 days (R27); a reconsideration decision that did not tell the suit period leaves up to one
    year (法释〔2018〕1号 art 64(2), R29); a decision confirmed unlawful is withdrawn from publication
    within 3 working days of receiving that decision (行政处罚法 art 48, R16)."""
    case = await start(sessions, client, task_queue, time_env)
    await fine_decided_and_published(sessions, client, time_env, case.id)
    filed_on = await today(time_env)
    filed = {"kind": "reconsideration", "filed_on": filed_on.isoformat(), "body": "曲靖市麒麟区人民政府"}
    await act(sessions, client, "ql.handler", case.id, "record_appeal", {**filed, "accepted_on": filed_on.isoformat()})
    decision_due = next_working_day_from(CALENDAR, filed_on + dt.timedelta(days=60))
    sue_by = next_working_day_from(CALENDAR, decision_due + dt.timedelta(days=15))
    appeal = details(sessions, case.id)["appeals"][0]  # type: ignore[index]
    assert (appeal["decision_due"], appeal["sue_by_if_late"]) == (decision_due.isoformat(), sue_by.isoformat())
    assert day_of(details(sessions, case.id)["litigation_until"]) == sue_by
    decided = await today(time_env)
    await time_env.sleep(dt.timedelta(days=6))
    received = await today(time_env)
    result = {
        "kind": "reconsideration",
        "result": "confirmed_unlawful",
        "decided_on": decided.isoformat(),
        "served_on": received.isoformat(),
        "document_no": "麒政复决〔2026〕12号",
        "suit_period_told": False,
    }
    await act(sessions, client, "ql.handler", case.id, "record_appeal_result", result)
    one_year = next_working_day_from(CALENDAR, add_months(received, 12))
    assert day_of(details(sessions, case.id)["litigation_until"]) == one_year
    withdrawal = await open_task(sessions, case.id, "withdraw_publication")
    assert withdrawal.clock_start_at is not None
    assert withdrawal.clock_start_at.astimezone(CHINA_TZ).date() == received
    assert case_row(sessions, case.id).status not in ("revoked", "closed")  # the decision still stands
    await record_history(client, case.workflow_id, "rectification_reconsideration_confirmed_unlawful")


async def test_R5_continuous_fine_starts_the_day_after_the_order(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """安全生产法 art 112: 按日连续处罚 from the day after the order to correct, at the original amount."""
    case = await start(sessions, client, task_queue, time_env)
    ordered = await today(time_env)
    await fine_decided_and_published(sessions, client, time_env, case.id)
    days = {"decision_no": "麒应急罚〔2026〕10号", "from_on": ordered.isoformat(), "to_on": ordered.isoformat()}
    with pytest.raises(InvalidInput, match="次日"):
        await act(sessions, client, "ql.handler", case.id, "record_continuous_fine", days)
    after = (ordered + dt.timedelta(days=1)).isoformat()
    to_on = (ordered + dt.timedelta(days=4)).isoformat()
    await act(
        sessions, client, "ql.handler", case.id, "record_continuous_fine", {**days, "from_on": after, "to_on": to_on}
    )
    assert details(sessions, case.id)["continuous_fines"][0]["amount_cny"] == 40000  # type: ignore[index]
