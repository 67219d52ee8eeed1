"""The annual enforcement-file review (执法案卷评查) and the public rulings (公开裁定) it counts."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Path
from pydantic import BaseModel

from api.deps import ActingPrincipal, CurrentPrincipal, DbSession, State, TemporalClient, now
from api.intake import CaseCreated
from api.routes.tasks import REFUSALS
from domain.enforcement_review import PublicRulingRecord, ReviewOpening
from services import enforcement_reviews, quarterly_report

router = APIRouter(prefix="/api/v1", tags=["enforcement-review"])


class BureauScoreRead(BaseModel):
    bureau: str
    bureau_org_id: int
    files_sampled: int
    files_reviewed: int
    average_score: float | None
    failed_files: int
    failed_items: dict[str, int]  # checklist item → files failing it
    penalty_cases: int
    public_rulings: int
    public_ruling_share: float | None
    warning: str  # 国办发〔2015〕20号 (十六): under the public-ruling share


class ReviewRead(BaseModel):
    year: int
    case_id: int
    case_no: str
    reviewing_org: str
    status: str
    seed: str
    bureaus: list[BureauScoreRead]


class ReviewScoresRead(BaseModel):
    year: int
    bureaus: list[BureauScoreRead]  # every review of the year the caller may see, bureau by bureau
    reviews: list[ReviewRead]


class PublicRulingRead(BaseModel):
    id: int
    case_id: int
    ruled_on: str


@router.post("/enforcement-reviews", response_model=CaseCreated, status_code=201, responses=REFUSALS)
async def create_enforcement_review(
    opening: ReviewOpening, db: DbSession, client: TemporalClient, principal: ActingPrincipal, state: State
) -> CaseCreated:
    case = await enforcement_reviews.open_review(
        db=db,
        client=client,
        task_queue=state.settings.task_queue,
        principal=principal,
        opening=opening,
        settings=state.config.enforcement_review,
        now=now(),
    )
    return CaseCreated.of(case)


@router.get("/enforcement-reviews/{year}", response_model=ReviewScoresRead, responses=REFUSALS)
def read_enforcement_review(
    db: DbSession, principal: CurrentPrincipal, state: State, year: int = Path(ge=2000, le=2100)
) -> ReviewScoresRead:
    found = enforcement_reviews.review_scores(db, principal, year, state.config.enforcement_review)
    reviews = [ReviewRead(**asdict(r)) for r in found]
    return ReviewScoresRead(year=year, bureaus=[b for r in reviews for b in r.bureaus], reviews=reviews)


@router.post("/public-rulings", response_model=PublicRulingRead, status_code=201, responses=REFUSALS)
def create_public_ruling(record: PublicRulingRecord, db: DbSession, principal: ActingPrincipal) -> PublicRulingRead:
    ruling = enforcement_reviews.record_public_ruling(db, principal, record, now())
    return PublicRulingRead(id=ruling.id, case_id=ruling.case_id, ruled_on=ruling.ruled_on.isoformat())


@router.post("/quarterly-reports", response_model=CaseCreated, status_code=201, responses=REFUSALS)
async def create_quarterly_report_task(
    db: DbSession, client: TemporalClient, principal: ActingPrincipal, state: State
) -> CaseCreated:
    """本溪 (二): the office's task to report the last ended quarter to the organisation department."""
    case = await quarterly_report.open_quarterly_task(
        db=db, client=client, task_queue=state.settings.task_queue, principal=principal, now=now()
    )
    return CaseCreated.of(case)
