"""Task actions from the browser: 转办, 委派, 加签, 撤回 (workflow Updates), 抄送 and 代理 (database).

The case page includes `task_actions.html`, a panel of links to `/tasks/{id}/actions`, where the
forms are. A refusal the user may not get round (403, 404) is an error page with its status; a
conflict or invalid input goes back with a notice, as claiming does."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from api.deps import DbSession, RowId, TemporalClient, now
from db import models
from domain.china_time import day_of
from domain.errors import DomainError, InvalidInput
from domain.task_actions import LABELS, WORKFLOW_ACTIONS
from services import case_actions, read_audit, task_actions, task_copies, task_stand_ins
from web.console.common import (
    ERROR_STATUS,
    PageRoute,
    SignedInViewer,
    checked_form,
    error_page,
    render,
    set_flash,
)

router = APIRouter(include_in_schema=False, route_class=PageRoute)


def _id(raw: object, label: str) -> int | None:
    text = str(raw or "").strip()
    if not text:
        return None
    if not text.isdigit() or not 0 < int(text) <= 2_147_483_647:
        raise InvalidInput(f"{label}选择有误")
    return int(text)


def _day(raw: object, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(raw or "").strip())
    except ValueError:
        raise InvalidInput(f"请填写{label}（年-月-日）") from None


@router.get("/tasks/{task_id}/actions", response_class=HTMLResponse)
def task_actions_page(task_id: str, request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    task, case = case_actions.visible_task(db, viewer.principal, task_id)
    read_audit.record(db, viewer.principal, case.id, "case", case.id)  # the archive reader's read
    orgs = db.scalars(select(models.Organisation).order_by(models.Organisation.id))
    everyone = task_actions.candidates(db, viewer.principal, case, same_post=False)
    return render(
        request,
        "task_action_form.html",
        viewer,
        task=task,
        case=case,
        mine=task.completed_by_user_id == viewer.principal.user_id,
        colleagues=task_actions.candidates(db, viewer.principal, case, same_post=True),
        cosigners=everyone,
        units=[org for org in orgs if case.jurisdiction_path.startswith(_org_path(db, org))],
        labels=LABELS,
        title=f"任务操作：{task.title}",
    )


def _org_path(db: DbSession, org: models.Organisation) -> str:
    jurisdiction = db.get(models.Jurisdiction, org.jurisdiction_code)
    return jurisdiction.path if jurisdiction else "\x00"


@router.post("/tasks/{task_id}/act/{action}")
async def act_on_task(
    task_id: str, action: str, request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer
) -> Response:
    form = await checked_form(request, viewer)
    if action not in WORKFLOW_ACTIONS:
        return error_page(request, "不支持的任务操作", 404)
    _, case = case_actions.visible_task(db, viewer.principal, task_id)
    back = f"/cases/{case.id}"
    try:
        result = await task_actions.act_on_task(
            db=db,
            client=client,
            principal=viewer.principal,
            task_id=task_id,
            action=action,
            reason=str(form.get("reason", "")),
            target_user_id=_id(form.get("target_user_id"), "接收人"),
            at=now(),
        )
    except DomainError as exc:
        if exc.code in ("not_found", "forbidden"):
            return error_page(request, exc.message, ERROR_STATUS[exc.code])
        set_flash(db, viewer, f"{LABELS[action]}未成功：{exc.message}")
        return RedirectResponse(f"/tasks/{task_id}/actions", status_code=303)
    set_flash(db, viewer, result.message)
    return RedirectResponse(back, status_code=303)


@router.post("/tasks/{task_id}/copy")
async def copy_task(task_id: str, request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    form = await checked_form(request, viewer)
    _, case = case_actions.visible_task(db, viewer.principal, task_id)
    try:
        copy = task_copies.copy_case(
            db,
            viewer.principal,
            case_id=case.id,
            task_id=task_id,
            to_user_id=_id(form.get("to_user_id"), "抄送人员"),
            to_org_id=_id(form.get("to_org_id"), "抄送单位"),
            reason=str(form.get("reason", "")),
            at=now(),
        )
    except DomainError as exc:
        if exc.code in ("not_found", "forbidden"):
            return error_page(request, exc.message, ERROR_STATUS[exc.code])
        set_flash(db, viewer, f"抄送未成功：{exc.message}")
        return RedirectResponse(f"/tasks/{task_id}/actions", status_code=303)
    set_flash(db, viewer, f"已抄送{copy.to_name}")
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.get("/inbox/copies", response_class=HTMLResponse)
def copies_page(request: Request, db: DbSession, viewer: SignedInViewer, page: int = 1) -> Response:
    rows, total, unread = task_copies.copies_for(db, viewer.principal, max(page, 1))
    pages = max((total + task_copies.PAGE_SIZE - 1) // task_copies.PAGE_SIZE, 1)
    return render(
        request, "copies.html", viewer, rows=rows, total=total, unread=unread, page=page, pages=pages, title="抄送我的"
    )


@router.get("/copies/{copy_id}")
def open_copy(copy_id: RowId, db: DbSession, viewer: SignedInViewer) -> Response:
    case_id = task_copies.open_copy(db, viewer.principal, copy_id, now())
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.get("/inbox/stand-ins", response_class=HTMLResponse)
def stand_ins_page(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    colleagues = db.scalars(
        select(models.User)
        .where(
            models.User.org_id == viewer.principal.org_id,
            models.User.role == viewer.principal.role,
            models.User.id != viewer.principal.user_id,
            models.User.is_active.is_(True),
        )
        .order_by(models.User.id)
    )
    _, _, unread = task_copies.copies_for(db, viewer.principal)
    return render(
        request,
        "stand_ins.html",
        viewer,
        periods=task_stand_ins.periods_of(db, viewer.principal.user_id),
        colleagues=list(colleagues),
        today=day_of(now()),
        unread=unread,
        title="代理设置",
    )


@router.post("/inbox/stand-ins")
async def set_stand_in(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    form = await checked_form(request, viewer)
    try:
        stand_in = _id(form.get("stand_in_user_id"), "代理人")
        if stand_in is None:
            raise InvalidInput("请选择代理人")
        task_stand_ins.set_stand_in(
            db,
            viewer.principal,
            stand_in_user_id=stand_in,
            starts_on=_day(form.get("starts_on"), "开始日期"),
            ends_on=_day(form.get("ends_on"), "结束日期"),
            reason=str(form.get("reason", "")),
            at=now(),
        )
    except DomainError as exc:
        if exc.code == "forbidden":
            return error_page(request, exc.message, 403)
        set_flash(db, viewer, f"代理未设置：{exc.message}")
        return RedirectResponse("/inbox/stand-ins", status_code=303)
    set_flash(db, viewer, "代理已设置")
    return RedirectResponse("/inbox/stand-ins", status_code=303)


@router.post("/inbox/stand-ins/{period_id}/revoke")
async def revoke_stand_in(period_id: RowId, request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    await checked_form(request, viewer)
    task_stand_ins.revoke(db, viewer.principal, period_id, now())
    set_flash(db, viewer, "代理已撤销")
    return RedirectResponse("/inbox/stand-ins", status_code=303)
