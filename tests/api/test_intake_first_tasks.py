"""Intake answers with the case's first task (Update-with-Start): no client polls for it."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode
from temporalio.worker import Worker

from api.app import create_app
from api.state import AppState
from db import models
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from services.case_start import start_case_workflow
from settings import Settings
from tests.api.conftest import Login
from tests.workflows.hazard_helpers import LISTING
from workflows.hazard_supervision import HazardSupervisionWorkflow


def _report(sessions: sessionmaker[Session], **changes: object) -> dict[str, object]:
    with sessions() as db:
        enterprise_id = db.scalars(
            select(models.Enterprise.id).where(models.Enterprise.jurisdiction_code == "530302")
        ).first()
    return {
        "enterprise_id": enterprise_id,
        "title": "储罐区报警器失效",
        "description": "储罐区可燃气体报警器失效，未与紧急切断联锁。",
        "grade": 4,
        "source": "inspection",
        "found_on": dt.datetime.now(CHINA_TZ).date().isoformat(),
        **changes,
    }


class WithoutUpdateWithStart:
    """A Temporal client whose server refuses Update-with-Start (ExecuteMultiOperation disabled)."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    async def start_update_with_start_workflow(self, *_args: Any, **_kwargs: Any) -> Any:
        raise RPCError("ExecuteMultiOperation API is disabled", RPCStatusCode.UNIMPLEMENTED, b"")


@pytest.fixture
async def old_server_handler(
    sessions: sessionmaker[Session], client: Client, task_queue: str, case_worker: Worker, tmp_path: Path
) -> AsyncIterator[httpx.AsyncClient]:
    state = AppState(
        settings=Settings(task_queue=task_queue, attachment_dir=tmp_path / "attachments"),
        sessions=sessions,
        temporal=WithoutUpdateWithStart(client),  # type: ignore[arg-type]
        config=ProcessConfig(),
    )
    app = create_app(state)
    app.state.app = state
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        response = await http.post("/api/v1/session", json={"username": "ql.handler", "password": "demo1234"})
        http.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        yield http


async def test_hazard_intake_answers_with_its_first_task(login: Login, sessions: sessionmaker[Session]) -> None:
    handler = await login("ql.handler")
    office = await login("ql.office")

    created = await handler.post("/api/v1/hazards", json=_report(sessions))

    assert created.status_code == 201, created.text
    body = created.json()
    [task] = body["tasks"]
    assert task["step"] == "listing_decision" and task["kind"] == "step" and task["due_at"] is not None
    # The opening is written before the answer: the case page shows the same task, with its clock.
    page = (await handler.get(f"/api/v1/cases/{body['id']}")).json()
    [shown] = [t for t in page["tasks"] if t["status"] == "open"]
    assert shown["id"] == task["id"] and dt.datetime.fromisoformat(shown["due_at"]) == dt.datetime.fromisoformat(
        task["due_at"]
    )
    today = dt.datetime.now(CHINA_TZ).date()
    form = {**LISTING, "rectification_deadline": (today + dt.timedelta(days=90)).isoformat()}
    done = await office.post(f"/api/v1/tasks/{task['id']}/complete", json={"form": form})
    assert done.status_code == 200, done.text


async def test_a_hazard_closed_at_intake_answers_with_no_task(login: Login, sessions: sessionmaker[Session]) -> None:
    handler = await login("ql.handler")

    created = await handler.post("/api/v1/hazards", json=_report(sessions, grade=0))  # 一般: recorded, not listed

    assert created.status_code == 201, created.text
    assert created.json()["tasks"] == []


async def test_a_retried_start_joins_the_running_case(
    login: Login, sessions: sessionmaker[Session], client: Client
) -> None:
    """The workflow id is the case's and the start uses USE_EXISTING: starting the same case again
    (a retried call) joins its workflow and its Update instead of starting a second one."""
    handler = await login("ql.handler")
    created = (await handler.post("/api/v1/hazards", json=_report(sessions))).json()
    with sessions() as db:
        case = db.get(models.Case, created["id"])
        assert case is not None
        run_id = (await client.get_workflow_handle(case.workflow_id).describe()).run_id
        again = await start_case_workflow(
            db, client, case, HazardSupervisionWorkflow.run, None, task_queue="unused-by-a-running-case"
        )
        assert (await client.get_workflow_handle(case.workflow_id).describe()).run_id == run_id
    assert again is not None and [t.task_id for t in again] == [t["id"] for t in created["tasks"]]


async def test_a_server_without_update_with_start_still_starts_the_case(
    old_server_handler: httpx.AsyncClient, sessions: sessionmaker[Session]
) -> None:
    created = await old_server_handler.post("/api/v1/hazards", json=_report(sessions))

    assert created.status_code == 201, created.text
    assert created.json()["tasks"] is None  # not known: the client reads the case instead
    with sessions() as db:
        case = db.get(models.Case, created.json()["id"])
        assert case is not None and case.workflow_id
