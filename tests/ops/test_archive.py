"""The legal archive: a case that closes is queued by the projection, its dossier assembled once
with every part checksummed, and read only by its staff and the archive office, on record."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.worker import Worker

from api.app import create_app
from api.state import AppState
from db import models
from db.archive_models import ArchiveJob, ArchiveRead, CaseArchive
from domain.hazard import HazardReport
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from services import case_actions
from services.archive.assembler import archive_settings, run_pending
from services.archive.retention import load_retention
from services.attachment_store import AttachmentStore
from services.hazard_intake import report_hazard
from settings import Settings
from tests.support import principal

NOT_LISTED = {"decision": "not_list", "reason": "经核查不构成重大事故隐患"}
PHOTO = b"\x89PNG\r\n\x1a\n" + b"photo-of-the-gas-detectors" * 40


async def _closed_hazard(
    sessions: sessionmaker[Session], client: Client, task_queue: str, store: AttachmentStore
) -> int:
    handler = principal(sessions, "ql.handler")
    with sessions() as db:
        enterprise = db.scalar(select(models.Enterprise.id).where(models.Enterprise.jurisdiction_code == "530302"))
        assert enterprise is not None
        case = await report_hazard(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=handler,
            report=HazardReport(
                enterprise_id=enterprise,
                title="储罐区可燃气体报警装置失效（归档）",
                description="储罐区可燃气体报警器失效，未与紧急切断联锁。",
                grade=4,
                source="inspection",
                found_on=dt.datetime.now(CHINA_TZ).date(),
            ),
            config=ProcessConfig(),
            now=dt.datetime.now(dt.UTC),
        )
        case_id, workflow_id = case.id, case.workflow_id
        sha = store.put(PHOTO)
        db.add(
            models.Attachment(
                case_id=case_id,
                category="photo",
                sha256=sha,
                size=len(PHOTO),
                content_type="image/png",
                filename="现场照片.png",
                uploaded_by_user_id=handler.user_id,
                uploaded_by_name=handler.display_name,
                uploaded_at=dt.datetime.now(dt.UTC),
            )
        )
        db.commit()
    with sessions() as db:
        task_id = None
        while task_id is None:
            task_id = db.scalar(
                select(models.Task.id).where(models.Task.case_id == case_id, models.Task.status == "open")
            )
            db.rollback()
            await asyncio.sleep(0.1)  # the worker runs on this loop
        await case_actions.complete_task(
            db=db, client=client, principal=principal(sessions, "ql.office"), task_id=task_id, form=NOT_LISTED
        )
    await client.get_workflow_handle(workflow_id).result()
    return case_id


def _archive_reader(sessions: sessionmaker[Session], username: str, jurisdiction: str) -> None:
    """An archive reader (档案管理员, the archive office 档案室) of a city bureau."""
    with sessions() as db:
        if db.scalar(select(models.User.id).where(models.User.username == username)):
            return
        org = db.scalar(
            select(models.Organisation.id).where(
                models.Organisation.jurisdiction_code == jurisdiction,
                models.Organisation.org_type == "emergency_bureau",
            )
        )
        assert org is not None
        db.add(
            models.User(
                username=username,
                display_name="曲靖市应急管理局档案室",
                password_hash=PasswordHasher().hash("demo1234"),
                org_id=org,
                role="archive_reader",
            )
        )
        db.commit()


async def test_closed_case_dossier_is_assembled_once_and_read_on_record(
    sessions: sessionmaker[Session], client: Client, task_queue: str, case_worker: Worker, tmp_path: Path
) -> None:
    store = AttachmentStore(tmp_path / "attachments")
    case_id = await _closed_hazard(sessions, client, task_queue, store)
    with sessions() as db:
        job = db.scalar(select(ArchiveJob).where(ArchiveJob.case_id == case_id))
        assert job is not None and job.status == "pending"  # queued by the projection as the case closed

    rules = archive_settings(tmp_path / "archive", tmp_path / "attachments", None)
    assembled: list[int] = []
    for _ in range(100):  # a run takes a batch; other tests' closed cases may be queued before this one
        report = await run_pending(sessions, client, rules)
        assert case_id not in report.failed, report.failed
        assembled += report.assembled
        if case_id in assembled or not report.assembled:
            break
    assert case_id in assembled
    again = await run_pending(sessions, client, rules)
    assert case_id not in again.assembled  # idempotent: once per case

    with sessions() as db:
        record = db.scalar(select(CaseArchive).where(CaseArchive.case_id == case_id))
        assert record is not None
        case = db.get(models.Case, case_id)
        assert case is not None and case.closed
    data = (tmp_path / "archive" / record.path).read_bytes()
    assert hashlib.sha256(data).hexdigest() == record.sha256
    assert (tmp_path / "archive" / f"{record.path}.sha256").read_text().split()[0] == record.sha256
    assert record.retention_years == 30
    assert record.retain_until == dt.date(dt.datetime.now(CHINA_TZ).year + 30, 12, 31)

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        manifest = json.loads(z.read("manifest.json"))
        paths = [p["path"] for p in manifest["parts"]]
        for part in manifest["parts"]:
            assert hashlib.sha256(z.read(part["path"])).hexdigest() == part["sha256"], part["path"]
        assert paths[0] == "00-cover.pdf" and z.read("00-cover.pdf").startswith(b"%PDF")
        assert paths[-1] == "05-workflow-history.json"
        assert ["02-timeline.json", "03-deadline-ledger.json"] == [p for p in paths if p[:2] in ("02", "03")]
        documents = [p for p in paths if p.startswith("01-documents/")]
        with sessions() as db:
            issued = db.scalars(select(models.Document.id).where(models.Document.case_id == case_id)).all()
        assert len(documents) == len(issued)
        assert all(z.read(p).startswith(b"%PDF") for p in documents)
        attachments = [p for p in paths if p.startswith("04-attachments/")]
        assert len(attachments) == 1 and z.read(attachments[0]) == PHOTO
        timeline = json.loads(z.read("02-timeline.json"))
        assert timeline["chain"]["intact"] is True and timeline["chain"]["events"] == len(timeline["events"]) > 0
        history = json.loads(z.read("05-workflow-history.json"))
        assert history["events"][0]["eventType"] in (
            "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED",
            "WorkflowExecutionStarted",
        )
        assert manifest["case"]["workflow_id"] and manifest["retention"]["years"] == 30

    state = AppState(
        settings=Settings(task_queue=task_queue, archive_dir=tmp_path / "archive"),
        sessions=sessions,
        temporal=client,
        config=ProcessConfig(),
    )
    app = create_app(state)
    app.state.app = state

    @contextlib.asynccontextmanager
    async def as_user(username: str) -> AsyncIterator[httpx.AsyncClient]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
            response = await http.post("/api/v1/session", json={"username": username, "password": "demo1234"})
            assert response.status_code == 200, response.text
            yield http

    _archive_reader(sessions, "qj.archive", "530300")
    for username in ("ql.handler", "qj.archive"):  # qj.archive: the city's archive reader, a county case
        async with as_user(username) as http:
            detail = await http.get(f"/api/v1/cases/{case_id}/archive")
            assert detail.status_code == 200, detail.text
            assert detail.json()["sha256"] == record.sha256
            download = await http.get(f"/api/v1/cases/{case_id}/archive/file")
            assert download.status_code == 200 and download.content == data
            assert download.headers["x-archive-sha256"] == record.sha256
            listed = await http.get("/api/v1/archives")
            assert case_id in [item["case_id"] for item in listed.json()["items"]]
            page = await http.get("/archives")  # 案卷: the console's list, with the download link
            assert page.status_code == 200 and f"/api/v1/cases/{case_id}/archive/file" in page.text
    for username, status in (("yn.admin", 403), ("ql.police", 403), ("zy.handler", 404)):
        async with as_user(username) as http:
            refused = await http.get(f"/api/v1/cases/{case_id}/archive/file")
            assert refused.status_code == status, (username, refused.text)
            page = await http.get("/archives")
            assert f"/api/v1/cases/{case_id}/archive/file" not in page.text

    with sessions() as db:
        reads = db.scalars(select(ArchiveRead).where(ArchiveRead.case_id == case_id).order_by(ArchiveRead.id)).all()
    assert [(r.role, r.action) for r in reads] == [
        ("handler", "metadata"),
        ("handler", "download"),
        ("archive_reader", "metadata"),
        ("archive_reader", "download"),
    ]
    assert reads[2].user_name == "曲靖市应急管理局档案室"


async def test_a_damaged_dossier_is_not_served(
    sessions: sessionmaker[Session], client: Client, task_queue: str, case_worker: Worker, tmp_path: Path
) -> None:
    store = AttachmentStore(tmp_path / "attachments")
    case_id = await _closed_hazard(sessions, client, task_queue, store)
    await run_pending(sessions, client, archive_settings(tmp_path / "archive", tmp_path / "attachments", None))
    with sessions() as db:
        record = db.scalar(select(CaseArchive).where(CaseArchive.case_id == case_id))
        assert record is not None
    target = tmp_path / "archive" / record.path
    target.write_bytes(target.read_bytes() + b"tampered")
    state = AppState(
        settings=Settings(task_queue=task_queue, archive_dir=tmp_path / "archive"),
        sessions=sessions,
        temporal=client,
        config=ProcessConfig(),
    )
    app = create_app(state)
    app.state.app = state
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        await http.post("/api/v1/session", json={"username": "ql.handler", "password": "demo1234"})
        response = await http.get(f"/api/v1/cases/{case_id}/archive/file")
    assert response.status_code == 409
    with sessions() as db:
        downloads = db.scalars(
            select(ArchiveRead).where(ArchiveRead.case_id == case_id, ArchiveRead.action == "download")
        ).all()
    assert downloads == []


def test_retention_is_configurable_per_process(tmp_path: Path) -> None:
    config = tmp_path / "archive.toml"
    config.write_text("[retention]\nhazard = 10\npublic_report = 0\n")
    rules = load_retention(config)
    assert rules.years_for("hazard") == 10 and rules.retain_until("hazard", dt.date(2026, 12, 1)) == dt.date(
        2036, 12, 31
    )
    assert rules.retain_until("public_report", dt.date(2026, 12, 1)) is None  # permanent
    assert load_retention(None).years_for("accident") == 0  # the default: permanent
    config.write_text("[retention]\nhazard = -1\n")
    try:
        load_retention(config)
    except ValueError as exc:
        assert "hazard" in str(exc)
    else:
        raise AssertionError("a negative retention was accepted")
