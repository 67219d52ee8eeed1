"""Task actions over the JSON API: the refusals where the law or the access rules fix who acts,
抄送 to whom may see the case, 代理 of a head, the inbox's filters and 已办 in Chinese (issue 19)."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain.legal_calendar import CHINA_TZ
from tests.api.conftest import Login
from tests.api.test_crime_transfer_api import _complete, _task
from tests.api.test_hazard_api import _enterprise, _report
from tests.support import ALL_ROWS
from tests.workflows.test_crime_transfer import REPORT


def _user(sessions: sessionmaker[Session], username: str) -> int:
    with sessions() as db:
        return db.scalars(select(models.User.id).where(models.User.username == username)).one()


def _org(sessions: sessionmaker[Session], username: str) -> int:
    with sessions() as db:
        return db.scalars(select(models.User.org_id).where(models.User.username == username)).one()


async def _transfer_at_approval(login: Login, sessions: sessionmaker[Session]) -> tuple[int, str, str, int]:
    """A crime transfer waiting for the head's approval (负责人审批), its number, and its hazard."""
    today = dt.datetime.now(CHINA_TZ).date()
    handler = await login("ql.handler")
    hazard = await handler.post("/api/v1/hazards", json=_report(_enterprise(sessions, "530302"), today))
    assert hazard.status_code == 201, hazard.text
    start = {"source_case_id": hazard.json()["id"], "category": "dangerous_operation", "facts": "拒不执行停产整顿决定"}
    created = await handler.post("/api/v1/crime-transfers", json=start)
    assert created.status_code == 201, created.text
    await _complete(handler, created.json()["id"], "transfer_report", dict(REPORT))
    head = await login("ql.head")
    approval = await _task(head, created.json()["id"], "approval")
    return created.json()["id"], str(approval["id"]), created.json()["case_no"], hazard.json()["id"]


async def test_head_approval_cannot_go_to_a_handler(login: Login, sessions: sessionmaker[Session]) -> None:
    case_id, approval, _, _ = await _transfer_at_approval(login, sessions)
    head, handler = await login("ql.head"), await login("ql.handler")
    to_handler = {"reason": "出差", "target_user_id": _user(sessions, "ql.handler")}
    for action in ("transfer", "delegate"):
        refused = await head.post(f"/api/v1/tasks/{approval}/actions/{action}", json=to_handler)
        assert refused.status_code == 403, refused.text
        assert "负责人审批须由机关负责人本人作出" in refused.json()["message"]
    # Not the head's task: the handler may not hand it anywhere.
    assert (await handler.post(f"/api/v1/tasks/{approval}/actions/transfer", json=to_handler)).status_code == 403
    # Nor may the head name a handler as the stand-in of the head's post (代理).
    today = dt.datetime.now(CHINA_TZ).date()
    period = {"stand_in_user_id": _user(sessions, "ql.handler"), "starts_on": str(today), "ends_on": str(today)}
    stand_in = await head.post("/api/v1/tasks/stand-ins", json={**period, "reason": "休假"})
    assert stand_in.status_code == 403 and "负责人审批" in stand_in.json()["message"]
    # No reason: a 422 that says what is missing.
    blank = await head.post(f"/api/v1/tasks/{approval}/actions/add_signer", json={"reason": " ", "target_user_id": 1})
    assert blank.status_code == 422 and "理由" in blank.json()["message"]
    # A co-approver is an official; an enterprise user is refused.
    enterprise = {"reason": "征求意见", "target_user_id": _user(sessions, "qy.hongda")}
    assert (await head.post(f"/api/v1/tasks/{approval}/actions/add_signer", json=enterprise)).status_code == 403
    # 撤回 of a step one did not complete: refused.
    report_task = await _done_task(handler, case_id, "transfer_report")
    withdraw = await head.post(f"/api/v1/tasks/{report_task}/actions/withdraw", json={"reason": "补充材料"})
    assert withdraw.status_code == 403 and "本人办结" in withdraw.json()["message"]
    # The workflow parsed the report (its category, the letter's content): it cannot be taken back.
    parsed = await handler.post(f"/api/v1/tasks/{report_task}/actions/withdraw", json={"reason": "补充材料"})
    assert parsed.status_code == 409 and "已依据本环节的办理内容" in parsed.json()["message"]
    # The head claims the approval: now the next step has started and 撤回 is too late.
    assert (await head.post(f"/api/v1/tasks/{approval}/claim")).status_code == 200
    late = await handler.post(f"/api/v1/tasks/{report_task}/actions/withdraw", json={"reason": "补充材料"})
    assert late.status_code == 409 and "不能撤回" in late.json()["message"]
    # 已办 reads in Chinese (D6): the approval decision, not its code.
    await _complete(head, case_id, "approval", {"decision": "approve", "reason": ""})
    done = (await head.get("/api/v1/tasks/done", params=ALL_ROWS)).json()
    assert [t["outcome_label"] for t in done if t["step"] == "approval" and t["case_id"] == case_id] == ["批准移送"]


async def _done_task(http: httpx.AsyncClient, case_id: int, step: str) -> str:
    found = [
        t
        for t in (await http.get("/api/v1/tasks/done", params=ALL_ROWS)).json()
        if t["case_id"] == case_id and t["step"] == step
    ]
    assert found, f"{step} is not in 已办"
    return str(found[0]["id"])


async def test_transfer_to_another_unit_and_copy_beyond_the_case_are_refused(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    case_id, _, case_no, hazard_id = await _transfer_at_approval(login, sessions)
    office = await login("ql.office")
    listing = await _task(office, hazard_id, "listing_decision")
    task_id = listing["id"]
    other_unit = {"reason": "工作调整", "target_user_id": _user(sessions, "qj.office")}
    refused = await office.post(f"/api/v1/tasks/{task_id}/actions/transfer", json=other_unit)
    assert refused.status_code == 403 and "其他单位" in refused.json()["message"], refused.text
    colleague = {"reason": "工作调整", "target_user_id": _user(sessions, "ql.office2")}
    assert (await office.post(f"/api/v1/tasks/{task_id}/actions/transfer", json=colleague)).status_code == 200
    # Transferred: the colleague holds it, the first office user no longer sees it in the inbox.
    assert task_id not in [t["id"] for t in (await office.get("/api/v1/tasks", params=ALL_ROWS)).json()]
    handler = office
    # 抄送 to someone who may not see the case: 403; to the city office above: done, with a line.
    outside = await handler.post(
        f"/api/v1/tasks/{task_id}/copy", json={"reason": "知悉", "to_user_id": _user(sessions, "zy.office")}
    )
    assert outside.status_code == 403 and "无权查看" in outside.json()["message"]
    copied = await handler.post(
        f"/api/v1/tasks/{task_id}/copy", json={"reason": "请知悉", "to_org_id": _org(sessions, "qj.office")}
    )
    assert copied.status_code == 200, copied.text
    timeline = (await handler.get(f"/api/v1/cases/{listing['case_id']}")).json()
    assert any(e["kind"] == "copy" and e["reason"] == "请知悉" for e in timeline["events"])
    # The inbox's search finds a case by any part of its number, in lower case too.
    head = await login("ql.head")
    found = await head.get("/api/v1/tasks", params={"q": case_no[-6:].lower()})
    assert found.status_code == 200 and [t["case_id"] for t in found.json()] == [case_id]
    wrong = await handler.get("/api/v1/tasks", params={"due": "tomorrow"})
    assert wrong.status_code == 422 and "到期范围" in wrong.json()["message"]


async def test_a_stand_in_handles_the_claimed_task_of_a_colleague_on_leave(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    handler, office, colleague = await login("ql.handler"), await login("ql.office"), await login("ql.office2")
    hazard = await handler.post("/api/v1/hazards", json=_report(_enterprise(sessions, "530302"), today))
    hazard_id = hazard.json()["id"]
    listing = await _task(office, hazard_id, "listing_decision")
    assert (await office.post(f"/api/v1/tasks/{listing['id']}/claim")).status_code == 200
    # Claimed by ql.office: the colleague neither sees nor may complete it.
    assert listing["id"] not in [t["id"] for t in (await colleague.get("/api/v1/tasks", params=ALL_ROWS)).json()]
    period = {"stand_in_user_id": _user(sessions, "ql.office2"), "starts_on": str(today), "ends_on": str(today)}
    too_long = {**period, "ends_on": str(today + dt.timedelta(days=200)), "reason": "休假"}
    assert (await office.post("/api/v1/tasks/stand-ins", json=too_long)).status_code == 422
    assert (await office.post("/api/v1/tasks/stand-ins", json={**period, "reason": "年休假"})).status_code == 200
    assert listing["id"] in [t["id"] for t in (await colleague.get("/api/v1/tasks", params=ALL_ROWS)).json()]
    form = {
        "decision": "list",
        "notice_no": "",
        "supervision_matters": "更换失效报警器并实现联锁",
        "responsible_government": "曲靖市麒麟区人民政府",
        "lifting_procedure": "整改完成后申请验收，验收合格后摘牌销号",
        "rectification_deadline": str(today + dt.timedelta(days=60)),
    }
    done = await colleague.post(f"/api/v1/tasks/{listing['id']}/complete", json={"form": form})
    assert done.status_code == 200, done.text
    events = (await office.get(f"/api/v1/cases/{hazard_id}")).json()["events"]
    assert any(e["kind"] == "stand_in" and e["reason"] == "年休假" for e in events)
    completed = next(e for e in events if e["kind"] == "task_completed")
    assert completed["actor_name"] == "麒麟区安委办工作人员（二）"
