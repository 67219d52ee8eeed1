"""The administrator's pages (用户管理, 审计日志) and everyone's own password (修改密码)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.client import client_address
from api.deps import SESSION_COOKIE, DbSession, RowId, now
from db import models
from domain.errors import DomainError, InvalidInput
from domain.roles import ROLE_LABELS
from services import audit_log, user_admin
from services.audit_log import ACTION_LABELS, AuditFilter
from services.auth import token_hash
from services.user_admin import ROLES_BY_ORG_TYPE
from web.console.common import ERROR_STATUS, AnyViewer, ConsoleViewer, PageRoute, checked_form, render, set_flash

router = APIRouter(include_in_schema=False, route_class=PageRoute)


def _address(request: Request) -> str:
    return client_address(request, request.app.state.app.settings)


def _role_choices() -> dict[str, list[tuple[str, str]]]:
    return {org_type: [(r.value, ROLE_LABELS[r]) for r in roles] for org_type, roles in ROLES_BY_ORG_TYPE.items()}


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(
    request: Request,
    db: DbSession,
    viewer: ConsoleViewer,
    q: str = Query("", max_length=64),
    org_id: int | None = Query(None, ge=1),
    page: int = Query(1, ge=1, le=100000),
) -> Response:
    found = user_admin.list_users(db, viewer.principal, q=q, org_id=org_id, page=page)
    orgs = user_admin.organisations_in_scope(db, viewer.principal)
    return render(
        request,
        "admin_users.html",
        viewer,
        found=found,
        orgs=orgs,
        q=q,
        org_id=org_id,
        query=dict(request.query_params),
        roles=ROLE_LABELS,
        title="用户管理",
    )


def _new_form(request: Request, db: DbSession, viewer: ConsoleViewer, status: int = 200, **extra: Any) -> Response:
    orgs = user_admin.organisations_in_scope(db, viewer.principal)
    return render(
        request,
        "admin_user_new.html",
        viewer,
        status,
        orgs=orgs,
        role_choices=_role_choices(),
        values=extra.pop("values", {}),
        title="新建用户",
        **extra,
    )


@router.get("/admin/users/new", response_class=HTMLResponse)
def new_user(request: Request, db: DbSession, viewer: ConsoleViewer) -> Response:
    user_admin.require_admin(viewer.principal)
    return _new_form(request, db, viewer)


@router.post("/admin/users", response_class=HTMLResponse)
async def create_user(request: Request, db: DbSession, viewer: ConsoleViewer) -> Response:
    form = await checked_form(request, viewer)
    values = {k: str(form.get(k, "")).strip() for k in ("username", "display_name", "org_id", "role", "enterprise_id")}
    try:
        if not values["org_id"].isdigit():
            raise InvalidInput("请选择所属单位")
        enterprise = values["enterprise_id"]
        if enterprise and not enterprise.isdigit():
            raise InvalidInput("关联企业的编号应为数字")
        user = user_admin.create_user(
            db,
            viewer.principal,
            username=values["username"],
            display_name=values["display_name"],
            org_id=int(values["org_id"]),
            role=values["role"],
            password=str(form.get("password", "")),
            enterprise_id=int(enterprise) if enterprise else None,
            at=now(),
            address=_address(request),
        )
    except DomainError as exc:
        return _new_form(request, db, viewer, ERROR_STATUS.get(exc.code, 400), values=values, error=exc.message)
    set_flash(db, viewer, f"已新建用户{user.username}（{user.display_name}），首次登录须修改密码")
    return RedirectResponse(f"/admin/users/{user.id}", status_code=303)


def _user_page(
    request: Request, db: DbSession, viewer: ConsoleViewer, user_id: int, status: int = 200, **extra: Any
) -> Response:
    user, org = user_admin.user_in_scope(db, viewer.principal, user_id)
    history = audit_log.page_of(db, viewer.principal, AuditFilter(target=user.username))
    return render(
        request,
        "admin_user.html",
        viewer,
        status,
        user=user,
        org=org,
        roles=ROLE_LABELS,
        choices=_role_choices().get(org.org_type, []),
        history=history.items[:20],
        actions=ACTION_LABELS,
        title=f"用户：{user.display_name}",
        **extra,
    )


@router.get("/admin/users/{user_id}", response_class=HTMLResponse)
def user_page(request: Request, user_id: RowId, db: DbSession, viewer: ConsoleViewer) -> Response:
    user_admin.require_admin(viewer.principal)
    return _user_page(request, db, viewer, user_id)


@router.post("/admin/users/{user_id}/{change}", response_class=HTMLResponse)
async def change_user(request: Request, user_id: RowId, change: str, db: DbSession, viewer: ConsoleViewer) -> Response:
    form = await checked_form(request, viewer)
    at, address = now(), _address(request)
    try:
        if change == "role":
            user_admin.set_role(db, viewer.principal, user_id, str(form.get("role", "")), at=at, address=address)
            message = "角色已变更，该用户须重新登录"
        elif change == "head-capacity":
            capacity = str(form.get("head_capacity", ""))
            user_admin.set_capacity(db, viewer.principal, user_id, capacity, at=at, address=address)
            message = "负责人身份已变更"
        elif change in ("disable", "enable"):
            user_admin.set_active(db, viewer.principal, user_id, change == "enable", at=at, address=address)
            message = "账号已启用" if change == "enable" else "账号已停用，其登录已全部结束"
        elif change == "reset-password":
            password = user_admin.reset_password(db, viewer.principal, user_id, at=at, address=address)
            return _user_page(request, db, viewer, user_id, temporary_password=password)
        else:
            raise InvalidInput("不支持的操作")
    except DomainError as exc:
        return _user_page(request, db, viewer, user_id, ERROR_STATUS.get(exc.code, 400), error=exc.message)
    set_flash(db, viewer, message)
    return RedirectResponse(f"/admin/users/{user_id}", status_code=303)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    db: DbSession,
    viewer: ConsoleViewer,
    action: str = Query("", max_length=40),
    actor: str = Query("", max_length=100),
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
    page: int = Query(1, ge=1, le=100000),
) -> Response:
    user_admin.require_admin(viewer.principal)
    error, found = None, None
    try:
        flt = AuditFilter(action, actor.strip(), _day(since, "起始日期"), _day(until, "截止日期"), page)
        found = audit_log.page_of(db, viewer.principal, flt)
    except DomainError as exc:
        error = exc.message
    return render(
        request,
        "admin_audit.html",
        viewer,
        422 if error else 200,
        found=found,
        error=error,
        actions=ACTION_LABELS,
        flt={"action": action, "actor": actor, "since": since, "until": until},
        query=dict(request.query_params),
        title="审计日志",
    )


def _day(text: str, label: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{label}应为日期（如2026-12-01）") from None


@router.get("/account/password", response_class=HTMLResponse)
def password_page(request: Request, db: DbSession, viewer: AnyViewer) -> Response:
    user = db.get(models.User, viewer.principal.user_id)
    forced = bool(user and user.must_change_password)
    return render(request, "account_password.html", viewer, forced=forced, title="修改密码")


@router.post("/account/password", response_class=HTMLResponse)
async def change_password(request: Request, db: DbSession, viewer: AnyViewer) -> Response:
    form = await checked_form(request, viewer, read_only_may=True)
    new, again = str(form.get("new_password", "")), str(form.get("new_password_again", ""))
    try:
        if new != again:
            raise InvalidInput("两次输入的新密码不一致")
        user_admin.change_own_password(
            db,
            viewer.principal,
            current=str(form.get("current_password", "")),
            new=new,
            at=now(),
            address=_address(request),
            keep_token_hash=token_hash(request.cookies.get(SESSION_COOKIE, "")),
        )
    except DomainError as exc:
        user = db.get(models.User, viewer.principal.user_id)
        return render(
            request,
            "account_password.html",
            viewer,
            ERROR_STATUS.get(exc.code, 400),
            forced=bool(user and user.must_change_password),
            error=exc.message,
            title="修改密码",
        )
    set_flash(db, viewer, "密码已修改，您在其他设备上的登录已结束")
    home = (
        "/enterprise"
        if viewer.principal.is_enterprise
        else ("/inbox" if viewer.principal.has_case_access else "/admin/users")
    )
    return RedirectResponse(home, status_code=303)
