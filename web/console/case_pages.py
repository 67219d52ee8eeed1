"""Case list, case page with its timeline and forms, completing a step, case actions, intake."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from api.deps import DbSession, RowId, State, TemporalClient, now
from domain import hazard, inspection_plan, registry
from domain.attachments import CATEGORIES
from domain.definitions.crime_transfer import CRIME_TRANSFER
from domain.errors import DomainError, InvalidInput
from domain.forms import StepForm
from domain.legal_calendar import CHINA_TZ
from domain.public_report import PROCESS as public_report_process
from domain.rectification import CLOSED_STATUSES as RECTIFICATION_CLOSED
from domain.rectification import PROCESS as rectification_process
from domain.rectification import live_surcharge
from domain.registry import form_for
from services import attachments, case_actions, case_queries, plan_progress, public_report_queries
from services.case_actions import RefusedWithErrors
from services.hazard_intake import report_hazard
from web.console.action_availability import applies, clock_tasks
from web.console.common import (
    ERROR_STATUS,
    PageRoute,
    RequestClock,
    SignedInViewer,
    Viewer,
    checked_form,
    refused_form,
    render,
    zh_dates,
)
from web.console.form_render import field_specs, named_field_errors, read_fields
from web.console.settle import settled, timeline_head
from web.console.submissions import PREVIEWABLE, prefill, request_for, submissions

router = APIRouter(include_in_schema=False, route_class=PageRoute)

STATUS_CODES = ERROR_STATUS  # page refusals share the statuses of every page


def actions_for(process: str, role: str) -> dict[str, tuple[str, type[StepForm]]]:
    """The case actions a role may take on a case of this process, each with its form: exactly
    those its definition declares (domain/definitions/), which its workflow registers."""
    return {action.code: (action.label, action.form) for action in registry.actions_for(process, role)}


@router.get("/cases", response_class=HTMLResponse)
def cases_page(
    request: Request,
    db: DbSession,
    viewer: SignedInViewer,
    process: str | None = None,
    status: str | None = None,
    jurisdiction: str | None = None,
    overdue: str | None = None,
    q: str | None = None,
    sort: str = "due",
    page: int = 1,
) -> Response:
    # A process's own status is posted as "process:status": the same code (reported, closed, …)
    # means different things in different processes (D8).
    if status and ":" in status:
        process, status = status.split(":", 1)
    flt = case_queries.CaseFilter(
        process or None,
        status or None,
        jurisdiction or None,
        {"true": True, "false": False}.get(overdue or ""),
        (q or "").strip()[:100] or None,
        sort,
        max(page, 1),
    )
    error = None
    try:
        rows, total = case_queries.list_cases(db, viewer.principal, flt)
    except InvalidInput as exc:
        rows, total, error = [], 0, exc.message
    pages = max((total + case_queries.PAGE_SIZE - 1) // case_queries.PAGE_SIZE, 1)
    return render(
        request,
        "cases.html",
        viewer,
        422 if error else 200,
        rows=rows,
        total=total,
        flt=flt,
        pages=pages,
        error=error,
        title="案件",
        query=dict(request.query_params),
    )


def _case_view(
    request: Request,
    db: DbSession,
    viewer: Viewer,
    clock: Any,
    case_id: RowId,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    if extra.get("error"):
        extra["error"] = zh_dates(extra["error"])  # dates in a refusal read 年月日 (D20)
    page = case_queries.case_page(db, viewer.principal, case_id)
    mine = [
        row
        for row in page.tasks
        if row.task.status == "open"
        and row.task.org_id == viewer.principal.org_id
        and row.task.role == viewer.principal.role
    ]
    forms = {row.task.id: field_specs(form_for(page.case.process, row.task.step)) for row in mine}
    files = attachments.case_attachments(db, viewer.principal, case_id)
    done = submissions(db, page.case.process, page.tasks, files)
    prefills = {row.task.id: prefill(page.case, row.task, done, page.tasks) for row in mine}
    requests = {row.task.id: request_for(row.task, page.events) for row in mine}
    tasks = [row.task for row in page.tasks]
    actions = {
        name: (label, field_specs(form, frozenset({"task_id"})))
        for name, (label, form) in actions_for(page.case.process, viewer.principal.role).items()
        if applies(page.case.process, name, page.case, tasks, viewer.principal)
    }
    clock_task_rows = {
        name: [row for row in page.tasks if row.task in clock_tasks(tasks, viewer.principal, name)]
        for name in ("suspend_clock", "resume_clock")
    }
    can_transfer = (
        viewer.principal.role == "handler"
        and page.case.process != CRIME_TRANSFER.code
        and not page.case.closed
        and all(t.details.get("settled") for t in page.transfers)
    )
    return render(
        request,
        "case.html",
        viewer,
        status_code,
        page=page,
        mine=mine,
        forms=forms,
        actions=actions,
        clock_task_rows=clock_task_rows,
        submissions=done,
        prefills=prefills,
        requests=requests,
        previewable=PREVIEWABLE,
        can_transfer=can_transfer,
        attachments=files,
        categories=CATEGORIES,
        limits=request.app.state.app.config.attachments,
        clock=clock,
        surcharge=(
            live_surcharge(page.case.details, clock.at.astimezone(CHINA_TZ).date())
            if page.case.process == rectification_process and page.case.status not in RECTIFICATION_CLOSED
            else None
        ),
        reporter=(
            public_report_queries.reporter_view(db, viewer.principal, case_id)
            if page.case.process == public_report_process
            else None
        ),
        plan=plan_progress.progress_of(db, page.case) if page.case.process == inspection_plan.PROCESS else None,
        RISK_GRADES=inspection_plan.RISK_GRADES,
        this_month=clock.at.astimezone(CHINA_TZ).month,
        title=page.case.case_no,
        **extra,
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(case_id: RowId, request: Request, db: DbSession, viewer: SignedInViewer, clock: RequestClock) -> Response:
    try:
        return _case_view(request, db, viewer, clock, case_id)
    except DomainError as exc:
        return render(request, "error.html", viewer, STATUS_CODES.get(exc.code, 400), message=exc.message)


@router.post("/cases/{case_id}/tasks/{task_id}/complete", response_class=HTMLResponse)
async def complete_step(
    case_id: RowId,
    task_id: str,
    request: Request,
    db: DbSession,
    client: TemporalClient,
    viewer: SignedInViewer,
    clock: RequestClock,
) -> Response:
    posted = await checked_form(request, viewer)
    case = case_actions.visible_case(db, viewer.principal, case_id)
    task, _ = case_actions.visible_task(db, viewer.principal, task_id)
    values = read_fields(form_for(case.process, task.step), posted)
    before = timeline_head(db, case_id)
    try:
        await case_actions.complete_task(db=db, client=client, principal=viewer.principal, task_id=task_id, form=values)
    except DomainError as exc:
        errors = exc.errors if isinstance(exc, RefusedWithErrors) else []
        marked = {e["field"]: e["message"] for e in errors if e["field"]}
        specs = field_specs(form_for(case.process, task.step))
        for e in errors if errors else [{"field": "", "message": exc.message}]:
            if not e["field"]:
                marked = named_field_errors(e["message"], specs, values) | marked
        return _case_view(
            request,
            db,
            viewer,
            clock,
            case_id,
            STATUS_CODES.get(exc.code, 400),
            error=exc.message,
            field_errors=marked,
            posted={task_id: values},
        )
    await settled(db, case_id, before)
    return RedirectResponse(f"/cases/{case_id}#timeline", status_code=303)


@router.post("/cases/{case_id}/actions/{action}", response_class=HTMLResponse)
async def case_action(
    case_id: RowId,
    action: str,
    request: Request,
    db: DbSession,
    client: TemporalClient,
    viewer: SignedInViewer,
    clock: RequestClock,
) -> Response:
    posted = await checked_form(request, viewer)
    case = case_actions.visible_case(db, viewer.principal, case_id)
    available = actions_for(case.process, viewer.principal.role)
    if action not in available:
        return _case_view(request, db, viewer, clock, case_id, 422, error="本案件没有这项操作")
    label, form = available[action]
    values = read_fields(form, posted)
    before = timeline_head(db, case_id)
    try:
        await case_actions.act_on_case(
            db=db, client=client, principal=viewer.principal, case_id=case_id, action=action, form=values
        )
    except DomainError as exc:
        errors = exc.errors if isinstance(exc, RefusedWithErrors) else []
        return _case_view(
            request,
            db,
            viewer,
            clock,
            case_id,
            STATUS_CODES.get(exc.code, 400),
            error=f"{label}未办理：{exc.message}",
            open_action=action,
            action_values={action: values},
            action_errors={action: {e["field"]: e["message"] for e in errors}},
        )
    await settled(db, case_id, before)
    return RedirectResponse(f"/cases/{case_id}#timeline", status_code=303)


@router.get("/hazards/new", response_class=HTMLResponse)
def new_hazard_page(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    return _intake(request, db, viewer)


def _intake(request: Request, db: DbSession, viewer: Viewer, status_code: int = 200, **extra: Any) -> Response:
    enterprises = case_queries.enterprises_for(db, viewer.principal)
    specs = field_specs(hazard.HazardReport, frozenset({"enterprise_id"}))
    return render(
        request,
        "hazard_new.html",
        viewer,
        status_code,
        enterprises=enterprises,
        specs=specs,
        title="上报隐患",
        grades=hazard.HAZARD_GRADES,
        **extra,
    )


@router.post("/hazards", response_class=HTMLResponse)
async def create_hazard(
    request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    values = read_fields(hazard.HazardReport, posted)
    try:
        report = hazard.HazardReport.model_validate(values)
        case = await report_hazard(
            db=db,
            client=client,
            task_queue=state.settings.task_queue,
            principal=viewer.principal,
            report=report,
            config=state.config,
            now=now(),
        )
    except (ValidationError, DomainError) as exc:
        status, messages = refused_form(exc, hazard.HazardReport)
        return _intake(request, db, viewer, status, posted=values, **messages)
    await settled(db, case.id, 0)  # the new case page shows its first task, not "starting" (D14)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)
