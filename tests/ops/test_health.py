"""/healthz and /readyz: each failed dependency is named in the body, and the answer is fast."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from api.app import create_app
from api.state import AppState
from domain.process_config import ProcessConfig
from launcher import free_port
from services.ops.health import _timed
from settings import ROOT, Settings
from tests import support
from worker import build_worker


def _http(sessions: sessionmaker[Session], client: Client, **settings: object) -> httpx.AsyncClient:
    state = AppState(settings=Settings(**settings), sessions=sessions, temporal=client, config=ProcessConfig())
    app = create_app(state)
    app.state.app = state
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_liveness_answers_without_login(sessions: sessionmaker[Session], dev_client: Client) -> None:
    async with _http(sessions, dev_client) as http:
        response = await http.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_when_database_migrated_temporal_up_and_worker_polling(
    sessions: sessionmaker[Session], dev_client: Client, task_queue: str
) -> None:
    async with (
        build_worker(dev_client, task_queue, sessions, ProcessConfig()),
        _http(sessions, dev_client, task_queue=task_queue) as http,
    ):
        for _ in range(50):  # the worker's first poll
            response = await http.get("/readyz")
            if response.status_code == 200:
                break
            await asyncio.sleep(0.2)
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ready" and body["problems"] == []
    assert set(body["checks"]) == {"database", "migrations", "temporal", "task_queue"}
    assert all(check["ok"] for check in body["checks"].values())


async def test_not_ready_without_a_worker_on_the_task_queue(
    sessions: sessionmaker[Session], dev_client: Client
) -> None:
    async with _http(sessions, dev_client, task_queue="nobody-polls-this-queue") as http:
        response = await http.get("/readyz")
    body = response.json()
    assert response.status_code == 503
    assert body["checks"]["task_queue"]["ok"] is False
    assert "nobody-polls-this-queue" in body["checks"]["task_queue"]["detail"]
    assert body["checks"]["database"]["ok"] and body["checks"]["migrations"]["ok"] and body["checks"]["temporal"]["ok"]


async def test_not_ready_when_the_database_is_behind_the_code(tmp_path: Path, dev_client: Client) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    command.upgrade(config, "0010")
    async with _http(support.session_factory(url), dev_client) as http:
        response = await http.get("/readyz")
    body = response.json()
    assert response.status_code == 503
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["migrations"]["ok"] is False
    assert "0010" in body["checks"]["migrations"]["detail"]


async def test_not_ready_when_database_and_temporal_are_unreachable(tmp_path: Path) -> None:
    missing = support.session_factory(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.sqlite3'}")
    nowhere = await Client.connect(f"127.0.0.1:{free_port()}", lazy=True)
    async with _http(missing, nowhere) as http:
        response = await http.get("/readyz")
    body = response.json()
    assert response.status_code == 503
    assert {name for name, check in body["checks"].items() if not check["ok"]} == {
        "database",
        "migrations",
        "temporal",
        "task_queue",
    }
    assert len(body["problems"]) == 4


async def test_a_check_that_never_answers_is_cut_off_at_its_bound_and_named() -> None:
    # The bound is asyncio's deadline, not a figure measured against the clock: a hung dependency
    # is reported as such instead of holding /readyz (and the load balancer) open.
    never = asyncio.Event()

    async def hangs() -> str:
        await never.wait()
        return "unreachable"

    check = await _timed("database", hangs, 0.2)
    assert check.ok is False
    assert check.detail == "no answer within 0.2s"


async def test_ready_while_an_old_process_runs_on_a_newer_schema(tmp_path: Path, dev_client: Client) -> None:
    url = f"sqlite:///{tmp_path / 'newer.sqlite3'}"
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    command.upgrade(config, "head")
    sessions = support.session_factory(url)
    with sessions() as db:
        db.execute(text("UPDATE alembic_version SET version_num = '0099'"))  # a later release migrated
        db.commit()
    async with _http(sessions, dev_client) as http:
        body = (await http.get("/readyz")).json()
    assert body["checks"]["migrations"]["ok"] is True
    assert "newer" in body["checks"]["migrations"]["detail"]
