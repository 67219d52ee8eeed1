"""Listed supervision of a major hazard, end to end on the time-skipping server."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from domain.errors import Conflict, Forbidden, InvalidInput
from tests.support import record_history
from tests.workflows.hazard_helpers import (
    LISTING,
    LISTING_PUBLICATION,
    PLAN,
    PUBLICATION,
    UPPER_FILING,
    case_row,
    china_today,
    complete,
    events,
    eventually,
    open_task,
    report,
    serve_notice,
)
from workflows.kernel.patches import PATCH_BUNDLE


async def test_H3_H18_H20_hazard_is_listed_published_rectified_accepted_and_delisted(
    time_env: WorkflowEnvironment,
    client: Client,
    sessions: sessionmaker[Session],
    task_queue: str,
    case_worker: Worker,
) -> None:
    now = await time_env.get_current_time()
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, now)
    listing = await open_task(sessions, case.id, "listing_decision")
    assert listing.role == "office"

    deadline = today + dt.timedelta(days=60)
    await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "listing_decision",
        {**LISTING, "rectification_deadline": deadline.isoformat()},
    )
    assert case_row(sessions, case.id).status == "listed"  # waits for the notice's service (H31)
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
    await serve_notice(sessions, client, case.id, today)
    assert case_row(sessions, case.id).status == "planning"
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "rectification_plan",
        {**PLAN, "plan_deadline": deadline.isoformat()},
    )
    await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "plan_review",
        {"decision": "approve", "opinion": "方案可行"},
    )
    rectification = await open_task(sessions, case.id, "rectification")
    assert rectification.due_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date() >= deadline
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "rectification",
        {
            "completed_on": today.isoformat(),
            "summary": "已更换报警器并联锁",
            "evaluation": "经专家评估合格",
            "workers_congress_reported_on": today.isoformat(),
        },
    )
    await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "acceptance",
        {
            "decision": "pass",
            "accepted_on": today.isoformat(),
            "inspectors": "李四、王五",
            "opinion": "隐患已消除",
        },
    )
    result = await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "delisting_publication",
        {**PUBLICATION, "published_on": today.isoformat()},
    )
    assert result.message == "已办结"

    handle = client.get_workflow_handle(case.workflow_id)
    assert (await handle.result())["status"] == "delisted"
    await record_history(client, case.workflow_id, "hazard_happy_path")
    # A new case takes every patch through the bundle: one patch marker, one version upsert.
    history = await handle.fetch_history()
    markers = [
        e.marker_recorded_event_attributes for e in history.events if e.HasField("marker_recorded_event_attributes")
    ]
    patch_ids = [
        json.loads(m.details["patch-data"].payloads[0].data)["id"] for m in markers if m.marker_name == "core_patch"
    ]
    assert patch_ids == [PATCH_BUNDLE]
    row = case_row(sessions, case.id)
    assert row.status == "delisted" and row.closed and row.due_at is None
    kinds = [e.kind for e in events(sessions, case.id)]
    assert kinds.count("task_completed") == 8
    assert "overdue" not in kinds


async def test_refused_updates_record_nothing(
    time_env: WorkflowEnvironment,
    client: Client,
    sessions: sessionmaker[Session],
    task_queue: str,
    case_worker: Worker,
) -> None:
    now = await time_env.get_current_time()
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, now)
    await open_task(sessions, case.id, "listing_decision")
    before = len(events(sessions, case.id))
    form = {**LISTING, "rectification_deadline": (today + dt.timedelta(days=30)).isoformat()}

    with pytest.raises(Forbidden):  # the handler's bureau is not the listing office
        await complete(sessions, client, "ql.handler", case.id, "listing_decision", form)
    with pytest.raises(InvalidInput, match="整改期限"):  # a deadline in the past
        await complete(
            sessions,
            client,
            "ql.office",
            case.id,
            "listing_decision",
            {**form, "rectification_deadline": "2020-01-01"},
        )
    with pytest.raises(InvalidInput, match="督办事项"):
        await complete(sessions, client, "ql.office", case.id, "listing_decision", {**form, "supervision_matters": ""})
    assert len(events(sessions, case.id)) == before

    await complete(sessions, client, "ql.office", case.id, "listing_decision", form)
    listing = case_row(sessions, case.id)
    assert listing.status == "listed"  # the plan waits for the notice's service (H31)
    # The supervision notice is issued and numbered by the system (it was typed by hand).
    await eventually(lambda: "notice_no" in case_row(sessions, case.id).details)
    assert re.fullmatch(r"麒安委办督〔\d{4}〕\d+号", case_row(sessions, case.id).details["notice_no"])
    from sqlalchemy import select

    from db import models
    from services import case_actions
    from tests.support import principal

    with sessions() as db:
        done_task = db.scalars(
            select(models.Task).where(models.Task.case_id == case.id, models.Task.step == "listing_decision")
        ).one()
        with pytest.raises(Conflict, match="已办结"):
            await case_actions.complete_task(
                db=db,
                client=client,
                principal=principal(sessions, "ql.office"),
                task_id=done_task.id,
                form=form,
            )
    await client.get_workflow_handle(case.workflow_id).terminate("test over")
