"""The inbox (待办), the done list (已办), claiming a task, bulk 签收 and the XLSX export.

Every filter, the search box, the sort and the page are query parameters, so a filtered inbox
can be bookmarked, shared and exported exactly as shown."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from api.deps import DbSession, TemporalClient, now
from db import models
from domain.errors import DomainError, InvalidInput
from domain.legal_calendar import CHINA_TZ
from services import case_actions, inbox_queries, task_copies
from services.inbox_queries import TaskFilter
from services.principal import home_path
from web.console.common import (
    ERROR_STATUS,
    MaybeViewer,
    PageRoute,
    RequestClock,
    SignedInViewer,
    checked_form,
    error_page,
    render,
    safe_local_path,
    set_flash,
)

router = APIRouter(include_in_schema=False, route_class=PageRoute)
BULK_LIMIT = 50  # one 签收 click claims at most this many tasks
EXPORT_HEADERS = ("案件编号", "案件名称", "企业", "环节", "承办单位", "签收人", "收到时间", "期限届满", "是否逾期")


def task_filter(params: Any, default_sort: str) -> TaskFilter:
    """The filter the URL names; a malformed number is a 422 with a Chinese message."""

    def text(name: str, size: int = 100) -> str | None:
        return str(params.get(name) or "").strip()[:size] or None

    def number(name: str, label: str) -> int | None:
        raw = text(name, 12)
        if raw is None:
            return None
        if not raw.isdigit() or not 0 < int(raw) <= 2_147_483_647:
            raise InvalidInput(f"{label}须为正整数")
        return int(raw)

    return TaskFilter(
        process=text("process", 32),
        step=text("step", 64),
        due=text("due", 8),
        overdue={"true": True, "false": False}.get(text("overdue", 5) or ""),
        enterprise=number("enterprise", "企业"),
        jurisdiction=text("jurisdiction", 6),
        q=text("q"),
        sort=text("sort", 16) or default_sort,
        page=number("page", "页码") or 1,
    )


def _listing(request: Request, db: DbSession, viewer: SignedInViewer, clock: Any, *, done: bool) -> Response:
    params = request.query_params
    error: str | None = None
    rows: list[inbox_queries.InboxRow] = []
    total = 0
    flt = TaskFilter(sort="-completed" if done else "due")
    size = int(params.get("size", "")) if params.get("size", "") in {str(n) for n in inbox_queries.PAGE_SIZES} else 20
    try:
        flt = task_filter(params, flt.sort)
        query = inbox_queries.done if done else inbox_queries.inbox
        rows, total = query(db, viewer.principal, flt, now(), page_size=size)
    except InvalidInput as exc:
        error = exc.message
    _, _, unread = task_copies.copies_for(db, viewer.principal)
    return render(
        request,
        "done.html" if done else "inbox.html",
        viewer,
        422 if error else 200,
        rows=rows,
        total=total,
        flt=flt,
        pages=max((total + size - 1) // size, 1),
        size=size,
        sizes=inbox_queries.PAGE_SIZES,
        error=error,
        query={k: v for k, v in params.items() if k != "page"},
        steps=inbox_queries.steps(flt.process),
        enterprises=enterprise_options(
            inbox_queries.enterprises(db, viewer.principal, now(), done=done), flt.enterprise
        ),
        windows=inbox_queries.DUE_WINDOWS,
        sorts=inbox_queries.DONE_SORTS if done else inbox_queries.INBOX_SORTS,
        unread=unread,
        clock=clock,
        title="已办" if done else "待办",
    )


def enterprise_options(choices: list[inbox_queries.EnterpriseChoice], selected: int | None) -> Markup:
    """The enterprise filter's options, built here rather than in the template: an office's inbox
    offers hundreds, and a Jinja loop escaping each was a fifth of the page's CPU (issue #22)."""
    return Markup(
        "".join(
            f'<option value="{e.id}"{" selected" if e.id == selected else ""}>{escape(e.name)}</option>'
            for e in choices
        )
    )


@router.get("/")
def home(viewer: MaybeViewer) -> Response:
    year = now().astimezone(CHINA_TZ).year
    return RedirectResponse(home_path(viewer.principal, year) if viewer else "/inbox", status_code=303)


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, db: DbSession, viewer: SignedInViewer, clock: RequestClock) -> Response:
    return _listing(request, db, viewer, clock, done=False)


@router.get("/done", response_class=HTMLResponse)
def done_page(request: Request, db: DbSession, viewer: SignedInViewer, clock: RequestClock) -> Response:
    return _listing(request, db, viewer, clock, done=True)


@router.get("/inbox/export.xlsx")
def export_inbox(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    """The filtered inbox (every page, up to EXPORT_LIMIT rows) as a spreadsheet."""
    try:
        flt = task_filter(request.query_params, "due")
        rows, _ = inbox_queries.inbox(db, viewer.principal, flt, now(), limit=inbox_queries.EXPORT_LIMIT)
    except InvalidInput as exc:
        return error_page(request, exc.message, 422)
    name = f"待办-{now().astimezone(CHINA_TZ):%Y%m%d}.xlsx"
    return Response(
        _xlsx(rows),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename=\"inbox.xlsx\"; filename*=UTF-8''{quote(name)}"},
    )


def _cell(value: str) -> str:
    """Text a spreadsheet would read as a formula is kept as text (CSV/formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _xlsx(rows: list[inbox_queries.InboxRow]) -> bytes:
    from openpyxl import Workbook  # imported here: only the export needs it
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "待办"
    sheet.append(list(EXPORT_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        t = row.task
        sheet.append(
            [
                _cell(row.case.case_no),
                _cell(row.case.title),
                _cell(row.enterprise_name),
                _cell(t.title),
                _cell(row.org_name),
                _cell(row.claimed_by_name or ""),
                t.opened_at.astimezone(CHINA_TZ).replace(tzinfo=None),
                t.due_at.astimezone(CHINA_TZ).replace(tzinfo=None),
                "是" if t.overdue else "否",
            ]
        )
        for column in (7, 8):
            sheet.cell(row=sheet.max_row, column=column).number_format = "yyyy-mm-dd hh:mm"
    for letter, width in zip("ABCDEFGHI", (22, 36, 28, 24, 26, 16, 18, 18, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@router.post("/inbox/claim")
async def bulk_claim(request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer) -> Response:
    """批量签收: claim every ticked task; each is its own Update, refused ones are reported."""
    form = await checked_form(request, viewer)
    back = safe_local_path(str(form.get("back", "")))
    ids = [str(v) for v in form.getlist("task_id")][: BULK_LIMIT + 1]
    if not ids:
        set_flash(db, viewer, "请先勾选要签收的任务")
        return RedirectResponse(back, status_code=303)
    if len(ids) > BULK_LIMIT:
        set_flash(db, viewer, f"一次最多批量签收{BULK_LIMIT}件")
        return RedirectResponse(back, status_code=303)
    claimed, refused = 0, []
    for task_id in ids:
        try:
            await case_actions.claim_task(db=db, client=client, principal=viewer.principal, task_id=task_id, claim=True)
            claimed += 1
        except DomainError as exc:
            task = db.get(models.Task, task_id)
            refused.append(f"{task.title if task else task_id}：{exc.message}")
    set_flash(
        db, viewer, f"已签收{claimed}件" + (f"；未签收{len(refused)}件（{'；'.join(refused)}）" if refused else "")
    )
    return RedirectResponse(back, status_code=303)


@router.post("/tasks/{task_id}/{action}")
async def claim(
    task_id: str, action: str, request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer
) -> Response:
    form = await checked_form(request, viewer)
    back = safe_local_path(str(form.get("back", "")))
    if action not in ("claim", "release"):
        return error_page(request, "不支持的操作", 404)
    try:
        await case_actions.claim_task(
            db=db, client=client, principal=viewer.principal, task_id=task_id, claim=action == "claim"
        )
    except DomainError as exc:
        if exc.code in ("not_found", "forbidden"):  # a task the user may not touch: a refusal, not a notice
            return error_page(request, exc.message, ERROR_STATUS[exc.code])
        set_flash(db, viewer, exc.message)
    return RedirectResponse(back, status_code=303)
