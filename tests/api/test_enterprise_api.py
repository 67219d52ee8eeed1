"""Enterprise users and attachments through the API: limits (nothing stored on refusal), who sees
what (an enterprise only its own cases, documents and files), and a plan submitted with a file."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import uuid
import zipfile
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from db import models
from domain.legal_calendar import CHINA_TZ
from tests.api.conftest import Login
from tests.support import ALL_ROWS, record_history
from tests.workflows.hazard_helpers import LISTING, PLAN

# Unique per run: the database is shared by the session, the attachment directory is per test.
PDF = b"%PDF-1.7\n%" + uuid.uuid4().hex.encode() + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _plan() -> dict[str, object]:
    deadline = dt.datetime.now(CHINA_TZ).date() + dt.timedelta(days=80)
    return {**PLAN, "plan_deadline": deadline.isoformat()}


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _enterprise_id(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as db:
        return db.scalars(select(models.Enterprise.id).where(models.Enterprise.name == name)).one()


def _stored(attachment_dir: Path) -> list[Path]:
    return [p for p in attachment_dir.rglob("*") if p.is_file()] if attachment_dir.exists() else []


def _rows(sessions: sessionmaker[Session], case_id: int) -> int:
    with sessions() as db:
        return db.scalar(select(func.count()).where(models.Attachment.case_id == case_id)) or 0


async def _pending(http: httpx.AsyncClient, case_id: int, step: str) -> str:
    for _ in range(200):
        for case in (await http.get("/api/v1/enterprise/cases")).json():
            if case["id"] == case_id:
                found = [p["task_id"] for p in case["pending"] if p["step"] == step]
                if found:
                    return found[0]
        await asyncio.sleep(0.05)
    raise AssertionError(f"{step} never became pending for the enterprise")


async def _listed_hazard(login: Login, sessions: sessionmaker[Session]) -> int:
    """A grade-4 hazard at 沾益区盘江煤业, listed by 沾益区安委办: the plan is due from the enterprise."""
    today = dt.datetime.now(CHINA_TZ).date()
    handler, office = await login("zy.handler"), await login("zy.office")
    created = await handler.post(
        "/api/v1/hazards",
        json={
            "enterprise_id": _enterprise_id(sessions, "沾益区盘江煤业有限公司"),
            "title": "主斜井绞车保护装置失效",
            "description": "绞车过卷保护装置失效。",
            "grade": 4,
            "source": "inspection",
            "found_on": today.isoformat(),
        },
    )
    assert created.status_code == 201, created.text
    case_id: int = created.json()["id"]
    for _ in range(200):
        tasks = [t for t in (await office.get("/api/v1/tasks", params=ALL_ROWS)).json() if t["case_id"] == case_id]
        if tasks:
            break
        await asyncio.sleep(0.05)
    form = {**LISTING, "rectification_deadline": (today + dt.timedelta(days=90)).isoformat()}
    done = await office.post(f"/api/v1/tasks/{tasks[0]['id']}/complete", json={"form": form})
    assert done.status_code == 200, done.text
    # H31: the plan is due from the service of the supervision notice, which the office records.
    document_id = None
    for _ in range(200):
        with sessions() as db:
            document_id = db.scalars(select(models.Document.id).where(models.Document.case_id == case_id)).first()
        if document_id is not None:
            break
        await asyncio.sleep(0.05)
    service = {
        "document_id": document_id,
        "method": "direct",
        "served_on": today.isoformat(),
        "recipient": "沾益区人民政府",
    }
    served = await office.post(f"/api/v1/cases/{case_id}/actions/serve_document", json={"form": service})
    assert served.status_code == 200, served.text
    return case_id


async def test_uploads_over_the_limit_or_of_the_wrong_type_store_nothing(
    login: Login, sessions: sessionmaker[Session], attachment_dir: Path
) -> None:
    case_id = await _listed_hazard(login, sessions)
    handler = await login("zy.handler")
    url = f"/api/v1/cases/{case_id}/attachments"

    too_big = await handler.post(
        url, data={"category": "photo"}, files={"files": ("现场.pdf", PDF + b"0" * (20 * 1024 * 1024))}
    )
    assert too_big.status_code == 413 and "超过大小上限20MB" in too_big.json()["message"]
    disguised = await handler.post(url, data={"category": "photo"}, files={"files": ("现场.pdf", b"MZ\x90\x00 exe")})
    assert disguised.status_code == 422 and "类型不被接受" in disguised.json()["message"]
    renamed = await handler.post(url, data={"category": "photo"}, files={"files": ("现场.jpg", PNG)})
    assert renamed.status_code == 422 and "扩展名与其实际内容" in renamed.json()["message"]
    # One bad file among good ones refuses the whole upload.
    mixed = await handler.post(
        url,
        data={"category": "evidence"},
        files=[("files", ("笔录.pdf", PDF)), ("files", ("病毒.docx", b"PK\x03\x04not a zip"))],
    )
    assert mixed.status_code == 422
    assert _stored(attachment_dir) == [] and _rows(sessions, case_id) == 0

    good = await handler.post(
        url, data={"category": "evidence"}, files=[("files", ("笔录.pdf", PDF)), ("files", ("方案.docx", _docx()))]
    )
    assert good.status_code == 201, good.text
    listed = (await handler.get(url)).json()
    assert [(a["filename"], a["content_type"]) for a in listed] == [
        ("笔录.pdf", "application/pdf"),
        ("方案.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]
    assert len(_stored(attachment_dir)) == 2
    detail = (await handler.get(f"/api/v1/cases/{case_id}")).json()
    assert any(e["kind"] == "attachment_added" and "笔录.pdf" in e["summary"] for e in detail["events"])

    download = await handler.get(f"/api/v1/attachments/{listed[0]['id']}")
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"
    # The enterprise sees only files it sent itself, not the agency's evidence.
    owner = await login("qy.panjiang")
    assert (await owner.get(f"/api/v1/attachments/{listed[0]['id']}")).status_code == 404
    assert (await (await login("ql.handler")).get(f"/api/v1/attachments/{listed[0]['id']}")).status_code == 404


async def test_enterprise_submits_its_plan_with_a_file_and_sees_only_its_own(
    login: Login, sessions: sessionmaker[Session], attachment_dir: Path
) -> None:
    pdf = PDF.replace(b"%PDF-1.7", b"%PDF-1.6")  # not the bytes another test stored
    case_id = await _listed_hazard(login, sessions)
    owner, other = await login("qy.panjiang"), await login("qy.hongda")
    task_id = await _pending(owner, case_id, "rectification_plan")
    url = f"/api/v1/enterprise/cases/{case_id}/tasks/{task_id}"

    # The console and its API are not for enterprise users.
    assert (await owner.get("/api/v1/cases")).status_code == 403
    assert (await owner.get(f"/api/v1/cases/{case_id}")).status_code == 403
    assert (await owner.get("/api/v1/tasks")).status_code == 403
    assert (await owner.post(f"/api/v1/tasks/{task_id}/complete", json={"form": _plan()})).status_code == 403

    # Another enterprise: not in its list, and every guessed id is a 404.
    assert case_id not in [c["id"] for c in (await other.get("/api/v1/enterprise/cases")).json()]
    plan = {"form": json.dumps(_plan())}
    assert (await other.post(url, data=plan, files={"files": ("方案.pdf", pdf)})).status_code == 404
    assert (await other.get(f"/api/v1/cases/{case_id}/attachments")).status_code == 404
    assert (
        await other.post(
            f"/api/v1/cases/{case_id}/attachments", data={"category": "plan"}, files={"files": ("a.pdf", pdf)}
        )
    ).status_code == 404
    assert _stored(attachment_dir) == []

    # Refusals store nothing: an oversized file, a wrong type, an invalid form.
    big = await owner.post(url, data=plan, files={"files": ("方案.pdf", pdf + b"0" * (20 * 1024 * 1024))})
    assert big.status_code == 413
    wrong = await owner.post(url, data=plan, files={"files": ("方案.pdf", b"just text")})
    assert wrong.status_code == 422
    invalid = await owner.post(
        url, data={"form": json.dumps({**_plan(), "objectives": ""})}, files={"files": ("方案.pdf", pdf)}
    )
    assert invalid.status_code == 422 and invalid.json()["errors"]
    assert _stored(attachment_dir) == [] and _rows(sessions, case_id) == 0

    submitted = await owner.post(url, data=plan, files={"files": ("隐患治理方案.pdf", pdf)})
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["opened_task_ids"], "the office's plan review opens at once"
    again = await owner.post(url, data=plan, files={"files": ("隐患治理方案.pdf", pdf)})
    assert again.status_code == 404  # no longer pending: nothing recorded twice
    assert _rows(sessions, case_id) == 1 and len(_stored(attachment_dir)) == 1

    with sessions() as db:
        task = db.get(models.Task, task_id)
        assert task is not None and task.status == "completed"
        user = db.scalars(select(models.User).where(models.User.username == "qy.panjiang")).one()
        assert task.completed_by_user_id == user.id
        event = db.scalars(select(models.CaseEvent).where(models.CaseEvent.event_key == f"{task_id}:completed")).one()
        assert event.summary == "企业在线提交：报送隐患治理方案"
        assert event.data["attachments"][0]["filename"] == "隐患治理方案.pdf"
        review = db.scalars(
            select(models.Task).where(models.Task.case_id == case_id, models.Task.step == "plan_review")
        ).one()
        assert review.status == "open"

    mine = (await owner.get(f"/api/v1/cases/{case_id}/attachments")).json()
    assert [a["filename"] for a in mine] == ["隐患治理方案.pdf"]
    assert (await owner.get(f"/api/v1/attachments/{mine[0]['id']}")).content == pdf
    assert (await other.get(f"/api/v1/attachments/{mine[0]['id']}")).status_code == 404
    # The office that reviews it sees the plan's file too.
    assert (await (await login("zy.office")).get(f"/api/v1/attachments/{mine[0]['id']}")).status_code == 200


async def test_enterprise_requests_an_extension_through_the_same_validators(
    login: Login, sessions: sessionmaker[Session], client: Client
) -> None:
    case_id = await _listed_hazard(login, sessions)
    owner, office = await login("qy.panjiang"), await login("zy.office")
    plan_task = await _pending(owner, case_id, "rectification_plan")
    plan = {"form": json.dumps(_plan())}
    assert (await owner.post(f"/api/v1/enterprise/cases/{case_id}/tasks/{plan_task}", data=plan)).status_code == 200
    url = f"/api/v1/enterprise/cases/{case_id}/actions/request_extension"
    # Not yet rectifying: the workflow's validator refuses, synchronously.
    early = await owner.post(
        url, data={"form": json.dumps({"requested_deadline": "2099-01-01", "reason": "设备未到货"})}
    )
    assert early.status_code == 409 and "不在整改阶段" in early.json()["message"]
    unknown = await owner.post(f"/api/v1/enterprise/cases/{case_id}/actions/order_suspension", data={"form": "{}"})
    assert unknown.status_code == 422

    for _ in range(200):
        tasks = (await office.get("/api/v1/tasks", params=ALL_ROWS)).json()
        review = [t for t in tasks if t["case_id"] == case_id and t["step"] == "plan_review"]
        if review:
            break
        await asyncio.sleep(0.05)
    approve = {"form": {"decision": "approve", "opinion": "同意"}}
    assert (await office.post(f"/api/v1/tasks/{review[0]['id']}/complete", json=approve)).status_code == 200
    await _pending(owner, case_id, "rectification")
    today = dt.datetime.now(CHINA_TZ).date()
    requested = (today + dt.timedelta(days=150)).isoformat()
    refused = await owner.post(url, data={"form": json.dumps({"requested_deadline": requested, "reason": ""})})
    assert refused.status_code == 422
    granted = await owner.post(
        url,
        data={"form": json.dumps({"requested_deadline": requested, "reason": "进口设备到货延迟"})},
        files={"files": ("到货证明.png", PNG)},
    )
    assert granted.status_code == 200, granted.text
    twice = await owner.post(url, data={"form": json.dumps({"requested_deadline": requested, "reason": "再次"})})
    assert twice.status_code == 409 and "待审批" in twice.json()["message"]
    with sessions() as db:
        opened = db.scalars(
            select(models.Task).where(models.Task.case_id == case_id, models.Task.step == "extension_decision")
        ).one()
        assert opened.status == "open"
        workflow_id = db.scalars(select(models.Case.workflow_id).where(models.Case.id == case_id)).one()
    await record_history(client, workflow_id, "hazard_enterprise_plan_and_extension_request")
