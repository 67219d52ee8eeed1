"""Finding things: search across visible cases, and the register of enterprises (type-ahead,
USCC lookup, registering a new one)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from api.client import client_address
from api.deps import ActingPrincipal, CurrentPrincipal, DbSession, State, now
from api.schemas import ErrorRead
from db import models
from domain.processes import PROCESS_LABELS, status_label
from services import case_search, enterprise_listing, enterprise_registry
from services.enterprise_listing import RegisterFilter
from services.enterprise_registry import EnterpriseCreate

router = APIRouter(prefix="/api/v1", tags=["search"])
REFUSALS: dict[int | str, dict[str, object]] = {code: {"model": ErrorRead} for code in (401, 403, 409, 422)}


class SearchHitRead(BaseModel):
    case_id: int
    case_no: str
    title: str
    process: str
    process_label: str
    status_label: str
    closed: bool
    enterprise_name: str
    matched: list[str]
    detail: str


class EnterpriseRead(BaseModel):
    id: int
    name: str
    credit_code: str
    industry: str
    size: str
    jurisdiction_code: str
    address: str
    sector: str
    risk_grade: str
    is_key_object: bool
    key_object_reason: str
    key_object_since: dt.date | None
    status: str

    @classmethod
    def of(cls, row: models.Enterprise) -> EnterpriseRead:
        return cls(
            id=row.id,
            name=row.name,
            credit_code=row.credit_code,
            industry=row.industry,
            size=row.size,
            jurisdiction_code=row.jurisdiction_code,
            address=row.address,
            sector=row.sector,
            risk_grade=row.risk_grade,
            is_key_object=row.is_key_object,
            key_object_reason=row.key_object_reason,
            key_object_since=row.key_object_since,
            status=row.status,
        )


@router.get("/search", response_model=list[SearchHitRead], responses=REFUSALS)
def search_cases(db: DbSession, principal: CurrentPrincipal, q: str = Query(max_length=200)) -> list[SearchHitRead]:
    """Cases you may see, by case number fragment, title, enterprise name or USCC, document
    number, or a person's name."""
    return [
        SearchHitRead(
            case_id=hit.case.id,
            case_no=hit.case.case_no,
            title=hit.case.title,
            process=hit.case.process,
            process_label=PROCESS_LABELS.get(hit.case.process, hit.case.process),
            status_label=status_label(hit.case.process, hit.case.status),
            closed=hit.case.closed,
            enterprise_name=hit.enterprise_name,
            matched=list(hit.matched),
            detail=hit.detail,
        )
        for hit in case_search.search(db, principal, q)
    ]


@router.get("/enterprises", response_model=list[EnterpriseRead], responses=REFUSALS)
def lookup_enterprises(
    db: DbSession,
    principal: CurrentPrincipal,
    q: str = Query("", max_length=200),
    sector: str = Query("", max_length=32),
    risk_grade: str = Query("", max_length=8, description="重大 | 较大 | 一般 | 低 | 未分级"),
    key_object: bool | None = None,
    status: str = Query("", max_length=8, description="在营 | 停产 | 注销"),
    page: int = Query(1, ge=1, le=10000),
) -> list[EnterpriseRead]:
    """Type-ahead: enterprises of your jurisdiction by name or the start of their USCC. With any
    filter (sector, risk grade, key object, status), the register's page of 50 matching ones."""
    if not (sector or risk_grade or key_object is not None or status or page > 1):
        return [EnterpriseRead.of(e) for e in enterprise_registry.lookup(db, principal, q)]
    where = RegisterFilter(q, sector, risk_grade, key_object, status, page)
    rows, _ = enterprise_listing.search(db, principal, where)
    return [EnterpriseRead.of(e) for e in rows]


@router.post("/enterprises", status_code=201, response_model=EnterpriseRead, responses=REFUSALS)
def register_enterprise(
    body: EnterpriseCreate, request: Request, db: DbSession, state: State, principal: ActingPrincipal
) -> EnterpriseRead:
    """Register an enterprise of your jurisdiction (its USCC is checked; 409 if already known)."""
    created = enterprise_registry.register(
        db, principal, body, at=now(), address=client_address(request, state.settings)
    )
    return EnterpriseRead.of(created)
