"""Served documents (送达): reading the records and asking the case workflow to record one.

The workflow's validator decides whether a service may be recorded (document of the case,
not served before, date not before issue nor in the future, proof for the method); this module
finds the document the user may see and passes the form on. Once a case is closed its workflow
takes no Update, and no clock waits on service any more: the same checks run here and the
record is written directly (a document issued as the case closed, e.g. a re-inspection opinion).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from domain.document_service import DocumentServiceForm, check_service, effective_service_day
from domain.errors import Conflict, Forbidden
from domain.forms import form_errors
from domain.legal_calendar import CHINA_TZ
from services import case_actions, case_queries
from services.case_actions import RefusedWithErrors
from services.principal import Principal
from workflows.contracts import RecordedService, UpdateResult
from workflows.document_service import SERVE_DOCUMENT, service_summary


def services_of_case(db: Session, case_id: int) -> dict[int, models.DocumentService]:
    """The service record of each served document of a case, by document id."""
    rows = db.scalars(select(models.DocumentService).where(models.DocumentService.case_id == case_id))
    return {row.document_id: row for row in rows}


def service_of(db: Session, document_id: int) -> models.DocumentService | None:
    return db.scalars(
        select(models.DocumentService).where(models.DocumentService.document_id == document_id)
    ).one_or_none()


async def serve_document(
    *,
    db: Session,
    client: Client,
    principal: Principal,
    document_id: int,
    form: dict[str, Any],
    announcement_days: int,
    now: dt.datetime,
) -> UpdateResult:
    """Record how and when a document was served, through the case workflow's Update."""
    document = case_queries.visible_document(db, principal, document_id)
    case = db.get(models.Case, document.case_id)
    if case is not None and case.closed:
        return _serve_after_closing(db, principal, document, form, announcement_days, now)
    return await case_actions.act_on_case(
        db=db,
        client=client,
        principal=principal,
        case_id=document.case_id,
        action=SERVE_DOCUMENT,
        form={**form, "document_id": document.id},
    )


def _serve_after_closing(
    db: Session,
    principal: Principal,
    document: models.Document,
    values: dict[str, Any],
    announcement_days: int,
    now: dt.datetime,
) -> UpdateResult:
    try:
        form = DocumentServiceForm.model_validate({**values, "document_id": document.id})
    except ValidationError as exc:
        errors = form_errors(exc, DocumentServiceForm)
        raise RefusedWithErrors("；".join(e["message"] for e in errors), errors) from None
    check_service(
        form,
        issued_on=document.issued_at.astimezone(CHINA_TZ).date(),
        already_served=service_of(db, document.id) is not None,
        today=now.astimezone(CHINA_TZ).date(),
    )
    if principal.org_id != document.issuer_org_id:
        raise Forbidden("只有制发文书的机关可以登记送达")
    effective_on = effective_service_day(form.method, form.served_on, announcement_days)
    db.add(
        models.DocumentService(
            document_id=document.id,
            case_id=document.case_id,
            method=form.method,
            served_on=form.served_on,
            effective_on=effective_on,
            recipient=form.recipient,
            proof=form.proof,
            proof_attachment_id=form.proof_attachment_id,
            recorded_by_user_id=principal.user_id,
            recorded_by_name=principal.actor().name,
            recorded_at=now,
        )
    )
    try:
        db.commit()
    except IntegrityError:  # recorded by a concurrent request: the unique document_id decides
        db.rollback()
        raise Conflict("该文书已登记送达，不能重复登记") from None
    recorded = RecordedService(document.id, form.method, form.served_on, effective_on)
    return UpdateResult(None, service_summary(f"{document.title}（{document.number}）", recorded))
