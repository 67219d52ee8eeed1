"""The serious-dishonesty list: proposal, the public query (no login), the platform export."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from api.deps import ActingPrincipal, CurrentPrincipal, DbSession, State, TemporalClient, now
from api.intake import CaseCreated
from api.routes.tasks import REFUSALS
from domain.blacklist import BlacklistProposal
from domain.roles import Role
from services import blacklist_queries, violation_register
from services.blacklist_intake import propose_listing
from services.principal import require_role

router = APIRouter(prefix="/api/v1", tags=["blacklist"])


class ConditionRead(BaseModel):
    code: str
    title: str
    basis: str
    source_tag: str
    rules: str
    kind: str  # blacklist | joint_punishment (the ten behaviours of 49号)


class PublicEntryRead(BaseModel):
    """What the public sees of a current entry: who, why, on what basis, since when, until when."""

    model_config = ConfigDict(from_attributes=True)
    enterprise_name: str
    credit_code: str
    condition_title: str
    reasons: str
    basis: str
    decision_no: str
    listed_on: dt.date
    exit_on: dt.date
    measures: list[str]


class PublicEntryList(BaseModel):
    total: int
    page: int
    items: list[PublicEntryRead]


@router.post("/blacklist", response_model=CaseCreated, status_code=201, responses=REFUSALS)
async def create_blacklist_case(
    proposal: BlacklistProposal, db: DbSession, client: TemporalClient, principal: ActingPrincipal, state: State
) -> CaseCreated:
    case = await propose_listing(
        db=db,
        client=client,
        task_queue=state.settings.task_queue,
        principal=principal,
        proposal=proposal,
        config=state.config,
        now=now(),
    )
    return CaseCreated.of(case)


@router.get("/blacklist/conditions", response_model=list[ConditionRead])
def read_conditions(state: State, _principal: CurrentPrincipal) -> list[ConditionRead]:
    return [ConditionRead(**vars(c)) for c in state.config.blacklist.conditions]


@router.get("/public/blacklist", response_model=PublicEntryList, responses=REFUSALS)
def search_public_blacklist(
    db: DbSession,
    name: Annotated[str, Query(max_length=100, description="主体名称（部分匹配）")] = "",
    code: Annotated[str, Query(max_length=40, description="统一社会信用代码（18位）")] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> PublicEntryList:
    """Public query (面向社会公开查询), no login: current entries only."""
    rows, total = blacklist_queries.public_entries(db, blacklist_queries.PublicSearch(name, code, page))
    return PublicEntryList(total=total, page=page, items=[PublicEntryRead.model_validate(r) for r in rows])


@router.get(
    "/blacklist/export",
    responses={200: {"content": {"application/json": {}, "text/csv": {}}}, **REFUSALS},
)
def export_blacklist(db: DbSession, principal: CurrentPrincipal, format: Literal["json", "csv"] = "json") -> Response:
    """Entries decided in the principal's jurisdiction, in the national credit platforms' columns."""
    require_role(principal, Role.HANDLER, Role.OFFICE)
    rows = blacklist_queries.export_rows(db, principal)
    if format == "csv":
        return Response(
            blacklist_queries.export_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="blacklist.csv"'},
        )
    fields = [{"key": key, "label": label} for key, label in blacklist_queries.EXPORT_FIELDS]
    return Response(
        json.dumps({"list_name": blacklist_queries.LIST_NAME, "fields": fields, "records": rows}, ensure_ascii=False),
        media_type="application/json",
    )


class ViolationRead(BaseModel):
    day: dt.date
    kind: str
    kind_label: str
    enterprise_id: int
    subject: str
    description: str
    reference: str
    case_no: str


@router.get("/violations", response_model=list[ViolationRead], responses=REFUSALS)
def list_violations(
    db: DbSession, principal: CurrentPrincipal, enterprise_id: int | None = None
) -> list[ViolationRead]:
    """安全生产法 art 78: the register of violations of units and their staff in the jurisdiction."""
    return [
        ViolationRead(**vars(r), kind_label=violation_register.KINDS[r.kind])
        for r in violation_register.violation_records(db, principal, enterprise_id)
    ]
