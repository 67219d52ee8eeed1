"""The system-wide audit log: who signed in (or failed to), who signed out, and every
administrative change (accounts, roles, passwords, enterprises registered), with the client's
address. Entries are only ever added; an administrator reads those of its own jurisdiction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import models
from db.admin_models import AuditEntry
from domain.errors import InvalidInput
from services.principal import Principal

ACTION_LABELS = {
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出登录",
    "logout_all": "退出全部登录",
    "password_changed": "修改本人密码",
    "user_created": "新建用户",
    "user_disabled": "停用用户",
    "user_enabled": "启用用户",
    "user_role_changed": "变更角色",
    "user_head_capacity": "变更负责人身份",
    "user_password_reset": "重置密码",
    "enterprise_registered": "登记企业",
    "enterprise_updated": "修改企业名录",
    "enterprises_imported": "导入企业名录",
    "entrustment_created": "登记委托执法",
    "entrustment_revoked": "撤销委托执法",
}
PER_PAGE = 50


def _path_of(db: Session, user: models.User | None) -> str:
    if user is None:
        return ""
    org = db.get(models.Organisation, user.org_id)
    jurisdiction = db.get(models.Jurisdiction, org.jurisdiction_code) if org else None
    return jurisdiction.path if jurisdiction else ""


def add(
    db: Session,
    *,
    action: str,
    at: dt.datetime,
    actor: Principal | models.User | None,
    target: str = "",
    detail: dict[str, Any] | None = None,
    address: str = "",
    actor_name: str = "",
) -> None:
    """Queue an entry in the caller's transaction (the caller commits with its own change)."""
    if isinstance(actor, Principal):
        user_id, name, path = actor.user_id, actor.display_name, actor.jurisdiction_path
    elif isinstance(actor, models.User):
        user_id, name, path = actor.id, actor.display_name, _path_of(db, actor)
    else:
        user_id, name, path = None, actor_name or "（未知用户）", ""
    db.add(
        AuditEntry(
            at=at,
            actor_user_id=user_id,
            actor_name=name[:100],
            jurisdiction_path=path,
            action=action,
            target=target[:200],
            detail=detail or {},
            address=address[:64],
            note="",
        )
    )


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    page: int = 1
    target: str = ""


@dataclass(frozen=True)
class AuditPage:
    items: list[AuditEntry]
    total: int
    page: int
    pages: int


def page_of(db: Session, principal: Principal, flt: AuditFilter) -> AuditPage:
    """The entries of the administrator's jurisdiction and below (and failed logins under unknown
    names for the province's administrator), newest first."""
    if flt.action and flt.action not in ACTION_LABELS:
        raise InvalidInput("操作类型不正确")
    if flt.since and flt.until and flt.since > flt.until:
        raise InvalidInput("起始日期不能晚于截止日期")
    where = [AuditEntry.jurisdiction_path.startswith(principal.jurisdiction_path, autoescape=True)]
    if principal.jurisdiction_level == "province":
        where = [
            AuditEntry.jurisdiction_path.startswith(principal.jurisdiction_path, autoescape=True)
            | (AuditEntry.jurisdiction_path == "")
        ]
    if flt.action:
        where.append(AuditEntry.action == flt.action)
    if flt.actor:
        where.append(AuditEntry.actor_name.contains(flt.actor, autoescape=True))
    if flt.target:
        where.append(AuditEntry.target == flt.target)
    china = dt.timezone(dt.timedelta(hours=8))
    if flt.since:
        where.append(AuditEntry.at >= dt.datetime.combine(flt.since, dt.time(), china))
    if flt.until:
        where.append(AuditEntry.at < dt.datetime.combine(flt.until + dt.timedelta(days=1), dt.time(), china))
    total = int(db.scalar(select(func.count()).select_from(AuditEntry).where(*where)) or 0)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, flt.page), pages)
    items = db.scalars(
        select(AuditEntry).where(*where).order_by(AuditEntry.id.desc()).offset((page - 1) * PER_PAGE).limit(PER_PAGE)
    ).all()
    return AuditPage(list(items), total, page, pages)
