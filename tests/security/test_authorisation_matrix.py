"""The authorisation matrix: every role against every route, for its own and a foreign case.

Both tables below are data. A new role is one `ROLES` entry (its username and which of the two
cases it may see); a new route is one `ROUTES` entry, and a route without an entry fails
`test_every_route_has_an_entry`. Requests run without Temporal: a request that passes every
check at the edge reaches a stand-in client that answers 418, so "the workflow was reached"
is visible and nothing is ever started.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import Request
from fastapi.responses import PlainTextResponse
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from api.app import create_app
from api.state import AppState
from domain.process_config import ProcessConfig
from settings import Settings
from tests import support
from tests.security.matrix_data import MatrixCase, make_case, row_counts
from tests.security.matrix_inbox_routes import inbox_routes
from tests.security.matrix_inspection_routes import inspection_routes
from tests.security.matrix_office_routes import office_routes
from tests.security.matrix_random_draw_routes import random_draw_routes


@dataclass(frozen=True)
class RoleSpec:
    name: str
    username: str | None  # None: the anonymous public
    role: str  # the Role value ("public" for anonymous), for routes open to some roles only
    sees: frozenset[str]  # which matrix cases ("A" in 麒麟区, "B" in 景洪市) it may see


ROLES = (
    RoleSpec("handler, 麒麟区 bureau", "ql.handler", "handler", frozenset("A")),
    RoleSpec("head, 麒麟区 bureau", "ql.head", "head", frozenset("A")),
    RoleSpec("office, county 麒麟区", "ql.office", "office", frozenset("A")),
    RoleSpec("office, city 曲靖市", "qj.office", "office", frozenset("A")),
    RoleSpec("office, province 云南省", "yn.office", "office", frozenset("AB")),
    RoleSpec("police liaison, A addressed to it", "ql.police", "police_liaison", frozenset("A")),
    RoleSpec("procuratorate liaison, nothing addressed", "ql.procurator", "procuratorate_liaison", frozenset()),
    # The administrator keeps the calendar and the chain check: no case at all (security probe F2).
    RoleSpec("admin (no case access)", "yn.admin", "admin", frozenset()),
    # The archive reader reads the province's cases and acts on none (each read audited).
    RoleSpec("archive reader, province (read-only)", "yn.archive", "archive_reader", frozenset("AB")),
    RoleSpec("handler, foreign county 景洪市", "jh.handler", "handler", frozenset("B")),
    RoleSpec("enterprise user of A's enterprise", "qy.hongda", "enterprise", frozenset("A")),
    RoleSpec("public (anonymous)", None, "public", frozenset()),
)

ANYONE = frozenset({r.role for r in ROLES})
SIGNED_IN = ANYONE - {"public"}
STAFF = SIGNED_IN - {"enterprise"}  # the console and the staff API refuse enterprise users
CASEWORK = STAFF - {"admin"}  # case pages and the case API also refuse the administrator
WRITERS = CASEWORK - {"archive_reader"}  # state-changing case routes also refuse the archive reader
ENTERPRISE = frozenset({"enterprise"})
LIAISONS = frozenset({"police_liaison", "procuratorate_liaison"})
ARCHIVE_READERS = frozenset({"handler", "head", "office", "archive_reader"})  # who may read a dossier
EDGE_REFUSALS = {403, 404, 422}  # refused before the workflow, nothing written


@dataclass(frozen=True)
class RouteSpec:
    """How to call a route and who may.

    target: which path parameter names a matrix case ("case" id, "task", "document", "case_no"):
      the route is called for A and for B, and a case the role may not see must give 404.
    roles: the roles the edge lets through; others get 403 (404 for a case they cannot see).
    params: fixed path parameters; queries: query strings to try (foreign scopes included).
    shows: on a list or export, a case the role sees appears (proves the leak check can fail).
    """

    roles: frozenset[str] = CASEWORK
    target: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    queries: tuple[dict[str, str], ...] = ({},)
    body: dict[str, Any] | None = None
    shows: bool = False
    ends_session: bool = False  # signs the client out: the cell gets a session of its own
    ends_every_session: bool = False  # signs the user out everywhere: the role's shared client signs in again
    published_only: bool = False  # a public page of published items: the unpublished matrix cases are 404
    absent: bool = False  # the matrix cases have none of what it reads (a hazard has no reporter): 404 too


FOREIGN_SCOPES = ({}, {"under": "532800"}, {"under": "530302"}, {"jurisdiction": "532801"}, {"q": "MATRIX"})
LISTS = ({}, {"jurisdiction": "532801"}, {"jurisdiction": "530302"}, {"q": "MATRIX"}, {"overdue": "true"})

ROUTES: dict[tuple[str, str], RouteSpec] = {
    # JSON API
    ("POST", "/api/v1/session"): RouteSpec(roles=ANYONE, body={"username": "nobody", "password": "x"}),
    ("GET", "/api/v1/session"): RouteSpec(roles=SIGNED_IN),
    ("DELETE", "/api/v1/session"): RouteSpec(roles=ANYONE, ends_session=True),
    ("DELETE", "/api/v1/session/all"): RouteSpec(roles=SIGNED_IN, ends_session=True, ends_every_session=True),
    ("GET", "/api/v1/tasks"): RouteSpec(),
    ("GET", "/api/v1/tasks/done"): RouteSpec(),
    ("POST", "/api/v1/tasks/{task_id}/claim"): RouteSpec(roles=WRITERS, target="task"),
    ("POST", "/api/v1/tasks/{task_id}/release"): RouteSpec(roles=WRITERS, target="task"),
    ("POST", "/api/v1/tasks/{task_id}/complete"): RouteSpec(roles=WRITERS, target="task", body={"form": {}}),
    ("GET", "/api/v1/cases"): RouteSpec(queries=LISTS, shows=True),
    ("GET", "/api/v1/cases/{case_id}"): RouteSpec(target="case"),
    ("POST", "/api/v1/hazards"): RouteSpec(roles=frozenset({"handler", "office"}), body={}),
    ("POST", "/api/v1/cases/{case_id}/actions/{action}"): RouteSpec(
        roles=WRITERS, target="case", params={"action": "request_extension"}, body={"form": {}}
    ),
    ("GET", "/api/v1/overdue"): RouteSpec(),
    ("GET", "/api/v1/overdue/tasks"): RouteSpec(queries=FOREIGN_SCOPES, shows=True),
    ("GET", "/api/v1/deadlines/compute"): RouteSpec(
        roles=ANYONE, queries=({"start": "2026-09-30T09:00:00+08:00", "amount": "5", "unit": "working_days"},)
    ),
    ("GET", "/api/v1/calendar/{year}"): RouteSpec(roles=ANYONE, params={"year": "2026"}),  # public notice
    ("PUT", "/api/v1/calendar/{year}"): RouteSpec(roles=frozenset({"admin"}), params={"year": "2031"}, body={}),
    ("GET", "/api/v1/supervision/stats"): RouteSpec(queries=FOREIGN_SCOPES),
    ("GET", "/api/v1/supervision/trend"): RouteSpec(roles=CASEWORK - LIAISONS, queries=FOREIGN_SCOPES),
    ("GET", "/api/v1/supervision/overdue.csv"): RouteSpec(queries=FOREIGN_SCOPES, shows=True),
    ("GET", "/api/v1/supervision/overdue.xlsx"): RouteSpec(queries=FOREIGN_SCOPES, shows=True),
    ("POST", "/api/v1/accidents/grade"): RouteSpec(
        roles=ANYONE, body={"deaths": 0, "serious_injuries": 0, "direct_loss_cny": 0}
    ),
    ("POST", "/api/v1/accidents"): RouteSpec(roles=frozenset({"handler", "office"}), body={}),
    ("POST", "/api/v1/crime-transfers"): RouteSpec(roles=frozenset({"handler"}), body={}),
    ("GET", "/api/v1/interview-proposals"): RouteSpec(roles=frozenset({"office"})),
    ("POST", "/api/v1/interview-proposals/{proposal_id}/confirm"): RouteSpec(
        roles=frozenset({"office"}), params={"proposal_id": "999999"}, body={}
    ),
    ("POST", "/api/v1/interview-proposals/{proposal_id}/dismiss"): RouteSpec(
        roles=frozenset({"office"}), params={"proposal_id": "999999"}, body={"reason": "不予约谈"}
    ),
    ("GET", "/api/v1/documents/{document_id}"): RouteSpec(target="document"),
    ("POST", "/api/v1/blacklist"): RouteSpec(roles=frozenset({"handler"}), body={}),
    ("POST", "/api/v1/admin/campaign-schedules"): RouteSpec(roles=frozenset({"admin"}), body={}),
    ("GET", "/api/v1/blacklist/conditions"): RouteSpec(),
    ("GET", "/api/v1/public/blacklist"): RouteSpec(roles=ANYONE, queries=({}, {"name": "MATRIX"})),
    ("GET", "/api/v1/blacklist/export"): RouteSpec(
        roles=frozenset({"handler", "office"}), queries=({}, {"format": "csv"}), shows=True
    ),
    # The register of violations (安全生产法 art 78, B1): staff of bureaus and offices, their scope.
    ("GET", "/api/v1/violations"): RouteSpec(
        roles=frozenset({"handler", "head", "office"}), queries=({}, {"enterprise_id": "1"})
    ),
    ("POST", "/api/v1/rectifications"): RouteSpec(roles=frozenset({"handler"}), body={}),
    # pages
    ("GET", "/login"): RouteSpec(roles=ANYONE),
    ("POST", "/login"): RouteSpec(roles=ANYONE, body={"username": "nobody", "password": "x"}),
    ("POST", "/logout"): RouteSpec(roles=SIGNED_IN, ends_session=True),
    ("POST", "/logout/all"): RouteSpec(roles=SIGNED_IN, ends_session=True, ends_every_session=True),
    ("GET", "/lang/{code}"): RouteSpec(roles=ANYONE, params={"code": "en"}),
    ("GET", "/"): RouteSpec(roles=ANYONE),  # a redirect to the inbox
    ("GET", "/inbox"): RouteSpec(),
    ("GET", "/done"): RouteSpec(),
    ("POST", "/tasks/{task_id}/{action}"): RouteSpec(roles=WRITERS, target="task", params={"action": "claim"}),
    ("GET", "/cases"): RouteSpec(queries=LISTS, shows=True),
    ("GET", "/cases/{case_id}"): RouteSpec(target="case"),
    ("POST", "/cases/{case_id}/tasks/{task_id}/complete"): RouteSpec(roles=WRITERS, target="case_task"),
    ("POST", "/cases/{case_id}/actions/{action}"): RouteSpec(
        roles=WRITERS, target="case", params={"action": "request_extension"}
    ),
    ("GET", "/hazards/new"): RouteSpec(),
    ("POST", "/hazards"): RouteSpec(roles=frozenset({"handler", "office"}), body={}),
    ("GET", "/accidents/new"): RouteSpec(),
    ("POST", "/accidents"): RouteSpec(roles=frozenset({"handler", "office"}), body={}),
    ("GET", "/public/reports"): RouteSpec(roles=ANYONE, queries=({}, {"q": "MATRIX"})),
    ("GET", "/public/reports/{case_no}"): RouteSpec(roles=ANYONE, target="case_no", published_only=True),
    ("GET", "/crime-transfers/new"): RouteSpec(),
    ("POST", "/crime-transfers"): RouteSpec(roles=frozenset({"handler"}), body={}),
    ("GET", "/documents/{document_id}"): RouteSpec(target="document"),
    ("GET", "/blacklist/new"): RouteSpec(),
    ("POST", "/interview-proposals/{proposal_id}"): RouteSpec(
        roles=frozenset({"office"}), params={"proposal_id": "999999"}, body={"decision": "dismiss"}
    ),
    ("POST", "/blacklist"): RouteSpec(roles=frozenset({"handler"}), body={}),
    ("GET", "/public/blacklist"): RouteSpec(roles=ANYONE, queries=({}, {"name": "MATRIX"})),
    ("GET", "/rectifications/new"): RouteSpec(),
    ("POST", "/rectifications"): RouteSpec(roles=frozenset({"handler"}), body={}),
    ("GET", "/overdue"): RouteSpec(queries=FOREIGN_SCOPES, shows=True),
    ("GET", "/deadlines"): RouteSpec(roles=ANYONE),
    ("GET", "/calendar/{year}"): RouteSpec(roles=STAFF, params={"year": "2026"}),
    ("POST", "/calendar/{year}"): RouteSpec(roles=frozenset({"admin"}), params={"year": "2031"}),
    ("GET", "/admin/chain"): RouteSpec(roles=frozenset({"admin"})),
    # documents: PDF and service (送达)
    ("GET", "/api/v1/documents/{document_id}/pdf"): RouteSpec(target="document"),
    ("GET", "/api/v1/documents/{document_id}/service"): RouteSpec(target="document"),
    ("POST", "/api/v1/documents/{document_id}/service"): RouteSpec(roles=WRITERS, target="document", body={"form": {}}),
    ("GET", "/documents/{document_id}/pdf"): RouteSpec(target="document"),
    ("GET", "/documents/{document_id}/service"): RouteSpec(target="document"),
    ("POST", "/documents/{document_id}/service"): RouteSpec(roles=WRITERS, target="document"),
    # attachments: the agencies that see the case, and the enterprise that sent the file
    ("GET", "/api/v1/attachments/{attachment_id}"): RouteSpec(roles=SIGNED_IN, target="attachment"),
    ("GET", "/attachments/{attachment_id}"): RouteSpec(roles=SIGNED_IN, target="attachment"),
    ("GET", "/attachments/{attachment_id}/preview"): RouteSpec(roles=SIGNED_IN, target="attachment"),
    ("GET", "/api/v1/cases/{case_id}/attachments"): RouteSpec(roles=SIGNED_IN, target="case"),
    ("POST", "/api/v1/cases/{case_id}/attachments"): RouteSpec(
        roles=SIGNED_IN - {"archive_reader"}, target="case", body={}
    ),
    ("POST", "/cases/{case_id}/attachments"): RouteSpec(roles=WRITERS, target="case"),
    # the enterprise portal
    ("GET", "/api/v1/enterprise/cases"): RouteSpec(roles=ENTERPRISE, shows=True),
    ("GET", "/enterprise"): RouteSpec(roles=ENTERPRISE, shows=True),
    ("GET", "/enterprise/cases/{case_id}"): RouteSpec(roles=ENTERPRISE, target="case"),
    ("GET", "/enterprise/documents/{document_id}"): RouteSpec(roles=ENTERPRISE, target="document"),
    ("POST", "/api/v1/enterprise/cases/{case_id}/actions/{action}"): RouteSpec(
        roles=ENTERPRISE, target="case", params={"action": "request_extension"}, body={"form": {}}
    ),
    ("POST", "/api/v1/enterprise/cases/{case_id}/tasks/{task_id}"): RouteSpec(
        roles=ENTERPRISE, target="case_task", body={"form": {}}
    ),
    ("POST", "/enterprise/cases/{case_id}/actions/{action}"): RouteSpec(
        roles=ENTERPRISE, target="case", params={"action": "request_extension"}
    ),
    ("POST", "/enterprise/cases/{case_id}/tasks/{task_id}"): RouteSpec(roles=ENTERPRISE, target="case_task"),
    # the public portal and public reports (举报)
    ("GET", "/public"): RouteSpec(roles=ANYONE),
    ("GET", "/public/hazards"): RouteSpec(roles=ANYONE, queries=({}, {"q": "MATRIX"})),
    ("GET", "/public/enforcement"): RouteSpec(roles=ANYONE, queries=({}, {"q": "MATRIX"})),
    ("GET", "/api/v1/public/reports"): RouteSpec(roles=ANYONE, queries=({}, {"q": "MATRIX"})),
    ("GET", "/api/v1/public/hazards"): RouteSpec(roles=ANYONE, queries=({}, {"q": "MATRIX"})),
    ("GET", "/api/v1/public/enforcement"): RouteSpec(roles=ANYONE, queries=({}, {"q": "MATRIX"})),
    ("GET", "/public/report"): RouteSpec(roles=ANYONE),
    ("POST", "/public/report"): RouteSpec(roles=ANYONE),
    ("GET", "/public/track"): RouteSpec(roles=ANYONE),
    ("POST", "/public/track"): RouteSpec(roles=ANYONE, body={"code": "MATRIX"}),
    ("POST", "/api/v1/public/report-submissions"): RouteSpec(roles=ANYONE, body={}),
    ("POST", "/api/v1/public/report-tracking"): RouteSpec(roles=ANYONE, body={"code": "MATRIX"}),
    ("GET", "/api/v1/cases/{case_id}/reporter"): RouteSpec(target="case", absent=True),
    # the legal archive (案卷): the case's staff and the archive reader; no dossier of the matrix cases exists
    ("GET", "/api/v1/archives"): RouteSpec(roles=ARCHIVE_READERS),
    ("GET", "/archives"): RouteSpec(roles=ARCHIVE_READERS),
    ("GET", "/api/v1/cases/{case_id}/archive"): RouteSpec(roles=ARCHIVE_READERS, target="case", absent=True),
    ("GET", "/api/v1/cases/{case_id}/archive/file"): RouteSpec(roles=ARCHIVE_READERS, target="case", absent=True),
    ("GET", "/api/v1/cases/{case_id}/archive/reads"): RouteSpec(roles=ARCHIVE_READERS, target="case", absent=True),
    # the message centre: one's own notices (no case data beyond what was addressed to the user)
    ("GET", "/api/v1/notifications"): RouteSpec(roles=SIGNED_IN),
    ("POST", "/api/v1/notifications/{notification_id}/read"): RouteSpec(
        roles=SIGNED_IN, params={"notification_id": "999999"}
    ),
    ("POST", "/api/v1/notifications/read-all"): RouteSpec(roles=SIGNED_IN),
    ("GET", "/api/v1/notifications/settings"): RouteSpec(roles=SIGNED_IN),
    ("PUT", "/api/v1/notifications/settings"): RouteSpec(roles=SIGNED_IN, body={"email": "not-an-address"}),
    ("GET", "/messages"): RouteSpec(roles=SIGNED_IN),
    ("POST", "/messages/{notification_id}/open"): RouteSpec(roles=SIGNED_IN, params={"notification_id": "999999"}),
    ("POST", "/messages/read-all"): RouteSpec(roles=SIGNED_IN),
    ("GET", "/messages/settings"): RouteSpec(roles=SIGNED_IN),
    ("POST", "/messages/settings"): RouteSpec(roles=SIGNED_IN),
    # search, the register of enterprises, statistics: over the cases the role sees
    ("GET", "/api/v1/search"): RouteSpec(queries=({"q": "MATRIX"},)),
    ("GET", "/search"): RouteSpec(queries=({}, {"q": "MATRIX"})),
    ("GET", "/api/v1/statistics"): RouteSpec(queries=({}, {"year": "2026"})),
    ("GET", "/statistics"): RouteSpec(queries=({}, {"year": "2026"})),
    ("GET", "/statistics.xlsx"): RouteSpec(queries=({}, {"year": "2026"})),
    # user administration and the audit log: the administrator; one's own password: everyone
    ("GET", "/api/v1/admin/users"): RouteSpec(roles=frozenset({"admin"})),
    ("POST", "/api/v1/admin/users"): RouteSpec(roles=frozenset({"admin"}), body={}),
    ("PATCH", "/api/v1/admin/users/{user_id}"): RouteSpec(
        roles=frozenset({"admin"}), params={"user_id": "999999"}, body={"is_active": False}
    ),
    ("POST", "/api/v1/admin/users/{user_id}/reset-password"): RouteSpec(
        roles=frozenset({"admin"}), params={"user_id": "999999"}
    ),
    ("GET", "/api/v1/admin/audit"): RouteSpec(roles=frozenset({"admin"})),
    ("POST", "/api/v1/account/password"): RouteSpec(roles=SIGNED_IN, body={}),
    ("GET", "/admin/users"): RouteSpec(roles=frozenset({"admin"})),
    ("GET", "/admin/users/new"): RouteSpec(roles=frozenset({"admin"})),
    ("POST", "/admin/users"): RouteSpec(roles=frozenset({"admin"})),
    ("GET", "/admin/users/{user_id}"): RouteSpec(roles=frozenset({"admin"}), params={"user_id": "999999"}, absent=True),
    ("POST", "/admin/users/{user_id}/{change}"): RouteSpec(
        roles=frozenset({"admin"}), params={"user_id": "999999", "change": "disable"}
    ),
    ("GET", "/admin/audit"): RouteSpec(roles=frozenset({"admin"})),
    ("GET", "/account/password"): RouteSpec(roles=SIGNED_IN),
    ("POST", "/account/password"): RouteSpec(roles=SIGNED_IN),
}
ROUTES |= inspection_routes(RouteSpec, ENTERPRISE, WRITERS)
# Bulletins (通报, 警示, 案情通报) are drafted by an office or a bureau's handler.
BULLETIN_DRAFTERS = frozenset({"office", "handler"})
ROUTES |= office_routes(RouteSpec, ANYONE, BULLETIN_DRAFTERS)
ROUTES |= inbox_routes(RouteSpec, WRITERS, LISTS)  # the inbox's tools and task actions (issue 19)
ROUTES |= random_draw_routes(RouteSpec, ANYONE)  # the roster, matters and double-random draws (issue 20)
# Framework routes outside the matrix: the OpenAPI document and its viewers describe the API, no data.
UNLISTED = {("GET", "/openapi.json"), ("GET", "/docs"), ("GET", "/docs/oauth2-redirect"), ("GET", "/redoc")}
# Operations endpoints: no login, no case data (tests/ops/test_health.py, test_metrics.py); /readyz
# asks Temporal, which the matrix replaces by a stand-in, and /metrics serves loopback only.
UNLISTED |= {("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/metrics")}


class ReachedWorkflowError(Exception):
    """Raised by the stand-in Temporal client: the request passed every check at the edge."""


class Unreachable:
    def __getattr__(self, name: str) -> Any:
        def call(*_args: Any, **_kwargs: Any) -> Any:
            if name.startswith("get_"):
                return Unreachable()
            raise ReachedWorkflowError(name)

        return call


def all_routes() -> Iterator[tuple[str, str]]:
    for context in iter_route_contexts(create_app().routes):
        for method in sorted(context.methods or ()):
            if method != "HEAD":
                yield method, context.path


def test_every_route_has_an_entry() -> None:
    routes = set(all_routes())
    missing = routes - ROUTES.keys() - UNLISTED
    assert not missing, f"routes without an authorisation-matrix entry: {sorted(missing)}"
    assert not ROUTES.keys() - routes, "entries for routes that no longer exist"
    assert any(isinstance(r, APIRoute) for r in create_app().routes) or routes


@pytest.fixture(scope="module")
def matrix_cases(database_url: str) -> dict[str, MatrixCase]:
    sessions = support.session_factory(database_url)
    return {
        "A": make_case(
            sessions,
            "A",
            "530302",
            police_access=True,
            enterprise_name="麒麟区宏达建材有限公司",  # the enterprise of `qy.hongda`
            attachment_root=ATTACHMENTS,
        ),
        "B": make_case(sessions, "B", "532801", police_access=False, attachment_root=ATTACHMENTS),
    }


ATTACHMENTS = Path(tempfile.mkdtemp(prefix="matrix-attachments-"))


def _client(database_url: str) -> TestClient:
    state = AppState(
        settings=Settings(attachment_dir=ATTACHMENTS),
        sessions=support.session_factory(database_url),
        temporal=Unreachable(),  # type: ignore[arg-type]
        config=ProcessConfig(),
    )
    app = create_app(state)
    app.state.app = state

    async def reached(_request: Request, _exc: Exception) -> PlainTextResponse:
        return PlainTextResponse("reached the workflow", status_code=418)

    app.add_exception_handler(ReachedWorkflowError, reached)
    return TestClient(app, raise_server_exceptions=False)


def _signed_in(database_url: str, role: RoleSpec) -> tuple[TestClient, str]:
    client = _client(database_url)
    if role.username is None:
        return client, ""
    response = client.post("/api/v1/session", json={"username": role.username, "password": "demo1234"})
    assert response.status_code == 200, response.text
    return client, str(response.json()["csrf_token"])


@pytest.fixture(scope="module")
def clients(database_url: str, matrix_cases: dict[str, MatrixCase]) -> dict[str, tuple[TestClient, str]]:
    """One signed-in client per role, with its CSRF token."""
    return {role.name: _signed_in(database_url, role) for role in ROLES}


def _body_text(response: Any) -> str:
    if response.content[:2] == b"PK":  # XLSX: the text lives in the zipped XML parts
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return str(response.text)


def _path(path: str, spec: RouteSpec, case: MatrixCase | None) -> str:
    values = dict(spec.params)
    if case is not None:
        values |= {
            "case_id": str(case.case_id),
            "task_id": case.task_id,
            "document_id": str(case.document_id),
            "attachment_id": str(case.attachment_id),
            "case_no": case.case_no,
        }
    return path.format(**values)


def _call(client: TestClient, csrf: str, method: str, url: str, spec: RouteSpec, query: dict[str, str]) -> Any:
    headers = {"X-CSRF-Token": csrf} if csrf else {}
    if url.startswith("/api/"):
        return client.request(method, url, params=query, json=spec.body, headers=headers, follow_redirects=False)
    data = {**(spec.body or {}), "csrf_token": csrf} if method != "GET" else None
    return client.request(method, url, params=query, data=data, follow_redirects=False)


def _anonymous_refusal(url: str, response: Any) -> bool:
    if url.startswith("/api/"):
        return bool(response.status_code == 401)
    return response.status_code == 303 and response.headers["location"].startswith("/login")


CELLS = [(role, key) for role in ROLES for key in ROUTES]


@pytest.mark.parametrize(("role", "route"), CELLS, ids=[f"{r.name}|{m} {p}" for r, (m, p) in CELLS])
def test_matrix_cell(
    role: RoleSpec,
    route: tuple[str, str],
    clients: dict[str, tuple[TestClient, str]],
    matrix_cases: dict[str, MatrixCase],
    sessions: sessionmaker[Session],
    database_url: str,
) -> None:
    method, path = route
    spec = ROUTES[route]
    client, csrf = _signed_in(database_url, role) if spec.ends_session else clients[role.name]
    targets: list[MatrixCase | None] = list(matrix_cases.values()) if spec.target else [None]
    for case in targets:
        url = _path(path, spec, case)
        for query in spec.queries:
            before = row_counts(sessions) if method != "GET" else None
            response = _call(client, csrf, method, url, spec, query)
            status = response.status_code
            where = f"{role.name}: {method} {url} {query} -> {status}"
            assert status < 500, f"{where}: {response.text[:300]}"
            visible = case is None or (case.key in role.sees and not spec.published_only)
            if role.username is None and role.role not in spec.roles:
                assert _anonymous_refusal(url, response), where
            elif not visible:
                assert status == 404 or (status == 403 and role.role not in spec.roles), where
            elif role.role not in spec.roles:
                assert status in EDGE_REFUSALS, where
            elif method == "GET" and spec.absent:
                assert status == 404, where
            elif method == "GET":
                # a scope outside the role's own (under=, jurisdiction=) may be refused
                assert status in (200, 303) or (query and status in EDGE_REFUSALS), where
            if before is not None and (not visible or role.role not in spec.roles):
                assert row_counts(sessions) == before, f"{where}: a refused request wrote rows"
            text = _body_text(response)
            for other in matrix_cases.values():
                if other.key not in role.sees:
                    assert other.marker not in text, f"{where}: leaks case {other.key}"
            if spec.shows and status == 200 and role.role in spec.roles and not query:
                for own in role.sees:
                    assert matrix_cases[own].marker in text, f"{where}: case {own} missing from its list"
    if spec.ends_every_session and role.username is not None:
        clients[role.name] = _signed_in(database_url, role)
