"""The public report (举报) through the page and the API: bad input writes nothing, the tracking page
shows no internals, the reporter's identity is masked outside the handling office, floods get 429."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.worker import Worker

from api.app import create_app
from api.state import AppState
from db import models
from domain import tracking_code
from domain.process_config import ProcessConfig
from domain.public_report import FloodLimits
from services.public_report_intake import client_hash
from settings import Settings
from tests.support import FORM_TOKEN
from tests.workflows.hazard_helpers import open_task

PHONE = "13612345678"
NAME = "王明远"
FORM = {
    "jurisdiction_code": "530302",
    "description": "麒麟区宏达建材有限公司粉尘车间除尘器停用，工人未戴防护用品。",
    "place": "麒麟区越州镇宏达建材厂区",
    "enterprise_name": "麒麟区宏达建材有限公司",
    "reporter_name": NAME,
    "reporter_phone": PHONE,
}
Portal = Callable[..., Awaitable[httpx.AsyncClient]]


async def post_report_page(
    http: httpx.AsyncClient, data: dict[str, Any], headers: dict[str, str] | None = None
) -> httpx.Response:
    """Post the report form as a browser does: open the page, post it with its form token."""
    match = FORM_TOKEN.search((await http.get("/public/report")).text)
    assert match, "the form carries a token"
    return await http.post("/public/report", data={**data, "form_token": match.group(1)}, headers=headers)


@pytest.fixture
async def portal(
    sessions: sessionmaker[Session], client: Client, task_queue: str, case_worker: Worker
) -> AsyncIterator[Portal]:
    """An HTTP client on an app whose flood limits the test sets; optionally signed in."""
    opened: list[httpx.AsyncClient] = []

    async def _open(username: str | None = None, per_client: int = 50) -> httpx.AsyncClient:
        limits = FloodLimits(per_client_per_hour=per_client, total_per_hour=1000, per_description_per_day=100_000)
        config = ProcessConfig(public_report=limits)
        state = AppState(settings=Settings(task_queue=task_queue), sessions=sessions, temporal=client, config=config)
        app = create_app(state)
        app.state.app = state
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
        opened.append(http)
        if username:
            response = await http.post("/api/v1/session", json={"username": username, "password": "demo1234"})
            assert response.status_code == 200, response.text
            http.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        return http

    yield _open
    for http in opened:
        await http.aclose()


def _counts(sessions: sessionmaker[Session]) -> tuple[int, int, int]:
    with sessions() as db:
        return (
            db.scalar(select(func.count()).select_from(models.Case)) or 0,
            db.scalar(select(func.count()).select_from(models.PublicReport)) or 0,
            db.scalar(select(func.count()).select_from(models.PublicFormSubmission)) or 0,
        )


def _code(page: str) -> str:
    found = re.search(r'id="tracking-code">([0-9A-Z-]+)<', page)
    assert found, page
    return found.group(1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"description": "   "}, "举报内容（违法行为）：必填"),
        ({"place": "区" * 201}, "发生地点：不能超过200字"),
        ({"description": "字" * 2001}, "举报内容（违法行为）：不能超过2000字"),
        ({"reporter_phone": "12345"}, "联系电话（可不填）：应为11位手机号"),
        ({"jurisdiction_code": "110000"}, "所在地区不存在"),
        ({"website": "http://spam.example"}, "提交未通过校验"),
    ],
)
async def test_bad_report_gets_a_clear_error_and_writes_nothing(
    portal: Portal, sessions: sessionmaker[Session], change: dict[str, Any], message: str
) -> None:
    http = await portal()
    before = _counts(sessions)
    response = await post_report_page(http, {**FORM, **change})
    assert response.status_code == 422 and message in response.text
    assert "tracking-code" not in response.text
    assert _counts(sessions) == before


async def test_cross_site_post_is_refused(portal: Portal, sessions: sessionmaker[Session]) -> None:
    http = await portal()
    before = _counts(sessions)
    response = await post_report_page(http, FORM, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403 and _counts(sessions) == before


async def test_tracking_shows_status_and_reply_never_internals_or_identity(
    portal: Portal, sessions: sessionmaker[Session]
) -> None:
    public = await portal()
    filed = await post_report_page(public, FORM)
    assert filed.status_code == 200 and filed.headers["cache-control"] == "no-store"
    code = _code(filed.text)
    assert "麒麟区应急管理局" in filed.text
    with sessions() as db:
        case = db.scalars(select(models.Case).order_by(models.Case.id.desc()).limit(1)).one()
    await open_task(sessions, case.id, "triage")

    handler = await portal("ql.handler")
    internal = "内部意见：该企业负责人与举报人有纠纷"
    task = await open_task(sessions, case.id, "triage")
    accepted = await handler.post(
        f"/api/v1/tasks/{task.id}/complete", json={"form": {"decision": "accept", "reason": internal}}
    )
    assert accepted.status_code == 200, accepted.text
    task = await open_task(sessions, case.id, "verification")
    findings = {
        "verified_on": case.created_at.date().isoformat(),
        "method": "site_inspection",
        "findings": "除尘器确已停用三个月",
    }
    assert (await handler.post(f"/api/v1/tasks/{task.id}/complete", json={"form": findings})).status_code == 200

    tracked = await public.post("/public/track", data={"code": code.lower().replace("-", " ")})
    assert tracked.status_code == 200 and "已受理，正在核查" in tracked.text
    for secret in (internal, "除尘器确已停用三个月", "site_inspection", "现场检查", PHONE, NAME):
        assert secret not in tracked.text
    api = await public.post("/api/v1/public/report-tracking", json={"code": code})
    assert api.status_code == 200 and api.json()["status"] == "已受理，正在核查"
    assert PHONE not in api.text and internal not in api.text

    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert (await public.post("/public/track", data={"code": typo})).status_code == 422
    unknown = tracking_code.grouped(tracking_code.new_code())
    missing = await public.post("/public/track", data={"code": unknown})
    assert missing.status_code == 404 and "未找到" in missing.text


async def test_reporter_identity_only_for_the_handling_office(
    portal: Portal, sessions: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    public = await portal()
    created = await public.post("/api/v1/public/report-submissions", json=FORM)
    assert created.status_code == 201, created.text
    assert len(created.json()["tracking_code"].replace("-", "")) == 20
    with sessions() as db:
        case = db.scalars(select(models.Case).order_by(models.Case.id.desc()).limit(1)).one()
    await open_task(sessions, case.id, "triage")

    handler = await portal("ql.handler")
    full = (await handler.get(f"/api/v1/cases/{case.id}/reporter")).json()
    assert (full["name"], full["phone"], full["masked"]) == (NAME, PHONE, False)
    page = await handler.get(f"/cases/{case.id}")
    assert PHONE in page.text and NAME in page.text
    # The extension is offered once the handling step runs (D25: the panel offers what applies now).
    assert f'action="/cases/{case.id}/actions/request_extension"' not in page.text
    for username in ("ql.office", "qj.office", "qj.head", "yn.office"):
        other = await portal(username)
        view = (await other.get(f"/api/v1/cases/{case.id}/reporter")).json()
        assert view["masked"] and view["name"] == "王**" and view["phone"] == "136****5678", username
        detail = await other.get(f"/api/v1/cases/{case.id}")
        assert detail.status_code == 200 and PHONE not in detail.text and NAME not in detail.text
        html = await other.get(f"/cases/{case.id}")
        assert PHONE not in html.text and NAME not in html.text and "仅承办部门可见" in html.text
        assert "actions/request_extension" not in html.text
    assert "report-submissions" in caplog.text  # the requests were logged (httpx)...
    assert PHONE not in caplog.text and NAME not in caplog.text  # ...the identity never
    outsider = await portal("zy.handler")
    assert (await outsider.get(f"/api/v1/cases/{case.id}/reporter")).status_code == 404


async def test_flood_of_reports_gets_429_and_stores_nothing(portal: Portal, sessions: sessionmaker[Session]) -> None:
    mine = client_hash("127.0.0.1", Settings().public_form_key)  # httpx's ASGI transport's address
    with sessions() as db:  # other tests of this session posted from the same address
        recent = db.scalar(select(func.count()).where(models.PublicFormSubmission.client_hash == mine)) or 0
    http = await portal(per_client=recent + 1)
    assert (await http.post("/api/v1/public/report-submissions", json=FORM)).status_code == 201
    before = _counts(sessions)
    flooded = await post_report_page(http, FORM)
    assert flooded.status_code == 429 and "每小时最多提交" in flooded.text
    assert (await http.post("/api/v1/public/report-submissions", json=FORM)).status_code == 429
    assert _counts(sessions) == before
