"""The public portal's JSON (no login): the published lists, filing a report and tracking it;
and, for signed-in officials, the reporter of a report (masked outside the handling office)."""

from __future__ import annotations

from typing import Annotated, Generic, Literal, TypeVar

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from api.client import client_network
from api.deps import CurrentPrincipal, DbSession, RowId, State, TemporalClient, now
from api.origin import same_origin
from api.schemas import ErrorRead
from domain import tracking_code
from domain.errors import NotFound
from domain.forms import InputModel
from domain.legal_calendar import CHINA_TZ
from domain.public_report import PublicReportSubmission, ReporterView
from services import public_records, public_report_queries
from services.public_listing import MAX_QUERY_LENGTH, PublicPage, PublicSearch
from services.public_report_intake import client_hash, file_report
from services.public_report_queries import TrackedReport

router = APIRouter(prefix="/api/v1", tags=["public"])
T = TypeVar("T")
Q = Annotated[str, Query(max_length=MAX_QUERY_LENGTH)]
PAGE = Annotated[int, Query(ge=1, le=10_000)]
PUBLIC_REFUSALS: dict[int | str, dict[str, object]] = {code: {"model": ErrorRead} for code in (403, 404, 422, 429)}


class PublicList(BaseModel, Generic[T]):
    total: int
    page: int
    pages: int
    items: list[T]

    @classmethod
    def of(cls, listing: PublicPage[T]) -> PublicList[T]:
        return cls(total=listing.total, page=listing.page, pages=listing.pages, items=listing.rows)


class FiledReportRead(BaseModel):
    case_no: str
    tracking_code: str = Field(description="Shown once: only its SHA-256 is stored")
    handling_org: str


class TrackingQuery(InputModel):
    code: str = Field(max_length=64)


@router.get("/public/reports", response_model=PublicList[public_records.PublishedReport])
def read_published_reports(db: DbSession, q: Q = "", page: PAGE = 1) -> PublicList[public_records.PublishedReport]:
    return PublicList.of(public_records.published_reports(db, PublicSearch.of(q, page)))


@router.get("/public/hazards", response_model=PublicList[public_records.HazardNotice])
def read_hazard_notices(
    db: DbSession, q: Q = "", state: Literal["", "listed", "delisted"] = "", page: PAGE = 1
) -> PublicList[public_records.HazardNotice]:
    return PublicList.of(public_records.hazard_notices(db, PublicSearch.of(q, page), state))


@router.get("/public/enforcement", response_model=PublicList[public_records.EnforcementNotice])
def read_enforcement_notices(db: DbSession, q: Q = "", page: PAGE = 1) -> PublicList[public_records.EnforcementNotice]:
    today = now().astimezone(CHINA_TZ).date()
    return PublicList.of(public_records.enforcement_notices(db, PublicSearch.of(q, page), today))


@router.post("/public/report-submissions", response_model=FiledReportRead, status_code=201, responses=PUBLIC_REFUSALS)
async def create_public_report(
    submission: PublicReportSubmission, request: Request, db: DbSession, client: TemporalClient, state: State
) -> FiledReportRead:
    """举报 without login; the same flood limits as the form (HTTP 429 beyond them).

    No form token here: a browser sends `Origin` on every cross-origin POST, and a post whose
    Origin or Sec-Fetch-Site names another site (or `null`) is refused (403). A request without
    them is not from a browser, cannot act in a visitor's name, and is limited per client."""
    same_origin(request, "请从本网站的举报页面提交")
    address = client_network(request, state.settings)
    filed = await file_report(
        db=db,
        client=client,
        task_queue=state.settings.task_queue,
        submission=submission,
        client_key=client_hash(address, state.settings.public_form_key),
        limits=state.config.public_report,
        rewards=state.config.report_rewards,
        now=now(),
        flood_key=state.settings.public_form_key,
    )
    return FiledReportRead(
        case_no=filed.case.case_no,
        tracking_code=tracking_code.grouped(filed.code),
        handling_org=str(filed.case.details.get("handling_org", "")),
    )


@router.post("/public/report-tracking", response_model=TrackedReport, responses=PUBLIC_REFUSALS)
def track_public_report(body: TrackingQuery, db: DbSession) -> TrackedReport:
    """The status and the public reply of the report a code belongs to (POST keeps codes out of logs)."""
    return public_report_queries.track(db, body.code)


@router.get("/cases/{case_id}/reporter", response_model=ReporterView, responses=PUBLIC_REFUSALS)
def read_reporter(case_id: RowId, db: DbSession, principal: CurrentPrincipal) -> ReporterView:
    """The reporter in full for the handling office only; masked for every other principal."""
    view = public_report_queries.reporter_view(db, principal, case_id)
    if view is None:
        raise NotFound("该案件不是举报案件")
    return view
