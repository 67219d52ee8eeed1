"""The enterprise portal (企业服务端): my cases, what is due from me, my documents, my submissions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from api.deps import DbSession, RowId, State, TemporalClient, now
from db import models
from domain.attachments import CATEGORIES
from domain.errors import DomainError, NotFound
from services import attachments, enterprise_portal
from services.attachments import MAX_FILES
from services.case_actions import RefusedWithErrors
from services.case_queries import TaskRow
from web.console.action_availability import applies
from web.console.attachment_pages import read_uploads, store_of
from web.console.common import (
    ERROR_STATUS,
    EnterpriseViewer,
    PageRoute,
    RequestClock,
    Viewer,
    checked_form,
    render,
    set_flash,
)
from web.console.form_render import field_specs, read_fields
from web.console.submissions import prefill, submissions
from web.console.transfer_pages import DOCUMENT_CSP

router = APIRouter(include_in_schema=False, route_class=PageRoute)


@router.get("/enterprise", response_class=HTMLResponse)
def my_cases(request: Request, db: DbSession, viewer: EnterpriseViewer, clock: RequestClock) -> Response:
    rows = enterprise_portal.my_cases(db, viewer.principal)
    return render(request, "enterprise.html", viewer, rows=rows, clock=clock, title="我的案件")


def _case_view(
    request: Request, db: DbSession, viewer: Viewer, clock: Any, case_id: int, status_code: int = 200, **extra: Any
) -> Response:
    page = enterprise_portal.case_page(db, viewer.principal, case_id)
    forms = {p.task.id: field_specs(p.submission.form) for p in page.pending}
    tasks = list(db.scalars(select(models.Task).where(models.Task.case_id == page.case.id)))
    action_forms = {
        name: field_specs(s.form)
        for name, s in page.actions.items()
        if applies(page.case.process, name, page.case, tasks, viewer.principal)  # D16
    }
    # A step sent back (a plan returned for revision) starts from what was submitted, with the
    # return opinion above it (D24).
    rows = [TaskRow(task, page.case, "", None) for task in tasks]
    done = submissions(db, page.case.process, rows, [])
    prefills = {p.task.id: prefill(page.case, p.task, done, rows) for p in page.pending}
    limits = request.app.state.app.config.attachments
    return render(
        request,
        "enterprise_case.html",
        viewer,
        status_code,
        page=page,
        forms=forms,
        action_forms=action_forms,
        prefills=prefills,
        clock=clock,
        limits=limits,
        categories=CATEGORIES,
        title=page.case.case_no,
        **extra,
    )


@router.get("/enterprise/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    case_id: RowId, request: Request, db: DbSession, viewer: EnterpriseViewer, clock: RequestClock
) -> Response:
    return _case_view(request, db, viewer, clock, case_id)


@router.post("/enterprise/cases/{case_id}/tasks/{task_id}", response_class=HTMLResponse)
async def submit_step(
    case_id: RowId,
    task_id: Annotated[str, Path(max_length=120)],
    request: Request,
    db: DbSession,
    client: TemporalClient,
    state: State,
    viewer: EnterpriseViewer,
    clock: RequestClock,
) -> Response:
    posted = await checked_form(request, viewer, max_files=MAX_FILES)
    pending = enterprise_portal.pending_submission(db, viewer.principal, case_id, task_id)
    values = read_fields(pending.submission.form, posted)
    try:
        await attachments.submit_step(
            db=db,
            client=client,
            store=store_of(state.settings),
            limits=state.config.attachments,
            principal=viewer.principal,
            task_id=task_id,
            form=values,
            uploads=await read_uploads(posted, state.config.attachments),
            now=now(),
        )
    except DomainError as exc:
        errors = exc.errors if isinstance(exc, RefusedWithErrors) else []
        return _case_view(
            request,
            db,
            viewer,
            clock,
            case_id,
            ERROR_STATUS.get(exc.code, 400),
            error=exc.message,
            field_errors={e["field"]: e["message"] for e in errors},
            posted={task_id: values},
        )
    return _done(db, viewer, case_id, pending.submission.label)


@router.post("/enterprise/cases/{case_id}/actions/{action}", response_class=HTMLResponse)
async def submit_action(
    case_id: RowId,
    action: Annotated[str, Path(max_length=40)],
    request: Request,
    db: DbSession,
    client: TemporalClient,
    state: State,
    viewer: EnterpriseViewer,
    clock: RequestClock,
) -> Response:
    posted = await checked_form(request, viewer, max_files=MAX_FILES)
    page = enterprise_portal.case_page(db, viewer.principal, case_id)
    submission = page.actions.get(action)
    if submission is None:
        raise NotFound("该事项不存在或不需要企业提交")
    values = read_fields(submission.form, posted)
    try:
        await attachments.submit_action(
            db=db,
            client=client,
            store=store_of(state.settings),
            limits=state.config.attachments,
            principal=viewer.principal,
            case_id=case_id,
            action=action,
            form=values,
            uploads=await read_uploads(posted, state.config.attachments),
            now=now(),
        )
    except DomainError as exc:
        return _case_view(
            request, db, viewer, clock, case_id, ERROR_STATUS.get(exc.code, 400), error=exc.message, open_action=action
        )
    return _done(db, viewer, case_id, submission.label)


def _done(db: DbSession, viewer: Viewer, case_id: int, label: str) -> Response:
    set_flash(db, viewer, "已提交：" + label)
    return RedirectResponse(f"/enterprise/cases/{case_id}", status_code=303)


@router.get("/enterprise/documents/{document_id}", response_class=HTMLResponse)
def served_document(document_id: RowId, db: DbSession, viewer: EnterpriseViewer) -> Response:
    document = enterprise_portal.served_document(db, viewer.principal, document_id)
    return HTMLResponse(
        document.html,
        headers={"Content-Security-Policy": DOCUMENT_CSP, "X-Document-SHA256": document.sha256},
    )
