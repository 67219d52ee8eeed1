"""Two cases for the authorisation matrix: one in 麒麟区 (A), one in 景洪市 (B), each with an
overdue open task, a timeline event, an issued document and an unpublished blacklist entry.
Their markers (unique strings in titles, numbers and texts) must never reach whoever may not
see the case."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from activities.event_chain_writer import append_event
from db import models
from domain.roles import OrgType, Role
from services.attachment_store import AttachmentStore

T0 = dt.datetime(2026, 9, 1, 2, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class MatrixCase:
    key: str  # "A" or "B"
    marker: str
    case_id: int
    case_no: str
    task_id: str
    document_id: int
    attachment_id: int


def _org(db: Session, jurisdiction: str, org_type: OrgType) -> models.Organisation:
    return db.scalars(
        select(models.Organisation).where(
            models.Organisation.jurisdiction_code == jurisdiction, models.Organisation.org_type == org_type
        )
    ).one()


def make_case(
    sessions: sessionmaker[Session],
    key: str,
    jurisdiction: str,
    police_access: bool,
    enterprise_name: str | None = None,
    attachment_root: Path | None = None,
) -> MatrixCase:
    marker = f"MATRIX{key}{uuid.uuid4().hex[:8]}"  # never part of a URL, so an echoed URL is no leak
    with sessions.begin() as db:
        division = db.get(models.Jurisdiction, jurisdiction)
        assert division is not None
        path = division.path
        bureau = _org(db, jurisdiction, OrgType.EMERGENCY_BUREAU)
        named = models.Enterprise.name == enterprise_name if enterprise_name else True
        enterprise = db.scalars(
            select(models.Enterprise)
            .where(models.Enterprise.jurisdiction_code == jurisdiction, named)
            .order_by(models.Enterprise.id)
            .limit(1)
        ).one()
        case = models.Case(
            case_no=f"MX{key}-{uuid.uuid4().hex[:8]}",
            workflow_id=f"matrix-{marker}",
            process="hazard",
            title=f"{marker} 隐患",
            status="rectifying",
            jurisdiction_code=jurisdiction,
            jurisdiction_path=path,
            enterprise_id=enterprise.id,
            created_at=T0,
            updated_at=T0,
            due_at=T0 + dt.timedelta(days=3),
            overdue=True,
            details={"description": marker},
        )
        db.add(case)
        db.flush()
        task = models.Task(
            id=f"matrix-{uuid.uuid4().hex[:12]}",
            case_id=case.id,
            step="rectification",
            title=f"{marker} 整改",
            kind="step",
            org_id=bureau.id,
            role=Role.HANDLER,
            status="open",
            opened_at=T0,
            due_at=T0 + dt.timedelta(days=3),
            original_due_at=T0 + dt.timedelta(days=3),
            clock_start_at=T0,
            deadline_rule="hazard.rectification",
            overdue=True,
            outcome={},
        )
        db.add(task)
        html = f"<html><body>{marker} 文书</body></html>"
        document = models.Document(
            case_id=case.id,
            doc_key="matrix:doc",
            doc_type="rectification_order",
            issuer_org_id=bureau.id,
            year=2026,
            seq=int(uuid.uuid4().int % 1_000_000_000),
            number=f"{marker}〔2026〕1号",
            title="责令限期整改指令书",
            html=html,
            sha256=hashlib.sha256(html.encode()).hexdigest(),
            issued_at=T0,
        )
        db.add(document)
        db.flush()
        append_event(
            db,
            models.CaseEvent(
                case_id=case.id,
                event_key="matrix:doc",
                at=T0,
                actor_user_id=None,
                actor_name="系统",
                kind="document_issued",
                summary=f"{marker} 制发文书",
                reason="",
                data={"document_id": document.id, "number": document.number, "sha256": document.sha256},
            ),
        )
        db.add(
            models.BlacklistEntry(
                case_id=case.id,
                case_no=case.case_no,
                enterprise_id=enterprise.id,
                enterprise_name=enterprise.name,
                credit_code=enterprise.credit_code,
                deciding_org_id=bureau.id,
                jurisdiction_code=jurisdiction,
                rules="2024",
                condition_code="matrix",
                condition_title="测试",
                basis="测试依据",
                reasons=f"{marker} 理由",
                decision_no=f"{marker}-决定",
                listed_on=dt.date(2026, 9, 1),
                exit_on=dt.date(2027, 9, 1),
                removed_on=dt.date(2026, 9, 2),
                status="repaired",
                public=False,
                measures=[],
                updated_at=T0,
            )
        )
        if police_access:
            police = _org(db, jurisdiction, OrgType.PUBLIC_SECURITY)
            db.add(models.CaseAccess(case_id=case.id, org_id=police.id, reason="matrix", granted_at=T0))
        # A file the enterprise sent with its submission: its own user sees it, and the agencies do.
        content = f"%PDF-1.4 {marker}".encode()
        if attachment_root is not None:
            AttachmentStore(attachment_root).put(content)
        uploader = (
            db.scalars(
                select(models.User).where(models.User.enterprise_id == enterprise.id).order_by(models.User.id).limit(1)
            ).one_or_none()
            or db.scalars(select(models.User).where(models.User.org_id == bureau.id).limit(1)).one()
        )
        attachment = models.Attachment(
            case_id=case.id,
            task_id=None,
            category="report",
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            content_type="application/pdf",
            filename=f"{marker}.pdf",
            uploaded_by_user_id=uploader.id,
            uploaded_by_name=uploader.display_name,
            from_enterprise=uploader.enterprise_id is not None,
            uploaded_at=T0,
        )
        db.add(attachment)
        db.flush()
        return MatrixCase(key, marker, case.id, case.case_no, task.id, document.id, attachment.id)


def row_counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    """Rows of every table a state-changing request could write, in one round trip."""
    from sqlalchemy import func

    tables = (
        models.Case,
        models.Task,
        models.CaseEvent,
        models.Document,
        models.BlacklistEntry,
        models.CalendarDay,
        models.CalendarYear,
        models.CaseAccess,
        models.CaseLink,
        models.DeadlineEvent,
        models.Attachment,
        models.DocumentService,
        models.PublicReport,
    )
    counts = [select(func.count()).select_from(t).scalar_subquery().label(t.__tablename__) for t in tables]
    with sessions() as db:
        row = db.execute(select(*counts)).one()
        return dict(row._mapping)
