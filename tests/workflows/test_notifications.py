"""The message centre against real cases: a new task, a return, a reminder, an escalation and a
催办 each reach the inbox they concern, once, on the page, by e-mail and by SMS."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from db.notification_models import Notification
from services.notifications import messages
from services.notifications.channels import Channels, FileSmsSink, SmtpEmail
from services.notifications.dispatch import run_once
from tests.smtp_sink import smtp_sink
from tests.support import principal
from tests.workflows.hazard_helpers import (
    LISTING,
    LISTING_PUBLICATION,
    PLAN,
    UPPER_FILING,
    china_today,
    complete,
    complete_task_id,
    eventually,
    open_task,
    report,
    serve_notice,
    tasks_of,
    to_rectification,
)


def _notices(sessions: sessionmaker[Session], case_id: int) -> list[Notification]:
    with sessions() as db:
        return list(db.scalars(select(Notification).where(Notification.case_id == case_id).order_by(Notification.id)))


def _users(sessions: sessionmaker[Session], org_id: int, role: str) -> set[int]:
    with sessions() as db:
        query = select(models.User.id).where(
            models.User.org_id == org_id, models.User.role == role, models.User.is_active.is_(True)
        )
        return set(db.scalars(query))


async def test_new_task_and_return_reach_the_inbox_once_with_the_return_opinion(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, now)
    listing = await open_task(sessions, case.id, "listing_decision")
    run_once(sessions, Channels(), dt.datetime.now(dt.UTC), "test")
    first = [n for n in _notices(sessions, case.id) if n.task_id == listing.id]
    assert {n.user_id for n in first} == _users(sessions, listing.org_id, listing.role)
    assert all(n.kind == "task" and n.title == f"新待办：{listing.title}" for n in first)
    run_once(sessions, Channels(), dt.datetime.now(dt.UTC), "another web process")
    assert len([n for n in _notices(sessions, case.id) if n.task_id == listing.id]) == len(first)  # nobody twice

    deadline = today + dt.timedelta(days=90)
    await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "listing_decision",
        {**LISTING, "rectification_deadline": deadline.isoformat()},
    )
    await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "listing_publication",
        {**LISTING_PUBLICATION, "published_on": today.isoformat()},
    )
    await complete(
        sessions, client, "ql.office", case.id, "upper_filing", {**UPPER_FILING, "filed_on": today.isoformat()}
    )
    await serve_notice(sessions, client, case.id, today)  # the plan's clock runs from the notice's service

    plan_task = await open_task(sessions, case.id, "rectification_plan")
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "rectification_plan",
        {**PLAN, "plan_deadline": deadline.isoformat()},
    )
    await complete(
        sessions, client, "ql.office", case.id, "plan_review", {"decision": "return", "opinion": "经费来源不明确"}
    )
    await eventually(
        lambda: any(
            t.step == "rectification_plan" and t.status == "open" and t.id != plan_task.id
            for t in tasks_of(sessions, case.id)
        )
    )
    run_once(sessions, Channels(), dt.datetime.now(dt.UTC), "test")
    returned = [n for n in _notices(sessions, case.id) if n.kind == "returned"]
    assert returned and all("退回意见：经费来源不明确" in n.body for n in returned)
    handler = principal(sessions, "ql.handler").user_id
    assert handler in {n.user_id for n in returned}
    with sessions() as db:
        assert messages.unread_count(db, handler) >= len([n for n in returned if n.user_id == handler])
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_reminder_escalation_and_urge_are_mailed_and_texted_to_the_overdue_inbox(
    time_env: WorkflowEnvironment,
    client: Client,
    sessions: sessionmaker[Session],
    task_queue: str,
    case_worker: Worker,
    tmp_path: Path,
) -> None:
    now = await time_env.get_current_time()
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, now)
    await to_rectification(sessions, client, case.id, today, today + dt.timedelta(days=60))
    rectification = await open_task(sessions, case.id, "rectification")
    addressees = _users(sessions, rectification.org_id, rectification.role)
    assert addressees
    with sessions() as db:
        for user_id in addressees:
            messages.save_settings(
                db,
                user_id,
                email=f"user{user_id}@example.gov.cn",
                mobile="13800000000",
                channels={"reminder": (True, False), "escalated": (True, True), "urged": (True, True)},
            )

    await time_env.sleep(dt.timedelta(days=70))
    city = principal(sessions, "qj.office").org_id
    await eventually(lambda: any(t.kind == "supervision" and t.org_id == city for t in tasks_of(sessions, case.id)))
    supervision = next(t for t in tasks_of(sessions, case.id) if t.kind == "supervision" and t.org_id == city)
    await complete_task_id(sessions, client, "qj.office", supervision.id, {"decision": "urge", "reason": "请立即整改"})

    sms_file = tmp_path / "sms.jsonl"
    with smtp_sink() as box:
        channels = Channels(email=SmtpEmail(box.host, box.port, "noreply@example.gov.cn"), sms=FileSmsSink(sms_file))
        report_ = run_once(sessions, channels, dt.datetime.now(dt.UTC), "test")
        assert not report_.failed
        again = run_once(sessions, channels, dt.datetime.now(dt.UTC), "test")
        assert again.emailed == 0 and again.texted == 0  # each message goes out once

    notices = [n for n in _notices(sessions, case.id) if n.task_id == rectification.id]
    kinds = {n.kind for n in notices}
    assert {"reminder", "escalated", "urged"} <= kinds, kinds
    assert len(box.received) >= 3, [r.message["Subject"] for r in box.received]
    urged = [n for n in notices if n.kind == "urged"]
    assert {n.user_id for n in urged} == addressees
    assert all("曲靖市" in n.body and "请立即整改" in n.body for n in urged)
    # The city office itself got its supervision task as a new task.
    assert any(n.kind == "task" and n.task_id == supervision.id for n in _notices(sessions, case.id))

    subjects = [r.message["Subject"] for r in box.received]
    assert any(s.startswith("【催办】") for s in subjects) and any(s.startswith("【期限提醒】") for s in subjects)
    urge_mails = [r for r in box.received if r.message["Subject"].startswith("【催办】")]
    assert all(r.recipients[0].endswith("@example.gov.cn") for r in urge_mails)
    assert any(f"/cases/{case.id}#task-{rectification.id}" in r.message.get_content() for r in urge_mails)
    texts = [json.loads(line) for line in sms_file.read_text(encoding="utf-8").splitlines()]
    assert {t["mobile"] for t in texts} == {"13800000000"}
    assert any("催办" in t["text"] for t in texts) and not any("期限提醒" in t["text"] for t in texts)  # no SMS chosen
    with sessions() as db:
        sent = [db.get(Notification, n.id) for n in urged]
        assert all(n is not None and n.email_state == "sent" and n.sms_state == "sent" for n in sent)
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_a_refusing_mail_server_leaves_the_notice_failed_and_on_the_page(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await report(sessions, client, task_queue, now)
    listing = await open_task(sessions, case.id, "listing_decision")
    office = principal(sessions, "ql.office").user_id
    with sessions() as db:
        messages.save_settings(db, office, email="office@example.gov.cn", mobile="", channels={"task": (True, False)})
    with smtp_sink() as box:
        box.refuse = True
        result = run_once(
            sessions,
            Channels(email=SmtpEmail(box.host, box.port, "noreply@example.gov.cn")),
            dt.datetime.now(dt.UTC),
            "t",
        )
    mine = [n for n in _notices(sessions, case.id) if n.user_id == office and n.task_id == listing.id]
    assert len(mine) == 1 and mine[0].email_state == "failed" and "554" in mine[0].delivery_error
    assert result.failed and mine[0].read_at is None
    await client.get_workflow_handle(case.workflow_id).terminate("test over")
