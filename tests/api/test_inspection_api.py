"""Inspections over the JSON API and the console: the start's refusals (422 in Chinese, 403), a
joint inspection with one record, and a suspected crime found on it starting a transfer that links
back to the inspection."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from db import models
from db.roster_models import Inspector
from domain.legal_calendar import CHINA_TZ
from tests.api.conftest import Login
from tests.api.test_crime_transfer_api import _complete, _task
from tests.api.test_hazard_api import _enterprise
from tests.random_draw_support import make_register


def _user(sessions: sessionmaker[Session], username: str) -> int:
    with sessions() as db:
        return db.scalars(select(models.User.id).where(models.User.username == username)).one()


async def test_joint_inspection_records_once_and_a_crime_found_starts_a_linked_transfer(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    today = dt.datetime.now(CHINA_TZ).date().isoformat()
    handler, office, head = await login("ql.handler"), await login("ql.office"), await login("ql.head")
    other, enterprise = await login("jh.handler"), await login("qy.hongda")
    start = {
        "enterprise_id": _enterprise(sessions, "530302"),
        "mode": "joint",
        "inspectors": [_user(sessions, "ql.handler"), _user(sessions, "ql.handler2")],
        "planned_on": (dt.datetime.now(CHINA_TZ).date() + dt.timedelta(days=14)).isoformat(),  # planned ahead
        "lead_department": "麒麟区应急管理局",
        "participant_departments": ["麒麟区市场监督管理局"],
    }
    refused = {
        "检查人员不得少于两人": {**start, "inspectors": start["inspectors"][:1]},
        "被检查单位不存在": {**start, "enterprise_id": 99_999},
        "须填写牵头部门和参加部门": {**start, "participant_departments": []},
        "须关联年度监督检查计划": {**start, "mode": "planned", "lead_department": "", "participant_departments": []},
        "抽取批次不存在": {
            **start,
            "mode": "random",
            "draw_id": 99_999,
            "lead_department": "",
            "participant_departments": [],
        },
    }
    for message, body in refused.items():
        response = await handler.post("/api/v1/inspections", json=body)
        assert response.status_code == 422 and message in response.text, response.text
    assert (await office.post("/api/v1/inspections", json=start)).status_code == 403  # office: 暗查暗访 only
    assert (await other.post("/api/v1/inspections", json=start)).status_code == 403  # another county's enterprise
    assert (await enterprise.post("/api/v1/inspections", json=start)).status_code == 403
    created = await handler.post("/api/v1/inspections", json=start)
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    assert created.json()["case_no"].startswith("JC-") and created.json()["process"] == "inspection"

    await _complete(
        handler, case_id, "plan", {"matters": "烟花爆竹仓储联合检查", "checklist": "仓库防火间距\n消防设施"}
    )
    await _complete(head, case_id, "plan_approval", {"decision": "approve"})
    record = {
        "inspected_on": today,
        "place": "成品仓库",
        "results": "仓库防火间距：不符合\n消防设施：符合",
        "findings": "涉嫌犯罪：擅自在仓库内组装烟花爆竹，已发生1次燃烧，涉嫌危险作业",
        "signature": "signed",
        "signed_by": "张经理",
    }
    await _complete(handler, case_id, "record", record)
    await _task(handler, case_id, "follow_up")
    # The finding names its task in the batch after the task's own (workflows/inspection).
    for _ in range(200):
        if (await handler.get(f"/api/v1/cases/{case_id}")).json()["details"]["findings"][0].get("task_id"):
            break
        await asyncio.sleep(0.05)
    url = f"/api/v1/inspections/{case_id}/findings/1/follow-up"
    assert (await other.post(url, json={})).status_code == 404
    missing = await handler.post(url, json={})
    assert missing.status_code == 422 and "涉嫌罪名" in missing.text
    transfer = await handler.post(url, json={"category": "dangerous_operation"})
    assert transfer.status_code == 201, transfer.text
    assert transfer.json()["process"] == "crime_transfer"
    transfer_id = transfer.json()["id"]

    detail = (await handler.get(f"/api/v1/cases/{case_id}")).json()
    record_doc = next(d for d in detail["documents"] if d["title"] == "现场检查记录")
    html = (await handler.get(f"/api/v1/documents/{record_doc['id']}")).json()["html"]
    assert "麒麟区应急管理局牵头" in html and "麒麟区市场监督管理局" in html and "唯一现场检查记录" in html
    page = await handler.get(f"/cases/{case_id}")
    assert f'href="/cases/{transfer_id}"' in page.text and "检查发现的问题及处理" in page.text
    transfer_page = await handler.get(f"/cases/{transfer_id}")
    assert "来源案件" in transfer_page.text and created.json()["case_no"] in transfer_page.text
    intake = await handler.get("/inspections/new")
    assert intake.status_code == 200 and 'href="/inspections/new"' in intake.text and "ql.handler2" not in intake.text


async def test_a_random_inspection_is_carried_out_by_the_drawn_team(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    today = dt.datetime.now(CHINA_TZ).date().isoformat()
    handler = await login("ql.handler")
    register = make_register(sessions, enterprises=2)
    draw = await handler.post(
        "/api/v1/random-draws", json={"matter_id": register.matter_id, "count": 1, "team_size": 2}
    )
    assert draw.status_code == 201, draw.text
    drawn = draw.json()["selections"][0]
    pair = [_user(sessions, "ql.handler"), _user(sessions, "ql.handler2")]
    start = {
        "enterprise_id": drawn["enterprise_id"],
        "mode": "random",
        "draw_id": draw.json()["id"],
        "inspectors": pair,
        "planned_on": today,
    }
    form = (await handler.get("/inspections/new")).text
    assert '<select name="draw_id">' in form and '<select name="plan_case_id">' in form
    assert f'<option value="{draw.json()["id"]}">{draw.json()["case_no"]} ' in form, form
    unlinked = await handler.post("/api/v1/inspections", json=start)
    assert unlinked.status_code == 422 and "未关联系统账号" in unlinked.text, unlinked.text

    first, second = drawn["inspector_ids"]

    def link(inspector_id: int, username: str) -> None:
        with sessions() as db:
            db.execute(update(Inspector).where(Inspector.id == inspector_id).values(user_id=_user(sessions, username)))
            db.commit()

    link(first, "ql.handler")
    link(second, "ql.head")  # the drawn team is not the two handlers named in the request
    other = await handler.post("/api/v1/inspections", json=start)
    assert other.status_code == 422 and "须为抽中的执法人员" in other.text, other.text
    assert all(name in other.text for name in drawn["inspector_names"]), other.text
    link(second, "ql.handler2")
    created = await handler.post("/api/v1/inspections", json=start)
    assert created.status_code == 201, created.text
