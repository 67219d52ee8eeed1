"""Sessions: cookie flags, CSRF on every state-changing route, login throttling, security
headers on every kind of response, and no secret in the logs."""

from __future__ import annotations

import logging
import uuid
from http.cookies import SimpleCookie

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from settings import Settings
from tests import support
from tests.security.conftest import make_pages, page_login
from tests.security.matrix_data import MatrixCase, make_case, row_counts
from tests.security.test_authorisation_matrix import ROUTES, Unreachable, _path, all_routes

PASSWORD = "demo1234"


def _cookie(response: object, name: str = "anquan_session") -> dict[str, str | bool]:
    for header in response.headers.get_list("set-cookie"):  # type: ignore[attr-defined]
        jar = SimpleCookie()
        jar.load(header)
        if name in jar:
            morsel = jar[name]
            return {
                "httponly": bool(morsel["httponly"]),
                "secure": bool(morsel["secure"]),
                "samesite": str(morsel["samesite"]).lower(),
            }
    raise AssertionError(f"no {name} cookie set")


@pytest.mark.parametrize("login_path", ["/api/v1/session", "/login"])
def test_session_cookie_is_httponly_samesite_and_secure_only_over_https(database_url: str, login_path: str) -> None:
    def login(client: TestClient, **headers: str) -> object:
        if login_path == "/login":
            return support.post_login(client, "ql.handler", headers=headers, follow_redirects=False)
        return client.post("/api/v1/session", json={"username": "ql.handler", "password": PASSWORD}, headers=headers)

    plain = _cookie(login(make_pages(database_url)))
    assert plain == {"httponly": True, "secure": False, "samesite": "lax"}
    https = make_pages(database_url)
    https.base_url = https.base_url.copy_with(scheme="https")
    assert _cookie(login(https))["secure"] is True
    # A forwarded scheme counts only from a trusted proxy (TestClient's peer is "testclient").
    assert _cookie(login(make_pages(database_url), **{"X-Forwarded-Proto": "https"}))["secure"] is False
    behind_proxy = make_pages(database_url, Settings(trusted_proxies="10.0.0.1, testclient"))
    response = login(behind_proxy, **{"X-Forwarded-Proto": "https"})
    assert _cookie(response)["secure"] is True
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")  # type: ignore[attr-defined]
    # SECURE_COOKIES: the proxy sends no X-Forwarded-Proto, yet the browser talks HTTPS to it (and so
    # sends back the Secure form cookie of the login page).
    always = make_pages(database_url, Settings(secure_cookies=True))
    if login_path == "/login":
        always.base_url = always.base_url.copy_with(scheme="https")
    assert _cookie(login(always))["secure"] is True


CSRF_EXEMPT = {
    ("POST", "/api/v1/session"): "logging in: no session yet; cross-site Origin refused (test_login_csrf.py)",
    ("POST", "/login"): "logging in: no session yet; a form token and Origin instead (test_login_csrf.py)",
    ("POST", "/api/v1/accidents/grade"): "a pure computation that changes nothing",
    # The public report form and tracking have no session: a post from another site's page is
    # refused by its Origin (api/origin.py; tests/api/test_public_report_api.py).
    ("POST", "/public/report"): "no session: a form token and the Origin check (test_public_form_abuse.py)",
    ("POST", "/public/track"): "no session: the Origin check refuses cross-site posts",
    ("POST", "/api/v1/public/report-submissions"): "no session: the Origin check refuses cross-site posts",
    ("POST", "/api/v1/public/report-tracking"): "no session: the Origin check refuses cross-site posts",
}


@pytest.fixture(scope="module")
def case_a(database_url: str) -> MatrixCase:
    return make_case(support.session_factory(database_url), "A", "530302", police_access=True)


def _unsafe_routes() -> list[tuple[str, str]]:
    return sorted(r for r in all_routes() if r[0] in ("POST", "PUT", "DELETE", "PATCH") and r not in CSRF_EXEMPT)


@pytest.fixture(scope="module")
def signed_in_clients(database_url: str, case_a: MatrixCase) -> dict[str, TestClient]:
    clients = {}
    for username in ("ql.handler", "yn.admin", "qy.hongda"):
        client = make_pages(database_url)
        client.app.state.app.temporal = Unreachable()  # type: ignore[attr-defined]
        page_login(client, username)
        clients[username] = client
    return clients


@pytest.mark.parametrize("route", _unsafe_routes(), ids=lambda r: f"{r[0]} {r[1]}")
@pytest.mark.parametrize("token", ["", "wrong-token"])
def test_state_changing_routes_refuse_a_missing_or_wrong_csrf_token(
    route: tuple[str, str],
    token: str,
    signed_in_clients: dict[str, TestClient],
    case_a: MatrixCase,
    sessions: sessionmaker[Session],
) -> None:
    method, path = route
    user = "yn.admin" if "calendar" in path else "qy.hongda" if "/enterprise/" in path else "ql.handler"
    client = signed_in_clients[user]
    spec = ROUTES[route]
    url = _path(path, spec, case_a)
    before = row_counts(sessions)
    if url.startswith("/api/"):
        headers = {"X-CSRF-Token": token} if token else {}
        response = client.request(method, url, json=spec.body or {}, headers=headers)
    else:
        data = {**(spec.body or {}), **({"csrf_token": token} if token else {})}
        response = client.request(method, url, data=data, follow_redirects=False)
    assert response.status_code == 403, f"{method} {url}: {response.status_code} {response.text[:200]}"
    assert "CSRF" in response.text
    assert row_counts(sessions) == before
    assert client.get("/api/v1/session").status_code == 200  # still signed in: logout refused too


def test_every_exemption_is_a_real_route() -> None:
    assert set(CSRF_EXEMPT) <= set(all_routes())


def test_an_address_is_throttled_across_accounts_and_others_are_not(database_url: str) -> None:
    """Three wrong guesses at three different accounts from one address: the fourth try is
    refused even with a right password; another address behind the same proxy still gets in."""
    settings = Settings(trusted_proxies="testclient", login_address_max_failures=3)
    client = make_pages(database_url, settings)
    attacker = {"X-Forwarded-For": f"203.0.113.{uuid.uuid4().int % 250}"}
    for username in ("ql.office", "qj.office", "nobody-at-all"):
        response = client.post("/api/v1/session", json={"username": username, "password": "guess"}, headers=attacker)
        assert response.status_code == 403
    refused = client.post("/api/v1/session", json={"username": "ql.handler", "password": PASSWORD}, headers=attacker)
    assert refused.status_code == 429 and "登录失败次数过多" in refused.json()["message"]
    page = support.post_login(client, "ql.handler", headers=attacker)
    assert page.status_code == 429 and "登录失败次数过多" in page.text
    other = {"X-Forwarded-For": "198.51.100.7"}
    assert (
        client.post("/api/v1/session", json={"username": "ql.handler", "password": PASSWORD}, headers=other).status_code
        == 200
    )
    # Without a trusted proxy, X-Forwarded-For is the client's own invention: varying it escapes nothing.
    spoof = make_pages(database_url, Settings(login_address_max_failures=3))
    for n in range(3):
        spoof.post(
            "/api/v1/session", json={"username": "nobody", "password": "x"}, headers={"X-Forwarded-For": f"192.0.2.{n}"}
        )
    fresh = {"X-Forwarded-For": "192.0.2.99"}
    assert (
        spoof.post("/api/v1/session", json={"username": "ql.handler", "password": PASSWORD}, headers=fresh).status_code
        == 429
    )


HEADER_CASES = [
    ("page", "/login", 200),
    ("page needing a session", "/inbox", 303),
    ("page refused", "/cases/999999999", 404),
    ("page, bad id", "/cases/not-a-number", 422),
    ("API", "/api/v1/deadlines/compute?start=2026-09-30T09:00:00%2B08:00&amount=5&unit=working_days", 200),
    ("API unauthenticated", "/api/v1/cases", 401),
    ("API validation error", "/api/v1/deadlines/compute?amount=x", 422),
    ("unknown path", "/no/such/path", 404),
    ("static file", "/static/app.css", 200),
    ("OpenAPI document", "/openapi.json", 200),
]


@pytest.mark.parametrize(("kind", "url", "status"), HEADER_CASES, ids=[c[0] for c in HEADER_CASES])
def test_security_headers_on_every_kind_of_response(pages: TestClient, kind: str, url: str, status: int) -> None:
    if kind in ("page refused", "page, bad id"):
        page_login(pages, "ql.handler")
    response = pages.get(url, follow_redirects=False)
    assert response.status_code == status, response.text[:200]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    csp = response.headers["Content-Security-Policy"]
    assert (
        "frame-ancestors 'none'" in csp
        and "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1]
    )


def test_security_headers_on_a_server_error(database_url: str) -> None:
    client = make_pages(database_url)
    client.app.state.app.temporal = Unreachable()  # type: ignore[attr-defined]
    page_login(client, "ql.handler")
    case = client.get("/api/v1/cases").json()["items"]
    assert case, "the handler sees at least one case"
    broken = TestClient(client.app, raise_server_exceptions=False, cookies=client.cookies)
    csrf = client.get("/api/v1/session").json()["csrf_token"]
    # The stand-in Temporal client raises an error nobody catches: a 500.
    response = broken.post(
        f"/api/v1/cases/{case[0]['id']}/actions/request_extension", json={"form": {}}, headers={"X-CSRF-Token": csrf}
    )
    assert response.status_code == 500 and "服务器内部错误" in response.text
    assert response.headers["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in response.headers
    assert "Traceback" not in response.text


def test_secrets_never_reach_the_logs(database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # as if an operator turned SQL logging on
    try:
        client = make_pages(database_url)
        wrong_password = f"wrong-{uuid.uuid4().hex}"
        support.post_login(client, "ql.handler", wrong_password)
        client.post("/api/v1/session", json={"username": "ql.office", "password": wrong_password})
        csrf = page_login(client, "ql.handler")
        token = client.cookies["anquan_session"]
        client.get("/inbox")
        client.get("/cases")
        client.post("/hazards", data={"csrf_token": csrf, "title": "x"})
        client.delete("/api/v1/session", headers={"X-CSRF-Token": csrf})
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert any(r.name.startswith("sqlalchemy.engine") for r in caplog.records), "SQL logging was captured"
    for secret in (PASSWORD, wrong_password, token, csrf):
        assert secret not in logged
