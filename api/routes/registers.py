"""The registers around enforcement: editing and importing the enterprise register (检查对象名录库),
and the entrustments of enforcement (委托执法) with the cases handled under one."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.datastructures import UploadFile

from api.client import client_address
from api.deps import (
    ActingConsolePrincipal,
    ActingPrincipal,
    AnyPrincipal,
    CurrentPrincipal,
    DbSession,
    RowId,
    State,
    now,
)
from api.routes.directory import REFUSALS as DIRECTORY_REFUSALS
from api.routes.directory import EnterpriseRead
from db import models
from db.register_models import Entrustment
from domain.entrustment import MATTERS
from domain.errors import Forbidden, InvalidInput
from services import enterprise_import, enterprise_listing, entrustments, key_objects
from services.enterprise_registry import REGISTRARS, EnterpriseCreate
from services.entrustments import CaseEntrustmentCreate, EntrustmentCreate
from web.console.common import read_form

router = APIRouter(prefix="/api/v1", tags=["registers"])
REFUSALS = DIRECTORY_REFUSALS | {404: DIRECTORY_REFUSALS[422]}  # an enterprise or case not found
ALL_REFUSALS = REFUSALS | {413: REFUSALS[422]}


class KeyObjectChangeRead(BaseModel):
    is_key_object: bool
    reason: str
    effective_on: dt.date
    changed_by_name: str


class EnterpriseDetail(EnterpriseRead):
    key_object_history: list[KeyObjectChangeRead]


class ImportRead(BaseModel):
    created: int
    updated: int
    unchanged: int
    message: str


class EntrustmentRead(BaseModel):
    id: int
    entruster_org_id: int
    entruster_name: str
    entrusted_org_id: int | None
    entrusted_name: str
    matters: list[str]
    matter_labels: list[str]
    valid_from: dt.date
    valid_to: dt.date
    document_no: str
    note: str
    revoked: bool

    @classmethod
    def of(cls, db: DbSession, row: Entrustment) -> EntrustmentRead:
        entruster = db.get(models.Organisation, row.entruster_org_id)
        return cls(
            id=row.id,
            entruster_org_id=row.entruster_org_id,
            entruster_name=entruster.name if entruster else "",
            entrusted_org_id=row.entrusted_org_id,
            entrusted_name=row.entrusted_name,
            matters=list(row.matters),
            matter_labels=[MATTERS[m].label for m in row.matters if m in MATTERS],
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            document_no=row.document_no,
            note=row.note,
            revoked=row.revoked,
        )


class CaseEntrustmentRead(BaseModel):
    case_id: int
    entrustment_id: int
    matter: str


def _detail(db: DbSession, enterprise: models.Enterprise) -> EnterpriseDetail:
    history = [
        KeyObjectChangeRead(
            is_key_object=c.is_key_object,
            reason=c.reason,
            effective_on=c.effective_on,
            changed_by_name=c.changed_by_name,
        )
        for c in key_objects.history(db, enterprise.id)
    ]
    return EnterpriseDetail(**EnterpriseRead.of(enterprise).model_dump(), key_object_history=history)


@router.get("/enterprises/{enterprise_id}", response_model=EnterpriseDetail, responses=REFUSALS)
def read_enterprise(enterprise_id: RowId, db: DbSession, principal: CurrentPrincipal) -> EnterpriseDetail:
    """One enterprise of your jurisdiction, with the history of its key-supervision flag."""
    return _detail(db, enterprise_listing.visible(db, principal, enterprise_id))


@router.put("/enterprises/{enterprise_id}", response_model=EnterpriseDetail, responses=REFUSALS)
def update_enterprise(
    enterprise_id: RowId,
    body: EnterpriseCreate,
    request: Request,
    db: DbSession,
    state: State,
    principal: ActingPrincipal,
) -> EnterpriseDetail:
    """Edit an enterprise: sector, risk grade, key object (with its reason), status, address…; the
    USCC is the key and stays."""
    updated = enterprise_listing.update(
        db, principal, enterprise_id, body, at=now(), address=client_address(request, state.settings)
    )
    return _detail(db, updated)


@router.post(
    "/enterprises/import",
    response_model=ImportRead,
    responses=ALL_REFUSALS,
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
                }
            },
            "required": True,
        }
    },
)
async def import_enterprises(request: Request, db: DbSession, state: State, principal: ActingPrincipal) -> ImportRead:
    """Import the register from a CSV (UTF-8 or GBK) or XLSX sheet, all or nothing: 422 lists every
    wrong row; a known USCC updates that enterprise."""
    if principal.role not in REGISTRARS:
        raise Forbidden("只有承办人、机关负责人和安委办工作人员可以导入企业名录")
    posted = await read_form(request, max_files=1)
    upload = posted.get("file")
    if not isinstance(upload, UploadFile):
        raise InvalidInput("请选择要导入的文件（字段 file）")
    data = await upload.read()
    result = enterprise_import.import_register(
        db,
        principal,
        upload.filename or "",
        data,
        at=now(),
        address=client_address(request, state.settings),
    )
    return ImportRead(
        created=result.created, updated=result.updated, unchanged=result.unchanged, message=result.message
    )


@router.get("/entrustments", response_model=list[EntrustmentRead], responses=REFUSALS)
def list_entrustments(db: DbSession, principal: AnyPrincipal) -> list[EntrustmentRead]:
    """Entrustments made by the units of your jurisdiction, or to your unit."""
    return [EntrustmentRead.of(db, row) for row in entrustments.visible(db, principal)]


@router.post("/entrustments", status_code=201, response_model=EntrustmentRead, responses=REFUSALS)
def create_entrustment(
    body: EntrustmentCreate, request: Request, db: DbSession, state: State, principal: ActingConsolePrincipal
) -> EntrustmentRead:
    """Register an entrustment; 行政许可 and 行政强制 may not be entrusted (422)."""
    row = entrustments.create(db, principal, body, at=now(), address=client_address(request, state.settings))
    return EntrustmentRead.of(db, row)


@router.post("/entrustments/{entrustment_id}/revoke", response_model=EntrustmentRead, responses=REFUSALS)
def revoke_entrustment(
    entrustment_id: RowId, request: Request, db: DbSession, state: State, principal: ActingConsolePrincipal
) -> EntrustmentRead:
    row = entrustments.revoke(db, principal, entrustment_id, at=now(), address=client_address(request, state.settings))
    return EntrustmentRead.of(db, row)


@router.post("/cases/{case_id}/entrustment", status_code=201, response_model=CaseEntrustmentRead, responses=REFUSALS)
def record_case_entrustment(
    case_id: RowId, body: CaseEntrustmentCreate, db: DbSession, principal: ActingPrincipal
) -> CaseEntrustmentRead:
    """Handle the case under an entrustment (before its first document): its documents then carry
    the entruster's name; acts outside the scope or validity are refused."""
    link = entrustments.record_on_case(db, principal, case_id, body, at=now())
    return CaseEntrustmentRead(case_id=link.case_id, entrustment_id=link.entrustment_id, matter=link.matter)
