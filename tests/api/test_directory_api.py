"""Search across cases and the register of enterprises, over HTTP: what matches, what stays
hidden, and each refusal in words a handler understands."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from db.admin_models import AuditEntry
from db.seed import credit_code
from domain.legal_calendar import CHINA_TZ
from tests.api.conftest import Login
from tests.api.test_hazard_api import _inbox_task, _report


def _enterprise(sessions: sessionmaker[Session]) -> models.Enterprise:
    with sessions() as db:
        query = select(models.Enterprise).where(models.Enterprise.jurisdiction_code == "530302")
        found = db.scalars(query.order_by(models.Enterprise.id)).first()
        assert found is not None
        return found


async def test_search_finds_a_case_by_number_enterprise_code_and_person_and_only_where_visible(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    handler, office, outsider = await login("ql.handler"), await login("ql.office"), await login("jh.handler")
    enterprise = _enterprise(sessions)
    created = await handler.post(
        "/api/v1/hazards", json=_report(enterprise.id, today, title="储罐区可燃气体报警器失效")
    )
    assert created.status_code == 201, created.text
    case = created.json()
    await _inbox_task(office, case["id"])

    async def ids(client: object, q: str) -> dict[int, list[str]]:
        response = await client.get("/api/v1/search", params={"q": q})  # type: ignore[attr-defined]
        assert response.status_code == 200, response.text
        return {hit["case_id"]: hit["matched"] for hit in response.json()}

    fragment = case["case_no"].split("-")[-1]  # GP-2026-000NN → 000NN
    assert "案件编号" in (await ids(handler, fragment.lower()))[case["id"]]
    assert "案件名称" in (await ids(handler, "报警器失效"))[case["id"]]
    assert "企业名称" in (await ids(handler, enterprise.name[2:8]))[case["id"]]
    assert "统一社会信用代码" in (await ids(handler, enterprise.credit_code[:12].lower()))[case["id"]]
    assert "人员" in (await ids(office, "麒麟区应急管理局"))[case["id"]]  # the handler who reported it
    assert case["id"] not in await ids(outsider, "报警器失效")  # another county's handler

    short = await handler.get("/api/v1/search", params={"q": "储"})
    assert short.status_code == 422 and "至少2个字" in short.json()["message"]


async def test_enterprise_type_ahead_and_registration_with_every_refusal(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    handler, police = await login("ql.handler"), await login("ql.police")
    known = _enterprise(sessions)
    by_code = (await handler.get("/api/v1/enterprises", params={"q": known.credit_code})).json()
    assert by_code[0]["id"] == known.id
    assert known.id in [
        e["id"] for e in (await handler.get("/api/v1/enterprises", params={"q": known.name[:4]})).json()
    ]

    code = credit_code("530302", 77_000_001)
    body = {
        "name": "麒麟区新登记化工有限公司",
        "credit_code": code,
        "industry": "危险化学品",
        "size": "小型",
        "jurisdiction_code": "530302",
        "address": "麒麟区工业园区",
    }
    wrong = await handler.post(
        "/api/v1/enterprises", json={**body, "credit_code": code[:-1] + ("0" if code[-1] != "0" else "1")}
    )
    assert wrong.status_code == 422 and "校验位不正确" in wrong.json()["message"]
    short = await handler.post("/api/v1/enterprises", json={**body, "credit_code": code[:17]})
    assert short.status_code == 422 and "应为18位" in short.json()["message"]
    foreign = await handler.post("/api/v1/enterprises", json={**body, "jurisdiction_code": "532801"})
    assert foreign.status_code == 403 and "本辖区" in foreign.json()["message"]
    liaison = await police.post("/api/v1/enterprises", json=body)
    assert liaison.status_code == 403
    size = await handler.post("/api/v1/enterprises", json={**body, "size": "特大型"})
    assert size.status_code == 422 and "规模只能是" in size.json()["message"]

    created = await handler.post("/api/v1/enterprises", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["credit_code"] == code
    again = await handler.post("/api/v1/enterprises", json={**body, "name": "另一家公司"})
    assert again.status_code == 409 and "已登记为“麒麟区新登记化工有限公司”" in again.json()["message"]
    with sessions() as db:
        entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "enterprise_registered")).all()[-1]
        assert code in entry.target and entry.actor_name
