"""Bulletins (通报, 警示) and the case bulletin (案情通报) on the time-skipping server: the head's
approval (only a head), a return for revision, the number, acknowledgement by each named body
(overdue escalates), the rectification reports and their verification; the case bulletin's
figures from the system's data and the liaisons' acknowledgement."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain.bulletin import BulletinDraft
from domain.errors import Forbidden
from domain.legal_calendar import CHINA_TZ
from services.bulletin_intake import draft_bulletin
from services.case_actions import visible_case
from services.document_pdf import render_pdf
from tests.support import fact_day, principal, record_history
from tests.workflows.hazard_helpers import (
    case_row,
    complete,
    complete_task_id,
    events,
    open_task,
    sleep_past_due,
    tasks_of,
)


def org_id(sessions: sessionmaker[Session], username: str) -> int:
    return principal(sessions, username).org_id


async def draft(
    sessions: sessionmaker[Session], client: Client, task_queue: str, now: dt.datetime, username: str, **fields: Any
) -> models.Case:
    with sessions() as db:
        return await draft_bulletin(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, username),
            draft=BulletinDraft.model_validate(fields),
            now=now,
        )


def documents_of(sessions: sessionmaker[Session], case_id: int) -> list[models.Document]:
    with sessions() as db:
        return list(db.scalars(select(models.Document).where(models.Document.case_id == case_id)))


async def test_criticism_is_approved_numbered_acknowledged_and_its_rectification_verified(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    today = now.astimezone(CHINA_TZ).date()
    ql, zy = org_id(sessions, "ql.office"), org_id(sessions, "zy.office")
    due = today + dt.timedelta(days=30)
    case = await draft(
        sessions,
        client,
        task_queue,
        now,
        "qj.office",
        kind="criticism",
        subject="麒麟区、沾益区重大事故隐患整改不力",
        facts="两区挂牌督办的重大事故隐患逾期未整改。",
        recipients=[ql, zy],
        rectification="逐项整改逾期隐患并追究责任",
        rectification_deadline=due.isoformat(),
        public=True,
    )
    approval = await open_task(sessions, case.id, "approval")
    # Only a head approves: the office's own staff and the bureau's handler are refused.
    for username in ("qj.office", "qj.handler"):
        with pytest.raises(Forbidden):
            await complete(sessions, client, username, case.id, "approval", {"decision": "approve", "opinion": ""})
    await complete(sessions, client, "qj.head", case.id, "approval", {"decision": "return", "opinion": "补充事实"})
    await complete(
        sessions, client, "qj.office", case.id, "revision", {"facts": "两区共3项隐患逾期未整改。", "note": ""}
    )
    assert approval.id != (await open_task(sessions, case.id, "approval")).id
    await complete(sessions, client, "qj.head", case.id, "approval", {"decision": "approve", "opinion": "同意"})

    await open_task(sessions, case.id, "acknowledgement")
    (document,) = documents_of(sessions, case.id)
    year = today.year
    assert document.number.startswith(f"曲安委办通〔{year}〕") and "两区共3项隐患" in document.html
    assert render_pdf(document.html, document.sha256).startswith(b"%PDF")
    details = case_row(sessions, case.id).details
    assert details["number"] == document.number and case_row(sessions, case.id).status == "issued"
    # The named bodies see their own acknowledgement task.
    acks = {t.org_id: t for t in tasks_of(sessions, case.id) if t.step == "acknowledgement"}
    assert set(acks) == {ql, zy}
    ack = {"acknowledged_on": today.isoformat()}
    with pytest.raises(Forbidden):  # a named body sees the bulletin, not another body's task to act on
        await complete_task_id(sessions, client, "zy.office", acks[ql].id, ack)
    await complete_task_id(sessions, client, "ql.office", acks[ql].id, ack)
    # 沾益区 lets its acknowledgement pass: the office above supervises it.
    await sleep_past_due(time_env, sessions, case.id, "acknowledgement")
    await open_task(sessions, case.id, "supervision")
    acked_on = (await time_env.get_current_time()).astimezone(CHINA_TZ).date().isoformat()
    await complete_task_id(sessions, client, "zy.office", acks[zy].id, {"acknowledged_on": acked_on})

    await open_task(sessions, case.id, "rectification_report")
    assert case_row(sessions, case.id).status == "rectifying"
    reports = [t for t in tasks_of(sessions, case.id) if t.step == "rectification_report"]
    assert {t.org_id for t in reports} == {ql, zy}
    for _ in range(2):
        task = await open_task(sessions, case.id, "rectification_report")
        reporter = "ql.office" if task.org_id == ql else "zy.office"
        report = {"reported_on": acked_on, "measures": "已完成3项隐患整改"}
        await complete(sessions, client, reporter, case.id, "rectification_report", report)
        verdict = {"decision": "accepted", "opinion": "整改到位"}
        await complete(sessions, client, "qj.office", case.id, "verification", verdict)
    result = await client.get_workflow_handle(case.workflow_id).result()
    assert result["status"] == "closed" and result["number"] == document.number
    kinds = [e.kind for e in events(sessions, case.id)]
    assert kinds.count("acknowledged") == 2 and kinds.count("rectification_verified") == 2
    await record_history(client, case.workflow_id, "bulletin_criticism")


async def test_T29_case_bulletin_counts_transfers_and_is_shared_only_with_its_liaisons(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    today = fact_day(now)
    period = {"period_start": (today - dt.timedelta(days=3650)).isoformat(), "period_end": today.isoformat()}
    with pytest.raises(ValidationError, match="通报期间"):
        bad = {**period, "period_end": (today + dt.timedelta(days=1)).isoformat()}
        await draft(
            sessions, client, task_queue, now, "ql.handler", kind="case_bulletin", subject="x", facts="x", **bad
        )
    with pytest.raises(Forbidden):
        await draft(
            sessions, client, task_queue, now, "ql.office", kind="case_bulletin", subject="x", facts="x", **period
        )
    case = await draft(
        sessions, client, task_queue, now, "ql.handler", kind="case_bulletin", subject="本年度案情", facts="", **period
    )
    figures_at_draft = case_row(sessions, case.id).details
    await complete(sessions, client, "ql.head", case.id, "approval", {"decision": "approve", "opinion": ""})
    await open_task(sessions, case.id, "acknowledgement")
    (document,) = documents_of(sessions, case.id)
    assert "案通〔" in document.number and "移送" in document.html
    assert render_pdf(document.html, document.sha256).startswith(b"%PDF")  # every glyph in the shipped fonts
    with sessions() as db:
        transferred = db.scalar(
            select(models.CaseEvent.id)
            .join(models.Case, models.Case.id == models.CaseEvent.case_id)
            .where(models.Case.jurisdiction_code == "530302", models.CaseEvent.kind == "transferred")
            .limit(1)
        )
    assert ("移送0件" in document.html) == (transferred is None)
    assert figures_at_draft["period"]
    # The case keeps the figures the document prints, for the case page the liaisons read.
    assert (figures_at_draft["figures"]["transferred"] == 0) == (transferred is None)
    for username in ("ql.police", "ql.procurator"):
        with sessions() as db:
            assert visible_case(db, principal(sessions, username), case.id).id == case.id
        await complete(sessions, client, username, case.id, "acknowledgement", {"acknowledged_on": today.isoformat()})
    # Another level's liaison is given nothing.
    with sessions() as db, pytest.raises(Exception, match="不存在"):
        visible_case(db, principal(sessions, "zy.police"), case.id)
    result = await client.get_workflow_handle(case.workflow_id).result()
    assert result["status"] == "closed"
    await record_history(client, case.workflow_id, "bulletin_case_bulletin")
