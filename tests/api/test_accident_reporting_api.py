"""Accident intake with the reporting moments and the accident's place (条例 arts 9, 21), through the API and pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from db import models


async def test_A4_A14_intake_checks_the_report_moments_and_the_place(login: Any, sessions: Any) -> None:
    handler = await login("ql.handler")
    with sessions() as db:
        enterprise = db.scalars(
            select(models.Enterprise.id).where(models.Enterprise.jurisdiction_code == "530302")
        ).first()
    occurred = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    body = {
        "enterprise_id": enterprise,
        "occurred_at": occurred.isoformat(),
        "place": "仓库",
        "deaths": 0,
        "serious_injuries": 1,
        "direct_loss_cny": 50000,
        "account": "叉车伤人。",
    }
    backwards = await handler.post(
        "/api/v1/accidents",
        json={
            **body,
            "unit_head_informed_at": (occurred + dt.timedelta(minutes=30)).isoformat(),
            "received_at": (occurred + dt.timedelta(minutes=10)).isoformat(),
        },
    )
    assert backwards.status_code == 422 and "单位负责人接到报告时间" in backwards.json()["message"]
    elsewhere = await handler.post("/api/v1/accidents", json={**body, "place_code": "530303"})
    assert elsewhere.status_code == 403 and "事故发生地" in elsewhere.json()["message"]
    unknown = await handler.post("/api/v1/accidents", json={**body, "place_code": "999999"})
    assert unknown.status_code == 422
    created = await handler.post(
        "/api/v1/accidents",
        json={
            **body,
            "unit_head_informed_at": (occurred + dt.timedelta(minutes=10)).isoformat(),
            "received_at": (occurred + dt.timedelta(hours=2)).isoformat(),
        },
    )
    assert created.status_code == 201
    page = await handler.get(f"/cases/{created.json()['id']}")
    assert page.status_code == 200 and "接到事故报告" in page.text
    form = await handler.get("/accidents/new")
    assert 'type="datetime-local" name="unit_head_informed_at"' in form.text
    assert 'name="high_risk_sector"' in form.text
