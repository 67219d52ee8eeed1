"""F7: a row id beyond what the database can hold is refused (404/422) on every route, never a 500."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from api.app import create_app
from tests.security.conftest import make_pages, page_login

HUGE = str(2**64)  # beyond SQLite's and PostgreSQL's integers

# The page routes the probe found answering 500 (security-probe-2026-12.md, F7).
LISTED = [
    ("ql.handler", "GET", "/documents/{id}/pdf"),
    ("ql.handler", "GET", "/documents/{id}/service"),
    ("ql.handler", "POST", "/documents/{id}/service"),
    ("ql.handler", "GET", "/attachments/{id}"),
    ("ql.handler", "POST", "/cases/{id}/attachments"),
    ("qy.panjiang", "GET", "/enterprise/cases/{id}"),
    ("qy.panjiang", "GET", "/enterprise/documents/{id}"),
    ("qy.panjiang", "POST", "/enterprise/cases/{id}/actions/extension"),
    ("qy.panjiang", "POST", "/enterprise/cases/{id}/tasks/t1"),
]


def _client(database_url: str, username: str) -> tuple[TestClient, str]:
    pages = make_pages(database_url)
    pages_no_raise = TestClient(pages.app, raise_server_exceptions=False)
    csrf = page_login(pages_no_raise, username)
    return pages_no_raise, csrf


@pytest.mark.parametrize(("username", "method", "path"), LISTED)
def test_listed_page_routes_refuse_a_huge_id(database_url: str, username: str, method: str, path: str) -> None:
    client, csrf = _client(database_url, username)
    url = path.replace("{id}", HUGE)
    response = client.request(method, url, data={"csrf_token": csrf} if method == "POST" else None)
    assert response.status_code in (404, 422), (url, response.status_code, response.text[:200])


def test_no_route_with_an_id_answers_500_for_a_huge_id(database_url: str) -> None:
    """A sweep over every route of the app with an `…id` path parameter, as staff and as an enterprise."""
    for username in ("ql.handler", "qy.panjiang"):
        client, csrf = _client(database_url, username)
        checked = 0
        for route in iter_route_contexts(create_app().routes):
            if not re.search(r"\{\w*id\}", route.path):
                continue
            url = re.sub(r"\{\w*id\}", HUGE, route.path)
            url = re.sub(r"\{\w+\}", "x", url)
            for method in route.methods or ():
                headers = {"X-CSRF-Token": csrf}
                data = {"csrf_token": csrf} if not url.startswith("/api/") and method == "POST" else None
                response = client.request(method, url, data=data, headers=headers)
                assert response.status_code < 500, (username, method, url, response.status_code)
                checked += 1
        assert checked > 20
