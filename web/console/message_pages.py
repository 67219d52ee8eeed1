"""The message centre's pages (消息中心): the user's notices and their notification settings,
for staff and enterprise users alike."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import DbSession, RowId, now
from domain.errors import DomainError
from domain.notifications import KIND_LABELS
from services.notifications import messages
from web.console.common import ERROR_STATUS, AnyViewer, PageRoute, checked_form, render, safe_local_path, set_flash

router = APIRouter(include_in_schema=False, route_class=PageRoute)
STATE_LABELS = {"sent": "已发送", "failed": "发送失败", "pending": "待发送", "sending": "发送中", "skipped": ""}


@router.get("/messages", response_class=HTMLResponse)
def message_list(
    request: Request, db: DbSession, viewer: AnyViewer, unread: bool = False, page: int = Query(1, ge=1, le=100000)
) -> Response:
    found = messages.page_of(db, viewer.principal.user_id, unread_only=unread, page=page)
    return render(
        request,
        "messages.html",
        viewer,
        found=found,
        unread_only=unread,
        kinds=KIND_LABELS,
        states=STATE_LABELS,
        title="消息中心",
    )


@router.post("/messages/{notification_id}/open")
async def open_message(request: Request, notification_id: RowId, db: DbSession, viewer: AnyViewer) -> Response:
    await checked_form(request, viewer, read_only_may=True)
    notice = messages.mark_read(db, viewer.principal.user_id, notification_id, now())
    fallback = "/enterprise" if viewer.principal.is_enterprise else "/inbox"
    return RedirectResponse(safe_local_path(notice.link, fallback), status_code=303)


@router.post("/messages/read-all")
async def read_all(request: Request, db: DbSession, viewer: AnyViewer) -> Response:
    await checked_form(request, viewer, read_only_may=True)
    marked = messages.mark_all_read(db, viewer.principal.user_id, now())
    set_flash(db, viewer, f"已将{marked}条消息标为已读")
    return RedirectResponse("/messages", status_code=303)


@router.get("/messages/settings", response_class=HTMLResponse)
def settings_page(request: Request, db: DbSession, viewer: AnyViewer) -> Response:
    found = messages.settings_of(db, viewer.principal.user_id)
    return render(request, "message_settings.html", viewer, found=found, kinds=KIND_LABELS, title="消息提醒设置")


@router.post("/messages/settings", response_class=HTMLResponse)
async def save_settings(request: Request, db: DbSession, viewer: AnyViewer) -> Response:
    form = await checked_form(request, viewer, read_only_may=True)
    email, mobile = str(form.get("email", "")), str(form.get("mobile", ""))
    channels = {kind: (form.get(f"{kind}.email") == "on", form.get(f"{kind}.sms") == "on") for kind in KIND_LABELS}
    try:
        messages.save_settings(db, viewer.principal.user_id, email=email, mobile=mobile, channels=channels)
    except DomainError as exc:
        typed = messages.Settings(email, mobile, channels)  # what was typed comes back with the message
        status = ERROR_STATUS.get(exc.code, 400)
        return render(
            request,
            "message_settings.html",
            viewer,
            status,
            found=typed,
            kinds=KIND_LABELS,
            error=exc.message,
            title="消息提醒设置",
        )
    set_flash(db, viewer, "消息提醒设置已保存")
    return RedirectResponse("/messages/settings", status_code=303)
