"""Crime transfers over the JSON API: who may open one, and what each liaison may see and do."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
from sqlalchemy.orm import Session, sessionmaker

from domain.legal_calendar import CHINA_TZ
from tests.api.conftest import Login
from tests.api.test_hazard_api import _enterprise, _report
from tests.support import ALL_ROWS
from tests.workflows.test_crime_transfer import REPORT


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


async def _complete(http: httpx.AsyncClient, case_id: int, step: str, form: dict[str, object]) -> None:
    task = await _task(http, case_id, step)
    response = await http.post(f"/api/v1/tasks/{task['id']}/complete", json={"form": form})
    assert response.status_code == 200, response.text


async def test_T28_liaisons_see_only_transfers_addressed_to_them(login: Login, sessions: sessionmaker[Session]) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    handler, head = await login("ql.handler"), await login("ql.head")
    police, procurator = await login("ql.police"), await login("ql.procurator")
    other_police, other_handler, office = await login("zy.police"), await login("jh.handler"), await login("ql.office")

    hazard = await handler.post("/api/v1/hazards", json=_report(_enterprise(sessions, "530302"), today))
    assert hazard.status_code == 201, hazard.text
    hazard_id = hazard.json()["id"]
    start = {"source_case_id": hazard_id, "category": "dangerous_operation", "facts": "拒不执行停产整顿决定"}

    refused = await police.post("/api/v1/crime-transfers", json=start)
    assert refused.status_code == 403  # only the administrative agency transfers
    assert (await office.post("/api/v1/crime-transfers", json=start)).status_code == 403
    assert (await other_handler.post("/api/v1/crime-transfers", json=start)).status_code == 404
    invalid = await handler.post("/api/v1/crime-transfers", json={**start, "category": "theft"})
    assert invalid.status_code == 422
    # T28: what an accident team or a fire-rescue body found comes from an accident case, not a hazard
    from_team = await handler.post("/api/v1/crime-transfers", json={**start, "found_by": "accident_team"})
    assert from_team.status_code == 422 and "事故调查案件" in from_team.text
    created = await handler.post("/api/v1/crime-transfers", json=start)
    assert created.status_code == 201, created.text
    transfer_id = created.json()["id"]
    again = await handler.post("/api/v1/crime-transfers", json=start)
    assert again.status_code == 409 and created.json()["case_no"] in again.json()["message"]

    # Before the transfer is approved and sent, no liaison sees it.
    assert (await police.get(f"/api/v1/cases/{transfer_id}")).status_code == 404
    await _complete(handler, transfer_id, "transfer_report", REPORT)
    await _complete(head, transfer_id, "approval", {"decision": "approve", "reason": ""})
    await _complete(handler, transfer_id, "transfer", {"method": "online", "materials": "调查报告"})
    receipt = await _task(police, transfer_id, "receipt")

    detail = (await police.get(f"/api/v1/cases/{transfer_id}")).json()
    assert detail["source_case_id"] is None  # the agency's own case is not theirs to know
    assert "source_case_no" not in detail["details"]
    # The agency's deliberation before the transfer (the team's report, the head's approval) is not theirs.
    assert {t["step"] for t in detail["tasks"]} >= {"receipt", "copy_receipt"}
    assert not {t["step"] for t in detail["tasks"]} & {"transfer_report", "approval"}
    assert not [e for e in detail["events"] if "审批" in e["summary"]]
    own = (await handler.get(f"/api/v1/cases/{transfer_id}")).json()
    assert {"transfer_report", "approval"} <= {t["step"] for t in own["tasks"]}
    letter = detail["documents"][0]
    document = await police.get(f"/api/v1/documents/{letter['id']}")
    assert document.status_code == 200 and "涉嫌犯罪案件移送书" in document.json()["html"]
    assert (await procurator.get(f"/api/v1/documents/{letter['id']}")).status_code == 200

    listed = [c["id"] for c in (await police.get("/api/v1/cases")).json()["items"]]
    assert transfer_id in listed and hazard_id not in listed
    assert (await police.get(f"/api/v1/cases/{hazard_id}")).status_code == 404

    # Another county's police: nothing in lists, search, detail, documents, tasks or actions.
    assert (await other_police.get(f"/api/v1/cases/{transfer_id}")).status_code == 404
    assert transfer_id not in [c["id"] for c in (await other_police.get("/api/v1/cases")).json()["items"]]
    search = await other_police.get("/api/v1/cases", params={"q": created.json()["case_no"]})
    assert search.json()["total"] == 0
    assert (await other_police.get(f"/api/v1/documents/{letter['id']}")).status_code == 404
    assert transfer_id not in [t["case_id"] for t in (await other_police.get("/api/v1/tasks", params=ALL_ROWS)).json()]
    sign = await other_police.post(f"/api/v1/tasks/{receipt['id']}/complete", json={"form": {"decision": "accept"}})
    assert sign.status_code == 404
    back = {"document_no": "沾公函〔2026〕1号", "reason": "无", "liability": "无"}
    acted = await other_police.post(f"/api/v1/cases/{transfer_id}/actions/transfer_back", json={"form": back})
    assert acted.status_code == 404
    assert transfer_id not in [t["case_id"] for t in (await other_police.get("/api/v1/overdue/tasks")).json()]

    # The addressed police signs; the handler may not sign for the police.
    wrong = await handler.post(f"/api/v1/tasks/{receipt['id']}/complete", json={"form": {"decision": "accept"}})
    assert wrong.status_code == 403
    signed = await police.post(f"/api/v1/tasks/{receipt['id']}/complete", json={"form": {"decision": "accept"}})
    assert signed.status_code == 200, signed.text
    twice = await police.post(f"/api/v1/tasks/{receipt['id']}/complete", json={"form": {"decision": "accept"}})
    assert twice.status_code == 409
    hazard_page = (await handler.get(f"/api/v1/cases/{hazard_id}")).json()
    assert hazard_page["transfer_case_ids"] == [transfer_id]
