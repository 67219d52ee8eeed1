"""On-site inspections: the start page, and starting the case a finding calls for from the case page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from api.deps import DbSession, RowId, State, TemporalClient, now
from domain.errors import DomainError, InvalidInput
from domain.forms import choice_labels
from domain.inspection import FollowUpStart, InspectionStart
from domain.roles import Role
from services import case_queries
from services.inspection_followups import start_follow_up
from services.inspection_intake import draw_choices, inspector_candidates, plan_choices, start_inspection
from services.principal import require_role
from web.console.common import PageRoute, SignedInViewer, Viewer, checked_form, refused_form, render
from web.console.form_render import field_specs, posted_number, read_fields
from web.console.settle import settled

router = APIRouter(include_in_schema=False, route_class=PageRoute)
CUSTOM = frozenset({"enterprise_id", "inspectors", "participant_departments", "mode", "plan_case_id", "draw_id"})


def _new_page(request: Request, db: DbSession, viewer: Viewer, status_code: int = 200, **extra: object) -> Response:
    return render(
        request,
        "inspection_new.html",
        viewer,
        status_code,
        specs=field_specs(InspectionStart, CUSTOM),
        modes=list(choice_labels(InspectionStart, "mode").items()),
        enterprises=case_queries.enterprises_for(db, viewer.principal),
        candidates=inspector_candidates(db, viewer.principal),
        plans=plan_choices(db, viewer.principal),
        draws=draw_choices(db, viewer.principal),
        title="现场检查",
        **extra,
    )


@router.get("/inspections/new", response_class=HTMLResponse)
def new_inspection_page(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    require_role(viewer.principal, Role.HANDLER, Role.OFFICE)  # the form only for those who may submit it
    return _new_page(request, db, viewer)


def _start_values(posted: FormData) -> dict[str, Any]:
    values = read_fields(InspectionStart, posted, CUSTOM)
    values["enterprise_id"] = posted_number(posted.get("enterprise_id"))
    values["mode"] = str(posted.get("mode", ""))
    values["plan_case_id"] = posted_number(posted.get("plan_case_id"))
    values["draw_id"] = posted_number(posted.get("draw_id"))
    values["inspectors"] = [posted_number(v) for v in posted.getlist("inspectors")]
    typed = str(posted.get("participant_departments", ""))
    values["participant_departments"] = [line.strip() for line in typed.splitlines() if line.strip()]
    return values


@router.post("/inspections", response_class=HTMLResponse)
async def create_inspection(
    request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    values = _start_values(posted)
    try:
        start = InspectionStart.model_validate(values)
        case = await start_inspection(
            db=db,
            client=client,
            task_queue=state.settings.task_queue,
            principal=viewer.principal,
            start=start,
            now=now(),
        )
    except (ValidationError, DomainError) as exc:
        status, messages = refused_form(exc, InspectionStart)
        shown = {**values, "participant_departments": "\n".join(values["participant_departments"])}
        return _new_page(request, db, viewer, status, posted=shown, **messages)
    await settled(db, case.id, 0)  # the new case page shows its first task, not "starting" (D14)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.post("/inspections/{case_id}/findings/{finding_no}/follow-up", response_class=HTMLResponse)
async def create_follow_up(
    case_id: RowId,
    finding_no: RowId,
    request: Request,
    db: DbSession,
    client: TemporalClient,
    viewer: SignedInViewer,
    state: State,
) -> Response:
    """Start the finding's case (its kind decides which); errors show on the error page."""
    posted = await checked_form(request, viewer)
    try:
        choice = FollowUpStart.model_validate(read_fields(FollowUpStart, posted))
    except ValidationError as exc:
        _, messages = refused_form(exc, FollowUpStart)
        raise InvalidInput(str(messages.get("error") or "提交的内容不正确")) from exc
    started = await start_follow_up(
        db=db,
        client=client,
        task_queue=state.settings.task_queue,
        principal=viewer.principal,
        case_id=case_id,
        finding_no=finding_no,
        choice=choice,
        config=state.config,
        now=now(),
    )
    await settled(db, started.id, 0)
    return RedirectResponse(f"/cases/{case_id}#findings", status_code=303)
