"""The live grading endpoint of the accident intake form (no login needed)."""

from __future__ import annotations

import httpx


async def test_grade_endpoint_answers_and_refuses_bad_figures(anonymous: httpx.AsyncClient) -> None:
    figures = {"deaths": 3, "serious_injuries": 0, "direct_loss_cny": 0}
    ok = await anonymous.post("/api/v1/accidents/grade", json=figures)
    assert ok.status_code == 200
    assert ok.json()["grade"] == "较大" and ok.json()["investigating_level"] == "city"
    negative = await anonymous.post(
        "/api/v1/accidents/grade", json={"deaths": -1, "serious_injuries": 0, "direct_loss_cny": 0}
    )
    assert negative.status_code == 422 and negative.json()["error"] == "invalid"
    absurd = await anonymous.post(
        "/api/v1/accidents/grade", json={"deaths": 0, "serious_injuries": 0, "direct_loss_cny": 10**15}
    )
    assert absurd.status_code == 422 and "合理范围" in absurd.json()["message"]


async def test_accident_intake_through_the_api(login: object, sessions: object) -> None:
    import datetime as dt

    from sqlalchemy import select

    from db import models

    handler = await login("ql.handler")  # type: ignore[operator]
    with sessions() as db:  # type: ignore[operator]
        enterprise = db.scalars(
            select(models.Enterprise.id).where(models.Enterprise.jurisdiction_code == "530302")
        ).first()
    body = {
        "enterprise_id": enterprise,
        "occurred_at": (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat(),
        "place": "仓库",
        "deaths": 0,
        "serious_injuries": 1,
        "direct_loss_cny": 50000,
        "account": "叉车伤人。",
    }
    future = await handler.post(
        "/api/v1/accidents", json={**body, "occurred_at": (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()}
    )
    assert future.status_code == 422 and "不能晚于现在" in future.json()["message"]
    negative = await handler.post("/api/v1/accidents", json={**body, "deaths": -2})
    assert negative.status_code == 422
    created = await handler.post("/api/v1/accidents", json=body)
    assert created.status_code == 201 and created.json()["process"] == "accident"
    police = await login("jh.police")  # type: ignore[operator]
    assert (await police.get(f"/api/v1/cases/{created.json()['id']}")).status_code == 404
