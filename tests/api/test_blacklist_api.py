"""The serious-dishonesty list through the API: proposal, steps, the public query and the export."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from tests.penalty_support import penalty_decision
from tests.workflows.hazard_helpers import open_task

ENTERPRISE = "沾益区德泽纺织有限公司"
Login = Callable[[str], Awaitable[httpx.AsyncClient]]


async def _complete(
    http: httpx.AsyncClient, sessions: sessionmaker[Session], case_id: int, step: str, form: Any
) -> None:
    task = await open_task(sessions, case_id, step)
    response = await http.post(f"/api/v1/tasks/{task.id}/complete", json={"form": form})
    assert response.status_code == 200, response.text


async def test_B1_public_query_shows_a_listed_entry_and_the_register_of_violations_holds_it(
    login: Login, anonymous: httpx.AsyncClient, sessions: sessionmaker[Session]
) -> None:
    handler = await login("zy.handler")
    with sessions() as db:
        enterprise = db.scalars(select(models.Enterprise).where(models.Enterprise.name == ENTERPRISE)).one()
    day = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    today = day.isoformat()
    body = {
        "enterprise_id": enterprise.id,
        "condition": "unlicensed",
        "penalty_decision_no": penalty_decision(sessions, "zy.handler", ENTERPRISE, day, "沾应急罚"),
        "penalty_decided_on": today,
        "facts": "未取得安全生产许可证擅自生产",
        "rules": "2023",
    }
    assert (
        await handler.post("/api/v1/blacklist", json={**body, "condition": "legacy_major_accident"})
    ).status_code == 422
    office = await login("zy.office")
    assert (await office.post("/api/v1/blacklist", json=body)).status_code == 403
    created = await handler.post("/api/v1/blacklist", json=body)
    assert created.status_code == 201 and created.json()["process"] == "blacklist"
    case_id = created.json()["id"]
    assert (await handler.post("/api/v1/blacklist", json=body)).status_code == 409  # one open listing per unit

    notice = {
        "reasons": "无证生产",
        "rights": "5个工作日内陈述申辩",
        "served_on": today,
    }
    await _complete(handler, sessions, case_id, "notice", notice)
    await _complete(handler, sessions, case_id, "statement", {"received_on": today, "statement": "已在办理许可证"})
    await _complete(
        handler, sessions, case_id, "statement_review", {"decision": "uphold", "reply": "办理中不等于已取得"}
    )
    await _complete(
        handler,
        sessions,
        case_id,
        "decision",
        {"decision": "list", "opinion": "依法列入"},
    )

    # The decision is issued as a numbered document before the entry is written: wait for it.
    for _ in range(200):
        found = await anonymous.get("/api/v1/public/blacklist", params={"name": "德泽纺织"})
        if found.json()["total"]:
            break
        await asyncio.sleep(0.05)
    assert found.status_code == 200 and found.json()["total"] == 1
    item = found.json()["items"][0]
    assert item["credit_code"] == enterprise.credit_code and re.fullmatch(
        r"沾应急失信决〔\d{4}〕\d+号", item["decision_no"]
    )
    assert item["condition_title"] == "未依法取得安全生产许可证擅自从事生产经营活动" and "第11号" in item["basis"]
    assert dt.date.fromisoformat(item["exit_on"]).year == dt.date.fromisoformat(item["listed_on"]).year + 3
    by_code = await anonymous.get("/api/v1/public/blacklist", params={"code": enterprise.credit_code.lower()})
    assert [i["enterprise_name"] for i in by_code.json()["items"]] == [ENTERPRISE]
    invalid = await anonymous.get("/api/v1/public/blacklist", params={"code": enterprise.credit_code[:-1] + "Z"})
    assert invalid.status_code == 422 and "统一社会信用代码" in invalid.json()["message"]
    short = await anonymous.get("/api/v1/public/blacklist", params={"code": "91530303"})
    assert short.status_code == 422 and "18位" in short.json()["message"]

    assert (await anonymous.get("/api/v1/blacklist/export")).status_code == 401
    exported = await handler.get("/api/v1/blacklist/export", params={"format": "csv"})
    assert exported.status_code == 200 and exported.text.startswith("\ufeff主体名称,统一社会信用代码")
    assert ENTERPRISE in exported.text and ",列入," in exported.text
    records = (await handler.get("/api/v1/blacklist/export")).json()["records"]
    assert [r["entity_name"] for r in records if r["credit_code"] == enterprise.credit_code] == [ENTERPRISE]
    outsider = await login("jh.handler")  # another city's bureau exports only its own decisions
    assert ENTERPRISE not in (await outsider.get("/api/v1/blacklist/export", params={"format": "csv"})).text

    # B1 (安全生产法 art 78): the register of violations holds the penalty and the listing.
    register = await handler.get("/api/v1/violations", params={"enterprise_id": enterprise.id})
    assert register.status_code == 200
    assert {r["kind_label"] for r in register.json()} == {"行政处罚", "列入严重失信主体名单"}
    assert (await anonymous.get("/api/v1/violations")).status_code == 401
    assert (await outsider.get("/api/v1/violations", params={"enterprise_id": enterprise.id})).json() == []
