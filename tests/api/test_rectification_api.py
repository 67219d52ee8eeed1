"""Contested rectifications over the JSON API and the console: who may open one, the order's
document, the case page with its actions, and the intake page in the handler's navigation."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain.legal_calendar import CHINA_TZ
from tests.api.conftest import Login
from tests.api.test_crime_transfer_api import _complete, _task
from tests.api.test_hazard_api import _enterprise
from tests.workflows.test_rectification import ORDER


async def test_handler_opens_a_rectification_and_the_order_is_numbered(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    handler, office, other = await login("ql.handler"), await login("ql.office"), await login("jh.handler")
    start = {
        "enterprise_id": _enterprise(sessions, "530302"),
        "inspection_record_no": "麒应急检〔2026〕21号",
        "inspected_on": today.isoformat(),
        "findings": "可燃气体报警器失效",
    }
    assert (await office.post("/api/v1/rectifications", json=start)).status_code == 403
    assert (await other.post("/api/v1/rectifications", json=start)).status_code == 403
    future = {**start, "inspected_on": (today + dt.timedelta(days=3)).isoformat()}
    assert (await handler.post("/api/v1/rectifications", json=future)).status_code == 422
    created = await handler.post("/api/v1/rectifications", json=start)
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    assert created.json()["case_no"].startswith("ZG-")

    await _complete(handler, case_id, "order", ORDER)
    await _task(handler, case_id, "service")
    detail = (await handler.get(f"/api/v1/cases/{case_id}")).json()
    assert detail["process"] == "rectification" and detail["details"]["inspection_record_no"] == "麒应急检〔2026〕21号"
    order = next(d for d in detail["documents"] if d["title"] == "责令限期整改指令书")
    html = (await handler.get(f"/api/v1/documents/{order['id']}")).json()["html"]
    assert order["number"] in html and "自本指令书送达之日起30日内" in html

    page = await handler.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert "提请安委办指定监管部门" in page.text and "责令限期整改指令书" in page.text
    # A power cut rests on a refused suspension order (安全生产法 art 70): not offered yet (D25).
    assert "提请停止供电" not in page.text
    intake = await handler.get("/rectifications/new")
    assert intake.status_code == 200 and "被检查单位" in intake.text and 'href="/rectifications/new"' in intake.text
    # The surcharge is computed live on the page from what the workflow keeps in the details.
    due = today - dt.timedelta(days=10)
    with sessions() as db:
        case = db.get(models.Case, case_id)
        assert case is not None
        surcharge = {"principal_cny": 10000, "payment_due": due.isoformat(), "rate_percent_per_day": 3, "paused": []}
        case.details = {**case.details, "surcharge": surcharge}
        db.commit()
    page = await handler.get(f"/cases/{case_id}")
    assert "加处罚款（截至今日）" in page.text and "3,000元" in page.text and "13,000元" in page.text
