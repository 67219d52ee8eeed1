"""Legal fidelity of the contested rectification (audit 2026-12 §1.1, §3.7): each test is named
after the audit rule it proves and fails on the code before the fix."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from domain.errors import Conflict, InvalidInput
from domain.legal_calendar import CHINA_TZ, LegalCalendar
from tests.support import record_history
from tests.workflows.hazard_helpers import act, case_row, complete, events, eventually, open_task, tasks_of
from tests.workflows.test_rectification import LEGAL_REVIEW, decide, document, notice, start, to_penalty, today

ANNOUNCEMENT_DAYS = 30  # 民事诉讼法 art 95, ProcessConfig().announcement_service_days


def open_steps(sessions: sessionmaker[Session], case_id: int) -> set[str]:
    return {t.step for t in tasks_of(sessions, case_id) if t.status == "open"}


async def test_R9_statement_period_runs_from_deemed_service_of_an_announced_penalty_notice(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """§1.1 #3: 公告送达 counts as service 30 days after the announcement (民事诉讼法 art 95 via
    行政处罚法 art 61); the 5 working days to state one's case or ask for a hearing (art 64(1))
    run from then, and no decision can be made before they have run."""
    case = await start(sessions, client, task_queue, time_env)
    await to_penalty(sessions, client, time_env, case.id)
    announced = await today(time_env)
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "penalty_notice",
        {
            "facts": "逾期未整改重大事故隐患",
            "basis": "安全生产法第一百零二条",
            "fine_cny": 50000,
            "serious": True,
            "served_on": announced.isoformat(),
            "service_method": "announcement",
            "service_proof": "麒麟区应急管理局公告第12号",
        },
    )
    deemed = announced + dt.timedelta(days=ANNOUNCEMENT_DAYS)
    statement = await open_task(sessions, case.id, "statement")
    assert statement.clock_start_at is not None
    assert statement.clock_start_at.astimezone(CHINA_TZ).date() == deemed
    assert statement.due_at.astimezone(CHINA_TZ).date() >= deemed + dt.timedelta(days=5)  # 5 working days
    notice_doc = await document(sessions, case.id, "penalty_notice")
    assert "收到本告知书之日起五个工作日内" in notice_doc.html and "经过三十日即视为送达" in notice_doc.html
    await time_env.sleep(dt.timedelta(days=12))  # the old code let the period lapse here
    assert "statement" in open_steps(sessions, case.id) and "penalty_decision" not in open_steps(sessions, case.id)
    await time_env.sleep(dt.timedelta(days=ANNOUNCEMENT_DAYS))  # deemed service + about 12 days
    await open_task(sessions, case.id, "penalty_decision")
    assert (
        case_row(sessions, case.id).details["statement_until"]
        == statement.due_at.astimezone(CHINA_TZ).date().isoformat()
    )
    await record_history(client, case.workflow_id, "rectification_notice_announced")


async def test_1_1_4_legal_review_and_collective_discussion_before_the_decision_of_a_major_case(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """§1.1 #4: 行政处罚法 art 58 (法制审核: not reviewed or not passed, no decision) and art 57(2)
    (集体讨论 of a complex or major case) come before the head's decision, which follows the
    discussion's conclusion."""
    case = await start(sessions, client, task_queue, time_env)
    await to_penalty(sessions, client, time_env, case.id)
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "penalty_notice",
        {
            "facts": "逾期未整改重大事故隐患，涉及周边居民区安全",
            "basis": "安全生产法第一百零二条",
            "fine_cny": 50000,
            "served_on": (await today(time_env)).isoformat(),
            "major": True,
        },
    )
    await time_env.sleep(dt.timedelta(days=10))  # the statement period passes
    review = await open_task(sessions, case.id, "legal_review")
    assert review.deadline_rule == "rectification.legal_review" and "penalty_decision" not in open_steps(
        sessions, case.id
    )
    not_passed = {**LEGAL_REVIEW, "result": "not_passed", "opinion": "证据不足，补充现场照片"}
    await complete(sessions, client, "ql.handler", case.id, "legal_review", not_passed)
    await open_task(sessions, case.id, "legal_review")  # reviewed again: no decision before it passes
    assert "penalty_decision" not in open_steps(sessions, case.id)
    await complete(sessions, client, "ql.handler", case.id, "legal_review", LEGAL_REVIEW)
    discussion = await open_task(sessions, case.id, "collective_discussion")
    assert discussion.role == "head" and "penalty_decision" not in open_steps(sessions, case.id)
    await complete(
        sessions,
        client,
        "ql.head",
        case.id,
        "collective_discussion",
        {
            "held_on": (await today(time_env)).isoformat(),
            "participants": "局长 孙一、副局长 周二、副局长 吴三",
            "conclusion": "fine",
            "record": "一致同意给予罚款处罚",
        },
    )
    await open_task(sessions, case.id, "penalty_decision")
    with pytest.raises(InvalidInput, match="集体讨论"):
        await complete(
            sessions,
            client,
            "ql.head",
            case.id,
            "penalty_decision",
            {"decision": "no_penalty", "reasons": "x", "served_on": (await today(time_env)).isoformat()},
        )
    await decide(sessions, client, time_env, case.id)
    await open_task(sessions, case.id, "payment")
    assert {"legal_review_not_passed", "legal_review_passed", "collective_discussion"} <= {
        e.kind for e in events(sessions, case.id)
    }
    await record_history(client, case.workflow_id, "rectification_legal_review_discussion")


async def fine_decided_and_published(
    sessions: sessionmaker[Session], client: Client, env: WorkflowEnvironment, case_id: int
) -> None:
    await to_penalty(sessions, client, env, case_id)
    await notice(sessions, client, env, case_id, serious=False)
    await env.sleep(dt.timedelta(days=10))
    await decide(sessions, client, env, case_id, fine=10000)
    await complete(
        sessions,
        client,
        "ql.handler",
        case_id,
        "publication",
        {"published_on": (await today(env)).isoformat(), "channel": "麒麟区人民政府网站"},
    )


async def remind(sessions: sessionmaker[Session], client: Client, env: WorkflowEnvironment, case_id: int) -> None:
    await complete(
        sessions,
        client,
        "ql.handler",
        case_id,
        "reminder",
        {"served_on": (await today(env)).isoformat(), "method": "direct"},
    )


async def test_R31_R33_R19_own_enforcement_after_the_surcharge_ran_over_30_days_by_a_written_decision(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """§1.1 #7: 行政强制法 art 46 (the agency enforces itself only once the surcharge has run more
    than 30 days and the reminder failed) and art 37 (a written, served 强制执行决定书 with the
    reasons, basis, method, time and the route to reconsideration or litigation)."""
    case = await start(sessions, client, task_queue, time_env, own_power=True)
    await fine_decided_and_published(sessions, client, time_env, case.id)
    payment_due = dt.date.fromisoformat(str(case_row(sessions, case.id).details["payment_due"]))
    await time_env.sleep(dt.timedelta(days=20))
    await remind(sessions, client, time_env, case.id)
    reminder = await document(sessions, case.id, "payment_reminder")
    assert "本机关将依法强制执行" in reminder.html and "申请人民法院" not in reminder.html
    await time_env.sleep(dt.timedelta(days=20))  # the reminder's 10 working days have passed
    await eventually(lambda: case_row(sessions, case.id).status == "awaiting_surcharge_days")
    assert (await today(time_env)) <= payment_due + dt.timedelta(days=30)
    assert not {"enforcement", "enforcement_decision"} & open_steps(sessions, case.id)
    await time_env.sleep(payment_due + dt.timedelta(days=31) - await today(time_env))
    decision = await open_task(sessions, case.id, "enforcement_decision")
    assert decision.role == "head" and not [t for t in tasks_of(sessions, case.id) if t.step.startswith("court_")]
    served = await today(time_env)
    await complete(
        sessions,
        client,
        "ql.head",
        case.id,
        "enforcement_decision",
        {
            "method": "transfer",
            "enforce_on": (served + dt.timedelta(days=3)).isoformat(),
            "reasons": "经催告逾期仍不履行，无正当理由",
            "reconsideration_body": "曲靖市麒麟区人民政府",
            "court": "曲靖市麒麟区人民法院",
            "served_on": served.isoformat(),
        },
    )
    letter = await document(sessions, case.id, "enforcement_decision")
    assert letter.title == "强制执行决定书" and re.fullmatch(r"麒应急强执决〔\d{4}〕\d+号", letter.number)
    for text in (
        "第三十七条",
        "第四十六条",
        "划拨存款、汇款",
        "向曲靖市麒麟区人民政府申请行政复议",
        "曲靖市麒麟区人民法院提起行政诉讼",
    ):
        assert text in letter.html
    enforcement = await open_task(sessions, case.id, "enforcement")
    enforce_on = dt.date.fromisoformat(str(case_row(sessions, case.id).details["enforce_on"]))
    assert enforce_on >= served + dt.timedelta(days=3) and LegalCalendar().is_working_day(enforce_on)
    assert enforcement.fixed_due_on == enforce_on
    # R19: the enforcement information is public within 20 working days of the decision, not of the enforcement.
    publication = await open_task(sessions, case.id, "enforcement_publication")
    assert publication.clock_budget == 20 and publication.opened_at <= enforcement.opened_at
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "enforcement_publication",
        {"published_on": served.isoformat(), "channel": "麒麟区人民政府网站"},
    )
    await time_env.sleep(dt.timedelta(days=(enforce_on - await today(time_env)).days))
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "enforcement",
        {"enforced_on": enforce_on.isoformat(), "result": "已划拨罚款及加处罚款"},
    )
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "enforced"
    await record_history(client, case.workflow_id, "rectification_own_enforcement_decision")


async def test_R36_a_lost_suit_is_executed_as_a_judgment_within_two_years_after_the_appeal(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """§1.1 #8: after the party sued and lost, the agency applies to execute the effective judgment
    (行政诉讼法 art 95; 法释〔2018〕1号 arts 152–153: within 2 years), not the 3-month
    non-litigation application (art 156); 上诉 within 15 days of service (行政诉讼法 art 85) keeps
    the first-instance judgment from taking effect."""
    case = await start(sessions, client, task_queue, time_env)
    await fine_decided_and_published(sessions, client, time_env, case.id)
    suit = {"kind": "litigation", "filed_on": (await today(time_env)).isoformat(), "body": "曲靖市麒麟区人民法院"}
    await act(sessions, client, "ql.handler", case.id, "record_appeal", suit)
    await time_env.sleep(dt.timedelta(days=20))
    await remind(sessions, client, time_env, case.id)
    await time_env.sleep(dt.timedelta(days=20))
    await eventually(lambda: case_row(sessions, case.id).status == "awaiting_litigation_window")
    first = await today(time_env)
    with pytest.raises(Conflict, match="尚未登记第一审判决"):
        await act(sessions, client, "ql.handler", case.id, "record_appeal", {**suit, "kind": "second_instance"})
    judgment = {
        "kind": "litigation",
        "result": "dismissed",
        "decided_on": first.isoformat(),
        "served_on": first.isoformat(),
        "document_no": "（2027）云0302行初5号",
    }
    await act(sessions, client, "ql.handler", case.id, "record_appeal_result", judgment)
    appeal_until = dt.date.fromisoformat(str(case_row(sessions, case.id).details["appeal_until"]))
    assert appeal_until >= first + dt.timedelta(days=15)  # 15 days from service, past a rest day
    appeal = {"kind": "second_instance", "filed_on": first.isoformat(), "body": "曲靖市中级人民法院"}
    await act(sessions, client, "ql.handler", case.id, "record_appeal", appeal)
    await time_env.sleep(dt.timedelta(days=20))  # past the appeal window: the appeal is pending
    assert not {"court_application", "judgment_execution"} & open_steps(sessions, case.id)
    final = await today(time_env)
    second = {**judgment, "kind": "second_instance", "result": "upheld", "decided_on": final.isoformat()}
    await act(
        sessions,
        client,
        "ql.handler",
        case.id,
        "record_appeal_result",
        {**second, "served_on": final.isoformat(), "document_no": "（2027）云03行终9号"},
    )
    execution = await open_task(sessions, case.id, "judgment_execution")
    assert execution.fixed_due_on is not None and execution.fixed_due_on >= final + dt.timedelta(days=730)
    assert "court_application" not in {t.step for t in tasks_of(sessions, case.id)}
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "judgment_execution",
        {"court": "曲靖市麒麟区人民法院", "filed_on": final.isoformat(), "materials": "申请书、生效判决书、处罚决定书"},
    )
    await open_task(sessions, case.id, "enforcement")
    assert "judgment_execution_applied" in {e.kind for e in events(sessions, case.id)}
    await record_history(client, case.workflow_id, "rectification_judgment_execution")


async def test_R27_the_fifteen_days_to_sue_run_from_receipt_of_the_reconsideration_decision(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """行政诉讼法 art 45: 15 days from receiving the reconsideration decision, not from its date."""
    case = await start(sessions, client, task_queue, time_env)
    await fine_decided_and_published(sessions, client, time_env, case.id)
    filed = {"kind": "reconsideration", "filed_on": (await today(time_env)).isoformat(), "body": "麒麟区人民政府"}
    await act(sessions, client, "ql.handler", case.id, "record_appeal", filed)
    decided = await today(time_env)
    await time_env.sleep(dt.timedelta(days=10))
    received = await today(time_env)
    result = {
        "kind": "reconsideration",
        "result": "upheld",
        "decided_on": decided.isoformat(),
        "served_on": received.isoformat(),
        "document_no": "麒政复决〔2026〕11号",
    }
    await act(sessions, client, "ql.handler", case.id, "record_appeal_result", result)
    litigation_until = dt.date.fromisoformat(str(case_row(sessions, case.id).details["litigation_until"]))
    assert litigation_until >= received + dt.timedelta(days=15) > decided + dt.timedelta(days=15)


async def test_R21_R29_a_fine_names_the_reconsideration_body_and_the_court(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """行政复议法 art 20(3) and 法释〔2018〕1号 art 64: a decision that does not tell where and when
    to challenge it extends the windows up to a year; the 行政处罚决定书 names both bodies."""
    case = await start(sessions, client, task_queue, time_env)
    await to_penalty(sessions, client, time_env, case.id)
    await notice(sessions, client, time_env, case.id, serious=False)
    await time_env.sleep(dt.timedelta(days=10))
    unnamed = {"decision": "fine", "fine_cny": 20000, "reasons": "未提出陈述、申辩"}
    with pytest.raises(InvalidInput, match="行政复议机关和管辖的人民法院"):
        await complete(
            sessions,
            client,
            "ql.head",
            case.id,
            "penalty_decision",
            {**unnamed, "served_on": (await today(time_env)).isoformat()},
        )
    await decide(sessions, client, time_env, case.id, fine=20000)
    decision = await document(sessions, case.id, "penalty_decision")
    assert "六十日内依法向曲靖市麒麟区人民政府申请行政复议" in decision.html
    assert "六个月内依法向曲靖市麒麟区人民法院提起行政诉讼" in decision.html


async def test_R15_R24_R28_an_appeal_suspends_neither_payment_nor_enforcement(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """行政处罚法 art 73, 行政复议法 art 42, 行政诉讼法 art 56: reconsideration and litigation do not
    suspend execution; the payment period runs on and the reminder follows it, while the surcharge
    pauses for the appeal."""
    case = await start(sessions, client, task_queue, time_env)
    await fine_decided_and_published(sessions, client, time_env, case.id)
    payment = await open_task(sessions, case.id, "payment")
    filed = (await today(time_env)).isoformat()
    appeal = {"kind": "reconsideration", "filed_on": filed, "body": "曲靖市麒麟区人民政府"}
    await act(sessions, client, "ql.handler", case.id, "record_appeal", appeal)
    suit = {"kind": "litigation", "filed_on": filed, "body": "曲靖市麒麟区人民法院"}
    await act(sessions, client, "ql.handler", case.id, "record_appeal", suit)
    filed_events = [e for e in events(sessions, case.id) if e.kind in ("reconsideration_filed", "litigation_filed")]
    assert len(filed_events) == 2 and all("不停止执行" in e.summary for e in filed_events)
    assert (await open_task(sessions, case.id, "payment")).id == payment.id  # still open, same due day
    await time_env.sleep(dt.timedelta(days=20))  # the 15 days to pay pass while both are pending
    await open_task(sessions, case.id, "reminder")
    surcharge = case_row(sessions, case.id).details["surcharge"]
    assert [p[0] for p in surcharge["paused"]] == [filed, filed]
