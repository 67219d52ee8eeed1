"""Attachments for everyone who may see a case, and the enterprise portal's JSON side.

Uploads are multipart: `files` (one or more), plus `category` for a bare upload, or `form` (the
step's or action's fields as a JSON object) for a submission.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.datastructures import FormData

from api.deps import AnyActingPrincipal, AnyPrincipal, DbSession, RowId, State, TemporalClient, now
from api.routes.tasks import REFUSALS
from api.schemas import UpdateRead
from domain.attachments import AttachmentLimits
from domain.errors import InvalidInput
from services import attachments, case_actions, enterprise_portal
from services.attachments import MAX_FILES
from web.console.attachment_pages import download_response, read_uploads, store_of
from web.console.common import read_form

router = APIRouter(prefix="/api/v1", tags=["attachments and enterprise portal"])


class AttachmentRead(BaseModel):
    id: int
    case_id: int
    task_id: str | None
    category: str
    filename: str
    size: int
    content_type: str
    sha256: str
    uploaded_by_name: str
    uploaded_at: dt.datetime

    model_config = {"from_attributes": True}


class PendingRead(BaseModel):
    task_id: str
    step: str
    label: str
    due_at: dt.datetime


class PortalCaseRead(BaseModel):
    id: int
    case_no: str
    title: str
    process: str
    status: str
    closed: bool
    pending: list[PendingRead]
    actions: dict[str, str]


def _multipart(fields: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The request body as the OpenAPI document shows it: the handler reads the form itself, after
    the session was checked, so that no anonymous upload is ever parsed (security probe F1)."""
    files = {"type": "array", "items": {"type": "string", "format": "binary"}, "maxItems": MAX_FILES}
    schema = {"type": "object", "properties": {"files": {**files, "description": FILES_HELP}, **fields}}
    return {"requestBody": {"content": {"multipart/form-data": {"schema": schema}}, "required": False}}


CATEGORY_HELP = "evidence | photo | plan | report | other"
FILES_HELP = "附件（PDF、JPEG、PNG、OFD、DOCX、XLSX）"


async def _posted(request: Request, limits: AttachmentLimits) -> tuple[FormData, list[attachments.Upload]]:
    posted = await read_form(request, max_files=MAX_FILES)
    return posted, await read_uploads(posted, limits)


def _text(posted: FormData, name: str, default: str = "") -> str:
    value = posted.get(name, default)
    if not isinstance(value, str):
        raise InvalidInput(f"{name} 须为文字，不是文件")
    return value


def _form(raw: str) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except json.JSONDecodeError:
        raise InvalidInput("form 须为 JSON 对象") from None
    if not isinstance(value, dict):
        raise InvalidInput("form 须为 JSON 对象")
    return value


@router.post(
    "/cases/{case_id}/attachments",
    response_model=UpdateRead,
    status_code=201,
    responses=REFUSALS,
    openapi_extra=_multipart({"category": {"type": "string", "description": CATEGORY_HELP}}),
)
async def upload_attachments(
    case_id: RowId,
    request: Request,
    db: DbSession,
    client: TemporalClient,
    state: State,
    principal: AnyActingPrincipal,
) -> UpdateRead:
    posted, uploads = await _posted(request, state.config.attachments)
    result = await attachments.attach(
        db=db,
        client=client,
        store=store_of(state.settings),
        limits=state.config.attachments,
        principal=principal,
        case_id=case_id,
        uploads=uploads,
        category=_text(posted, "category"),
        now=now(),
    )
    return UpdateRead.model_validate(result, from_attributes=True)


@router.get("/cases/{case_id}/attachments", response_model=list[AttachmentRead], responses=REFUSALS)
def read_attachments(case_id: RowId, db: DbSession, principal: AnyPrincipal) -> list[AttachmentRead]:
    case_actions.visible_case(db, principal, case_id)
    return [AttachmentRead.model_validate(a) for a in attachments.case_attachments(db, principal, case_id)]


@router.get("/attachments/{attachment_id}", response_class=Response, responses=REFUSALS)
def download_attachment(attachment_id: RowId, db: DbSession, state: State, principal: AnyPrincipal) -> Response:
    found = attachments.visible_attachment(db, principal, attachment_id)
    data = attachments.read_content(store_of(state.settings), found)
    return download_response(data, found.filename, found.content_type, found.sha256)


@router.get("/enterprise/cases", response_model=list[PortalCaseRead], responses=REFUSALS)
def read_my_cases(db: DbSession, principal: AnyPrincipal) -> list[PortalCaseRead]:
    return [
        PortalCaseRead(
            id=row.case.id,
            case_no=row.case.case_no,
            title=row.case.title,
            process=row.case.process,
            status=row.case.status,
            closed=row.case.closed,
            pending=[
                PendingRead(task_id=p.task.id, step=p.task.step, label=p.submission.label, due_at=p.task.due_at)
                for p in row.pending
            ],
            actions={name: s.label for name, s in row.actions.items()},
        )
        for row in enterprise_portal.my_cases(db, principal)
    ]


@router.post(
    "/enterprise/cases/{case_id}/tasks/{task_id}",
    response_model=UpdateRead,
    responses=REFUSALS,
    openapi_extra=_multipart({"form": {"type": "string", "description": "该环节表单的 JSON 对象", "default": "{}"}}),
)
async def submit_step(
    case_id: RowId,
    task_id: Annotated[str, Path(max_length=120)],
    db: DbSession,
    client: TemporalClient,
    state: State,
    principal: AnyActingPrincipal,
    request: Request,
) -> UpdateRead:
    enterprise_portal.pending_submission(db, principal, case_id, task_id)
    posted, uploads = await _posted(request, state.config.attachments)
    result = await attachments.submit_step(
        db=db,
        client=client,
        store=store_of(state.settings),
        limits=state.config.attachments,
        principal=principal,
        task_id=task_id,
        form=_form(_text(posted, "form", "{}")),
        uploads=uploads,
        now=now(),
    )
    return UpdateRead.model_validate(result, from_attributes=True)


@router.post(
    "/enterprise/cases/{case_id}/actions/{action}",
    response_model=UpdateRead,
    responses=REFUSALS,
    openapi_extra=_multipart({"form": {"type": "string", "description": "该事项表单的 JSON 对象", "default": "{}"}}),
)
async def submit_action(
    case_id: RowId,
    action: Annotated[str, Path(max_length=40)],
    db: DbSession,
    client: TemporalClient,
    state: State,
    principal: AnyActingPrincipal,
    request: Request,
) -> UpdateRead:
    page = enterprise_portal.case_page(db, principal, case_id)
    if action not in page.actions:
        raise InvalidInput(f"企业不能提交“{action}”")
    posted, uploads = await _posted(request, state.config.attachments)
    result = await attachments.submit_action(
        db=db,
        client=client,
        store=store_of(state.settings),
        limits=state.config.attachments,
        principal=principal,
        case_id=case_id,
        action=action,
        form=_form(_text(posted, "form", "{}")),
        uploads=uploads,
        now=now(),
    )
    return UpdateRead.model_validate(result, from_attributes=True)
