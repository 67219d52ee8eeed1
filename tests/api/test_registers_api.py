"""The enterprise register and entrusted enforcement through the API: an import refused row by row
and then accepted (CSV in GBK, XLSX), the key-object flag with its history, the filters; an
entrustment refused for matters the law keeps, a case handled under one whose order carries the
entruster's name, and acts outside the validity or scope refused."""

from __future__ import annotations

import datetime as dt
import io
import random

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from db.register_models import Entrustment
from db.seed import credit_code
from domain.legal_calendar import CHINA_TZ
from tests.api.conftest import Login
from tests.api.test_crime_transfer_api import _complete, _task
from tests.api.test_hazard_api import _enterprise
from tests.workflows.test_rectification import ORDER

HEADER = "企业名称,统一社会信用代码,行业领域,规模,所在行政区划,风险等级,重点监管对象,列为重点理由,经营状态\n"


def _codes(n: int) -> list[str]:
    start = random.randrange(10_000_000, 89_000_000)  # unique per run: the database is shared
    return [credit_code("532801", start + i) for i in range(n)]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER.strip().split(","), *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _stored(sessions: sessionmaker[Session], codes: list[str]) -> dict[str, models.Enterprise]:
    with sessions() as db:
        rows = db.scalars(select(models.Enterprise).where(models.Enterprise.credit_code.in_(codes)))
        return {e.credit_code: e for e in rows}


async def test_import_refuses_every_wrong_row_then_creates_and_updates(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    handler = await login("jh.handler")
    a, b, c = _codes(3)
    bad_check = a[:-1] + ("0" if a[-1] != "0" else "1")
    wrong = (
        HEADER
        + f"景洪市甲化工有限公司,{a},危险化学品,中型,景洪市,较大,否,,在营\n"
        + f"景洪市乙商贸有限公司,{bad_check},航空,小型,景洪市,一般,否,,在营\n"
        + f"景洪市丙矿业有限公司,{b},非煤矿山,小型,麒麟区,低,否,,在营\n"
        + f"景洪市丁航天有限公司,{c},航天,小型,景洪市,低,否,,在营\n"
        + f"景洪市甲化工分公司,{a},危险化学品,小型,景洪市,低,否,,在营\n"
    )
    files = {"file": ("名录.csv", wrong.encode("gbk"), "text/csv")}
    refused = await handler.post("/api/v1/enterprises/import", files=files)
    assert refused.status_code == 422, refused.text
    assert "未导入任何数据" in refused.json()["message"]
    fields = [e["field"] for e in refused.json()["errors"]]
    assert fields == [
        "第3行 统一社会信用代码",
        "第3行 行业领域",
        "第4行 所在行政区划",
        "第5行 行业领域",
        "第6行 统一社会信用代码",
    ]
    assert "校验位" in refused.json()["errors"][0]["message"]
    assert _stored(sessions, [a, b, c]) == {}

    fixed = (
        HEADER
        + f"景洪市甲化工有限公司,{a},危险化学品,中型,景洪市,较大,是,涉及重点监管危险化工工艺,在营\n"
        + f"景洪市丙矿业有限公司,{b},非煤矿山,小型,532801,低,否,,停产\n"
    )
    files = {"file": ("名录.csv", fixed.encode("gbk"), "text/csv")}
    done = await handler.post("/api/v1/enterprises/import", files=files)
    assert done.status_code == 200, done.text
    assert (done.json()["created"], done.json()["updated"]) == (2, 0)
    stored = _stored(sessions, [a, b])
    assert stored[a].risk_grade == "较大" and stored[a].is_key_object and stored[a].sector == "危险化学品"
    assert stored[b].status == "停产" and not stored[b].is_key_object

    # The same USCC again, from Excel: it updates that enterprise (and a new one is created).
    sheet = _xlsx(
        [
            [
                "景洪市甲化工有限公司",
                a,
                "危险化学品",
                "中型",
                "景洪市",
                "重大",
                "是",
                "涉及重点监管危险化工工艺",
                "在营",
            ],
            ["景洪市丁轻工有限公司", c, "轻工", "微型", "景洪市", "", "否", "", "在营"],
        ]
    )
    files = {"file": ("名录.xlsx", sheet, "application/octet-stream")}
    again = await handler.post("/api/v1/enterprises/import", files=files)
    assert again.status_code == 200, again.text
    assert (again.json()["created"], again.json()["updated"]) == (1, 1)
    assert "新增1家，更新1家" in again.json()["message"]
    assert _stored(sessions, [a])[a].risk_grade == "重大"
    # A sheet of only the required columns updates names, keeps what it leaves blank.
    partial = f"企业名称,统一社会信用代码,规模,所在行政区划\n景洪市甲化工股份有限公司,{a},大型,景洪市\n"
    files = {"file": ("名录.csv", partial.encode("utf-8"), "text/csv")}
    kept = await handler.post("/api/v1/enterprises/import", files=files)
    assert kept.status_code == 200 and kept.json()["updated"] == 1, kept.text
    after = _stored(sessions, [a])[a]
    assert (after.name, after.size, after.risk_grade, after.sector) == (
        "景洪市甲化工股份有限公司",
        "大型",
        "重大",
        "危险化学品",
    )
    assert after.is_key_object and after.key_object_reason == "涉及重点监管危险化工工艺" and after.status == "在营"

    too_big = {"file": ("名录.csv", HEADER.encode() + b"x" * (6 * 1024 * 1024), "text/csv")}
    assert (await handler.post("/api/v1/enterprises/import", files=too_big)).status_code == 413
    # Another county's handler cannot import an enterprise of 景洪市.
    other = await login("ql.handler")
    files = {"file": ("名录.csv", fixed.encode("utf-8"), "text/csv")}
    assert (await other.post("/api/v1/enterprises/import", files=files)).status_code == 422


async def test_key_object_flag_keeps_its_history_and_the_register_filters(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    handler = await login("jh.handler")
    (code,) = _codes(1)
    body = {
        "name": "景洪市戊烟花爆竹经营部",
        "credit_code": code,
        "industry": "烟花爆竹",
        "size": "小型",
        "jurisdiction_code": "532801",
        "sector": "烟花爆竹",
        "risk_grade": "一般",
    }
    created = await handler.post("/api/v1/enterprises", json=body)
    assert created.status_code == 201, created.text
    enterprise_id = created.json()["id"]
    assert created.json()["status"] == "在营" and created.json()["is_key_object"] is False

    no_reason = await handler.put(f"/api/v1/enterprises/{enterprise_id}", json={**body, "is_key_object": True})
    assert no_reason.status_code == 422 and "理由" in no_reason.json()["message"]
    bad_grade = await handler.put(f"/api/v1/enterprises/{enterprise_id}", json={**body, "risk_grade": "极高"})
    assert bad_grade.status_code == 422 and "风险等级" in bad_grade.json()["message"]
    flagged = {**body, "risk_grade": "重大", "is_key_object": True, "key_object_reason": "近5年发生过事故"}
    assert (await handler.put(f"/api/v1/enterprises/{enterprise_id}", json=flagged)).status_code == 200
    cleared = await handler.put(f"/api/v1/enterprises/{enterprise_id}", json={**flagged, "is_key_object": False})
    assert cleared.status_code == 200
    history = cleared.json()["key_object_history"]
    assert [(h["is_key_object"], h["reason"]) for h in history] == [
        (True, "近5年发生过事故"),
        (False, "近5年发生过事故"),
    ]

    listed = await handler.get(
        "/api/v1/enterprises", params={"risk_grade": "重大", "sector": "烟花爆竹", "q": "戊烟花"}
    )
    assert [e["credit_code"] for e in listed.json()] == [code]
    keys = await handler.get("/api/v1/enterprises", params={"key_object": "true", "q": "戊烟花"})
    assert keys.json() == []
    changed_code = await handler.put(f"/api/v1/enterprises/{enterprise_id}", json={**body, "credit_code": _codes(1)[0]})
    assert changed_code.status_code == 422
    outsider = await login("ql.handler")
    assert (await outsider.get(f"/api/v1/enterprises/{enterprise_id}")).status_code == 404


async def test_entrusted_case_documents_carry_the_entrusters_name(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    head, handler = await login("bn.head"), await login("jh.handler")
    with sessions() as db:
        prefecture = db.scalars(
            select(models.Organisation).where(
                models.Organisation.jurisdiction_code == "532800", models.Organisation.org_type == "emergency_bureau"
            )
        ).one()
        county = db.scalars(
            select(models.Organisation).where(
                models.Organisation.jurisdiction_code == "532801", models.Organisation.org_type == "emergency_bureau"
            )
        ).one()
    entrust = {
        "entruster_org_id": prefecture.id,
        "entrusted_org_id": county.id,
        "matters": ["inspection", "rectification_order", "coercive_measure"],
        "valid_from": (today - dt.timedelta(days=30)).isoformat(),
        "valid_to": (today + dt.timedelta(days=300)).isoformat(),
        "document_no": f"西应急委〔{today.year}〕{random.randrange(1000, 9999)}号",
    }
    refused = await head.post("/api/v1/entrustments", json=entrust)
    assert refused.status_code == 422 and "行政强制法第十七条" in refused.json()["message"]
    licensing = await head.post("/api/v1/entrustments", json={**entrust, "matters": ["licensing"]})
    assert licensing.status_code == 422 and "行政许可" in licensing.json()["message"]
    assert (await handler.post("/api/v1/entrustments", json={**entrust, "matters": ["inspection"]})).status_code == 403
    created = await head.post(
        "/api/v1/entrustments", json={**entrust, "matters": ["inspection", "rectification_order"]}
    )
    assert created.status_code == 201, created.text
    entrustment_id = created.json()["id"]
    assert created.json()["entrusted_name"] == county.name
    assert any(e["id"] == entrustment_id for e in (await handler.get("/api/v1/entrustments")).json())

    start = {
        "enterprise_id": _enterprise(sessions, "532801"),
        "inspection_record_no": "景应急检〔2026〕8号",
        "inspected_on": today.isoformat(),
        "findings": "液化气储罐区未设置防火堤",
    }
    case = await handler.post("/api/v1/rectifications", json=start)
    assert case.status_code == 201, case.text
    case_id = case.json()["id"]
    assert (
        await head.post(f"/api/v1/cases/{case_id}/entrustment", json={"entrustment_id": entrustment_id})
    ).status_code in (403, 404)
    recorded = await handler.post(f"/api/v1/cases/{case_id}/entrustment", json={"entrustment_id": entrustment_id})
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["matter"] == "rectification_order"

    await _complete(handler, case_id, "order", ORDER)
    await _task(handler, case_id, "service")
    detail = (await handler.get(f"/api/v1/cases/{case_id}")).json()
    order = next(d for d in detail["documents"] if d["title"] == "责令限期整改指令书")
    html = (await handler.get(f"/api/v1/documents/{order['id']}")).json()["html"]
    assert f'<div class="organ long">{prefecture.name}</div>' in html or f">{prefecture.name}</div>" in html
    assert f"（受委托执法单位：{county.name}）" in html

    # The entrustment lapses: the entrusted bureau's next act is refused.
    with sessions() as db:
        row = db.get(Entrustment, entrustment_id)
        assert row is not None
        row.valid_to = today - dt.timedelta(days=1)
        db.commit()
    task = await _task(handler, case_id, "service")
    late = await handler.post(f"/api/v1/tasks/{task['id']}/complete", json={"form": {}})
    assert late.status_code == 403 and "委托期限" in late.json()["message"]


async def test_case_outside_the_scope_or_validity_is_refused(login: Login, sessions: sessionmaker[Session]) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    head, handler = await login("jh.head"), await login("jh.handler")
    with sessions() as db:
        bureau = db.scalars(select(models.User.org_id).where(models.User.username == "jh.handler")).one()
    township = {
        "entruster_org_id": bureau,
        "entrusted_name": "景洪市嘎洒镇人民政府",
        "matters": ["penalty"],
        "valid_from": (today - dt.timedelta(days=10)).isoformat(),
        "valid_to": (today + dt.timedelta(days=10)).isoformat(),
        "document_no": "景应急委〔2026〕1号",
    }
    penalty_only = (await head.post("/api/v1/entrustments", json=township)).json()
    expired = (
        await head.post(
            "/api/v1/entrustments",
            json={
                **township,
                "matters": ["rectification_order"],
                "valid_to": (today - dt.timedelta(days=1)).isoformat(),
            },
        )
    ).json()
    start = {
        "enterprise_id": _enterprise(sessions, "532801"),
        "inspection_record_no": "景应急检〔2026〕9号",
        "inspected_on": today.isoformat(),
        "findings": "安全出口堵塞",
    }
    case_id = (await handler.post("/api/v1/rectifications", json=start)).json()["id"]
    out_of_scope = await handler.post(
        f"/api/v1/cases/{case_id}/entrustment", json={"entrustment_id": penalty_only["id"]}
    )
    assert out_of_scope.status_code == 403 and "不在委托范围内" in out_of_scope.json()["message"]
    lapsed = await handler.post(f"/api/v1/cases/{case_id}/entrustment", json={"entrustment_id": expired["id"]})
    assert lapsed.status_code == 403 and "不在委托期限内" in lapsed.json()["message"]


async def test_register_and_entrustment_pages_render_for_the_handler(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    handler, head = await login("jh.handler"), await login("jh.head")
    page = await handler.get("/enterprises", params={"risk_grade": "未分级", "key_object": "0", "status": "在营"})
    assert page.status_code == 200 and "批量导入" in page.text and 'name="file"' in page.text
    enterprise_id = _enterprise(sessions, "532801")
    edit = await handler.get(f"/enterprises/{enterprise_id}/edit")
    assert edit.status_code == 200 and "重点监管对象变更记录" in edit.text
    register = await handler.get("/entrustments")
    assert register.status_code == 200 and "登记委托" not in register.text  # a handler does not manage them
    managed = await head.get("/entrustments")
    assert managed.status_code == 200 and "法定不得委托" in managed.text
    new = await handler.get("/enterprises/new")
    assert new.status_code == 200 and 'name="risk_grade"' in new.text
