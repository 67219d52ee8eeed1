"""Login CSRF (security probe F9): another site must not sign a visitor into the attacker's account.

The login page's form carries a signed, expiring token bound to a cookie of the browser's own
(`api/form_token.py`); a post whose Origin or Sec-Fetch-Site names another site, or `null`, is
refused on the page and on the JSON API.
"""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from api import form_token
from settings import Settings
from tests import support
from tests.security.conftest import make_pages

ATTACKER = {"username": "zy.handler", "password": "demo1234", "next": "/inbox"}
CROSS_SITE = [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "https://sub.testserver"},
]


def _session_cookie(response: object) -> bool:
    return any("anquan_session=" in h for h in response.headers.get_list("set-cookie"))  # type: ignore[attr-defined]


@pytest.mark.parametrize("headers", CROSS_SITE, ids=lambda h: ",".join(f"{k}={v}" for k, v in h.items()))
def test_a_cross_site_login_post_gets_403_and_no_session(pages: TestClient, headers: dict[str, str]) -> None:
    page = pages.post("/login", data=ATTACKER, headers=headers, follow_redirects=False)
    assert page.status_code == 403 and not _session_cookie(page), (page.status_code, page.headers.get("location"))
    api = pages.post("/api/v1/session", json={"username": "zy.handler", "password": "demo1234"}, headers=headers)
    assert api.status_code == 403 and not _session_cookie(api), (api.status_code, api.text[:100])
    assert pages.get("/api/v1/session").status_code == 401


def test_a_login_post_without_the_pages_token_gets_403(database_url: str) -> None:
    """No Origin at all (an old browser, a stripped header): the form token still decides. A token
    the attacker fetched in its own browser is no good in the victim's (another cookie)."""
    victim, attacker = make_pages(database_url), make_pages(database_url)
    assert victim.post("/login", data=ATTACKER, follow_redirects=False).status_code == 403
    stolen = support.form_token(attacker)
    replayed = victim.post("/login", data={**ATTACKER, "form_token": stolen}, follow_redirects=False)
    assert replayed.status_code == 403 and not _session_cookie(replayed)
    forged = victim.post("/login", data={**ATTACKER, "form_token": "9999999999.abc"}, follow_redirects=False)
    assert forged.status_code == 403


def test_the_form_token_expires(pages: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    token = support.form_token(pages)
    lifetime = dt.timedelta(minutes=Settings().form_token_minutes)
    later = dt.datetime.now(dt.UTC) + lifetime + dt.timedelta(minutes=1)
    monkeypatch.setattr("web.console.auth_pages.now", lambda: later)
    expired = pages.post("/login", data={**ATTACKER, "form_token": token}, follow_redirects=False)
    assert expired.status_code == 403 and form_token.EXPIRED in expired.text


def test_a_normal_login_from_the_page_still_works(pages: TestClient, database_url: str) -> None:
    page = pages.get("/login")
    assert page.status_code == 200 and form_token.FORM_COOKIE in page.headers["set-cookie"]
    assert "samesite=strict" in page.headers["set-cookie"].lower()
    same_origin = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    response = support.post_login(pages, "ql.handler", headers=same_origin, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/inbox" and _session_cookie(response)
    assert pages.get("/api/v1/session").json()["username"] == "ql.handler"
    credentials = {"username": "ql.handler", "password": "demo1234"}
    signed = make_pages(database_url).post("/api/v1/session", json=credentials, headers=same_origin)
    assert signed.status_code == 200
