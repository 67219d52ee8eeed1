"""Legal fidelity of the contested rectification (audit 2026-12 §1.1, §3.7): each test is named
after the audit rule it proves and fails on the code before the fix."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from domain.legal_calendar import CHINA_TZ
from tests.support import record_history
from tests.workflows.hazard_helpers import case_row, complete, open_task, tasks_of
from tests.workflows.test_rectification import document, start, to_penalty, today

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
    assert statement.due_at.astimezone(CHINA_TZ).date() > deemed + dt.timedelta(days=6)
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
