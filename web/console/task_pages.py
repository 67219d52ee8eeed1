"""The inbox (待办), the done list (已办), and claiming a task."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import DbSession, TemporalClient, now
from domain.errors import DomainError
from domain.legal_calendar import CHINA_TZ
from services import case_actions, case_queries
from services.principal import home_path
from web.console.common import (
    ERROR_STATUS,
    MaybeViewer,
    PageRoute,
    RequestClock,
    SignedInViewer,
    checked_form,
    error_page,
    render,
    safe_local_path,
    set_flash,
)

router = APIRouter(include_in_schema=False, route_class=PageRoute)


@router.get("/")
def home(viewer: MaybeViewer) -> Response:
    year = now().astimezone(CHINA_TZ).year
    return RedirectResponse(home_path(viewer.principal, year) if viewer else "/inbox", status_code=303)


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, db: DbSession, viewer: SignedInViewer, clock: RequestClock) -> Response:
    rows = case_queries.inbox(db, viewer.principal)
    return render(request, "inbox.html", viewer, rows=rows, clock=clock, title="待办")


@router.get("/done", response_class=HTMLResponse)
def done_page(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    rows = case_queries.done(db, viewer.principal)
    return render(request, "done.html", viewer, rows=rows, title="已办")


@router.post("/tasks/{task_id}/{action}")
async def claim(
    task_id: str, action: str, request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer
) -> Response:
    form = await checked_form(request, viewer)
    back = safe_local_path(str(form.get("back", "")))
    if action not in ("claim", "release"):
        return error_page(request, "不支持的操作", 404)
    try:
        await case_actions.claim_task(
            db=db, client=client, principal=viewer.principal, task_id=task_id, claim=action == "claim"
        )
    except DomainError as exc:
        if exc.code in ("not_found", "forbidden"):  # a task the user may not touch: a refusal, not a notice
            return error_page(request, exc.message, ERROR_STATUS[exc.code])
        set_flash(db, viewer, exc.message)
    return RedirectResponse(back, status_code=303)
