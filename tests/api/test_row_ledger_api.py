"""A normal run through the real workflows verifies clean: every write path (intake, the projection
activity, uploads, the transfer's access grants, documents, the public report form) keeps the row
ledger current."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain.legal_calendar import CHINA_TZ
from services import chain_verify
from services.attachment_store import AttachmentStore
from tests.api.conftest import Login
from tests.api.test_crime_transfer_api import _complete, _task
from tests.api.test_hazard_api import _enterprise, _report
from tests.api.test_public_report_api import FORM, Portal, portal  # noqa: F401 - the fixture
from tests.workflows.hazard_helpers import open_task
from tests.workflows.test_crime_transfer import REPORT

PDF = b"%PDF-1.7\n%" + uuid.uuid4().hex.encode() + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def test_cases_steps_uploads_and_a_transfer_verify_clean(
    login: Login, sessions: sessionmaker[Session], attachment_dir: Path
) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    handler, head, police = await login("ql.handler"), await login("ql.head"), await login("ql.police")
    hazard = await handler.post("/api/v1/hazards", json=_report(_enterprise(sessions, "530302"), today))
    assert hazard.status_code == 201, hazard.text
    hazard_id = hazard.json()["id"]
    uploaded = await handler.post(
        f"/api/v1/cases/{hazard_id}/attachments",
        data={"category": "evidence"},
        files={"files": ("现场检查笔录.pdf", PDF, "application/pdf")},
    )
    assert uploaded.status_code == 201, uploaded.text
    start = {"source_case_id": hazard_id, "category": "dangerous_operation", "facts": "拒不执行停产整顿决定"}
    created = await handler.post("/api/v1/crime-transfers", json=start)
    assert created.status_code == 201, created.text
    transfer_id = created.json()["id"]
    await _complete(handler, transfer_id, "transfer_report", REPORT)
    await _complete(head, transfer_id, "approval", {"decision": "approve", "reason": ""})
    await _complete(handler, transfer_id, "transfer", {"method": "online", "materials": "调查报告"})
    await _task(police, transfer_id, "receipt")  # the grant is written: the police see the step

    with sessions() as db:
        grants = db.scalar(select(func.count()).where(models.CaseAccess.case_id == transfer_id))
        done = db.scalar(
            select(func.count()).where(
                models.Task.case_id == transfer_id, models.Task.completed_by_user_id.is_not(None)
            )
        )
        entries = db.scalar(
            select(func.count()).where(models.RowLedgerEntry.scope.in_([f"case:{hazard_id}", f"case:{transfer_id}"]))
        )
        report = chain_verify.verify_all(db, AttachmentStore(attachment_dir))
    assert grants == 2 and done == 3 and entries and entries > 8
    mine = [(no, p) for no, p in report.rows if p.case_id in (hazard_id, transfer_id)]
    assert mine == []
    assert not [link for _, link in report.broken if link.case_id in (hazard_id, transfer_id)]
    assert report.attachments_checked >= 1


async def test_a_public_report_through_the_form_verifies_clean(
    portal: Portal,  # noqa: F811
    sessions: sessionmaker[Session],
) -> None:
    public = await portal()
    created = await public.post("/api/v1/public/report-submissions", json=FORM)
    assert created.status_code == 201, created.text
    with sessions() as db:
        case_id = db.scalars(select(models.Case.id).order_by(models.Case.id.desc()).limit(1)).one()
    await open_task(sessions, case_id, "triage")
    with sessions() as db:
        recorded = db.scalar(
            select(func.count()).where(
                models.RowLedgerEntry.scope == f"case:{case_id}", models.RowLedgerEntry.table_name == "public_reports"
            )
        )
        report = chain_verify.verify_all(db)
    assert recorded == 1
    assert [p for _, p in report.rows if p.case_id == case_id] == []
