"""执法案卷评查: the office opens the year's review, sees the scores per bureau with a chart and
exports them; a bureau sees its own row. The files are scored on the review's case page."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from api.deps import DbSession, State, TemporalClient, now
from domain.enforcement_review import CHECK_ITEMS, ReviewOpening
from domain.errors import DomainError, NotFound
from domain.legal_calendar import CHINA_TZ
from services import enforcement_reviews, quarterly_report
from services.enforcement_reviews import REVIEWER_ROLES, ReviewScores
from services.report_outcomes import report_outcomes
from services.review_export import workbook_bytes
from web.console.bar_chart import bar_svg
from web.console.common import MaybeViewer, PageRoute, SignedInViewer, checked_form, refused_form, render
from web.console.form_render import read_fields
from web.console.settle import settled

router = APIRouter(include_in_schema=False, route_class=PageRoute)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _this_year() -> int:
    return now().astimezone(CHINA_TZ).year


def _page(
    request: Request,
    db: DbSession,
    viewer: SignedInViewer,
    state: State,
    year: int,
    status_code: int = 200,
    **messages: object,
) -> Response:
    try:
        reviews = enforcement_reviews.review_scores(db, viewer.principal, year, state.config.enforcement_review)
    except NotFound:
        reviews = []
    charts = {r.case_id: _chart(r) for r in reviews}
    may_open = viewer.principal.role in REVIEWER_ROLES and viewer.principal.jurisdiction_level != "county"
    return render(
        request,
        "enforcement_reviews.html",
        viewer,
        status_code,
        year=year,
        this_year=_this_year(),
        reviews=reviews,
        charts=charts,
        items=CHECK_ITEMS,
        may_open=may_open,
        share=state.config.enforcement_review,
        title="执法案卷评查",
        **messages,
    )


def _chart(review: ReviewScores) -> object:
    return bar_svg(
        "各部门平均得分",
        [b.bureau for b in review.bureaus],
        [("平均得分", [b.average_score or 0 for b in review.bureaus])],
        unit="分",
    )


@router.get("/enforcement-reviews", response_class=HTMLResponse)
def enforcement_reviews_page(
    request: Request,
    db: DbSession,
    viewer: SignedInViewer,
    state: State,
    year: int | None = Query(None, ge=2000, le=2100),
) -> Response:
    return _page(request, db, viewer, state, year or _this_year())


@router.post("/enforcement-reviews", response_class=HTMLResponse)
async def open_enforcement_review(
    request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    values = read_fields(ReviewOpening, posted)
    try:
        opening = ReviewOpening.model_validate(values)
        case = await enforcement_reviews.open_review(
            db=db,
            client=client,
            task_queue=state.settings.task_queue,
            principal=viewer.principal,
            opening=opening,
            settings=state.config.enforcement_review,
            now=now(),
        )
    except (ValidationError, DomainError) as exc:
        status, messages = refused_form(exc, ReviewOpening)
        year = values.get("year")
        chosen = year if isinstance(year, int) and 2000 <= year <= 2100 else _this_year()
        return _page(request, db, viewer, state, chosen, status, **messages)
    await settled(db, case.id, 0)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.get("/enforcement-reviews/{year}.xlsx", response_class=Response)
def enforcement_review_xlsx(
    db: DbSession, viewer: SignedInViewer, state: State, year: int = Path(ge=2000, le=2100)
) -> Response:
    reviews = enforcement_reviews.review_scores(db, viewer.principal, year, state.config.enforcement_review)
    name = quote(f"执法案卷评查-{year}.xlsx", safe="")
    disposition = f"attachment; filename=\"enforcement-review-{year}.xlsx\"; filename*=UTF-8''{name}"
    return Response(workbook_bytes(reviews), media_type=XLSX_TYPE, headers={"Content-Disposition": disposition})


# ---- 季度报送组织部门 (国办发 (四), 本溪 (二)) ----------------------------------------------


def _quarter(year: int | None, quarter: int | None) -> tuple[int, int]:
    """By default the last quarter that has ended (the one the office reports on)."""
    today = now().astimezone(CHINA_TZ).date()
    current = (today.month - 1) // 3 + 1
    last = (today.year, current - 1) if current > 1 else (today.year - 1, 4)
    return (year or last[0], quarter or last[1])


@router.get("/quarterly-report", response_class=HTMLResponse)
def quarterly_report_page(
    request: Request,
    db: DbSession,
    viewer: SignedInViewer,
    year: int | None = Query(None, ge=2000, le=2100),
    quarter: int | None = Query(None, ge=1, le=4),
) -> Response:
    chosen = _quarter(year, quarter)
    report = quarterly_report.build(db, viewer.principal, *chosen, now=now())
    chart = bar_svg("本季度新立案件（按流程）", list(report.opened), [("新立案件", list(report.opened.values()))])
    return render(
        request, "quarterly_report.html", viewer, report=report, chart=chart, this_year=_this_year(), title="季度报告"
    )


@router.get("/quarterly-report.xlsx", response_class=Response)
def quarterly_report_xlsx(
    db: DbSession,
    viewer: SignedInViewer,
    year: int | None = Query(None, ge=2000, le=2100),
    quarter: int | None = Query(None, ge=1, le=4),
) -> Response:
    chosen = _quarter(year, quarter)
    report = quarterly_report.build(db, viewer.principal, *chosen, now=now())
    name = quote(f"季度报告-{report.scope}-{chosen[0]}Q{chosen[1]}.xlsx", safe="")
    disposition = f"attachment; filename=\"quarterly-{chosen[0]}Q{chosen[1]}.xlsx\"; filename*=UTF-8''{name}"
    body = quarterly_report.workbook_bytes(report)
    return Response(body, media_type=XLSX_TYPE, headers={"Content-Disposition": disposition})


@router.get("/public/report-outcomes", response_class=HTMLResponse)
def public_report_outcomes(
    request: Request, db: DbSession, viewer: MaybeViewer, year: int | None = Query(None, ge=2000, le=2100)
) -> Response:
    """本溪 (十): how the year's reports were handled, per bureau (no login, no report's content)."""
    chosen = year or _this_year()
    rows = report_outcomes(db, chosen)
    return render(
        request,
        "public_report_outcomes.html",
        viewer,
        rows=rows,
        year=chosen,
        this_year=_this_year(),
        title="举报处理情况公开",
    )


@router.post("/quarterly-report", response_class=HTMLResponse)
async def open_quarterly_report_task(
    request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    await checked_form(request, viewer)
    case = await quarterly_report.open_quarterly_task(
        db=db, client=client, task_queue=state.settings.task_queue, principal=viewer.principal, now=now()
    )
    await settled(db, case.id, 0)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)
