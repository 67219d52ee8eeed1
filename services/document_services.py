"""Served documents (送达): reading the records and asking the case workflow to record one.

The workflow's validator decides whether a service may be recorded (document of the case,
not served before, date not before issue nor in the future, proof for the method); this module
only finds the document the user may see and passes the form on.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from services import case_actions, case_queries
from services.principal import Principal
from workflows.contracts import UpdateResult
from workflows.document_service import SERVE_DOCUMENT


def services_of_case(db: Session, case_id: int) -> dict[int, models.DocumentService]:
    """The service record of each served document of a case, by document id."""
    rows = db.scalars(select(models.DocumentService).where(models.DocumentService.case_id == case_id))
    return {row.document_id: row for row in rows}


def service_of(db: Session, document_id: int) -> models.DocumentService | None:
    return db.scalars(
        select(models.DocumentService).where(models.DocumentService.document_id == document_id)
    ).one_or_none()


async def serve_document(
    *, db: Session, client: Client, principal: Principal, document_id: int, form: dict[str, Any]
) -> UpdateResult:
    """Record how and when a document was served, through the case workflow's Update."""
    document = case_queries.visible_document(db, principal, document_id)
    return await case_actions.act_on_case(
        db=db,
        client=client,
        principal=principal,
        case_id=document.case_id,
        action=SERVE_DOCUMENT,
        form={**form, "document_id": document.id},
    )
