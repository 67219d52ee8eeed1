"""Login throttling without account lockout (security probe F4).

Failures are counted per (user name, client address): an attacker hammering an account from one
address is slowed down with growing delays (429 with Retry-After), while the owner signs in from
another address, or from an address without failures, as usual. Unknown and existing accounts
get the same answers in the same order, so the throttle tells nobody which accounts exist.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.routes import session as session_routes
from db import models
from settings import Settings
from tests import support
from tests.security.conftest import make_pages

PASSWORD = "demo1234"
# The tests pick the client's address through the trusted-proxy mechanism (TestClient's peer).
BEHIND_PROXY = {"trusted_proxies": "testclient"}


class Clock:
    """The login routes' clock, moved by the test."""

    def __init__(self) -> None:
        self.at = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock()
    monkeypatch.setattr(session_routes, "now", fake)
    yield fake


def _address() -> dict[str, str]:
    n = uuid.uuid4().int
    return {"X-Forwarded-For": f"198.18.{n % 250}.{(n >> 8) % 250 + 1}"}


def _user(sessions: sessionmaker[Session]) -> str:
    with sessions.begin() as db:
        org = db.scalars(select(models.User.org_id).where(models.User.username == "ql.handler")).one()
        name = f"throttle-{uuid.uuid4().hex[:8]}"
        db.add(
            models.User(
                username=name,
                display_name="限速测试",
                password_hash=PasswordHasher().hash(PASSWORD),
                org_id=org,
                role="handler",
            )
        )
    return name


def _login(client: TestClient, username: str, password: str, address: dict[str, str]) -> tuple[int, str, str]:
    response = client.post("/api/v1/session", json={"username": username, "password": password}, headers=address)
    body = response.json()
    return response.status_code, str(body.get("message", "")), response.headers.get("retry-after", "")


def test_unknown_and_existing_accounts_get_identical_answers(
    database_url: str, sessions: sessionmaker[Session], clock: Clock
) -> None:
    """Ten wrong passwords for an account that exists and for one that does not, each from its own
    address: the same statuses, messages and waits, try after try."""
    client = make_pages(database_url, Settings(**BEHIND_PROXY))  # type: ignore[arg-type]
    existing, unknown = _user(sessions), f"nobody-{uuid.uuid4().hex[:8]}"
    seen: dict[str, list[tuple[int, str, str]]] = {existing: [], unknown: []}
    for _ in range(10):
        for username in (existing, unknown):
            seen[username].append(_login(client, username, "wrong", {"X-Forwarded-For": f"192.0.2.{len(username)}"}))
        clock.advance(1)
    assert seen[existing] == seen[unknown], f"existing: {seen[existing]}\nunknown: {seen[unknown]}"
    assert all("锁定" not in message for _status, message, _wait in seen[existing])
    assert {status for status, _m, _w in seen[existing]} == {403, 429}


def test_an_attacker_at_one_address_does_not_lock_the_owner_out(database_url: str, clock: Clock) -> None:
    """An attacker at address A hammers `ql.police`; its owner still signs in from address B, and
    from an address C that made no mistakes."""
    client = make_pages(database_url, Settings(**BEHIND_PROXY))  # type: ignore[arg-type]
    attacker = _address()
    answers = []
    for _ in range(12):
        answers.append(_login(client, "ql.police", "guess", attacker)[0])
        clock.advance(1)
    assert 429 in answers, f"the attacker at A is never slowed down: {answers}"
    owner = _login(client, "ql.police", PASSWORD, {"X-Forwarded-For": "203.0.113.77"})
    assert owner[0] == 200, f"the owner at B is refused: {owner}"
    colleague_desk = _login(client, "ql.police", PASSWORD, _address())
    assert colleague_desk[0] == 200


def test_the_attackers_own_tries_wait_ever_longer(database_url: str, clock: Clock) -> None:
    """After the free failures every further failure doubles the wait (429 with Retry-After), a
    right password during the wait is not even tried, and after the wait the owner gets in."""
    settings = Settings(
        **BEHIND_PROXY,  # type: ignore[arg-type]
        login_pair_free_failures=3,
        login_pair_first_delay_seconds=2,
        login_pair_max_delay_seconds=60,
    )
    client = make_pages(database_url, settings)
    address = _address()
    username = "ql.head"
    for _ in range(3):
        assert _login(client, username, "guess", address)[0] == 403
    waits = []
    for _ in range(6):
        status, message, retry_after = _login(client, username, "guess", address)
        assert status == 429 and "秒后再试" in message, (status, message)
        waits.append(int(retry_after))
        clock.advance(int(retry_after))
        assert _login(client, username, "guess", address)[0] == 403
    assert waits == [2, 4, 8, 16, 32, 60]
    during_wait = _login(client, username, PASSWORD, address)
    assert during_wait[0] == 429  # the right password is not tried while waiting
    # The page answers alike, with Retry-After.
    page = support.post_login(client, username, headers=address)
    assert page.status_code == 429 and page.headers["retry-after"] and "秒后再试" in page.text
    clock.advance(60)
    assert _login(client, username, PASSWORD, address)[0] == 200
    assert _login(client, username, "guess", address)[0] == 403  # forgiven: free failures again
