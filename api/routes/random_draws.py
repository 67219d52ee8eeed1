"""The inspector roster, the list of inspection matters and the double-random draws (双随机抽查)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict
from starlette.datastructures import UploadFile

from api.deps import ActingPrincipal, CurrentPrincipal, DbSession, RowId, State, TemporalClient, now
from api.routes.tasks import REFUSALS
from db import models
from db.roster_models import RandomDraw
from domain.errors import InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.random_draw import DrawInputs
from domain.random_draw_forms import ConflictInput, DrawRequest, InspectorInput, MatterInput
from services import inspection_matters, inspector_roster, random_draws
from services.inspector_roster import require_bureau_staff
from web.console.common import read_form

router = APIRouter(prefix="/api/v1", tags=["random inspections"])


class InspectorRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    certificate_no: str
    issuing_authority: str
    valid_from: dt.date
    valid_until: dt.date
    active: bool
    user_id: int | None


class ConflictRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    inspector_id: int
    enterprise_id: int
    reason: str
    declared_on: dt.date


class ImportRead(BaseModel):
    added: int
    updated: int


class MatterRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    title: str
    legal_basis: str
    content: str
    sectors: list[str]
    share_percent: float | None
    draw_count: int | None
    published_on: dt.date


class TeamRead(BaseModel):
    enterprise_id: int
    enterprise_name: str
    inspector_ids: list[int]
    inspector_names: list[str]


class DrawRead(BaseModel):
    id: int
    case_id: int | None
    case_no: str
    matter_id: int
    matter_title: str
    drawn_on: dt.date
    algorithm: str
    seed: str
    enterprise_pool_size: int
    inspector_pool_size: int
    count: int
    team_size: int
    inputs: dict[str, Any]
    selections: list[TeamRead]
    status: str


class VerificationRead(BaseModel):
    draw_id: int
    recorded: bool
    chain_intact: bool
    matches: bool
    message: str


def draw_read(db: DbSession, row: RandomDraw) -> DrawRead:
    inputs = DrawInputs.from_record(row.inputs)
    case = db.get(models.Case, row.case_id) if row.case_id else None
    teams = random_draws.selections(db, row.id)
    return DrawRead(
        id=row.id,
        case_id=row.case_id,
        case_no=case.case_no if case else "",
        matter_id=row.matter_id,
        matter_title=teams[0].matter_title if teams else "",
        drawn_on=row.drawn_on,
        algorithm=inputs.algorithm,
        seed=inputs.seed,
        enterprise_pool_size=len(inputs.enterprise_pool),
        inspector_pool_size=len(inputs.inspector_pool),
        count=inputs.count,
        team_size=inputs.team_size,
        inputs=row.inputs,
        selections=[
            TeamRead(
                enterprise_id=t.enterprise_id,
                enterprise_name=t.enterprise_name,
                inspector_ids=list(t.inspector_ids),
                inspector_names=list(t.inspector_names),
            )
            for t in teams
        ],
        status=case.status if case else "starting",
    )


def _today() -> dt.date:
    return now().astimezone(CHINA_TZ).date()


@router.get("/inspectors", response_model=list[InspectorRead], responses=REFUSALS)
def list_inspectors(db: DbSession, principal: CurrentPrincipal) -> list[InspectorRead]:
    """执法人员名录库 of the principal's bureau."""
    require_bureau_staff(principal)
    return [InspectorRead.model_validate(i) for i in inspector_roster.roster(db, principal.org_id)]


@router.post("/inspectors", response_model=InspectorRead, status_code=201, responses=REFUSALS)
def create_inspector(data: InspectorInput, db: DbSession, principal: ActingPrincipal) -> InspectorRead:
    return InspectorRead.model_validate(inspector_roster.add_inspector(db, principal, data))


@router.post("/inspectors/import", response_model=ImportRead, responses=REFUSALS)
async def import_inspectors(request: Request, db: DbSession, principal: ActingPrincipal) -> ImportRead:
    """A CSV or XLSX sheet (columns 姓名, 执法证号, 发证机关, 有效期起, 有效期至, 在岗, 系统账号): all rows or none."""
    require_bureau_staff(principal)
    posted = await read_form(request, max_files=1)
    upload = posted.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidInput("请选择要导入的 .csv 或 .xlsx 文件")
    added, updated = inspector_roster.import_roster(db, principal, upload.filename, await upload.read())
    return ImportRead(added=added, updated=updated)


@router.post("/inspectors/conflicts", response_model=ConflictRead, status_code=201, responses=REFUSALS)
def declare_conflict(data: ConflictInput, db: DbSession, principal: ActingPrincipal) -> ConflictRead:
    """行政处罚法 art 43: 回避 of an inspector for an enterprise."""
    return ConflictRead.model_validate(inspector_roster.declare_conflict(db, principal, data, _today()))


@router.get("/inspection-matters", response_model=list[MatterRead], responses=REFUSALS)
def list_matters(db: DbSession, principal: CurrentPrincipal) -> list[MatterRead]:
    require_bureau_staff(principal)
    return [MatterRead.model_validate(m) for m in inspection_matters.matters_of(db, principal.org_id)]


@router.post("/inspection-matters", response_model=MatterRead, status_code=201, responses=REFUSALS)
def create_matter(data: MatterInput, db: DbSession, principal: ActingPrincipal) -> MatterRead:
    """北碚 (十五): a matter of the 随机抽查事项清单, public from today."""
    return MatterRead.model_validate(inspection_matters.add_matter(db, principal, data, _today()))


@router.get("/random-draws", response_model=list[DrawRead], responses=REFUSALS)
def list_draws(db: DbSession, principal: CurrentPrincipal) -> list[DrawRead]:
    require_bureau_staff(principal)
    return [draw_read(db, row) for row in random_draws.draws_of(db, principal)]


@router.post("/random-draws", response_model=DrawRead, status_code=201, responses=REFUSALS)
async def create_draw(
    request: DrawRequest, db: DbSession, client: TemporalClient, principal: ActingPrincipal, state: State
) -> DrawRead:
    """Draw enterprises and inspector teams; the seed, pools and result go on the case's timeline."""
    row = await random_draws.make_draw(
        db=db, client=client, task_queue=state.settings.task_queue, principal=principal, request=request, now=now()
    )
    return draw_read(db, row)


@router.get("/random-draws/{draw_id}", response_model=DrawRead, responses=REFUSALS)
def read_draw(draw_id: RowId, db: DbSession, principal: CurrentPrincipal) -> DrawRead:
    return draw_read(db, random_draws.get_draw(db, principal, draw_id))


@router.post("/random-draws/{draw_id}/verify", response_model=VerificationRead, responses=REFUSALS)
def verify_draw(draw_id: RowId, db: DbSession, principal: ActingPrincipal) -> VerificationRead:
    """Re-run the draw from the seed and pools recorded on the timeline; say whether it matches."""
    result = random_draws.verify(db, random_draws.get_draw(db, principal, draw_id))
    return VerificationRead(
        draw_id=result.draw_id,
        recorded=result.recorded,
        chain_intact=result.chain_intact,
        matches=result.matches,
        message=result.message,
    )


class PublicResultRead(BaseModel):
    bureau: str
    matter: str
    drawn_on: dt.date
    published_on: str
    enterprises: list[dict[str, Any]]


class PublicRandomRead(BaseModel):
    matters: list[dict[str, Any]]
    results: list[PublicResultRead]


@router.get("/public/random-inspections", response_model=PublicRandomRead)
def public_random_inspections(db: DbSession) -> PublicRandomRead:
    """Public, no login: each bureau's list of matters and the published results (names only)."""
    matters = [vars(m) | {"sectors": list(m.sectors)} for m in inspection_matters.public_matters(db)]
    results = [
        PublicResultRead(
            bureau=r.bureau,
            matter=r.matter,
            drawn_on=r.drawn_on,
            published_on=r.published_on,
            enterprises=[{"name": name, "inspectors": list(people)} for name, people in r.enterprises],
        )
        for r in inspection_matters.public_results(db)
    ]
    return PublicRandomRead(matters=matters, results=results)
