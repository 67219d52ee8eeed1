"""The legal archive: closed cases' dossiers (执法案卷) for the archive office and the case's staff.

Every read (the record or the file) is written to the dossier's audit trail first.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel

from api.deps import CurrentPrincipal, DbSession, RowId, State, now
from api.routes.tasks import REFUSALS
from db.archive_models import CaseArchive
from db.models import Case
from domain.errors import Conflict
from services.archive import access

router = APIRouter(prefix="/api/v1", tags=["archive"])


class ArchiveRead(BaseModel):
    case_id: int
    case_no: str
    title: str
    process: str
    assembled_at: str
    sha256: str
    size: int
    retention_years: int
    retain_until: str | None


class ArchiveDetail(ArchiveRead):
    manifest: dict[str, Any]


class ArchivePage(BaseModel):
    total: int
    items: list[ArchiveRead]


class ArchiveReadEntry(BaseModel):
    user_name: str
    role: str
    action: str
    at: str


def _summary(case: Case, archive: CaseArchive) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "case_no": case.case_no,
        "title": case.title,
        "process": case.process,
        "assembled_at": archive.assembled_at.isoformat(),
        "sha256": archive.sha256,
        "size": archive.size,
        "retention_years": archive.retention_years,
        "retain_until": archive.retain_until.isoformat() if archive.retain_until else None,
    }


@router.get("/archives", response_model=ArchivePage, responses=REFUSALS)
def read_archives(
    db: DbSession,
    principal: CurrentPrincipal,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ArchivePage:
    """The dossiers this user may read, newest first (listing names no file's content: not logged)."""
    total, rows = access.list_archives(db, principal, limit=limit, offset=offset)
    return ArchivePage(total=total, items=[ArchiveRead(**_summary(c, a)) for c, a in rows])


@router.get("/cases/{case_id}/archive", response_model=ArchiveDetail, responses=REFUSALS)
def read_case_archive(case_id: RowId, db: DbSession, principal: CurrentPrincipal) -> ArchiveDetail:
    """The dossier's record and manifest (each part's title, size and SHA-256)."""
    case, archive = access.readable_archive(db, principal, case_id)
    detail = ArchiveDetail(**_summary(case, archive), manifest=archive.manifest)
    access.record_read(db, principal, case_id, "metadata", now())
    return detail


@router.get(
    "/cases/{case_id}/archive/file",
    response_class=Response,
    responses={**REFUSALS, 200: {"content": {"application/zip": {}}}},
)
def read_case_archive_file(case_id: RowId, db: DbSession, principal: CurrentPrincipal, state: State) -> Response:
    """The dossier file, checked against its recorded SHA-256 before it is served."""
    case, archive = access.readable_archive(db, principal, case_id)
    assert state.settings.archive_dir is not None
    data = Path(state.settings.archive_dir, archive.path).read_bytes()
    if hashlib.sha256(data).hexdigest() != archive.sha256:
        raise Conflict("案卷文件与归档时的校验值不符，请联系档案室")
    access.record_read(db, principal, case_id, "download", now())
    return Response(
        data,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="dossier-{case.id}.zip"',
            "X-Archive-SHA256": archive.sha256,
            "Cache-Control": "no-store",
        },
    )


@router.get("/cases/{case_id}/archive/reads", response_model=list[ArchiveReadEntry], responses=REFUSALS)
def read_case_archive_reads(case_id: RowId, db: DbSession, principal: CurrentPrincipal) -> list[ArchiveReadEntry]:
    """Who read the dossier, when, and what (调阅登记)."""
    return [
        ArchiveReadEntry(user_name=r.user_name, role=r.role, action=r.action, at=r.at.isoformat())
        for r in access.reads_of(db, principal, case_id)
    ]
