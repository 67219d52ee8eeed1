"""User administration by the administrator of a jurisdiction (用户管理): accounts of the
organisations of its jurisdiction and below, their roles, disabling, and password resets.

Each change is written to the audit log in the same transaction, and the row ledger keeps the
users table tamper-evident (docs/security.md). Disabling an account or resetting its password
ends its sessions. An administrator cannot disable itself or change its own role (nobody locks
the jurisdiction out of its own administration by a slip)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from db import models
from db.head_capacity import set_head_capacity
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.password_policy import check_password, temporary_password
from domain.roles import HEAD_CAPACITIES, ROLE_LABELS, OrgType, Role
from services import audit_log, auth
from services.principal import Principal

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
PER_PAGE = 50
# Which roles an account of each kind of organisation may hold (an enterprise account is opened
# by the bureau of the enterprise's jurisdiction, and speaks only for that enterprise).
ROLES_BY_ORG_TYPE: dict[str, tuple[Role, ...]] = {
    OrgType.SAFETY_OFFICE: (Role.OFFICE, Role.ADMIN, Role.ARCHIVE_READER),
    OrgType.EMERGENCY_BUREAU: (Role.HANDLER, Role.HEAD, Role.ARCHIVE_READER, Role.ENTERPRISE),
    OrgType.PUBLIC_SECURITY: (Role.POLICE_LIAISON,),
    OrgType.PROCURATORATE: (Role.PROCURATORATE_LIAISON,),
}


def require_admin(principal: Principal) -> None:
    if principal.role != Role.ADMIN:
        raise Forbidden("仅系统管理员可以管理用户和查看审计日志")


def _in_scope(db: Session, admin: Principal, org_id: int) -> models.Organisation:
    org = db.get(models.Organisation, org_id)
    jurisdiction = db.get(models.Jurisdiction, org.jurisdiction_code) if org else None
    if org is None or jurisdiction is None or not jurisdiction.path.startswith(admin.jurisdiction_path):
        raise NotFound("单位不存在或不在您的管理范围内")
    return org


def _user(db: Session, admin: Principal, user_id: int) -> models.User:
    user = db.get(models.User, user_id)
    if user is None:
        raise NotFound("用户不存在或不在您的管理范围内")
    _in_scope(db, admin, user.org_id)
    return user


def user_in_scope(db: Session, admin: Principal, user_id: int) -> tuple[models.User, models.Organisation]:
    """A user of the administrator's jurisdiction, with its organisation; else not found."""
    require_admin(admin)
    user = _user(db, admin, user_id)
    return user, _in_scope(db, admin, user.org_id)


@dataclass(frozen=True)
class UserRow:
    user: models.User
    org_name: str
    enterprise_name: str


@dataclass(frozen=True)
class UserPage:
    items: list[UserRow]
    total: int
    page: int
    pages: int


def list_users(db: Session, admin: Principal, *, q: str = "", org_id: int | None = None, page: int = 1) -> UserPage:
    require_admin(admin)
    query = (
        select(models.User, models.Organisation.name, models.Enterprise.name)
        .join(models.Organisation, models.Organisation.id == models.User.org_id)
        .join(models.Jurisdiction, models.Jurisdiction.code == models.Organisation.jurisdiction_code)
        .outerjoin(models.Enterprise, models.Enterprise.id == models.User.enterprise_id)
        .where(models.Jurisdiction.path.startswith(admin.jurisdiction_path, autoescape=True))
    )
    if q.strip():
        needle = q.strip()
        query = query.where(
            models.User.username.contains(needle, autoescape=True)
            | models.User.display_name.contains(needle, autoescape=True)
        )
    if org_id is not None:
        query = query.where(models.User.org_id == org_id)
    total = int(db.scalar(select(func.count()).select_from(query.subquery())) or 0)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), pages)
    rows = db.execute(
        query.order_by(models.Jurisdiction.path, models.Organisation.id, models.User.username)
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    ).all()
    return UserPage([UserRow(u, o or "", e or "") for u, o, e in rows], total, page, pages)


def organisations_in_scope(db: Session, admin: Principal) -> list[models.Organisation]:
    require_admin(admin)
    return list(
        db.scalars(
            select(models.Organisation)
            .join(models.Jurisdiction, models.Jurisdiction.code == models.Organisation.jurisdiction_code)
            .where(models.Jurisdiction.path.startswith(admin.jurisdiction_path, autoescape=True))
            .order_by(models.Jurisdiction.path, models.Organisation.id)
        )
    )


def _check_role(db: Session, org: models.Organisation, role: str, enterprise_id: int | None) -> Role:
    allowed = ROLES_BY_ORG_TYPE.get(org.org_type, ())
    if role not in {r.value for r in allowed}:
        names = "、".join(ROLE_LABELS[r] for r in allowed)
        raise InvalidInput(f"{org.name}的账号只能是以下角色：{names}")
    if role == Role.ENTERPRISE:
        enterprise = db.get(models.Enterprise, enterprise_id) if enterprise_id else None
        if enterprise is None or enterprise.jurisdiction_code != org.jurisdiction_code:
            raise InvalidInput("企业账号须关联本单位辖区内已登记的企业")
    elif enterprise_id is not None:
        raise InvalidInput("只有企业用户可以关联企业")
    return Role(role)


def create_user(
    db: Session,
    admin: Principal,
    *,
    username: str,
    display_name: str,
    org_id: int,
    role: str,
    password: str,
    enterprise_id: int | None,
    at: dt.datetime,
    address: str,
) -> models.User:
    require_admin(admin)
    username, display_name = username.strip().lower(), display_name.strip()
    if not USERNAME.match(username):
        raise InvalidInput("用户名应为3至64位小写字母、数字、点、下划线或连字符，以字母或数字开头")
    if not 2 <= len(display_name) <= 100:
        raise InvalidInput("姓名应为2至100个字")
    org = _in_scope(db, admin, org_id)
    checked = _check_role(db, org, role, enterprise_id)
    check_password(password, username=username)
    if db.scalars(select(models.User.id).where(models.User.username == username)).first() is not None:
        raise Conflict(f"用户名“{username}”已被使用")
    user = models.User(
        username=username,
        display_name=display_name,
        password_hash="",
        org_id=org.id,
        role=checked,
        enterprise_id=enterprise_id,
        is_active=True,
        must_change_password=True,  # the administrator typed it: the user chooses their own
    )
    auth.set_password(user, password)
    db.add(user)
    db.flush()
    audit_log.add(
        db,
        action="user_created",
        at=at,
        actor=admin,
        target=username,
        detail={"org": org.name, "role": ROLE_LABELS[checked], "display_name": display_name},
        address=address,
    )
    db.commit()
    return user


def set_active(db: Session, admin: Principal, user_id: int, active: bool, *, at: dt.datetime, address: str) -> None:
    require_admin(admin)
    user = _user(db, admin, user_id)
    if user.id == admin.user_id and not active:
        raise Conflict("不能停用自己的账号")
    if user.is_active == active:
        raise Conflict("该账号已是" + ("启用" if active else "停用") + "状态")
    user.is_active = active
    if not active:
        db.execute(delete(models.WebSession).where(models.WebSession.user_id == user.id))
    action = "user_enabled" if active else "user_disabled"
    audit_log.add(db, action=action, at=at, actor=admin, target=user.username, address=address)
    db.commit()


def set_role(db: Session, admin: Principal, user_id: int, role: str, *, at: dt.datetime, address: str) -> None:
    require_admin(admin)
    user = _user(db, admin, user_id)
    if user.id == admin.user_id:
        raise Conflict("不能变更自己的角色")
    org = _in_scope(db, admin, user.org_id)
    checked = _check_role(db, org, role, user.enterprise_id if role == Role.ENTERPRISE else None)
    if checked == user.role:
        raise Conflict("角色没有变化")
    before = ROLE_LABELS.get(Role(user.role), user.role)
    user.role = checked
    if checked != Role.ENTERPRISE:
        user.enterprise_id = None
    db.execute(delete(models.WebSession).where(models.WebSession.user_id == user.id))  # new rights, new sign-in
    audit_log.add(
        db,
        action="user_role_changed",
        at=at,
        actor=admin,
        target=user.username,
        detail={"from": before, "to": ROLE_LABELS[checked]},
        address=address,
    )
    db.commit()


def set_capacity(db: Session, admin: Principal, user_id: int, capacity: str, *, at: dt.datetime, address: str) -> None:
    """Mark a head account principal, acting or deputy (国务院令第310号 art 5; 安全生产法 art 70)."""
    require_admin(admin)
    user = _user(db, admin, user_id)
    if user.role != Role.HEAD:
        raise InvalidInput("只有机关负责人账号有负责人身份")
    if capacity == user.head_capacity:
        raise Conflict("负责人身份没有变化")
    before = HEAD_CAPACITIES.get(user.head_capacity, user.head_capacity)
    set_head_capacity(db, user.id, capacity)
    audit_log.add(
        db,
        action="user_head_capacity",
        at=at,
        actor=admin,
        target=user.username,
        detail={"from": before, "to": HEAD_CAPACITIES[capacity]},
        address=address,
    )
    db.commit()


def reset_password(db: Session, admin: Principal, user_id: int, *, at: dt.datetime, address: str) -> str:
    """A one-time password, shown once to the administrator; the user must change it."""
    require_admin(admin)
    user = _user(db, admin, user_id)
    if user.id == admin.user_id:
        raise Conflict("请通过“修改密码”更改自己的密码")
    password = temporary_password()
    auth.set_password(user, password)
    user.must_change_password = True
    db.execute(delete(models.WebSession).where(models.WebSession.user_id == user.id))
    audit_log.add(db, action="user_password_reset", at=at, actor=admin, target=user.username, address=address)
    db.commit()
    return password


def change_own_password(
    db: Session, principal: Principal, *, current: str, new: str, at: dt.datetime, address: str, keep_token_hash: str
) -> None:
    """Change one's own password; every other session of the account ends."""
    user = db.get(models.User, principal.user_id)
    if user is None:
        raise NotFound("用户不存在")
    if not auth.verify_password(user, current):
        raise Forbidden("原密码不正确")
    check_password(new, username=user.username, old_password=current)
    auth.set_password(user, new)
    user.must_change_password = False
    db.execute(
        delete(models.WebSession).where(
            models.WebSession.user_id == user.id, models.WebSession.token_hash != keep_token_hash
        )
    )
    audit_log.add(db, action="password_changed", at=at, actor=principal, target=user.username, address=address)
    db.commit()
