"""Who is acting, and what they may see."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, select
from sqlalchemy.orm import Session

from db import models
from db.head_capacity import read_head_capacity
from domain.enterprise import ENTERPRISE_PROCESSES
from domain.errors import Forbidden
from domain.roles import LIAISON_ROLES, NO_CASE_ACCESS_ROLES, READ_ONLY_ROLES, Role
from workflows.contracts import Actor


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    display_name: str
    role: Role
    org_id: int
    org_name: str
    org_type: str
    jurisdiction_code: str
    jurisdiction_name: str
    jurisdiction_path: str
    jurisdiction_level: str
    # An enterprise user: the enterprise it speaks for (its unified social credit code).
    enterprise_id: int | None = None
    enterprise_name: str = ""
    credit_code: str = ""
    head_capacity: str = ""  # a head: principal, acting or deputy (310号令 art 5)
    # A password set by an administrator, not yet replaced: the API refuses everything but the
    # session and changing the password (api/deps.py); the pages send the user to change it.
    must_change_password: bool = False

    @property
    def is_liaison(self) -> bool:
        return self.role in LIAISON_ROLES

    @property
    def is_enterprise(self) -> bool:
        return self.role == Role.ENTERPRISE

    @property
    def is_read_only(self) -> bool:
        """The archive reader (档案管理员): reads cases, never acts; its reads are audited."""
        return self.role in READ_ONLY_ROLES

    @property
    def has_case_access(self) -> bool:
        """False for the system administrator: it keeps the calendar and the chain check, no case."""
        return self.role not in NO_CASE_ACCESS_ROLES

    def actor(self) -> Actor:
        return Actor(
            user_id=self.user_id,
            name=self.display_name,
            org_id=self.org_id,
            role=self.role,
            enterprise_id=self.enterprise_id,
            head_capacity=self.head_capacity,
        )


def load_principal(db: Session, user: models.User) -> Principal:
    org = db.get(models.Organisation, user.org_id)
    assert org is not None
    jurisdiction = db.get(models.Jurisdiction, org.jurisdiction_code)
    assert jurisdiction is not None
    enterprise = db.get(models.Enterprise, user.enterprise_id) if user.enterprise_id else None
    if user.role == Role.ENTERPRISE and enterprise is None:
        raise Forbidden("企业账号未关联企业，请联系监管部门")
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        org_id=org.id,
        org_name=org.name,
        org_type=org.org_type,
        jurisdiction_code=jurisdiction.code,
        jurisdiction_name=jurisdiction.name,
        jurisdiction_path=jurisdiction.path,
        jurisdiction_level=jurisdiction.level,
        enterprise_id=enterprise.id if enterprise else None,
        enterprise_name=enterprise.name if enterprise else "",
        credit_code=enterprise.credit_code if enterprise else "",
        head_capacity=read_head_capacity(db, user.id) if user.role == Role.HEAD else "",
        must_change_password=bool(user.must_change_password),
    )


def visible_cases(principal: Principal) -> ColumnElement[bool]:
    """Cases of the principal's jurisdiction and below; for liaisons only those addressed to them;
    for an enterprise user only the cases of its own enterprise; for the administrator none."""
    if not principal.has_case_access:
        return false()
    if principal.is_enterprise:
        return (models.Case.enterprise_id == principal.enterprise_id) & models.Case.process.in_(
            sorted(ENTERPRISE_PROCESSES)
        )
    granted = models.Case.id.in_(select(models.CaseAccess.case_id).where(models.CaseAccess.org_id == principal.org_id))
    if principal.is_liaison:
        return granted
    # A body outside the case's line that a case was addressed to (a bulletin's named office or
    # bureau, issue 21) sees it too, from its grant; no other process grants to such a body.
    return models.Case.jurisdiction_path.startswith(principal.jurisdiction_path, autoescape=True) | granted


def require_staff(principal: Principal) -> None:
    """The agencies' console and API are not for enterprise users (they have the portal)."""
    if principal.is_enterprise:
        raise Forbidden("企业用户请使用企业服务端（/enterprise）")


def require_case_access(principal: Principal) -> None:
    """Case pages and the case API are refused outright to roles without case access (the admin)."""
    if not principal.has_case_access:
        raise Forbidden("系统管理员账号不能查看或办理案件")


def require_writer(principal: Principal) -> None:
    """State-changing case requests are refused to read-only roles (the archive reader)."""
    if principal.is_read_only:
        raise Forbidden("档案管理员账号只能查阅案件，不能办理或提交")


def home_path(principal: Principal, year: int) -> str:
    """Where a principal lands after login: the portal, the calendar, or the inbox."""
    if principal.is_enterprise:
        return "/enterprise"
    if not principal.has_case_access:
        return f"/calendar/{year}"
    return "/inbox"


def require_role(principal: Principal, *roles: Role) -> None:
    if principal.role not in roles:
        raise Forbidden("您的岗位无权执行该操作")
