"""Issue an official document: allocate its number without gaps, render it once, keep its hash.

Idempotent: a document is keyed by (case, key), so a retried activity returns the document it
already issued. The number comes from a per-(issuer, type, year) counter incremented in the same
transaction as the document row, so a failed issue leaves no gap and two concurrent issues
never share a number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy import Table, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from activities.names import ISSUE_DOCUMENT, RECORD_DOCUMENT_SERVICE
from db import models
from db.dialect_insert import insert_for
from domain.document_service import DEFAULT_ANNOUNCEMENT_DAYS, effective_service_day
from domain.documents import DOCUMENT_TYPES, DocumentType, document_number, issuer_short_name
from domain.legal_calendar import CHINA_TZ
from services.entrustment_acts import issuing_authority
from workflows.contracts import DocumentIssue, DocumentServiceRecord, IssuedDocument, RecordedService

TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "views" / "documents"
_ENV = Environment(
    loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True), undefined=StrictUndefined
)


def zh_day(day: dt.date) -> str:
    """GB/T 9704-2012: dates in Arabic numerals, 2026年11月23日."""
    return f"{day.year}年{day.month}月{day.day}日"


_ENV.filters["zh_day"] = lambda value: zh_day(dt.date.fromisoformat(str(value)[:10])) if value else ""


def render_document(
    doc_type: DocumentType,
    number: str,
    issuer_name: str,
    issued_at: dt.datetime,
    context: dict[str, Any],
    entrusted_line: str = "",
) -> str:
    """`entrusted_line`: under an entrustment, "（受委托执法单位：…）" beneath the issuer's name."""
    template = _ENV.get_template(f"{doc_type.code}.html")
    return template.render(
        title=doc_type.title,
        number=number,
        issuer_name=issuer_name,
        entrusted_line=entrusted_line,
        issued_on=zh_day(issued_at.astimezone(CHINA_TZ).date()),
        **context,
    )


def next_sequence(session: Session, issuer_org_id: int, doc_type: str, year: int) -> int:
    """Increment the counter row (created at 1) and return the new value; the row stays locked."""
    insert = insert_for(session)
    table = models.DocumentCounter.__table__
    assert isinstance(table, Table)
    statement = (
        insert(table)
        .values(issuer_org_id=issuer_org_id, doc_type=doc_type, year=year, last_seq=1)
        .on_conflict_do_update(
            index_elements=["issuer_org_id", "doc_type", "year"], set_={"last_seq": table.c.last_seq + 1}
        )
        .returning(table.c.last_seq)
    )
    return int(session.execute(statement).scalar_one())


class DocumentActivities:
    def __init__(
        self, session_factory: sessionmaker[Session], announcement_days: int = DEFAULT_ANNOUNCEMENT_DAYS
    ) -> None:
        self._sessions = session_factory
        self._announcement_days = announcement_days

    @activity.defn(name=ISSUE_DOCUMENT)
    def issue_document(self, request: DocumentIssue) -> IssuedDocument:
        with self._sessions.begin() as session:
            existing = self._find(session, request.case_id, request.key)
            if existing is not None:
                return _issued(existing)
            doc_type = DOCUMENT_TYPES[request.doc_type]
            issuer = session.get(models.Organisation, request.issuer_org_id)
            if issuer is None:
                raise ValueError(f"issuer {request.issuer_org_id} does not exist")
            jurisdiction = session.get(models.Jurisdiction, issuer.jurisdiction_code)
            assert jurisdiction is not None
            issued_at = request.issued_at or dt.datetime.now(dt.UTC)
            year = issued_at.astimezone(CHINA_TZ).year
            seq = next_sequence(session, issuer.id, doc_type.code, year)
            number = document_number(issuer_short_name(jurisdiction.name, issuer.org_type), doc_type, year, seq)
            replaces = self._find(session, request.case_id, request.replaces_key) if request.replaces_key else None
            # 北碚 (十六): a case handled under an entrustment is decided in the entruster's name.
            authority, entrusted_line = issuing_authority(session, request.case_id, issuer)
            html = render_document(doc_type, number, authority, issued_at, request.context, entrusted_line)
            document = models.Document(
                case_id=request.case_id,
                doc_key=request.key,
                doc_type=doc_type.code,
                issuer_org_id=issuer.id,
                year=year,
                seq=seq,
                number=number,
                title=doc_type.title,
                html=html,
                sha256=hashlib.sha256(html.encode("utf-8")).hexdigest(),
                issued_at=issued_at,
                replaces_id=replaces.id if replaces else None,
            )
            session.add(document)
            session.flush()
            return _issued(document)

    @activity.defn(name=RECORD_DOCUMENT_SERVICE)
    def record_document_service(self, request: DocumentServiceRecord) -> RecordedService:
        """Store how and when a document was served; a retry returns the record already stored."""
        with self._sessions.begin() as session:
            service = session.scalars(
                select(models.DocumentService).where(models.DocumentService.document_id == request.document_id)
            ).one_or_none()
            if service is None:
                document = session.get(models.Document, request.document_id)
                if document is None or document.case_id != request.case_id:
                    raise ValueError(f"document {request.document_id} is not of case {request.case_id}")
                service = models.DocumentService(
                    document_id=document.id,
                    case_id=document.case_id,
                    method=request.method,
                    served_on=request.served_on,
                    effective_on=effective_service_day(request.method, request.served_on, self._announcement_days),
                    recipient=request.recipient,
                    proof=request.proof,
                    proof_attachment_id=request.proof_attachment_id,
                    recorded_by_user_id=request.recorded_by_user_id,
                    recorded_by_name=request.recorded_by_name,
                    recorded_at=request.recorded_at or dt.datetime.now(dt.UTC),
                )
                session.add(service)
                session.flush()
            return RecordedService(service.document_id, service.method, service.served_on, service.effective_on)

    @staticmethod
    def _find(session: Session, case_id: int, key: str) -> models.Document | None:
        return session.scalars(
            select(models.Document).where(models.Document.case_id == case_id, models.Document.doc_key == key)
        ).one_or_none()


def _issued(document: models.Document) -> IssuedDocument:
    return IssuedDocument(document.id, document.number, document.title, document.sha256)
