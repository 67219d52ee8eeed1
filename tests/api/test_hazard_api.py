"""The JSON API: authentication, CSRF, error codes, visibility, and a step completed end to end."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain.legal_calendar import CHINA_TZ
from tests.api.conftest import Login
from tests.support import ALL_ROWS
from tests.workflows.hazard_helpers import LISTING


def _enterprise(sessions: sessionmaker[Session], county: str) -> int:
    with sessions() as db:
        return (
            db.scalars(select(models.Enterprise.id).where(models.Enterprise.jurisdiction_code == county)).first() or 0
        )


def _report(enterprise_id: int, today: dt.date, **changes: object) -> dict[str, object]:
    return {
        "enterprise_id": enterprise_id,
        "title": "配电室未设挡鼠板",
        "description": "配电室门口未设挡鼠板，电缆沟积水。",
        "grade": 4,
        "source": "inspection",
        "found_on": today.isoformat(),
        **changes,
    }


async def _inbox_task(http: httpx.AsyncClient, case_id: int) -> dict[str, object]:
    for _ in range(200):
        tasks = (await http.get("/api/v1/tasks", params=ALL_ROWS)).json()
        found = [t for t in tasks if t["case_id"] == case_id]
        if found:
            return found[0]
        await asyncio.sleep(0.05)
    raise AssertionError("task did not reach the inbox")


async def test_listing_step_through_the_api_with_every_refusal(login: Login, sessions: sessionmaker[Session]) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    handler = await login("ql.handler")
    office = await login("ql.office")
    outsider = await login("jh.handler")
    police = await login("ql.police")

    missing = await handler.post("/api/v1/hazards", json=_report(_enterprise(sessions, "530302"), today, grade=7))
    assert missing.status_code == 422 and missing.json()["error"] == "invalid"
    foreign = await handler.post("/api/v1/hazards", json=_report(_enterprise(sessions, "532801"), today))
    assert foreign.status_code == 403 and "管辖范围" in foreign.json()["message"]

    created = await handler.post("/api/v1/hazards", json=_report(_enterprise(sessions, "530302"), today))
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    task = await _inbox_task(office, case_id)
    assert task["step"] == "listing_decision" and not task["overdue"]

    form = {**LISTING, "rectification_deadline": (today + dt.timedelta(days=90)).isoformat()}
    wrong_user = await handler.post(f"/api/v1/tasks/{task['id']}/complete", json={"form": form})
    assert wrong_user.status_code == 403
    invalid = await office.post(
        f"/api/v1/tasks/{task['id']}/complete", json={"form": {**form, "supervision_matters": ""}}
    )
    assert invalid.status_code == 422 and invalid.json()["errors"]
    hidden = await outsider.post(f"/api/v1/tasks/{task['id']}/complete", json={"form": form})
    assert hidden.status_code == 404
    assert (await outsider.get(f"/api/v1/cases/{case_id}")).status_code == 404
    assert (await police.get(f"/api/v1/cases/{case_id}")).status_code == 404
    assert case_id not in [c["id"] for c in (await police.get("/api/v1/cases")).json()["items"]]

    done = await office.post(f"/api/v1/tasks/{task['id']}/complete", json={"form": form})
    assert done.status_code == 200, done.text
    assert done.json()["opened_task_ids"]
    again = await office.post(f"/api/v1/tasks/{task['id']}/complete", json={"form": form})
    assert again.status_code == 409 and "已办结" in again.json()["message"]

    detail = (await handler.get(f"/api/v1/cases/{case_id}")).json()
    completed = [e for e in detail["events"] if e["kind"] == "task_completed"]
    assert len(completed) == 1 and completed[0]["actor_name"].startswith("麒麟区安委办")
    assert detail["status"] == "listed"  # the plan waits for the notice's service (H31)
    assert (await office.get(f"/api/v1/cases/{case_id}")).status_code == 200


async def test_claimed_task_cannot_be_completed_by_a_colleague_of_another_role(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    handler = await login("ql.handler")
    office = await login("ql.office")
    created = await handler.post("/api/v1/hazards", json=_report(_enterprise(sessions, "530302"), today))
    task = await _inbox_task(office, created.json()["id"])
    claim = await office.post(f"/api/v1/tasks/{task['id']}/claim")
    assert claim.status_code == 200
    assert (await office.post(f"/api/v1/tasks/{task['id']}/claim")).status_code == 409
    assert (await office.post(f"/api/v1/tasks/{task['id']}/release")).status_code == 200
    assert (await office.post(f"/api/v1/tasks/{task['id']}/release")).status_code == 409


async def test_state_changes_need_the_csrf_header(login: Login, sessions: sessionmaker[Session]) -> None:
    handler = await login("ql.handler")
    del handler.headers["X-CSRF-Token"]
    today = dt.datetime.now(CHINA_TZ).date()
    response = await handler.post("/api/v1/hazards", json=_report(_enterprise(sessions, "530302"), today))
    assert response.status_code == 403 and "CSRF" in response.json()["message"]


async def test_unauthenticated_and_wrong_password(anonymous: httpx.AsyncClient) -> None:
    assert (await anonymous.get("/api/v1/tasks")).status_code == 401
    wrong = await anonymous.post("/api/v1/session", json={"username": "ql.office", "password": "nope"})
    assert wrong.status_code == 403 and wrong.json()["message"] == "用户名或密码错误"
    assert "anquan_session" not in wrong.cookies


async def test_repeated_failures_slow_this_address_down(
    anonymous: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No account lock (anybody could keep the owner out): this (account, address) waits instead;
    the owner elsewhere is not slowed (tests/security/test_login_throttle.py)."""
    frozen = dt.datetime.now(dt.UTC)
    monkeypatch.setattr("api.routes.session.now", lambda: frozen)
    for _ in range(3):
        await anonymous.post("/api/v1/session", json={"username": "mh.police", "password": "wrong"})
    slowed = await anonymous.post("/api/v1/session", json={"username": "mh.police", "password": "demo1234"})
    assert slowed.status_code == 429 and int(slowed.headers["retry-after"]) > 0
    assert "锁定" not in slowed.json()["message"]


async def test_deadline_calculator_needs_no_login(anonymous: httpx.AsyncClient) -> None:
    ok = await anonymous.get(
        "/api/v1/deadlines/compute",
        params={"start": "2026-09-30", "amount": 5, "unit": "working_days"},
    )
    assert ok.status_code == 200
    body = ok.json()
    assert body["due_date"] == "2026-10-13" and body["provisional"] is False
    assert "2026年10月1日（法定节假日）" in body["explanation"]
    bad = await anonymous.get(
        "/api/v1/deadlines/compute",
        params={"start": "2026-13-40", "amount": 5, "unit": "working_days"},
    )
    assert bad.status_code == 422 and bad.json()["error"] == "invalid"
    bad_unit = await anonymous.get(
        "/api/v1/deadlines/compute", params={"start": "2026-09-30", "amount": 5, "unit": "weeks"}
    )
    assert bad_unit.status_code == 422


async def test_overdue_counts_drill_down(login: Login) -> None:
    office = await login("qj.office")
    counts = (await office.get("/api/v1/overdue")).json()
    assert [c["code"] for c in counts] == ["530300", "530302", "530303"]
    outside = await office.get("/api/v1/overdue", params={"under": "532800"})
    assert outside.status_code == 422
