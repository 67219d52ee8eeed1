"""Who may read a dossier, and the record of every read (调阅登记).

- the archive reader (档案管理员 of the archive office 档案室, role `archive_reader`) of the case's
  jurisdiction or above;
- the agencies' staff who may see the case (handler, head, safety office of its jurisdiction line).
Not the system administrator (no case access), not a police or procuratorate liaison (they see a
case only from their grant onward, the dossier holds all of it), not an enterprise user.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from db import models
from db.archive_models import ArchiveRead, CaseArchive
from domain.errors import Forbidden, NotFound
from domain.roles import Role
from services.principal import Principal, visible_cases

READERS = frozenset({Role.HANDLER, Role.HEAD, Role.OFFICE, Role.ARCHIVE_READER})


def _scope(principal: Principal) -> ColumnElement[bool]:
    if principal.role == Role.ARCHIVE_READER:
        return models.Case.jurisdiction_path.startswith(principal.jurisdiction_path, autoescape=True)
    return visible_cases(principal)


def require_reader(principal: Principal) -> None:
    if principal.role not in READERS:
        raise Forbidden("您的岗位无权调阅执法案卷")


def readable_archive(db: Session, principal: Principal, case_id: int) -> tuple[models.Case, CaseArchive]:
    """The case and its dossier, if this principal may read it; otherwise 403 or 404."""
    require_reader(principal)
    row = db.execute(
        select(models.Case, CaseArchive)
        .join(CaseArchive, CaseArchive.case_id == models.Case.id)
        .where(models.Case.id == case_id, _scope(principal))
    ).first()
    if row is None:
        raise NotFound("案卷不存在或无权调阅")
    return row[0], row[1]


def record_read(db: Session, principal: Principal, case_id: int, action: str, at: dt.datetime) -> None:
    db.add(
        ArchiveRead(
            case_id=case_id,
            user_id=principal.user_id,
            user_name=principal.display_name,
            role=principal.role,
            action=action,
            at=at,
        )
    )
    db.commit()


def list_archives(
    db: Session, principal: Principal, *, limit: int = 50, offset: int = 0
) -> tuple[int, list[tuple[models.Case, CaseArchive]]]:
    """The dossiers this principal may read, newest first."""
    require_reader(principal)
    query = (
        select(models.Case, CaseArchive)
        .join(CaseArchive, CaseArchive.case_id == models.Case.id)
        .where(_scope(principal))
    )
    total = int(db.scalar(select(func.count()).select_from(query.subquery())) or 0)
    rows = db.execute(
        query.order_by(CaseArchive.assembled_at.desc(), CaseArchive.id.desc()).limit(limit).offset(offset)
    )
    return total, [(r[0], r[1]) for r in rows]


def reads_of(db: Session, principal: Principal, case_id: int) -> list[ArchiveRead]:
    """The audit trail of one dossier, for whoever may read it."""
    readable_archive(db, principal, case_id)
    return list(db.scalars(select(ArchiveRead).where(ArchiveRead.case_id == case_id).order_by(ArchiveRead.id)))
