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
