"""F11: every call from the web to Temporal has a deadline. A step sent while no worker runs
answers 503 with Retry-After within the configured time, saying it may have been taken; a case
created while the Temporal server is unreachable answers 503 and leaves no row behind."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from api.state import AppState
from db import models
from db.organisation_queries import org_in
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from domain.roles import OrgType
from services.temporal_client import DATA_CONVERTER
from settings import Settings
from tests import support

TIMEOUT = 2.0  # the test's deadline on Temporal calls (production: 15 s)
# An answer within the production default proves the configured 2 s deadline ended the call (without
# it the call would wait 15 s; the old code never answered). The 13 s between them absorb a loaded
# CI machine (both databases' xdist workers on two cores), where a 5 s margin did not.
WITHIN = Settings.model_fields["temporal_call_timeout_seconds"].default
assert TIMEOUT * 5 <= WITHIN
OWN_ENTERPRISE = "麒麟区宏达建材有限公司"


async def _signed_in(sessions: sessionmaker[Session], temporal: Client) -> AsyncIterator[httpx.AsyncClient]:
    state = AppState(
        settings=Settings(temporal_call_timeout_seconds=TIMEOUT, task_queue=f"nobody-{uuid.uuid4().hex[:8]}"),
        sessions=sessions,
        temporal=temporal,
        config=ProcessConfig(),
    )
    app = create_app(state)
    app.state.app = state
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        response = await http.post("/api/v1/session", json={"username": "ql.handler", "password": "demo1234"})
        assert response.status_code == 200
        http.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        yield http


@pytest.fixture
async def without_worker(
    sessions: sessionmaker[Session], time_env: WorkflowEnvironment
) -> AsyncIterator[httpx.AsyncClient]:
    async for http in _signed_in(sessions, time_env.client):
        yield http


@pytest.fixture
async def unreachable(sessions: sessionmaker[Session]) -> AsyncIterator[httpx.AsyncClient]:
    """A client connected while its server ran, then the server stopped (an outage)."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=support.binary("temporal-test-server"), data_converter=DATA_CONVERTER
    )
    client = env.client
    await env.shutdown()
    async for http in _signed_in(sessions, client):
        yield http


def _case_with_open_task(sessions: sessionmaker[Session]) -> tuple[str, str]:
    """A case whose workflow exists but is never run (no worker polls its queue), with one open step."""
    suffix = uuid.uuid4().hex[:8]
    now = dt.datetime.now(dt.UTC)
    with sessions.begin() as db:
        bureau = org_in(db, "530302", OrgType.EMERGENCY_BUREAU)
        assert bureau is not None
        path = db.scalars(select(models.Jurisdiction.path).where(models.Jurisdiction.code == "530302")).one()
        case = models.Case(
            case_no=f"F11-{suffix}",
            workflow_id=f"f11-{suffix}",
            process="hazard",
            title="无工作进程",
            status="listing",
            jurisdiction_code="530302",
            jurisdiction_path=path,
            created_at=now,
            updated_at=now,
            details={},
        )
        db.add(case)
        db.flush()
        task_id = f"{case.workflow_id}-t1"
        db.add(
            models.Task(
                id=task_id,
                case_id=case.id,
                step="listing_decision",
                title="挂牌督办决定",
                kind="step",
                org_id=bureau.id,
                role="handler",
                status="open",
                opened_at=now,
                due_at=now + dt.timedelta(days=5),
                deadline_rule="hazard.listing_decision",
                deadline_basis="",
                due_explanation="",
                outcome={},
                clock_state="running",
                waiting_on="",
                suspended_seconds=0,
                extension_count=0,
            )
        )
        return case.workflow_id, task_id


async def test_a_step_sent_while_no_worker_runs_answers_503_within_the_deadline(
    without_worker: httpx.AsyncClient, time_env: WorkflowEnvironment, sessions: sessionmaker[Session]
) -> None:
    workflow_id, task_id = _case_with_open_task(sessions)
    handle = await time_env.client.start_workflow(
        "HazardSupervisionWorkflow", "never run", id=workflow_id, task_queue=f"no-worker-{uuid.uuid4().hex[:8]}"
    )
    try:
        started = time.monotonic()
        response = await asyncio.wait_for(
            without_worker.post(f"/api/v1/tasks/{task_id}/complete", json={"form": {"decision": "list"}}),
            timeout=TIMEOUT + 20,  # old code: no answer at all
        )
        elapsed = time.monotonic() - started
    finally:
        await handle.terminate("test finished")
    assert response.status_code == 503, response.text
    assert elapsed < WITHIN
    assert response.headers["Retry-After"] == "30"
    body = response.json()
    assert body["error"] == "unavailable" and body["may_have_happened"] is True
    assert body["message"].startswith("系统繁忙，本次操作未能确认是否已提交，请稍后刷新查看后再试")


async def test_a_step_sent_from_the_page_while_no_worker_runs_answers_503_within_the_deadline(
    without_worker: httpx.AsyncClient, time_env: WorkflowEnvironment, sessions: sessionmaker[Session]
) -> None:
    workflow_id, task_id = _case_with_open_task(sessions)
    with sessions() as db:
        case_id = db.scalars(select(models.Case.id).where(models.Case.workflow_id == workflow_id)).one()
    handle = await time_env.client.start_workflow(
        "HazardSupervisionWorkflow", "never run", id=workflow_id, task_queue=f"no-worker-{uuid.uuid4().hex[:8]}"
    )
    try:
        started = time.monotonic()
        response = await asyncio.wait_for(
            without_worker.post(
                f"/cases/{case_id}/tasks/{task_id}/complete",
                data={"csrf_token": without_worker.headers["X-CSRF-Token"], "decision": "not_list", "reason": "r"},
            ),
            timeout=TIMEOUT + 20,
        )
        elapsed = time.monotonic() - started
    finally:
        await handle.terminate("test finished")
    assert response.status_code == 503, response.text[:300]
    assert elapsed < WITHIN
    assert response.headers["Retry-After"] == "30"
    assert "系统繁忙，本次操作未能确认是否已提交" in response.text


async def test_case_creation_while_temporal_is_unreachable_answers_503_and_leaves_no_row(
    unreachable: httpx.AsyncClient, sessions: sessionmaker[Session]
) -> None:
    with sessions() as db:
        enterprise_id = db.scalar(select(models.Enterprise.id).where(models.Enterprise.name == OWN_ENTERPRISE))
        before = db.scalar(select(func.count()).select_from(models.Case))
    yesterday = (dt.datetime.now(CHINA_TZ).date() - dt.timedelta(days=1)).isoformat()
    started = time.monotonic()
    response = await asyncio.wait_for(
        unreachable.post(
            "/api/v1/hazards",
            json={
                "enterprise_id": enterprise_id,
                "title": "脚手架防护缺失",
                "description": "现场检查发现",
                "grade": 2,
                "source": "inspection",
                "found_on": yesterday,
            },
        ),
        timeout=TIMEOUT + 20,
    )
    assert response.status_code == 503, response.text
    assert time.monotonic() - started < WITHIN
    assert response.headers["Retry-After"] == "30"
    assert "本次立案未成功，未保存任何内容" in response.json()["message"]
    with sessions() as db:
        assert db.scalar(select(func.count()).select_from(models.Case)) == before
