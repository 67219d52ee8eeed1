"""Opening a contested rectification from an on-site inspection record."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from api.deps import DbSession, State, TemporalClient, now
from domain.errors import DomainError
from domain.rectification import RectificationStart
from services import case_queries
from services.rectification_intake import start_rectification
from web.console.common import PageRoute, SignedInViewer, Viewer, checked_form, refused_form, render
from web.console.form_render import field_specs, posted_number, read_fields
from web.console.settle import settled

router = APIRouter(include_in_schema=False, route_class=PageRoute)
HIDDEN = frozenset({"enterprise_id"})


@router.get("/rectifications/new", response_class=HTMLResponse)
def new_rectification_page(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    return _intake(request, db, viewer)


def _intake(request: Request, db: DbSession, viewer: Viewer, status_code: int = 200, **extra: object) -> Response:
    return render(
        request,
        "rectification_new.html",
        viewer,
        status_code,
        specs=field_specs(RectificationStart, HIDDEN),
        enterprises=case_queries.enterprises_for(db, viewer.principal),
        title="责令限期整改",
        **extra,
    )


@router.post("/rectifications", response_class=HTMLResponse)
async def create_rectification(
    request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    values = read_fields(RectificationStart, posted, HIDDEN)
    values["enterprise_id"] = posted_number(posted.get("enterprise_id"))
    try:
        start = RectificationStart.model_validate(values)
        case = await start_rectification(
            db=db,
            client=client,
            task_queue=state.settings.task_queue,
            principal=viewer.principal,
            start=start,
            now=now(),
        )
    except (ValidationError, DomainError) as exc:
        status, messages = refused_form(exc, RectificationStart)
        return _intake(request, db, viewer, status, posted=values, **messages)
    await settled(db, case.id, 0)  # the new case page shows its first task, not "starting" (D14)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)
