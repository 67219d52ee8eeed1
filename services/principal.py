"""Who is acting, and what they may see."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from db import models
from domain.errors import Forbidden
from domain.roles import LIAISON_ROLES, Role
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

    @property
    def is_liaison(self) -> bool:
        return self.role in LIAISON_ROLES

    def actor(self) -> Actor:
        return Actor(user_id=self.user_id, name=self.display_name, org_id=self.org_id, role=self.role)


def load_principal(db: Session, user: models.User) -> Principal:
    org = db.get(models.Organisation, user.org_id)
    assert org is not None
    jurisdiction = db.get(models.Jurisdiction, org.jurisdiction_code)
    assert jurisdiction is not None
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
    )


def visible_cases(principal: Principal) -> ColumnElement[bool]:
    """Cases of the principal's jurisdiction and below; for liaisons only those addressed to them."""
    if principal.is_liaison:
        return models.Case.id.in_(select(models.CaseAccess.case_id).where(models.CaseAccess.org_id == principal.org_id))
    return models.Case.jurisdiction_path.startswith(principal.jurisdiction_path, autoescape=True)


def require_role(principal: Principal, *roles: Role) -> None:
    if principal.role not in roles:
        raise Forbidden("您的岗位无权执行该操作")
