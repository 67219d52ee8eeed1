"""The message centre over HTTP: one's own notices only, marking read, settings refused with a
message a handler understands, and the page with its unread count."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain.legal_calendar import CHINA_TZ
from services.notifications.channels import Channels
from services.notifications.dispatch import run_once
from tests.api.conftest import Login
from tests.api.test_hazard_api import _inbox_task, _report


def _enterprise(sessions: sessionmaker[Session]) -> int:
    with sessions() as db:
        query = select(models.Enterprise.id).where(models.Enterprise.jurisdiction_code == "530302")
        return db.scalars(query).first() or 0


async def test_notices_are_the_users_own_and_are_marked_read_one_by_one_or_all(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    handler, office = await login("ql.handler"), await login("ql.office")
    created = await handler.post("/api/v1/hazards", json=_report(_enterprise(sessions), today))
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    task = await _inbox_task(office, case_id)
    run_once(sessions, Channels(), dt.datetime.now(dt.UTC), "test")

    page = (await office.get("/api/v1/notifications?unread=true")).json()
    mine = [n for n in page["items"] if n["task_id"] == task["id"]]
    assert (
        len(mine) == 1
        and mine[0]["kind_label"] == "新待办"
        and mine[0]["link"] == f"/cases/{case_id}#task-{task['id']}"
    )
    unread_before = page["unread"]
    assert not [n for n in (await handler.get("/api/v1/notifications")).json()["items"] if n["task_id"] == task["id"]]
    stolen = await handler.post(f"/api/v1/notifications/{mine[0]['id']}/read")
    assert stolen.status_code == 404 and stolen.json()["message"] == "没有这条消息"

    read = await office.post(f"/api/v1/notifications/{mine[0]['id']}/read")
    assert read.status_code == 200 and read.json()["read_at"]
    assert (await office.get("/api/v1/notifications")).json()["unread"] == unread_before - 1
    page_html = (await office.get("/messages")).text
    assert "消息中心" in page_html and mine[0]["title"] in page_html
    await office.post("/api/v1/notifications/read-all")
    assert (await office.get("/api/v1/notifications")).json()["unread"] == 0


async def test_settings_refuse_a_bad_address_and_a_channel_without_contact_and_keep_nothing(
    login: Login,
) -> None:
    office = await login("zy.office")  # a user no other test configures
    before = (await office.get("/api/v1/notifications/settings")).json()
    assert before["channels"]["urged"] == {"email": True, "sms": True}  # the defaults

    bad = await office.put(
        "/api/v1/notifications/settings",
        json={"email": "not-an-address", "mobile": "12345", "channels": {"urged": {"email": True, "sms": True}}},
    )
    assert bad.status_code == 422
    assert "电子邮箱格式不正确" in bad.json()["message"] and "手机号码应为11位数字" in bad.json()["message"]
    no_contact = await office.put(
        "/api/v1/notifications/settings", json={"email": "", "mobile": "", "channels": {"task": {"sms": True}}}
    )
    assert no_contact.status_code == 422 and "请填写手机号码" in no_contact.json()["message"]
    assert (await office.get("/api/v1/notifications/settings")).json() == before  # nothing half-saved

    saved = await office.put(
        "/api/v1/notifications/settings",
        json={"email": "office@example.gov.cn", "mobile": "138-0000-0000", "channels": {"urged": {"sms": True}}},
    )
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["mobile"] == "13800000000" and body["channels"]["urged"] == {"email": False, "sms": True}
    assert body["channels"]["task"] == {"email": False, "sms": False}
    unknown = await office.put("/api/v1/notifications/settings", json={"channels": {"lottery": {"email": True}}})
    assert unknown.status_code == 422 and "未知的消息类型" in unknown.json()["message"]
