"""The annual enforcement plan: the draft form (新建年度执法计划) and the plans of a year in view."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import DbSession, State, TemporalClient, now
from domain import inspection_plan as ip
from domain.errors import DomainError, InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.roles import Role
from services import case_queries, plan_progress
from services.inspection_plan_intake import draft_plan, key_objects
from services.principal import require_role
from web.console.common import PageRoute, SignedInViewer, Viewer, checked_form, refused_form, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)


@router.get("/inspection-plans/new", response_class=HTMLResponse)
def new_plan_page(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    require_role(viewer.principal, Role.HANDLER)  # the form only for those who may submit it
    year = now().astimezone(CHINA_TZ).year
    suggested = ip.suggested_items_text(key_objects(db, viewer.principal))
    return _draft(request, db, viewer, posted={"year": str(year + 1), "items_text": suggested})


def _draft(request: Request, db: DbSession, viewer: Viewer, status_code: int = 200, **extra: object) -> Response:
    year = now().astimezone(CHINA_TZ).year
    return render(
        request,
        "inspection_plan_new.html",
        viewer,
        status_code,
        enterprises=case_queries.enterprises_for(db, viewer.principal),
        years=(year, year + 1),
        help=ip.ITEMS_TEXT_HELP,
        title="新建年度执法计划",
        **extra,
    )


@router.post("/inspection-plans", response_class=HTMLResponse)
async def create_plan(
    request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    values = {"year": str(posted.get("year", "")), "items_text": str(posted.get("items_text", ""))}
    try:
        if not values["year"].isdigit():
            raise InvalidInput("请选择计划年度")
        items = ip.parse_items_text(values["items_text"])
        draft = ip.PlanDraft(year=int(values["year"]), items=items)
        drafted = await draft_plan(
            db=db,
            client=client,
            task_queue=state.settings.task_queue,
            principal=viewer.principal,
            draft=draft,
            now=now(),
        )
    except DomainError as exc:
        status, messages = refused_form(exc, ip.PlanAdjustmentForm)
        return _draft(request, db, viewer, status, posted=values, **messages)
    return RedirectResponse(f"/cases/{drafted.case.id}", status_code=303)


@router.get("/inspection-plans", response_class=HTMLResponse)
def plans_page(
    request: Request, db: DbSession, viewer: SignedInViewer, year: int | None = Query(None, ge=2000, le=2100)
) -> Response:
    chosen = year or now().astimezone(CHINA_TZ).year
    plans = plan_progress.plans_in_view(db, viewer.principal, chosen)
    return render(
        request,
        "inspection_plans.html",
        viewer,
        plans=plans,
        year=chosen,
        statuses=ip.STATUS_LABELS,
        title="年度执法计划",
    )
