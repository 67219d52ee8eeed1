"""一般事故隐患 and monthly self-declarations over the JSON API: who may record, declare and list,
409 on a second declaration for a month (a correction keeps the first), the bureau's list of
missing declarations, and the idempotent overdue notice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from db.notification_models import Notification
from domain import self_declaration as sd
from domain.legal_calendar import CHINA_TZ
from services.declaration_reminders import remind_overdue, source_key
from tests.api.conftest import Login
from tests.workflows.general_hazard_support import own_enterprise
from tests.workflows.hazard_helpers import open_task


async def test_bureau_records_a_general_hazard_and_lists_it_the_enterprise_sees_only_its_own(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    enterprise_id = own_enterprise(sessions, "麒麟区接口测试五金有限公司", 88_000_711, "qy.wujin")
    handler, office, foreign = await login("ql.handler"), await login("ql.office"), await login("jh.handler")
    start = {"enterprise_id": enterprise_id, "description": "砂轮机防护罩缺失", "found_by": "inspection"}
    assert (await office.post("/api/v1/general-hazards", json=start)).status_code == 403
    assert (await foreign.post("/api/v1/general-hazards", json=start)).status_code == 403
    assert (await handler.post("/api/v1/general-hazards", json={**start, "description": ""})).status_code == 422
    assert (await handler.post("/api/v1/general-hazards", json={**start, "found_by": "rumour"})).status_code == 422
    past = (dt.datetime.now(CHINA_TZ).date() - dt.timedelta(days=1)).isoformat()
    assert (await handler.post("/api/v1/general-hazards", json={**start, "deadline": past})).status_code == 422
    created = await handler.post("/api/v1/general-hazards", json=start)
    assert created.status_code == 201, created.text
    case = created.json()
    assert case["case_no"].startswith("YB-") and case["process"] == "general_hazard"
    await open_task(sessions, case["id"], "rectification")

    listed = (await handler.get("/api/v1/general-hazards", params={"status": "open"})).json()
    mine = next(item for item in listed["items"] if item["id"] == case["id"])
    assert mine["enterprise_name"] == "麒麟区接口测试五金有限公司" and mine["status"] == "rectifying"
    assert all(item["id"] != case["id"] for item in (await foreign.get("/api/v1/general-hazards")).json()["items"])

    owner, other = await login("qy.wujin"), await login("qy.hongda")
    assert (await owner.get("/api/v1/general-hazards")).status_code == 403  # the bureau's list, not theirs
    assert case["id"] in [c["id"] for c in (await owner.get("/api/v1/enterprise/cases")).json()]
    assert case["id"] not in [c["id"] for c in (await other.get("/api/v1/enterprise/cases")).json()]


async def test_enterprise_declares_monthly_a_second_is_409_a_correction_keeps_the_first(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    enterprise_id = own_enterprise(sessions, "麒麟区自查自报测试化工有限公司", 88_000_712, "qy.zicha")
    silent_id = own_enterprise(sessions, "麒麟区未申报测试建材有限公司", 88_000_713, "qy.weishenbao")
    today = dt.datetime.now(CHINA_TZ).date()
    past = sd.previous_month(today.replace(day=1) - dt.timedelta(days=1))  # two months back: overdue
    owner, handler, foreign = await login("qy.zicha"), await login("ql.handler"), await login("jh.handler")

    neither = {"month": past}
    assert (await owner.post("/api/v1/self-declarations", json=neither)).status_code == 422
    both = {"month": past, "no_hazards": True, "hazards": [{"description": "x", "state": "rectified"}]}
    assert (await owner.post("/api/v1/self-declarations", json=both)).status_code == 422
    ahead = sd.month_of(today.replace(day=28) + dt.timedelta(days=10))
    assert (await owner.post("/api/v1/self-declarations", json={"month": ahead, "no_hazards": True})).status_code == 422
    declaration = {
        "month": past,
        "hazards": [
            {"description": "危化品仓库温湿度计损坏", "state": "rectifying"},
            {"description": "消防通道堆放杂物", "state": "rectified"},
        ],
    }
    assert (await handler.post("/api/v1/self-declarations", json=declaration)).status_code == 403
    filed = await owner.post("/api/v1/self-declarations", json=declaration)
    assert filed.status_code == 201, filed.text
    body = filed.json()
    assert body["late"] and body["revision"] == 0 and all(h["case_no"].startswith("YB-") for h in body["hazards"])
    rectifying, rectified = (h["case_id"] for h in body["hazards"])
    await open_task(sessions, rectifying, "rectification")
    await open_task(sessions, rectified, "recheck")  # declared rectified: the bureau re-checks next

    assert (await owner.post("/api/v1/self-declarations", json=declaration)).status_code == 409
    correction = {
        **declaration,
        "correction": True,
        "hazards": [*declaration["hazards"], {"description": "配电箱未接地", "state": "rectifying"}],
    }
    corrected = await owner.post("/api/v1/self-declarations", json=correction)
    assert corrected.status_code == 201, corrected.text
    assert corrected.json()["revision"] == 1
    assert [h["case_id"] is None for h in corrected.json()["hazards"]] == [True, True, False]  # one new case
    own = (await owner.get("/api/v1/self-declarations", params={"month": past})).json()
    assert own["state"] == "late" and [d["revision"] for d in own["items"]] == [1, 0]

    view = (await handler.get("/api/v1/self-declarations", params={"month": past})).json()
    assert view["overdue"] is True
    assert silent_id in [r["enterprise_id"] for r in view["missing"]]
    row = next(r for r in view["declared"] if r["enterprise_id"] == enterprise_id)
    assert (row["state"], row["hazard_count"], row["corrections"]) == ("late", 2, 1)
    assert next(r for r in view["missing"] if r["enterprise_id"] == silent_id)["state"] == "overdue"
    elsewhere = (await foreign.get("/api/v1/self-declarations", params={"month": past})).json()
    assert enterprise_id not in [r["enterprise_id"] for r in elsewhere["declared"] + elsewhere["missing"]]


async def test_overdue_notice_reaches_the_missing_enterprise_once(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    silent_id = own_enterprise(sessions, "麒麟区未申报测试建材有限公司", 88_000_713, "qy.weishenbao")
    assert silent_id
    # Far enough ahead that no test declares the month: the notice names it, once per user.
    now = dt.datetime(2031, 3, 20, 9, tzinfo=CHINA_TZ)
    settings = sd.DeclarationSettings()
    assert remind_overdue(sessions, now, settings) >= 1
    assert remind_overdue(sessions, now, settings) == 0
    with sessions() as db:
        count = db.scalar(
            select(func.count()).select_from(Notification).where(Notification.source_key == source_key("2031-02"))
        )
        assert count and count >= 1
        db.execute(delete(Notification).where(Notification.source_key == source_key("2031-02")))  # others' inboxes
        db.commit()
