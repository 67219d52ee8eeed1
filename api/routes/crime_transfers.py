"""Crime transfers (涉嫌犯罪案件移送): opening one, and the official documents of any case."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ActingPrincipal, CurrentPrincipal, DbSession, RowId, State, TemporalClient, now
from api.intake import CaseCreated
from api.routes.tasks import REFUSALS
from api.schemas import DocumentRead
from domain.crime_transfer import CrimeTransferStart
from services import case_queries
from services.crime_transfer_intake import start_crime_transfer

router = APIRouter(prefix="/api/v1", tags=["crime transfers"])


class DocumentContent(DocumentRead):
    html: str


@router.post("/crime-transfers", response_model=CaseCreated, status_code=201, responses=REFUSALS)
async def create_crime_transfer(
    start: CrimeTransferStart, db: DbSession, client: TemporalClient, principal: ActingPrincipal, state: State
) -> CaseCreated:
    case = await start_crime_transfer(
        db=db,
        client=client,
        task_queue=state.settings.task_queue,
        principal=principal,
        start=start,
        now=now(),
        config=state.config,
    )
    return CaseCreated.of(case)


@router.get("/documents/{document_id}", response_model=DocumentContent, responses=REFUSALS)
def read_document(document_id: RowId, db: DbSession, principal: CurrentPrincipal) -> DocumentContent:
    """An issued document with its rendered page; its SHA-256 is the one on the case timeline."""
    return DocumentContent.model_validate(case_queries.visible_document(db, principal, document_id))
