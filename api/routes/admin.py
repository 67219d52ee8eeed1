"""User administration for a jurisdiction's administrator, the audit log, and changing one's
own password."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from api.client import client_address
from api.deps import (
    SESSION_COOKIE,
    ActingConsolePrincipal,
    AnyActingPrincipal,
    AnyPrincipal,
    DbSession,
    RowId,
    State,
    now,
)
from api.schemas import ErrorRead
from db import models
from db.admin_models import AuditEntry
from domain.errors import InvalidInput
from domain.forms import InputModel
from domain.roles import ROLE_LABELS, Role
from services import audit_log, user_admin
from services.audit_log import ACTION_LABELS, AuditFilter
from services.auth import token_hash

router = APIRouter(prefix="/api/v1", tags=["administration"])
REFUSALS: dict[int | str, dict[str, object]] = {code: {"model": ErrorRead} for code in (401, 403, 404, 409, 422)}


class UserRead(BaseModel):
    id: int
    username: str
    display_name: str
    org_id: int
    org_name: str
    role: str
    role_label: str
    enterprise_id: int | None
    enterprise_name: str
    is_active: bool
    must_change_password: bool
    head_capacity: str

    @classmethod
    def of(cls, user: models.User, org_name: str, enterprise_name: str = "") -> UserRead:
        return cls(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            org_id=user.org_id,
            org_name=org_name,
            role=user.role,
            role_label=ROLE_LABELS.get(Role(user.role), user.role),
            enterprise_id=user.enterprise_id,
            enterprise_name=enterprise_name,
            is_active=user.is_active,
            must_change_password=user.must_change_password,
            head_capacity=user.head_capacity,
        )


class UserList(BaseModel):
    items: list[UserRead]
    total: int
    page: int
    pages: int


class UserCreate(InputModel):
    username: str = Field(min_length=3, max_length=64)
    display_name: str = Field(min_length=2, max_length=100)
    org_id: int = Field(ge=1)
    role: str = Field(min_length=1, max_length=32)
    password: str = Field(min_length=1, max_length=128)
    enterprise_id: int | None = Field(None, ge=1)


class UserChange(InputModel):
    role: str | None = Field(None, max_length=32)
    is_active: bool | None = None
    # A head: "" (the head), principal, acting or deputy (国务院令第310号 art 5; 安全生产法 art 70).
    head_capacity: str | None = Field(None, max_length=16)


class PasswordReset(InputModel):
    username: str
    temporary_password: str


class PasswordChange(InputModel):
    current_password: str = Field(min_length=1, max_length=128)
    new_password: str = Field(min_length=1, max_length=128)


class AuditRead(BaseModel):
    id: int
    at: dt.datetime
    actor_name: str
    action: str
    action_label: str
    target: str
    detail: dict[str, object]
    address: str

    @classmethod
    def of(cls, row: AuditEntry) -> AuditRead:
        return cls(
            id=row.id,
            at=row.at,
            actor_name=row.actor_name,
            action=row.action,
            action_label=ACTION_LABELS.get(row.action, row.action),
            target=row.target,
            detail=row.detail,
            address=row.address,
        )


class AuditList(BaseModel):
    items: list[AuditRead]
    total: int
    page: int
    pages: int


def _read(db: DbSession, user: models.User) -> UserRead:
    org = db.get(models.Organisation, user.org_id)
    enterprise = db.get(models.Enterprise, user.enterprise_id) if user.enterprise_id else None
    return UserRead.of(user, org.name if org else "", enterprise.name if enterprise else "")


@router.get("/admin/users", response_model=UserList, responses=REFUSALS)
def read_users(
    db: DbSession,
    principal: AnyPrincipal,
    q: str = Query("", max_length=64),
    org_id: int | None = Query(None, ge=1),
    page: int = Query(1, ge=1, le=100000),
) -> UserList:
    found = user_admin.list_users(db, principal, q=q, org_id=org_id, page=page)
    return UserList(
        items=[UserRead.of(r.user, r.org_name, r.enterprise_name) for r in found.items],
        total=found.total,
        page=found.page,
        pages=found.pages,
    )


@router.post("/admin/users", status_code=201, response_model=UserRead, responses=REFUSALS)
def create_user(
    body: UserCreate, request: Request, db: DbSession, state: State, principal: ActingConsolePrincipal
) -> UserRead:
    user = user_admin.create_user(
        db,
        principal,
        username=body.username,
        display_name=body.display_name,
        org_id=body.org_id,
        role=body.role,
        password=body.password,
        enterprise_id=body.enterprise_id,
        at=now(),
        address=client_address(request, state.settings),
    )
    return _read(db, user)


@router.patch("/admin/users/{user_id}", response_model=UserRead, responses=REFUSALS)
def change_user(
    user_id: RowId, body: UserChange, request: Request, db: DbSession, state: State, principal: ActingConsolePrincipal
) -> UserRead:
    address = client_address(request, state.settings)
    user, _ = user_admin.user_in_scope(db, principal, user_id)  # 404 outside the jurisdiction
    if body.role is None and body.is_active is None and body.head_capacity is None:
        raise InvalidInput("请指定要变更的角色（role）、启用状态（is_active）或负责人身份（head_capacity）")
    if body.role is not None:
        user_admin.set_role(db, principal, user_id, body.role, at=now(), address=address)
    if body.is_active is not None:
        user_admin.set_active(db, principal, user_id, body.is_active, at=now(), address=address)
    if body.head_capacity is not None:
        user_admin.set_capacity(db, principal, user_id, body.head_capacity, at=now(), address=address)
    db.refresh(user)
    return _read(db, user)


@router.post("/admin/users/{user_id}/reset-password", response_model=PasswordReset, responses=REFUSALS)
def reset_password(
    user_id: RowId, request: Request, db: DbSession, state: State, principal: ActingConsolePrincipal
) -> PasswordReset:
    """A one-time password, returned once: the user must choose a new one at the next sign-in."""
    password = user_admin.reset_password(
        db, principal, user_id, at=now(), address=client_address(request, state.settings)
    )
    user = db.get(models.User, user_id)
    assert user is not None
    return PasswordReset(username=user.username, temporary_password=password)


@router.get("/admin/audit", response_model=AuditList, responses=REFUSALS)
def read_audit(
    db: DbSession,
    principal: AnyPrincipal,
    action: str = Query("", max_length=40),
    actor: str = Query("", max_length=100),
    since: dt.date | None = None,
    until: dt.date | None = None,
    page: int = Query(1, ge=1, le=100000),
) -> AuditList:
    user_admin.require_admin(principal)
    found = audit_log.page_of(db, principal, AuditFilter(action, actor, since, until, page))
    return AuditList(
        items=[AuditRead.of(e) for e in found.items], total=found.total, page=found.page, pages=found.pages
    )


@router.post("/account/password", status_code=204, responses=REFUSALS)
def change_password(
    body: PasswordChange, request: Request, db: DbSession, state: State, principal: AnyActingPrincipal
) -> None:
    """Change your own password; your other sessions end, this one stays."""
    token = request.cookies.get(SESSION_COOKIE, "")
    user_admin.change_own_password(
        db,
        principal,
        current=body.current_password,
        new=body.new_password,
        at=now(),
        address=client_address(request, state.settings),
        keep_token_hash=token_hash(token) if token else "",
    )
