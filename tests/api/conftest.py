from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.worker import Worker

from api.app import create_app
from api.state import AppState
from domain.process_config import ProcessConfig
from settings import Settings

Login = Callable[[str], Awaitable[httpx.AsyncClient]]


@pytest.fixture
def attachment_dir(tmp_path: Path) -> Path:
    return tmp_path / "attachments"


@pytest.fixture
async def login(
    sessions: sessionmaker[Session], client: Client, task_queue: str, case_worker: Worker, attachment_dir: Path
) -> AsyncIterator[Login]:
    """Log a demo user in through the API; the returned client sends the CSRF header."""
    state = AppState(
        settings=Settings(task_queue=task_queue, attachment_dir=attachment_dir),
        sessions=sessions,
        temporal=client,
        config=ProcessConfig(),
    )
    app = create_app(state)
    app.state.app = state  # ASGITransport runs no lifespan
    opened: list[httpx.AsyncClient] = []

    async def _login(username: str) -> httpx.AsyncClient:
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
        opened.append(http)
        response = await http.post("/api/v1/session", json={"username": username, "password": "demo1234"})
        assert response.status_code == 200, response.text
        http.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        return http

    yield _login
    for http in opened:
        await http.aclose()


@pytest.fixture
def anonymous(sessions: sessionmaker[Session], client: Client) -> httpx.AsyncClient:
    app = create_app()
    app.state.app = AppState(settings=Settings(), sessions=sessions, temporal=client, config=ProcessConfig())
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
