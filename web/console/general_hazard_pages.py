"""一般事故隐患 and the monthly self-declarations: the bureau's list, record form and missing
declarations; the enterprise's declaration page on its portal."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from api.deps import DbSession, State, TemporalClient, now
from domain import self_declaration as sd
from domain.errors import DomainError
from domain.general_hazard import FOUND_BY, STATUS_LABELS, GeneralHazardStart
from domain.legal_calendar import CHINA_TZ
from domain.roles import Role
from services import case_queries, general_hazard_queries, self_declarations
from services.general_hazard_intake import start_general_hazard
from services.principal import require_role
from web.console.common import (
    EnterpriseViewer,
    PageRoute,
    SignedInViewer,
    Viewer,
    checked_form,
    refused_form,
    render,
    set_flash,
)
from web.console.form_render import field_specs, posted_number, read_fields
from web.console.settle import settled

router = APIRouter(include_in_schema=False, route_class=PageRoute)
HIDDEN = frozenset({"enterprise_id", "source_case_id"})
HAZARD_ROWS = 5  # blank hazard rows on the declaration form
MonthQuery = Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


def _today() -> dt.date:
    return now().astimezone(CHINA_TZ).date()


# ---- the bureau ---------------------------------------------------------------------------


@router.get("/general-hazards", response_class=HTMLResponse)
def general_hazards_page(
    request: Request,
    db: DbSession,
    viewer: SignedInViewer,
    status: Annotated[str, Query(max_length=20)] = "open",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    found = general_hazard_queries.list_general_hazards(db, viewer.principal, status=status, page=page)
    return render(
        request,
        "general_hazards.html",
        viewer,
        found=found,
        status=status,
        statuses=STATUS_LABELS,
        found_by=FOUND_BY,
        title="一般事故隐患",
    )


@router.get("/general-hazards/new", response_class=HTMLResponse)
def new_general_hazard_page(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    require_role(viewer.principal, Role.HANDLER)  # the form only for those who may submit it
    return _intake(request, db, viewer)


def _intake(request: Request, db: DbSession, viewer: Viewer, status_code: int = 200, **extra: object) -> Response:
    return render(
        request,
        "general_hazard_new.html",
        viewer,
        status_code,
        specs=field_specs(GeneralHazardStart, HIDDEN),
        enterprises=case_queries.enterprises_for(db, viewer.principal),
        title="登记一般事故隐患",
        **extra,
    )


@router.post("/general-hazards", response_class=HTMLResponse)
async def create_general_hazard(
    request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    values = read_fields(GeneralHazardStart, posted, HIDDEN)
    values["enterprise_id"] = posted_number(posted.get("enterprise_id"))
    try:
        start = GeneralHazardStart.model_validate(values)
        case = await start_general_hazard(
            db,
            client,
            viewer.principal,
            start.enterprise_id,
            start.description,
            start.found_by,
            deadline=start.deadline,
            task_queue=state.settings.task_queue,
            now=now(),
        )
    except (ValidationError, DomainError) as exc:
        status, messages = refused_form(exc, GeneralHazardStart)
        return _intake(request, db, viewer, status, posted=values, **messages)
    await settled(db, case.id, 0)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.get("/self-declarations", response_class=HTMLResponse)
def missing_declarations_page(
    request: Request, db: DbSession, viewer: SignedInViewer, state: State, month: MonthQuery = None
) -> Response:
    today, settings = _today(), state.config.self_declaration
    view = self_declarations.bureau_month(db, viewer.principal, month or sd.previous_month(today), today, settings)
    return render(
        request,
        "self_declarations.html",
        viewer,
        view=view,
        overdue=sd.is_overdue(view.month, today, settings),
        states=sd.DECLARATION_STATES,
        title="企业自查申报",
    )


# ---- the enterprise's portal ----------------------------------------------------------------


@router.get("/enterprise/declarations", response_class=HTMLResponse)
def my_declarations_page(request: Request, db: DbSession, viewer: EnterpriseViewer, state: State) -> Response:
    return _declarations(request, db, viewer, state)


def _declarations(
    request: Request, db: DbSession, viewer: Viewer, state: State, status_code: int = 200, **extra: Any
) -> Response:
    today, settings = _today(), state.config.self_declaration
    enterprise_id = viewer.principal.enterprise_id
    assert enterprise_id is not None
    months = [sd.previous_month(today), sd.month_of(today)]
    summary = [
        (m, sd.due_date(m, settings), self_declarations.enterprise_state(db, enterprise_id, m, today, settings))
        for m in months
    ]
    return render(
        request,
        "enterprise_declarations.html",
        viewer,
        status_code,
        summary=summary,
        states=sd.DECLARATION_STATES,
        hazard_states=sd.HAZARD_STATES,
        rows=self_declarations.own_declarations(db, viewer.principal),
        default_month=months[0],
        blank_rows=range(1, HAZARD_ROWS + 1),
        title="月度自查申报",
        **extra,
    )


def read_declaration(posted: Any) -> dict[str, Any]:
    """The posted form as the submission's fields: blank hazard rows are skipped."""
    hazards = []
    for row in range(1, HAZARD_ROWS + 1):
        description = str(posted.get(f"hazard_{row}", "")).strip()
        if description:
            hazards.append({"description": description, "state": str(posted.get(f"state_{row}", "rectifying"))})
    return {
        "month": str(posted.get("month", "")).strip(),
        "no_hazards": posted.get("no_hazards") == "on",
        "hazards": hazards,
        "correction": posted.get("correction") == "on",
        "note": str(posted.get("note", "")),
    }


@router.post("/enterprise/declarations", response_class=HTMLResponse)
async def file_declaration(
    request: Request, db: DbSession, client: TemporalClient, viewer: EnterpriseViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    values = read_declaration(posted)
    try:
        submission = sd.SelfDeclarationSubmission.model_validate(values)
        row = await self_declarations.file_declaration(
            db=db,
            client=client,
            principal=viewer.principal,
            submission=submission,
            settings=state.config.self_declaration,
            now=now(),
            task_queue=state.settings.task_queue,
        )
    except (ValidationError, DomainError) as exc:
        status, messages = refused_form(exc, sd.SelfDeclarationSubmission)
        return _declarations(request, db, viewer, state, status, posted=values, **messages)
    started = [h["case_id"] for h in row.hazards if h["case_id"]]
    for case_id in started:
        await settled(db, case_id, 0)  # the portal's links open cases that show their first step (D14)
    set_flash(db, viewer, f"{row.month}月度自查申报已提交" + (f"，已登记{len(started)}项隐患" if started else ""))
    return RedirectResponse("/enterprise/declarations", status_code=303)
