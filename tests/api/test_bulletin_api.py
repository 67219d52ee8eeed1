"""Bulletins and joint supervision over the JSON API: bad drafts are refused with 422 and a
Chinese reason, only a head approves, the number reaches the public list, a named body
acknowledges; an agency jointly supervising a transfer sees its deadlines, another does not."""

from __future__ import annotations

import asyncio
import datetime as dt
import io

import httpx
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from domain.legal_calendar import CHINA_TZ
from tests.api.conftest import Login
from tests.api.test_hazard_api import _enterprise, _report
from tests.support import ALL_ROWS, principal


async def _task(http: httpx.AsyncClient, case_id: int, step: str) -> dict[str, object]:
    for _ in range(200):
        found = [
            t
            for t in (await http.get("/api/v1/tasks", params=ALL_ROWS)).json()
            if t["case_id"] == case_id and t["step"] == step
        ]
        if found:
            return found[0]
        await asyncio.sleep(0.05)
    raise AssertionError(f"{step} did not reach the inbox")


def _draft(sessions: sessionmaker[Session], **fields: object) -> dict[str, object]:
    due = dt.datetime.now(CHINA_TZ).date() + dt.timedelta(days=20)
    return {
        "kind": "criticism",
        "subject": "麒麟区危险化学品专项整治推进迟缓",
        "facts": "专项整治明确的6项任务有4项未按期完成。",
        "recipients": [principal(sessions, "ql.office").org_id],
        "rectification": "一个月内完成剩余任务",
        "rectification_deadline": due.isoformat(),
        "public": True,
        **fields,
    }


async def test_bulletin_is_refused_approved_published_and_acknowledged(
    login: Login, sessions: sessionmaker[Session], anonymous: httpx.AsyncClient
) -> None:
    office, head, handler = await login("qj.office"), await login("qj.head"), await login("qj.handler")
    yesterday = dt.datetime.now(CHINA_TZ).date() - dt.timedelta(days=1)
    refusals = {
        "请至少指定一个通报对象": _draft(sessions, recipients=[]),
        "整改期限应晚于今天": _draft(sessions, rectification_deadline=yesterday.isoformat()),
        "通报对象不存在": _draft(sessions, recipients=[987654]),
        "取值不在可选范围内": _draft(sessions, kind="praise"),
    }
    for message, body in refusals.items():
        response = await office.post("/api/v1/bulletins", json=body)
        assert response.status_code == 422 and message in response.text, response.text
    assert (await handler.post("/api/v1/bulletins", json=_draft(sessions))).status_code == 403
    # Each drafts only its own kinds: the office is not offered the case bulletin, the handler only it.
    office_form, handler_form = (await office.get("/bulletins/new")).text, (await handler.get("/bulletins/new")).text
    assert 'value="criticism"' in office_form and 'value="case_bulletin"' not in office_form
    assert 'value="case_bulletin"' in handler_form and 'value="criticism"' not in handler_form
    assert 'id="bulletin-recipients"' not in handler_form
    # The 通报对象 is marked required; naming only an enterprise is refused with the reason shown once.
    assert '被通报的政府或部门）<b class="req"' in office_form
    csrf = office.headers["X-CSRF-Token"]
    only_enterprise = {k: v for k, v in _draft(sessions).items() if k not in ("recipients", "public")}
    posted = await office.post("/bulletins", data={**only_enterprise, "csrf_token": csrf, "from_case": "x"})
    assert posted.status_code == 422 and posted.text.count("请至少指定一个通报对象") == 1, posted.text
    assert (await (await login("ql.police")).post("/api/v1/bulletins", json=_draft(sessions))).status_code == 403

    created = await office.post("/api/v1/bulletins", json=_draft(sessions))
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    approval = await _task(head, case_id, "approval")
    # The head reads what he approves on the case page: the facts, the bodies named, the demand.
    shown = await head.get(f"/cases/{case_id}")
    assert shown.status_code == 200
    for text in ("4项未按期完成", "麒麟区安全生产委员会办公室", "一个月内完成剩余任务", "通报批评"):
        assert text in shown.text, text
    refused = await office.post(f"/api/v1/tasks/{approval['id']}/complete", json={"form": {"decision": "approve"}})
    assert refused.status_code in (403, 404)
    approved = await head.post(f"/api/v1/tasks/{approval['id']}/complete", json={"form": {"decision": "approve"}})
    assert approved.status_code == 200, approved.text

    named = await login("ql.office")
    ack = await _task(named, case_id, "acknowledgement")
    listed = (await anonymous.get("/api/v1/public/bulletins", params={"q": "危险化学品专项整治"})).json()
    mine = [item for item in listed["items"] if item["subject"] == "麒麟区危险化学品专项整治推进迟缓"]
    assert mine and mine[0]["number"].startswith("曲安委办通〔") and mine[0]["kind"] == "通报批评"
    text = await anonymous.get(f"/api/v1/public/bulletins/{mine[0]['document_id']}")
    assert text.status_code == 200 and "4项未按期完成" in text.json()["html"]
    view = [row for row in (await office.get("/api/v1/bulletins")).json() if row["case_id"] == case_id]
    assert view[0]["named"] == ["麒麟区安全生产委员会办公室"] and view[0]["acknowledgements"][0]["state"] == "open"
    today = dt.datetime.now(CHINA_TZ).date().isoformat()
    done = await named.post(f"/api/v1/tasks/{ack['id']}/complete", json={"form": {"acknowledged_on": today}})
    assert done.status_code == 200, done.text
    view = [row for row in (await office.get("/api/v1/bulletins")).json() if row["case_id"] == case_id]
    assert view[0]["acknowledgements"][0]["state"] == "acknowledged"


async def test_joint_supervision_shows_one_set_of_deadlines_to_each_agency(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    handler, police, other_police = await login("ql.handler"), await login("ql.police"), await login("zy.police")
    hazard = await handler.post("/api/v1/hazards", json=_report(_enterprise(sessions, "530302"), today))
    assert hazard.status_code == 201, hazard.text
    start = {"source_case_id": hazard.json()["id"], "category": "dangerous_operation", "facts": "拒不执行停产整顿决定"}
    transfer = await handler.post("/api/v1/crime-transfers", json=start)
    assert transfer.status_code == 201, transfer.text
    case_id = transfer.json()["id"]
    await _task(handler, case_id, "transfer_report")
    ql_police, ql_procurator = principal(sessions, "ql.police").org_id, principal(sessions, "ql.procurator").org_id
    zy_police = principal(sessions, "zy.police").org_id

    url = f"/api/v1/cases/{case_id}/joint-supervision"
    assert (await handler.post(url, json={"org_ids": [zy_police]})).status_code == 422  # another level
    assert (
        await handler.post(f"/api/v1/cases/{hazard.json()['id']}/joint-supervision", json={"org_ids": [ql_police]})
    ).status_code == 422
    assert (await police.post(url, json={"org_ids": [ql_police]})).status_code in (403, 404)
    joint = await handler.post(url, json={"org_ids": [ql_police, ql_procurator], "note": "重大案件"})
    assert joint.status_code == 201, joint.text
    assert joint.json()["agencies"] == ["麒麟区公安局", "麒麟区人民检察院"]

    seen = []
    for agency in (police, await login("ql.procurator"), handler):
        seen += [c for c in (await agency.get("/api/v1/joint-supervisions")).json() if c["case_id"] == case_id]
    # One set of deadlines: the case's own open task, the same for the three agencies.
    assert len(seen) == 3 and seen[0]["deadlines"] and seen[0] == seen[1] == seen[2]
    assert seen[0]["deadlines"][0]["title"] == "专案组核实并提出移送报告"
    assert (await police.get(f"/api/v1/cases/{case_id}")).status_code == 200
    assert not [c for c in (await other_police.get("/api/v1/joint-supervisions")).json() if c["case_id"] == case_id]


async def test_the_instruments_ledger_exports_interviews_commitments_and_bulletins(login: Login) -> None:
    office = await login("ql.office")
    response = await office.get("/supervision-instruments.xlsx")
    assert response.status_code == 200 and "instruments-" in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["约谈会商", "逾期承诺事项", "通报"]
    assert [c.value for c in book["通报"][1]][:4] == ["案件编号", "类别", "文号", "事由"]
    listed = [(row[0].value, row[2].value) for row in book["通报"].iter_rows(min_row=2)]
    page = (await office.get("/bulletins")).text
    assert listed and all((number or case_no) in page for case_no, number in listed)  # the page's rows
    assert (await (await login("qy.hongda")).get("/supervision-instruments.xlsx")).status_code == 403
