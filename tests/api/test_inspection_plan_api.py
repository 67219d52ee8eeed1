"""The annual enforcement plan through the JSON API: refusals with a message, the draft with its
first task, the second plan of a year refused, progress for the bureau and the office above."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain.legal_calendar import CHINA_TZ
from services.plan_progress import record_done

Login = Callable[[str], Awaitable[httpx.AsyncClient]]


def zhanyi_enterprises(sessions: sessionmaker[Session]) -> list[int]:
    with sessions() as db:
        return list(
            db.scalars(select(models.Enterprise.id).where(models.Enterprise.jurisdiction_code == "530303").limit(2))
        )


async def test_plan_is_drafted_refused_when_invalid_or_twice_and_its_progress_is_shared_upwards(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    handler = await login("zy.handler")
    year = dt.datetime.now(CHINA_TZ).year + 1
    first, second = zhanyi_enterprises(sessions)
    item: dict[str, Any] = {"enterprise_id": first, "risk_grade": "high", "content": "危化品储存", "frequency": 2,
                            "measures": "现场检查", "months": [4, 10]}  # fmt: skip
    body = {"year": year, "items": [item, {**item, "enterprise_id": second, "frequency": 1, "months": []}]}

    refusals = [
        ({**body, "year": year + 5}, "计划年度"),
        ({**body, "items": []}, "至少应列明一个重点监管对象"),
        ({**body, "items": [{**item, "enterprise_id": 1_999_999}]}, "企业不存在"),
        ({**body, "items": [{**item, "frequency": 0}]}, "第1个重点监管对象的年度检查次数"),
        ({**body, "items": [{**item, "months": [13]}]}, "1至12"),
    ]
    for bad, message in refusals:
        response = await handler.post("/api/v1/inspection-plans", json=bad)
        assert response.status_code == 422, response.text
        assert message in response.json()["message"], response.text
    office = await login("zy.office")
    assert (await office.post("/api/v1/inspection-plans", json=body)).status_code == 403

    response = await handler.post("/api/v1/inspection-plans", json=body)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["first_task"]["step"] == "approval" and not created["first_task"]["overdue"]
    assert created["first_task"]["due_at"][:4] == str(year)
    again = await handler.post("/api/v1/inspection-plans", json=body)
    assert again.status_code == 409 and "已存在" in again.json()["message"]

    with sessions() as db:
        record_done(db, created["case_id"], first, created["case_id"], dt.date(year, 4, 2))
        db.commit()  # record_done writes in its caller's transaction
    city = await login("qj.office")
    progress = (await city.get(f"/api/v1/inspection-plans/{created['case_id']}/progress")).json()
    assert (progress["planned"], progress["done"], len(progress["months"])) == (3, 1, 12)
    april = progress["months"][3]
    assert (april["planned"], april["done"]) == (1, 1)
    names = {e["enterprise_id"]: e["enterprise_name"] for e in progress["enterprises"]}
    assert set(names) == {first, second} and all(names.values())
    listed = (await city.get("/api/v1/inspection-plans", params={"year": year})).json()
    assert any(p["case_id"] == created["case_id"] and p["planned"] == 3 for p in listed)
    foreign = await login("jh.handler")
    assert (await foreign.get(f"/api/v1/inspection-plans/{created['case_id']}/progress")).status_code == 404
