"""The register of work-safety violations (安全生产违法行为信息库), 安全生产法 art 78 (B1).

"如实记录生产经营单位及其有关从业人员的安全生产违法行为信息": the register is read from what the
system already holds as the record of each violation, never typed twice:
- every 行政处罚决定书 issued (the penalty case's party);
- every listing on the serious-dishonesty list, of a unit or of one of its people (Decree 11 art 2);
- every new violation recorded during a listing's management period.
Rows are scoped like cases: a principal sees its jurisdiction and below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from db import models
from domain.blacklist import ENTRY_STATUS_LABELS
from domain.legal_calendar import CHINA_TZ
from domain.roles import Role
from services.principal import Principal, require_role, visible_cases

KINDS = {"penalty": "行政处罚", "listing": "列入严重失信主体名单", "violation": "管理期内新的违法行为"}


@dataclass(frozen=True)
class ViolationRecord:
    day: dt.date
    kind: str  # penalty | listing | violation
    enterprise_id: int
    subject: str  # the unit, or "name (unit, role)" for a person
    description: str
    reference: str  # the document number or the case number
    case_no: str


def violation_records(db: Session, principal: Principal, enterprise_id: int | None = None) -> list[ViolationRecord]:
    """The register for the principal's jurisdiction, newest first; one enterprise's if given."""
    require_role(principal, Role.HANDLER, Role.OFFICE, Role.HEAD)
    scope = visible_cases(principal)
    if enterprise_id is not None:
        scope = scope & (models.Case.enterprise_id == enterprise_id)
    records = [*_penalties(db, scope), *_listings(db, scope), *_violations(db, scope)]
    return sorted(records, key=lambda r: (r.day, r.reference), reverse=True)


def _penalties(db: Session, scope: ColumnElement[bool]) -> list[ViolationRecord]:
    rows = db.execute(
        select(models.Document, models.Case, models.Enterprise)
        .join(models.Case, models.Case.id == models.Document.case_id)
        .join(models.Enterprise, models.Enterprise.id == models.Case.enterprise_id)
        .where(models.Document.doc_type == "penalty_decision", scope)
    )
    return [
        ViolationRecord(
            document.issued_at.astimezone(CHINA_TZ).date(),
            "penalty",
            enterprise.id,
            enterprise.name,
            case.title,
            document.number,
            case.case_no,
        )
        for document, case, enterprise in rows
    ]


def _listings(db: Session, scope: ColumnElement[bool]) -> list[ViolationRecord]:
    rows = db.execute(
        select(models.BlacklistEntry, models.Case)
        .join(models.Case, models.Case.id == models.BlacklistEntry.case_id)
        .where(scope)
    )
    return [
        ViolationRecord(
            entry.listed_on,
            "listing",
            entry.enterprise_id,
            entry.enterprise_name,
            f"{entry.condition_title}（{ENTRY_STATUS_LABELS.get(entry.status, entry.status)}）",
            entry.decision_no,
            case.case_no,
        )
        for entry, case in rows
    ]


def _violations(db: Session, scope: ColumnElement[bool]) -> list[ViolationRecord]:
    rows = db.execute(
        select(models.CaseEvent, models.Case)
        .join(models.Case, models.Case.id == models.CaseEvent.case_id)
        .where(models.CaseEvent.kind == "violation_recorded", scope)
    )
    records = []
    for event, case in rows:
        data = event.data or {}
        occurred = data.get("occurred_on")
        day = dt.date.fromisoformat(occurred) if occurred else event.at.astimezone(CHINA_TZ).date()
        subject = case.title.split("：", 1)[0]
        records.append(
            ViolationRecord(
                day,
                "violation",
                case.enterprise_id or 0,
                subject,
                str(data.get("description", event.summary)),
                str(data.get("penalty_decision_no") or case.case_no),
                case.case_no,
            )
        )
    return records
