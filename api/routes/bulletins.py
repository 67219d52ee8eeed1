"""Bulletins (通报, 警示, 案情通报), their public list, and joint supervision (联合督办) of a case."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import ActingPrincipal, CurrentPrincipal, DbSession, RowId, State, TemporalClient, now
from api.intake import CaseCreated
from api.routes.public_portal import PAGE, PUBLIC_REFUSALS, PublicList, Q
from api.routes.tasks import REFUSALS
from domain.bulletin import BulletinDraft
from domain.forms import MAX_ID, InputModel, OptionalText
from services import bulletin_queries, joint_supervision
from services.bulletin_intake import draft_bulletin
from services.public_listing import PublicSearch

router = APIRouter(prefix="/api/v1", tags=["bulletins"])


class PublicBulletinContent(BaseModel):
    number: str
    title: str
    html: str
    sha256: str


class JointSupervisionRequest(InputModel):
    org_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(title="联合督办单位", max_length=2)
    note: OptionalText = Field("", title="说明", max_length=500)


class JointSupervisionRead(BaseModel):
    case_id: int
    agencies: list[str]


@router.post("/bulletins", response_model=CaseCreated, status_code=201, responses=REFUSALS)
async def create_bulletin(
    draft: BulletinDraft, db: DbSession, client: TemporalClient, principal: ActingPrincipal, state: State
) -> CaseCreated:
    """Draft a 通报 (office) or a 案情通报 (bureau handler); the head of the level approves it."""
    case = await draft_bulletin(
        db=db, client=client, task_queue=state.settings.task_queue, principal=principal, draft=draft, now=now()
    )
    return CaseCreated.of(case)


@router.get("/bulletins", response_model=list[bulletin_queries.BulletinRow], responses=REFUSALS)
def read_bulletins(
    db: DbSession, principal: CurrentPrincipal, overdue: Annotated[bool, Query()] = False
) -> list[bulletin_queries.BulletinRow]:
    """The 督办 view: bulletins of the jurisdiction, who was named, acknowledgements (overdue)."""
    return bulletin_queries.office_view(db, principal, overdue_only=overdue)


@router.get("/public/bulletins", response_model=PublicList[bulletin_queries.PublishedBulletin])
def read_public_bulletins(db: DbSession, q: Q = "", page: PAGE = 1) -> PublicList[bulletin_queries.PublishedBulletin]:
    return PublicList.of(bulletin_queries.published_bulletins(db, PublicSearch.of(q, page)))


@router.get("/public/bulletins/{document_id}", response_model=PublicBulletinContent, responses=PUBLIC_REFUSALS)
def read_public_bulletin(document_id: RowId, db: DbSession) -> PublicBulletinContent:
    document = bulletin_queries.published_document(db, document_id)
    return PublicBulletinContent(
        number=document.number, title=document.title, html=document.html, sha256=document.sha256
    )


@router.post(
    "/cases/{case_id}/joint-supervision", response_model=JointSupervisionRead, status_code=201, responses=REFUSALS
)
def create_joint_supervision(
    case_id: RowId, body: JointSupervisionRequest, db: DbSession, principal: ActingPrincipal
) -> JointSupervisionRead:
    agencies = joint_supervision.add(db, principal, case_id, body.org_ids, body.note, now())
    return JointSupervisionRead(case_id=case_id, agencies=agencies)


@router.get("/joint-supervisions", response_model=list[joint_supervision.JointCase], responses=REFUSALS)
def read_joint_supervisions(db: DbSession, principal: CurrentPrincipal) -> list[joint_supervision.JointCase]:
    """The jointly supervised cases and their one set of open deadlines, for each agency."""
    return joint_supervision.deadlines_for(db, principal)
