"""Official documents: the PDF of an issued document, and its service (送达)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from api.deps import ActingPrincipal, CurrentPrincipal, DbSession, RowId, State, TemporalClient, now
from api.routes.tasks import REFUSALS
from api.schemas import DocumentServiceRead, FormBody, UpdateRead
from services import case_queries, document_services
from services.document_pdf import content_disposition, render_pdf

router = APIRouter(prefix="/api/v1", tags=["documents"])


@router.get(
    "/documents/{document_id}/pdf",
    response_class=Response,
    responses={**REFUSALS, 200: {"content": {"application/pdf": {}}}},
)
def read_document_pdf(document_id: RowId, db: DbSession, principal: CurrentPrincipal) -> Response:
    """The document as an A4 PDF, rendered from the stored HTML whose SHA-256 is on the timeline."""
    document = case_queries.visible_document(db, principal, document_id)
    return Response(
        render_pdf(document.html, document.sha256),
        media_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition(document.number, document.id),
            "X-Document-SHA256": document.sha256,
        },
    )


@router.get("/documents/{document_id}/service", response_model=DocumentServiceRead | None, responses=REFUSALS)
def read_document_service(document_id: RowId, db: DbSession, principal: CurrentPrincipal) -> object:
    """How and when the document was served; null while it is not served."""
    document = case_queries.visible_document(db, principal, document_id)
    service = document_services.service_of(db, document.id)
    return DocumentServiceRead.model_validate(service) if service else None


@router.post("/documents/{document_id}/service", response_model=UpdateRead, status_code=201, responses=REFUSALS)
async def create_document_service(
    document_id: RowId,
    body: FormBody,
    db: DbSession,
    client: TemporalClient,
    principal: ActingPrincipal,
    state: State,
) -> UpdateRead:
    """Record the service: `form` has method, served_on, recipient, proof (and proof_attachment_id)."""
    result = await document_services.serve_document(
        db=db,
        client=client,
        principal=principal,
        document_id=document_id,
        form=body.form,
        announcement_days=state.config.announcement_service_days,
        now=now(),
    )
    return UpdateRead.model_validate(result, from_attributes=True)
