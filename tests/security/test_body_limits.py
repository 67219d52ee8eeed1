"""F1: request bodies have a budget per route, enforced before the body is read; an anonymous
upload is refused before its bytes are parsed; an upload never parses more than its budget.

Bodies are streamed by a generator that counts what the application pulled, so each test proves
how much was read, not only the status."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from api.app import create_app
from api.state import AppState
from domain.attachments import AttachmentLimits
from domain.process_config import ProcessConfig
from settings import Settings
from tests import support

CHUNK = 16 * 1024
SMALL_FILE_LIMIT = 50 * 1024  # uploads then have a budget of 10 × 50 KB + 1 MB


class Counted:
    """A request body of `total` bytes in chunks; `sent` is how much the server consumed."""

    def __init__(self, total: int, head: bytes = b"", fill: bytes = b"a") -> None:
        self.total, self.head, self.fill, self.sent = total, head, fill, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.head:
            self.sent += len(self.head)
            yield self.head
        while self.sent < self.total:
            self.sent += CHUNK
            yield self.fill * CHUNK


@pytest.fixture
async def http(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    state = AppState(
        settings=Settings(),
        sessions=support.session_factory(database_url),
        temporal=None,  # type: ignore[arg-type]  # no request here may reach a workflow
        config=ProcessConfig(attachments=AttachmentLimits(max_bytes=SMALL_FILE_LIMIT)),
    )
    app = create_app(state)
    app.state.app = state
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client


async def _sign_in(http: httpx.AsyncClient, username: str) -> str:
    response = await http.post("/api/v1/session", json={"username": username, "password": "demo1234"})
    assert response.status_code == 200, response.text
    token: str = response.json()["csrf_token"]
    return token


async def test_oversize_json_login_is_refused_with_413_without_reading_it_all(http: httpx.AsyncClient) -> None:
    body = Counted(4 * 1024 * 1024, head=b'{"username":"')
    response = await http.post("/api/v1/session", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json() == {"error": "too_large", "message": "提交的内容过大（上限64KB），未处理；请精简后重试"}
    assert body.sent <= 64 * 1024 + 2 * CHUNK, body.sent


async def test_declared_oversize_json_is_refused_before_reading(http: httpx.AsyncClient) -> None:
    payload = b'{"code":"' + b"a" * 100_000 + b'"}'
    response = await http.post(
        "/api/v1/public/report-tracking", content=payload, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert "提交的内容过大" in response.json()["message"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # the usual headers on a refusal too


async def test_anonymous_api_upload_is_refused_having_read_little(http: httpx.AsyncClient) -> None:
    body = Counted(3 * 1024 * 1024, head=b"--b\r\nContent-Disposition: form-data; name=files; filename=a.pdf\r\n\r\n")
    response = await http.post(
        "/api/v1/cases/1/attachments", content=body, headers={"Content-Type": "multipart/form-data; boundary=b"}
    )
    assert response.status_code == 401
    assert body.sent <= 2 * CHUNK, body.sent


async def test_anonymous_page_upload_is_refused_having_read_little(http: httpx.AsyncClient) -> None:
    body = Counted(3 * 1024 * 1024, head=b"--b\r\nContent-Disposition: form-data; name=files; filename=a.pdf\r\n\r\n")
    response = await http.post(
        "/cases/1/attachments", content=body, headers={"Content-Type": "multipart/form-data; boundary=b"}
    )
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert body.sent <= 2 * CHUNK, body.sent


async def test_signed_in_upload_beyond_its_budget_is_cut_off_at_the_budget(http: httpx.AsyncClient) -> None:
    csrf = await _sign_in(http, "ql.handler")
    budget = 10 * SMALL_FILE_LIMIT + 1024 * 1024
    body = Counted(budget * 3, head=b"--b\r\nContent-Disposition: form-data; name=files; filename=a.pdf\r\n\r\n")
    response = await http.post(
        "/api/v1/cases/1/attachments",
        content=body,
        headers={"Content-Type": "multipart/form-data; boundary=b", "X-CSRF-Token": csrf},
    )
    assert response.status_code == 413
    assert response.json()["message"] == "上传内容过大（一次最多10个文件，每个不超过0.0488281MB），未保存；请分批上传"
    assert body.sent <= budget + 2 * CHUNK, body.sent


async def test_more_than_ten_files_are_refused_before_any_is_read(http: httpx.AsyncClient) -> None:
    csrf = await _sign_in(http, "ql.handler")
    files = [("files", (f"f{i}.pdf", b"%PDF-1.4 x", "application/pdf")) for i in range(11)]
    response = await http.post(
        "/api/v1/cases/1/attachments", files=files, data={"category": "evidence"}, headers={"X-CSRF-Token": csrf}
    )
    assert response.status_code == 422
    assert response.json()["message"] == "一次最多上传10个文件"


async def test_page_form_over_one_megabyte_is_refused(http: httpx.AsyncClient) -> None:
    body = Counted(3 * 1024 * 1024, head=b"description=")
    response = await http.post(
        "/public/report", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413
    assert "提交的内容过大（上限1MB）" in response.text
    assert body.sent <= 1024 * 1024 + 2 * CHUNK, body.sent


async def test_a_body_within_budget_still_reaches_the_route(http: httpx.AsyncClient) -> None:
    response = await http.post("/api/v1/session", json={"username": "nobody.x", "password": "x" * 100})
    assert response.status_code == 403  # read and judged: wrong credentials
