"""An issued document's record page (number, hash, PDF, service) and the service form (送达)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import DbSession, RowId, State, TemporalClient, now
from db import models
from domain.document_service import PROOF_HINTS, SERVED_IN_STEPS, SERVICE_METHODS, DocumentServiceForm
from domain.errors import DomainError
from services import case_queries, document_services
from services.case_actions import RefusedWithErrors
from services.document_pdf import content_disposition, render_pdf
from web.console.common import ERROR_STATUS, TEMPLATES, PageRoute, SignedInViewer, Viewer, checked_form, render
from web.console.form_render import field_specs, read_fields
from web.console.settle import settled, timeline_head

# Letters to another authority, not to a party: no service (送达) under the procedure law; the
# receiving authority's receipt is their proof (国务院令第310号 第七条: 公安机关在涉嫌犯罪案件移送书的
# 回执上签字). The case page shows the receipt instead of "待登记送达" (D10).
AGENCY_DOCUMENTS = {"crime_transfer_letter": "本文书移送公安机关，不适用送达程序；以公安机关在回执上签收为准。"}

router = APIRouter(include_in_schema=False, route_class=PageRoute)
# The document is chosen by the page's address; the attachment hook waits for uploads.
SKIP = frozenset({"document_id", "proof_attachment_id"})
TEMPLATES.env.globals["SERVICE_METHODS"] = SERVICE_METHODS  # the case page's document list shows them


@router.get("/documents/{document_id}/pdf")
def document_pdf(document_id: RowId, db: DbSession, viewer: SignedInViewer) -> Response:
    """The document as an A4 PDF, rendered from the stored HTML (same access as the HTML page)."""
    document = case_queries.visible_document(db, viewer.principal, document_id)
    return Response(
        render_pdf(document.html, document.sha256),
        media_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition(document.number, document.id),
            "X-Document-SHA256": document.sha256,
        },
    )


@router.get("/documents/{document_id}/service", response_class=HTMLResponse)
def document_record_page(document_id: RowId, request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    return _record_page(request, db, viewer, document_id)


@router.post("/documents/{document_id}/service", response_class=HTMLResponse)
async def serve_document(
    document_id: RowId, request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    values = read_fields(DocumentServiceForm, posted, SKIP)
    case_id = case_queries.visible_document(db, viewer.principal, document_id).case_id
    before = timeline_head(db, case_id)
    try:
        await document_services.serve_document(
            db=db,
            client=client,
            principal=viewer.principal,
            document_id=document_id,
            form=values,
            announcement_days=state.config.announcement_service_days,
            now=now(),
        )
    except DomainError as exc:
        errors = exc.errors if isinstance(exc, RefusedWithErrors) else []
        return _record_page(
            request,
            db,
            viewer,
            document_id,
            ERROR_STATUS.get(exc.code, 400),
            error=exc.message,
            field_errors={e["field"]: e["message"] for e in errors},
            posted=values,
        )
    await settled(db, case_id, before)
    return RedirectResponse(f"/documents/{document_id}/service", status_code=303)


def _record_page(
    request: Request, db: DbSession, viewer: Viewer, document_id: int, status_code: int = 200, **context: Any
) -> Response:
    document = case_queries.visible_document(db, viewer.principal, document_id)
    case = db.get(models.Case, document.case_id)
    assert case is not None
    service = document_services.service_of(db, document.id)
    replaces = db.get(models.Document, document.replaces_id) if document.replaces_id else None
    served_in_step = SERVED_IN_STEPS.get(document.doc_type) if service is None and not case.closed else None
    agency = AGENCY_DOCUMENTS.get(document.doc_type)
    can_serve = (
        agency is None
        and service is None
        and (served_in_step is None or case.closed)
        and viewer.principal.org_id == document.issuer_org_id
    )
    return render(
        request,
        "document.html",
        viewer,
        status_code,
        title=f"{document.title} {document.number}",
        document=document,
        case=case,
        service=service,
        replaces=replaces,
        can_serve=can_serve,
        served_in_step=served_in_step,
        agency=agency,
        specs=field_specs(DocumentServiceForm, SKIP),
        methods=SERVICE_METHODS,
        proof_hints=PROOF_HINTS,
        **context,
    )
