"""Attachments on the pages: a handler's upload on the case page, and the download for anyone who
may see the file (staff of the case, or the enterprise that sent it)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from api.deps import DbSession, RowId, State, TemporalClient, now
from domain.attachments import AttachmentLimits
from domain.errors import DomainError, InvalidInput
from services import attachments, case_actions
from services.attachment_store import AttachmentStore
from services.attachments import MAX_FILES
from settings import Settings
from web.console.common import ERROR_STATUS, AnyViewer, PageRoute, SignedInViewer, checked_form, error_page
from web.console.submissions import PREVIEWABLE

router = APIRouter(include_in_schema=False, route_class=PageRoute)


def store_of(settings: Settings) -> AttachmentStore:
    assert settings.attachment_dir is not None
    return AttachmentStore(settings.attachment_dir)


async def read_uploads(posted: FormData, limits: AttachmentLimits, name: str = "files") -> list[attachments.Upload]:
    """The posted files, each read to one byte past the limit (enough to refuse it, never more);
    their number is checked before any is read."""
    files = [i for i in posted.getlist(name) if isinstance(i, UploadFile) and (i.filename or i.size)]
    if len(files) > MAX_FILES:
        raise InvalidInput(f"一次最多上传{MAX_FILES}个文件")
    uploads = []
    for item in files:
        data = await item.read(limits.max_bytes + 1)
        uploads.append(attachments.Upload(item.filename or "", data))
    return uploads


def download_response(data: bytes, attachment_filename: str, content_type: str, sha256: str) -> Response:
    """Always a download, never rendered inline: the browser must not interpret an uploaded file."""
    ascii_name = "".join(c if c.isascii() and c.isalnum() or c in "._-" else "_" for c in attachment_filename)
    return Response(
        data,
        media_type=content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{ascii_name}"; '
            f"filename*=UTF-8''{quote(attachment_filename)}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
            "X-Attachment-SHA256": sha256,
        },
    )


@router.post("/cases/{case_id}/attachments")
async def upload_to_case(
    case_id: RowId, request: Request, db: DbSession, client: TemporalClient, state: State, viewer: SignedInViewer
) -> Response:
    posted = await checked_form(request, viewer, max_files=MAX_FILES)
    limits = state.config.attachments
    try:
        case_actions.visible_case(db, viewer.principal, case_id)  # out of sight: 404 before the files are read
        await attachments.attach(
            db=db,
            client=client,
            store=store_of(state.settings),
            limits=limits,
            principal=viewer.principal,
            case_id=case_id,
            uploads=await read_uploads(posted, limits),
            category=str(posted.get("category", "")),
            now=now(),
        )
    except DomainError as exc:
        return error_page(request, exc.message, ERROR_STATUS.get(exc.code, 400))
    return RedirectResponse(f"/cases/{case_id}#attachments", status_code=303)


@router.get("/attachments/{attachment_id}")
def download(attachment_id: RowId, db: DbSession, state: State, viewer: AnyViewer) -> Response:
    found = attachments.visible_attachment(db, viewer.principal, attachment_id)
    data = attachments.read_content(store_of(state.settings), found)
    return download_response(data, found.filename, found.content_type, found.sha256)


@router.get("/attachments/{attachment_id}/preview")
def preview(attachment_id: RowId, db: DbSession, state: State, viewer: AnyViewer) -> Response:
    """A PDF or an image shown inside the case page (D2): only types sniffed from the bytes as PDF
    or a picture; anything else is the download. Framed by this site's pages only; no script."""
    found = attachments.visible_attachment(db, viewer.principal, attachment_id)
    if found.content_type not in PREVIEWABLE:
        return RedirectResponse(f"/attachments/{attachment_id}", status_code=303)
    data = attachments.read_content(store_of(state.settings), found)
    sandbox = "" if found.content_type == "application/pdf" else "; sandbox"  # the PDF viewer needs no sandbox
    return Response(
        data,
        media_type=found.content_type,
        headers={
            "Content-Disposition": "inline",
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "SAMEORIGIN",
            "Content-Security-Policy": "default-src 'none'; img-src 'self'; object-src 'self'; "
            f"frame-ancestors 'self'{sandbox}",
            "Cache-Control": "private, no-store",
            "X-Attachment-SHA256": found.sha256,
        },
    )
