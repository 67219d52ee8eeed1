"""Idle timeout and signing out everywhere (security probe F13, sessions).

A session unused for `session_idle_minutes` ends, whatever its absolute lifetime; activity moves it
on, with `last_seen_at` written at most once a minute. A user can end every one of its sessions.
"""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from db import models
from services import auth
from settings import Settings
from tests.security.conftest import make_pages, page_login


class Clock:
    """The clock of the session checks (API and pages), moved by the test."""

    def __init__(self) -> None:
        self.at = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, minutes: float) -> None:
        self.at += dt.timedelta(minutes=minutes)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    for where in ("api.deps.now", "api.routes.session.now", "web.console.common.now"):
        monkeypatch.setattr(where, fake)
    return fake


def _signed_in(database_url: str, idle_minutes: int = 30) -> TestClient:
    client = make_pages(database_url, Settings(session_idle_minutes=idle_minutes))
    page_login(client, "ql.handler")
    return client


def test_a_session_ends_after_the_idle_period(database_url: str, clock: Clock) -> None:
    client = _signed_in(database_url)
    clock.advance(29)
    assert client.get("/api/v1/session").status_code == 200
    clock.advance(31)
    assert client.get("/api/v1/session").status_code == 401, "29 + 31 minutes: 31 idle since the last request"
    page = client.get("/inbox", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_activity_keeps_a_session_alive_until_the_absolute_lifetime(database_url: str, clock: Clock) -> None:
    client = _signed_in(database_url)
    for _ in range(35):  # 35 × 20 minutes = 11 h 40 min of steady work
        clock.advance(20)
        assert client.get("/inbox").status_code == 200
    clock.advance(25)  # 12 h 5 min: past the absolute lifetime though active 25 minutes ago
    assert client.get("/api/v1/session").status_code == 401


def test_last_seen_is_written_at_most_once_a_minute(
    database_url: str, sessions: sessionmaker[Session], clock: Clock
) -> None:
    client = _signed_in(database_url)
    token = client.cookies["anquan_session"]

    def last_seen() -> dt.datetime | None:
        with sessions() as db:
            row = db.get(models.WebSession, auth._hash_token(token))
            assert row is not None
            return row.last_seen_at

    first = last_seen()
    clock.advance(0.5)
    client.get("/api/v1/session")
    assert last_seen() == first  # half a minute later: no write
    clock.advance(1)
    client.get("/api/v1/session")
    assert last_seen() == clock.at


def test_signing_out_everywhere_ends_every_session_of_the_user(database_url: str) -> None:
    desk, phone, colleague = make_pages(database_url), make_pages(database_url), make_pages(database_url)
    csrf = page_login(desk, "ql.office")
    page_login(phone, "ql.office")
    page_login(colleague, "qj.office")
    refused = desk.delete("/api/v1/session/all")
    assert refused.status_code == 403  # the CSRF token is required
    assert desk.delete("/api/v1/session/all", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert desk.get("/api/v1/session").status_code == 401
    assert phone.get("/api/v1/session").status_code == 401
    assert colleague.get("/api/v1/session").status_code == 200  # another user's session stays

    # The page's button does the same.
    csrf = page_login(desk, "ql.office")
    page_login(phone, "ql.office")
    assert 'action="/logout/all"' in desk.get("/inbox").text
    response = desk.post("/logout/all", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert phone.get("/api/v1/session").status_code == 401
