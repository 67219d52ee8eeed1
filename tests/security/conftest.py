from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.state import AppState
from domain.process_config import ProcessConfig
from settings import Settings
from tests import support


def make_pages(database_url: str, settings: Settings | None = None) -> TestClient:
    """The app without Temporal: pages and API calls that never reach a workflow."""
    state = AppState(
        settings=settings or Settings(),
        sessions=support.session_factory(database_url),
        temporal=None,  # type: ignore[arg-type]
        config=ProcessConfig(),
    )
    app = create_app(state)
    app.state.app = state
    return TestClient(app)


@pytest.fixture
def pages(database_url: str) -> TestClient:
    return make_pages(database_url)


def page_login(pages: TestClient, username: str) -> str:
    """Sign a demo user in through the login form; returns the session's CSRF token."""
    response = support.post_login(pages, username, follow_redirects=False)
    assert response.status_code == 303, response.text
    session = pages.get("/api/v1/session")
    assert session.status_code == 200
    token: str = session.json()["csrf_token"]
    return token
