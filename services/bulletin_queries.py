"""What a bulletin shows beyond its case page: the public portal's list of published bulletins,
and the office's 督办 view (who was named, which acknowledgements are overdue)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from db import models
from db.bulletin_models import Bulletin
from domain import bulletin as b
from domain.errors import NotFound
from domain.legal_calendar import CHINA_TZ
from domain.redaction import redact
from services.principal import Principal, visible_cases
from services.public_listing import PublicPage, PublicSearch, matching, paginate

BULLETIN_DOCUMENTS = ("bulletin", "case_bulletin")


@dataclass(frozen=True)
class PublishedBulletin:
    """A public bulletin as the portal lists it: its number, kind, subject, issuer and day."""

    document_id: int
    number: str
    kind: str
    subject: str
    issuer: str
    issued_on: str


def _day(at: dt.datetime) -> str:
    return at.astimezone(CHINA_TZ).date().isoformat()


def published_bulletins(db: Session, search: PublicSearch) -> PublicPage[PublishedBulletin]:
    """本溪 (八): 通报 published in writing; only those the drafter marked public, once issued."""
    query = (
        select(Bulletin, models.Document, models.Organisation.name)
        .join(models.Document, (models.Document.case_id == Bulletin.case_id) & (models.Document.doc_type == "bulletin"))
        .join(models.Organisation, models.Organisation.id == Bulletin.drafter_org_id)
        .where(Bulletin.public.is_(True))
        .order_by(models.Document.issued_at.desc(), models.Document.id.desc())
    )
    found = matching(search.q, [Bulletin.subject, models.Document.number])
    if found is not None:
        query = query.where(found)
    page: PublicPage[tuple[Bulletin, models.Document, str]] = paginate(db, cast("Select[Any]", query), search)
    return page.map(
        lambda row: PublishedBulletin(
            row[1].id, row[1].number, b.KINDS[row[0].kind], redact(row[0].subject), row[2], _day(row[1].issued_at)
        )
    )


def published_document(db: Session, document_id: int) -> models.Document:
    """The issued text of a public bulletin (404 for any other document)."""
    document = db.scalars(
        select(models.Document)
        .join(Bulletin, Bulletin.case_id == models.Document.case_id)
        .where(models.Document.id == document_id, models.Document.doc_type == "bulletin", Bulletin.public.is_(True))
    ).one_or_none()
    if document is None:
        raise NotFound("通报不存在或未公开")
    return document


@dataclass
class Acknowledgement:
    org_name: str
    state: str  # open | acknowledged | overdue
    due_on: str


@dataclass
class BulletinRow:
    case_id: int
    case_no: str
    kind: str
    subject: str
    number: str
    status: str
    named: list[str]
    named_enterprises: list[str]
    acknowledgements: list[Acknowledgement] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(a.state == "overdue" for a in self.acknowledgements)


def office_view(db: Session, principal: Principal, *, overdue_only: bool = False) -> list[BulletinRow]:
    """The bulletins of the principal's jurisdiction and below it: who was named, and each
    named body's acknowledgement (overdue ones first in the page)."""
    rows = db.execute(
        select(Bulletin, models.Case)
        .join(models.Case, models.Case.id == Bulletin.case_id)
        .where(visible_cases(principal))
        .order_by(models.Case.id.desc())
        .limit(200)
    ).all()
    orgs: dict[int, str] = {
        row[0]: row[1] for row in db.execute(select(models.Organisation.id, models.Organisation.name))
    }
    enterprises = {e_id for bulletin, _ in rows for e_id in bulletin.enterprise_ids}
    names: dict[int, str] = {
        row[0]: row[1]
        for row in db.execute(
            select(models.Enterprise.id, models.Enterprise.name).where(models.Enterprise.id.in_(enterprises))
        )
    }
    case_ids = [case.id for _, case in rows]
    acks = db.scalars(
        select(models.Task).where(models.Task.case_id.in_(case_ids), models.Task.step == "acknowledgement")
    ).all()
    by_case: dict[int, list[Acknowledgement]] = {}
    for task in sorted(acks, key=lambda t: (t.case_id, t.org_id)):
        state = "acknowledged" if task.status == "completed" else ("overdue" if task.overdue else "open")
        if task.status not in ("completed", "open"):
            continue
        by_case.setdefault(task.case_id, []).append(
            Acknowledgement(orgs.get(task.org_id, ""), state, _day(task.due_at))
        )
    result = []
    for bulletin, case in rows:
        row = BulletinRow(
            case.id,
            case.case_no,
            b.KINDS[bulletin.kind],
            bulletin.subject,
            str(case.details.get("number", "")),
            b.BULLETIN_STATUS_LABELS.get(case.status, case.status),
            [orgs.get(org_id, "") for org_id in bulletin.recipient_org_ids],
            [names.get(e_id, "") for e_id in bulletin.enterprise_ids],
            by_case.get(case.id, []),
        )
        if not overdue_only or row.overdue:
            result.append(row)
    return result
