"""The roster, the matters and the draw through the JSON API: import all-or-nothing, refusals in
Chinese, a draw verified by re-running it, and the public list."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import uuid
from collections.abc import Awaitable, Callable

import httpx
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from db.roster_models import Inspector
from domain.legal_calendar import CHINA_TZ
from tests.random_draw_support import make_register

Login = Callable[[str], Awaitable[httpx.AsyncClient]]


def roster_csv(rows: list[str]) -> bytes:
    return ("姓名,执法证号,发证机关,有效期起,有效期至,在岗\n" + "\n".join(rows) + "\n").encode()


async def test_roster_import_is_all_or_nothing_and_lists_every_wrong_row(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    handler = await login("ql.handler")
    tag = uuid.uuid4().hex[:6]
    bad = roster_csv(
        [
            f"张{tag},A{tag}1,曲靖市人民政府,2026-01-01,2028-12-31,是",
            f"李{tag},A{tag}2,曲靖市人民政府,2027-01-01,2026-01-01,是",  # ends before it starts
            f"王{tag},A{tag}1,曲靖市人民政府,2026-01-01,2028-12-31,也许",  # repeated number, bad flag
        ]
    )
    refused = await handler.post("/api/v1/inspectors/import", files={"file": ("roster.csv", bad, "text/csv")})
    assert refused.status_code == 422 and "未导入任何数据" in refused.json()["message"]
    fields = {e["field"] for e in refused.json()["errors"]}
    assert fields == {"第3行", "第4行 执法证号", "第4行 在岗"}, refused.json()["errors"]
    with sessions() as db:
        assert db.scalar(select(Inspector.id).where(Inspector.certificate_no == f"A{tag}1")) is None

    good = roster_csv(
        [
            f"张{tag},A{tag}1,曲靖市人民政府,2026-01-01,2028-12-31,是",
            f"李{tag},A{tag}2,曲靖市人民政府,2026-01-01,2028-12-31,否",
        ]
    )
    imported = await handler.post("/api/v1/inspectors/import", files={"file": ("roster.csv", good, "text/csv")})
    assert imported.json() == {"added": 2, "updated": 0}, imported.text
    listed = {i["certificate_no"]: i for i in (await handler.get("/api/v1/inspectors")).json()}
    assert listed[f"A{tag}1"]["active"] and not listed[f"A{tag}2"]["active"]
    office = await login("ql.office")
    assert (await office.get("/api/v1/inspectors")).status_code == 403

    sheet = Workbook()  # an Excel sheet renews a certificate: the row is updated, not added
    sheet.active.append(["姓名", "执法证号", "发证机关", "有效期起", "有效期至", "系统账号"])  # type: ignore[union-attr]
    sheet.active.append(
        [f"张{tag}", f"A{tag}1", "曲靖市人民政府", dt.date(2026, 1, 1), dt.date(2031, 12, 31), "ql.handler"]
    )  # type: ignore[union-attr]
    data = io.BytesIO()
    sheet.save(data)
    renewed = await handler.post("/api/v1/inspectors/import", files={"file": ("roster.xlsx", data.getvalue())})
    assert renewed.json() == {"added": 0, "updated": 1}, renewed.text
    listed = {i["certificate_no"]: i for i in (await handler.get("/api/v1/inspectors")).json()}
    assert listed[f"A{tag}1"]["valid_until"] == "2031-12-31" and listed[f"A{tag}1"]["user_id"] is not None


async def test_a_draw_is_made_refused_in_chinese_verified_and_public_once_published(
    login: Login, anonymous: httpx.AsyncClient, sessions: sessionmaker[Session]
) -> None:
    handler = await login("ql.handler")
    register = make_register(sessions, enterprises=5)
    matter = register.matter_id
    refusals = {
        "不得少于2人": {"matter_id": matter, "count": 1, "team_size": 1},
        "抽查比例": {"matter_id": matter, "share_percent": 120, "team_size": 2},
        "超过符合条件的企业数": {"matter_id": matter, "count": 6, "team_size": 2},
        "少于每组所需": {"matter_id": matter, "count": 1, "team_size": 20},
    }
    for message, body in refusals.items():
        response = await handler.post("/api/v1/random-draws", json=body)
        assert response.status_code == 422 and message in response.json()["message"], response.text
    empty = await handler.post(
        "/api/v1/inspection-matters",
        json={
            "title": "空行业",
            "legal_basis": "安全生产法",
            "content": "无",
            "sectors": [f"无此行业{uuid.uuid4().hex}"],
        },
    )
    assert empty.status_code == 201
    response = await handler.post("/api/v1/random-draws", json={"matter_id": empty.json()["id"], "count": 1})
    assert response.status_code == 422 and "没有符合该事项行业" in response.json()["message"]

    made = await handler.post("/api/v1/random-draws", json={"matter_id": matter, "share_percent": 40, "team_size": 2})
    assert made.status_code == 201, made.text
    drawn = made.json()
    assert (drawn["count"], drawn["enterprise_pool_size"], len(drawn["seed"])) == (2, 5, 64)
    assert all(len(t["inspector_ids"]) == 2 and t["enterprise_name"] for t in drawn["selections"])

    async def verified() -> dict[str, object]:
        for _ in range(100):
            result = (await handler.post(f"/api/v1/random-draws/{drawn['id']}/verify")).json()
            if result["recorded"]:
                return dict(result)
            await asyncio.sleep(0.1)
        raise AssertionError("the draw never reached the timeline")

    result = await verified()
    assert result["matches"] and result["chain_intact"], result
    foreign = await login("jh.handler")
    assert (await foreign.post(f"/api/v1/random-draws/{drawn['id']}/verify")).status_code == 403

    public = (await anonymous.get("/api/v1/public/random-inspections")).json()
    assert any(m["title"].endswith(register.sector[-8:]) for m in public["matters"])
    names = {e["name"] for r in public["results"] for e in r["enterprises"]}
    assert not names & {t["enterprise_name"] for t in drawn["selections"]}  # not yet published
    task = (await handler.get("/api/v1/tasks", params={"q": drawn["case_no"]})).json()
    items = task["items"] if isinstance(task, dict) else task
    task_id = next(t["id"] for t in items if t["step"] == "publication")
    today = dt.datetime.now(CHINA_TZ).date().isoformat()
    done = await handler.post(f"/api/v1/tasks/{task_id}/complete", json={"form": {"published_on": today}})
    assert done.status_code == 200, done.text
    for _ in range(100):
        public = (await anonymous.get("/api/v1/public/random-inspections")).json()
        names = {e["name"] for r in public["results"] for e in r["enterprises"]}
        if names >= {t["enterprise_name"] for t in drawn["selections"]}:
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("the published draw is not on the portal")
    assert "certificate" not in str(public["results"]) and register.sector not in str(public["results"])


async def test_the_roster_takes_only_bureau_staff_and_conflicts_within_the_jurisdiction(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    handler = await login("ql.handler")
    tag = uuid.uuid4().hex[:6]
    officer = {
        "name": f"赵{tag}",
        "certificate_no": f"B{tag}1",
        "issuing_authority": "曲靖市人民政府",
        "valid_from": "2026-01-01",
        "valid_until": "2028-12-31",
    }
    refused = await handler.post("/api/v1/inspectors", json={**officer, "username": "qy.hongda"})
    assert refused.status_code == 422 and "不是本单位工作人员账号" in refused.json()["message"], refused.text
    with sessions() as db:
        assert db.scalar(select(Inspector.id).where(Inspector.certificate_no == f"B{tag}1")) is None
    added = await handler.post("/api/v1/inspectors", json={**officer, "username": "ql.head"})
    assert added.status_code == 201, added.text

    with sessions() as db:
        in_jinghong = models.Enterprise.jurisdiction_code == "532801"
        foreign = db.scalars(select(models.Enterprise.id).where(in_jinghong)).first()
    conflict = {"inspector_id": added.json()["id"], "enterprise_id": foreign, "reason": "近亲属在该企业任职"}
    outside = await handler.post("/api/v1/inspectors/conflicts", json=conflict)
    assert outside.status_code == 422 and "不在本单位管辖范围内" in outside.json()["message"], outside.text
    register = make_register(sessions, enterprises=1, inspectors=0, expired=0)
    inside = await handler.post(
        "/api/v1/inspectors/conflicts", json={**conflict, "enterprise_id": register.enterprise_ids[0]}
    )
    assert inside.status_code == 201, inside.text
    page = (await handler.get("/roster")).text  # 回避登记 picks an enterprise of the jurisdiction
    picker = page.split('<select name="enterprise_id" required>')[1].split("</select>")[0]
    assert f'<option value="{foreign}">' not in picker
    assert f'<option value="{register.enterprise_ids[0]}">' in picker


async def test_a_second_draw_of_a_matter_the_same_day_needs_a_recorded_reason(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    handler = await login("ql.handler")
    register = make_register(sessions, enterprises=4)
    body = {"matter_id": register.matter_id, "count": 1, "team_size": 2}
    first = await handler.post("/api/v1/random-draws", json=body)
    assert first.status_code == 201, first.text
    again = await handler.post("/api/v1/random-draws", json=body)
    assert again.status_code == 422 and "重新抽取的理由" in again.json()["message"], again.text
    blank = await handler.post("/api/v1/random-draws", json={**body, "redraw_reason": "  "})
    assert blank.status_code == 422, blank.text
    reason = "首次抽中企业已停产注销，经负责人同意重新抽取"
    redrawn = await handler.post("/api/v1/random-draws", json={**body, "redraw_reason": reason})
    assert redrawn.status_code == 201, redrawn.text
    case_id = redrawn.json()["case_id"]

    def recorded() -> str | None:
        with sessions() as db:
            made = (models.CaseEvent.case_id == case_id) & (models.CaseEvent.kind == "draw_made")
            event = db.scalars(select(models.CaseEvent).where(made)).first()
            return event.reason if event else None

    for _ in range(100):
        if recorded() is not None:
            break
        await asyncio.sleep(0.1)
    assert recorded() == reason
    page = await handler.get(f"/random-draws/{redrawn.json()['id']}")
    assert reason in page.text
    assert "redraw-reason" not in (await handler.get(f"/random-draws/{first.json()['id']}")).text
