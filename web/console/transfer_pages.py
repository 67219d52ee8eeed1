"""Opening a crime transfer (from a case or by hand), and issued documents as print-ready pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from api.deps import DbSession, RowId, State, TemporalClient, now
from db import models
from domain.crime_transfer import CrimeTransferStart
from domain.errors import DomainError
from services import case_queries
from services.case_actions import visible_case
from services.crime_transfer_intake import start_crime_transfer
from web.console.common import PageRoute, SignedInViewer, Viewer, checked_form, refused_form, render
from web.console.form_render import field_specs, posted_number, read_fields
from web.console.settle import settled

router = APIRouter(include_in_schema=False, route_class=PageRoute)
HIDDEN = frozenset({"source_case_id", "enterprise_id"})
# A document is a page of its own: its inline print styles are allowed, scripts never.
DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


@router.get("/crime-transfers/new", response_class=HTMLResponse)
def new_transfer_page(request: Request, db: DbSession, viewer: SignedInViewer, source: int | None = None) -> Response:
    posted: dict[str, object] = {}
    if source is not None:
        case = visible_case(db, viewer.principal, source)
        posted = {"source_case_id": case.id, "facts": _referral_facts(db, case.id)}
    return _intake(request, db, viewer, posted=posted)


def _referral_facts(db: DbSession, case_id: int) -> str:
    """The referral the source case's workflow recorded (an accident's findings, a refused order)."""
    referral = db.scalars(
        select(models.CaseEvent)
        .where(models.CaseEvent.case_id == case_id, models.CaseEvent.kind == "crime_transfer_referral")
        .order_by(models.CaseEvent.id.desc())
    ).first()
    if referral is None:
        return ""
    return "；".join(part for part in (referral.summary, referral.reason) if part)


def _intake(request: Request, db: DbSession, viewer: Viewer, status_code: int = 200, **extra: object) -> Response:
    posted = extra.get("posted") or {}
    source_id = posted.get("source_case_id") if isinstance(posted, dict) else None
    source = visible_case(db, viewer.principal, int(source_id)) if source_id else None
    return render(
        request,
        "transfer_new.html",
        viewer,
        status_code,
        specs=field_specs(CrimeTransferStart, HIDDEN),
        enterprises=case_queries.enterprises_for(db, viewer.principal),
        source=source,
        title="移送涉嫌犯罪案件",
        **extra,
    )


@router.post("/crime-transfers", response_class=HTMLResponse)
async def create_transfer(
    request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    values = read_fields(CrimeTransferStart, posted, HIDDEN)
    for name in HIDDEN:
        values[name] = posted_number(posted.get(name))
    try:
        start = CrimeTransferStart.model_validate(values)
        case = await start_crime_transfer(
            db=db,
            client=client,
            task_queue=state.settings.task_queue,
            principal=viewer.principal,
            start=start,
            now=now(),
            config=state.config,
        )
    except (ValidationError, DomainError) as exc:
        status, messages = refused_form(exc, CrimeTransferStart)
        return _intake(request, db, viewer, status, posted=values, **messages)
    await settled(db, case.id, 0)  # the new case page shows its first task, not "starting" (D14)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(document_id: RowId, db: DbSession, viewer: SignedInViewer) -> Response:
    """The document exactly as issued (the bytes whose SHA-256 is on the timeline), ready to print."""
    document = case_queries.visible_document(db, viewer.principal, document_id)
    return HTMLResponse(
        document.html,
        headers={"Content-Security-Policy": DOCUMENT_CSP, "X-Document-SHA256": document.sha256},
    )
