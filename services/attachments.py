"""Attachments: files added to a case on their own or with a submission (a step or an action).

Order of work, so that a refusal stores nothing: every file is checked (size, type by its bytes)
before anything is written; the bytes go to the store; the workflow's Update validates and puts
the files on the timeline; only then are the rows written. A refused Update leaves no row, and
the bytes are removed again unless another row already refers to the same content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from domain.attachments import CATEGORIES, AttachmentLimits, check_upload, clean_filename
from domain.errors import Conflict, InvalidInput, NotFound
from services import case_actions, read_audit
from services.attachment_store import AttachmentStore
from services.principal import Principal, require_writer, visible_cases
from workflows.contracts import AttachmentRef, UpdateResult

MAX_FILES = 10
CONTENT_MISMATCH = "附件内容与登记的校验值不符，已拒绝提供，请联系系统管理员"
CONTENT_MISSING = "附件文件缺失，已拒绝提供，请联系系统管理员"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


@dataclass(frozen=True)
class Checked:
    ref: AttachmentRef
    data: bytes


def check_all(uploads: Sequence[Upload], limits: AttachmentLimits) -> list[Checked]:
    """Every file accepted, or the first refusal (nothing has been written yet)."""
    uploads = [u for u in uploads if u.filename or u.data]
    if len(uploads) > MAX_FILES:
        raise InvalidInput(f"一次最多上传{MAX_FILES}个文件")
    checked = []
    for upload in uploads:
        file_type = check_upload(upload.filename, upload.data, limits)
        ref = AttachmentRef("", clean_filename(upload.filename), len(upload.data), file_type.content_type)
        checked.append(Checked(ref, upload.data))
    return checked


async def attach(
    *,
    db: Session,
    client: Client,
    store: AttachmentStore,
    limits: AttachmentLimits,
    principal: Principal,
    case_id: int,
    uploads: Sequence[Upload],
    category: str,
    now: dt.datetime,
) -> UpdateResult:
    """Add files to a case (evidence, photos…), with an event on its timeline."""
    require_writer(principal)
    case_actions.visible_case(db, principal, case_id)  # a case out of sight is a 404 whatever was posted
    if category not in CATEGORIES:
        raise InvalidInput("请选择附件类别")
    checked = check_all(uploads, limits)
    if not checked:
        raise InvalidInput("请选择要上传的文件")

    async def send(refs: list[AttachmentRef]) -> UpdateResult:
        return await case_actions.act_on_case(
            db=db,
            client=client,
            principal=principal,
            case_id=case_id,
            action="attach",
            form={"category": category},
            attachments=refs,
        )

    return await _store_then_send(db, store, principal, case_id, None, category, checked, now, send)


async def submit_step(
    *,
    db: Session,
    client: Client,
    store: AttachmentStore,
    limits: AttachmentLimits,
    principal: Principal,
    task_id: str,
    form: dict[str, Any],
    uploads: Sequence[Upload],
    now: dt.datetime,
) -> UpdateResult:
    """Complete a step (the enterprise's plan, report, statement…) with its files."""
    _, case = case_actions.visible_task(db, principal, task_id)
    checked = check_all(uploads, limits)
    case_id = case.id

    async def send(refs: list[AttachmentRef]) -> UpdateResult:
        return await case_actions.complete_task(
            db=db, client=client, principal=principal, task_id=task_id, form=form, attachments=refs
        )

    return await _store_then_send(db, store, principal, case_id, task_id, "report", checked, now, send)


async def submit_action(
    *,
    db: Session,
    client: Client,
    store: AttachmentStore,
    limits: AttachmentLimits,
    principal: Principal,
    case_id: int,
    action: str,
    form: dict[str, Any],
    uploads: Sequence[Upload],
    now: dt.datetime,
) -> UpdateResult:
    """A case action (an extension request, a credit-repair application…) with its files."""
    case_actions.visible_case(db, principal, case_id)
    checked = check_all(uploads, limits)

    async def send(refs: list[AttachmentRef]) -> UpdateResult:
        return await case_actions.act_on_case(
            db=db, client=client, principal=principal, case_id=case_id, action=action, form=form, attachments=refs
        )

    return await _store_then_send(db, store, principal, case_id, None, "evidence", checked, now, send)


async def _store_then_send(
    db: Session,
    store: AttachmentStore,
    principal: Principal,
    case_id: int,
    task_id: str | None,
    category: str,
    checked: list[Checked],
    now: dt.datetime,
    send: Any,
) -> UpdateResult:
    refs = []
    for item in checked:
        sha256 = store.put(item.data)
        refs.append(AttachmentRef(sha256, item.ref.filename, item.ref.size, item.ref.content_type))
    try:
        result: UpdateResult = await send(refs)
    except BaseException:
        db.rollback()
        for ref in refs:
            if not db.scalar(select(exists().where(models.Attachment.sha256 == ref.sha256))):
                store.discard(ref.sha256)
        raise
    for ref in refs:
        db.add(
            models.Attachment(
                case_id=case_id,
                task_id=task_id or result.task_id,
                category=category,
                sha256=ref.sha256,
                size=ref.size,
                content_type=ref.content_type,
                filename=ref.filename,
                uploaded_by_user_id=principal.user_id,
                uploaded_by_name=principal.display_name,
                from_enterprise=principal.is_enterprise,
                uploaded_at=now,
            )
        )
    db.commit()
    return result


def _visible(principal: Principal) -> Any:
    """Staff see every attachment of a case they see; an enterprise only what it submitted."""
    condition = visible_cases(principal)
    if principal.is_enterprise:
        condition = condition & models.Attachment.from_enterprise.is_(True)
    if principal.is_liaison:
        # Like the timeline: a liaison sees what was added from the moment the case reached them.
        granted = (
            select(models.CaseAccess.granted_at)
            .where(models.CaseAccess.case_id == models.Attachment.case_id, models.CaseAccess.org_id == principal.org_id)
            .scalar_subquery()
        )
        condition = condition & ((granted.is_(None)) | (models.Attachment.uploaded_at >= granted))
    return condition


def case_attachments(db: Session, principal: Principal, case_id: int) -> list[models.Attachment]:
    return list(
        db.scalars(
            select(models.Attachment)
            .join(models.Case, models.Case.id == models.Attachment.case_id)
            .where(models.Attachment.case_id == case_id, _visible(principal))
            .order_by(models.Attachment.id)
        )
    )


def visible_attachment(db: Session, principal: Principal, attachment_id: int) -> models.Attachment:
    attachment = db.scalars(
        select(models.Attachment)
        .join(models.Case, models.Case.id == models.Attachment.case_id)
        .where(models.Attachment.id == attachment_id, _visible(principal))
    ).one_or_none()
    if attachment is None:
        raise NotFound("附件不存在或不在您的查看范围内")
    read_audit.record(db, principal, attachment.case_id, "attachment", attachment.id)
    return attachment


def read_content(store: AttachmentStore, attachment: models.Attachment) -> bytes:
    """The attachment's bytes, only if they still hash to the SHA-256 recorded at upload.

    A blob changed or removed in the store is refused (Conflict) and logged, never served
    under the recorded hash (audit F12).
    """
    try:
        data = store.read(attachment.sha256)
    except (FileNotFoundError, ValueError):
        log.error("attachment %s of case %s: file missing from the store", attachment.id, attachment.case_id)
        raise Conflict(CONTENT_MISSING) from None
    actual = hashlib.sha256(data).hexdigest()
    if actual != attachment.sha256:
        log.error(
            "attachment %s of case %s: stored bytes hash to %s, recorded %s; refused",
            attachment.id,
            attachment.case_id,
            actual,
            attachment.sha256,
        )
        raise Conflict(CONTENT_MISMATCH)
    return data
