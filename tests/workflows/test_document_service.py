"""Service (送达) on the time-skipping server: the next clock runs from the day service takes
effect, not from the day the document was signed; 公告送达 counts once the announcement period
(30 days by default) has run."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain.blacklist import BlacklistProposal
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from services.blacklist_intake import propose_listing
from tests.penalty_support import penalty_decision
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import act, case_row, complete, events, open_task
from tests.workflows.test_rectification import CHALLENGE, ORDER, decide, document, notice, start, to_penalty, today

ANNOUNCEMENT_DAYS = 30  # ProcessConfig().announcement_service_days


def service_of(sessions: sessionmaker[Session], document_id: int) -> models.DocumentService | None:
    with sessions() as db:
        return db.scalars(
            select(models.DocumentService).where(models.DocumentService.document_id == document_id)
        ).one_or_none()


async def test_rectification_period_runs_from_service_and_announcement_adds_its_period(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, time_env)
    await complete(sessions, client, "ql.handler", case.id, "order", ORDER)
    order = await document(sessions, case.id, "rectification_order")
    signed = order.issued_at.astimezone(CHINA_TZ).date()
    await time_env.sleep(dt.timedelta(days=5))  # the enterprise cannot be found: announced 5 days after signing
    announced = await today(time_env)
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "service",
        {
            "method": "announcement",
            "served_on": announced.isoformat(),
            "recipient": "（下落不明）",
            "proof": "公告第3号",
        },
    )
    completion = await open_task(sessions, case.id, "completion")
    effective = announced + dt.timedelta(days=ANNOUNCEMENT_DAYS)
    # Neither the signing day nor the announcement day: the period runs once service takes effect.
    assert completion.fixed_due_on == effective + dt.timedelta(days=ORDER["period_days"])
    assert completion.fixed_due_on != signed + dt.timedelta(days=ORDER["period_days"])
    assert completion.clock_start_at is not None
    assert completion.clock_start_at.astimezone(CHINA_TZ).date() == effective
    record = service_of(sessions, order.id)
    assert record is not None and record.method == "announcement" and record.proof == "公告第3号"
    assert record.served_on == announced and record.effective_on == effective
    served_events = [e for e in events(sessions, case.id) if e.kind == "document_served"]
    assert len(served_events) == 1 and "公告期满" in served_events[0].summary
    assert case_row(sessions, case.id).details["rectification_deadline"] == completion.fixed_due_on.isoformat()
    await record_history(client, case.workflow_id, "rectification_order_announced")


async def test_payment_period_and_challenge_windows_run_from_service_of_the_decision(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, time_env)
    await to_penalty(sessions, client, time_env, case.id)
    await notice(sessions, client, time_env, case.id, serious=False)
    await time_env.sleep(dt.timedelta(days=8))  # the statement period passes
    await open_task(sessions, case.id, "penalty_decision")
    decided = await today(time_env)
    await complete(
        sessions,
        client,
        "ql.head",
        case.id,
        "penalty_decision",
        {
            "decision": "fine",
            "fine_cny": 30000,
            "reasons": "未提出陈述、申辩",
            "served_on": decided.isoformat(),
            "service_method": "announcement",
            "service_proof": "麒麟区应急管理局公告第9号",
            **CHALLENGE,
        },
    )
    payment = await open_task(sessions, case.id, "payment")
    effective = decided + dt.timedelta(days=ANNOUNCEMENT_DAYS)
    # 行政处罚法 art 67: 15 days from receipt, i.e. from the end of the announcement period (a last
    # day on a holiday moves to the next working day).
    assert payment.fixed_due_on is not None
    assert effective + dt.timedelta(days=15) <= payment.fixed_due_on <= effective + dt.timedelta(days=15 + 8)
    details = case_row(sessions, case.id).details
    assert dt.date.fromisoformat(details["reconsideration_until"]) >= effective + dt.timedelta(days=60)
    decision = await document(sessions, case.id, "penalty_decision")
    record = service_of(sessions, decision.id)
    assert record is not None and record.effective_on == effective and record.proof == "麒麟区应急管理局公告第9号"
    penalty_notice = await document(sessions, case.id, "penalty_notice")
    assert service_of(sessions, penalty_notice.id) is not None  # served in its step, recorded too
    await record_history(client, case.workflow_id, "rectification_decision_announced")


async def test_direct_service_of_a_decision_keeps_the_fifteen_days_from_that_day(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, time_env)
    await to_penalty(sessions, client, time_env, case.id)
    await notice(sessions, client, time_env, case.id, serious=False)
    await time_env.sleep(dt.timedelta(days=8))
    await open_task(sessions, case.id, "penalty_decision")
    await decide(sessions, client, time_env, case.id, fine=30000)
    served = await today(time_env)
    payment = await open_task(sessions, case.id, "payment")
    assert payment.fixed_due_on is not None
    assert served + dt.timedelta(days=15) <= payment.fixed_due_on <= served + dt.timedelta(days=15 + 8)
    decision = await document(sessions, case.id, "penalty_decision")
    record = service_of(sessions, decision.id)
    assert record is not None and record.method == "direct" and record.effective_on == served


async def test_blacklist_defence_period_runs_from_the_deemed_service_of_an_announced_notice(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    decided_on = now.astimezone(CHINA_TZ).date() - dt.timedelta(days=20)
    number = penalty_decision(sessions, "zy.handler", "沾益区花山非金属矿业有限公司", decided_on, "沾应急罚")
    with sessions() as db:  # an enterprise no other blacklist test proposes (one open case each)
        enterprise = db.scalars(
            select(models.Enterprise).where(models.Enterprise.name == "沾益区花山非金属矿业有限公司")
        )
        case = await propose_listing(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "zy.handler"),
            proposal=BlacklistProposal(
                enterprise_id=enterprise.one().id,
                condition="refused_suspension",
                penalty_decision_no=number,
                penalty_decided_on=decided_on,
                facts="责令停产整顿期间擅自组织生产。",
                rules="2023",
            ),
            config=ProcessConfig(),
            now=now,
        )
    announced = await today(time_env)
    await complete(
        sessions,
        client,
        "zy.handler",
        case.id,
        "notice",
        {
            "reasons": "拒不执行停产整顿决定，符合列入严重失信主体名单情形",
            "rights": "可在送达之日起5个工作日内提出陈述、申辩",
            "served_on": announced.isoformat(),
            "service_method": "announcement",
            "service_proof": "公告第5号",
        },
    )
    statement = await open_task(sessions, case.id, "statement")
    assert statement.clock_start_at is not None
    assert statement.clock_start_at.astimezone(CHINA_TZ).date() == announced + dt.timedelta(days=ANNOUNCEMENT_DAYS)
    letter = await document(sessions, case.id, "blacklist_listing_notice")
    record = service_of(sessions, letter.id)
    assert record is not None and record.method == "announcement"
    await record_history(client, case.workflow_id, "blacklist_notice_announced")


async def test_a_document_without_a_service_step_is_served_through_the_case_action(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, time_env)
    await to_penalty(sessions, client, time_env, case.id)
    opinion = await document(sessions, case.id, "reinspection_opinion")
    issued_on = opinion.issued_at.astimezone(CHINA_TZ).date()
    await time_env.sleep(dt.timedelta(days=2))
    form = {"document_id": opinion.id, "method": "electronic", "proof": "电子送达回执 E-2026-88"}
    before = len(events(sessions, case.id))
    with pytest.raises(InvalidInput, match="不能早于文书签发日期"):
        served = (issued_on - dt.timedelta(days=1)).isoformat()
        await act(sessions, client, "ql.handler", case.id, "serve_document", {**form, "served_on": served})
    with pytest.raises(InvalidInput, match="不能晚于今天"):
        served = (await today(time_env) + dt.timedelta(days=1)).isoformat()
        await act(sessions, client, "ql.handler", case.id, "serve_document", {**form, "served_on": served})
    with pytest.raises(Forbidden, match="制发文书的机关"):
        await act(
            sessions, client, "ql.office", case.id, "serve_document", {**form, "served_on": issued_on.isoformat()}
        )
    assert len(events(sessions, case.id)) == before and service_of(sessions, opinion.id) is None

    result = await act(
        sessions, client, "ql.handler", case.id, "serve_document", {**form, "served_on": issued_on.isoformat()}
    )
    assert "电子送达" in result.message and opinion.number in result.message
    with pytest.raises(Conflict, match="不能重复登记"):
        await act(
            sessions, client, "ql.handler", case.id, "serve_document", {**form, "served_on": issued_on.isoformat()}
        )
    record = service_of(sessions, opinion.id)
    assert record is not None and record.served_on == issued_on and record.recorded_by_name
    await record_history(client, case.workflow_id, "rectification_opinion_served")
