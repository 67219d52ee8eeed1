"""The register of enterprises as handlers use it: type-ahead by name or unified social credit
code (USCC), and registering an enterprise that is not yet known (USCC checked, GB 32100-2015),
with its sector, risk grade, key-supervision flag and status (domain/enterprise_register.py)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from domain.credit_code import validate_credit_code
from domain.enterprise_register import (
    OPERATING,
    RISK_GRADES,
    SIZES,
    STATUSES,
    check_choice,
    key_object_reason_needed,
)
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.forms import InputModel
from domain.roles import Role
from services import audit_log, key_objects, register_config
from services.principal import Principal

LOOKUP_LIMIT = 20
__all__ = ["SIZES", "EnterpriseCreate", "lookup", "register"]
REGISTRARS = frozenset({Role.HANDLER, Role.OFFICE, Role.HEAD})


class EnterpriseCreate(InputModel):
    name: str = Field(min_length=2, max_length=200, title="企业名称")
    credit_code: str = Field(min_length=1, max_length=30, title="统一社会信用代码")
    industry: str = Field(min_length=2, max_length=64, title="行业")
    size: str = Field(title="规模")
    jurisdiction_code: str = Field(min_length=6, max_length=6, title="所在行政区划")
    address: str = Field("", max_length=300, title="地址")
    sector: str = Field("", max_length=32, title="行业领域")
    risk_grade: str = Field("", max_length=8, title="风险等级")
    is_key_object: bool = Field(False, title="重点监管对象")
    key_object_reason: str = Field("", max_length=300, title="列为重点监管对象的理由")
    status: str = Field(OPERATING, max_length=8, title="经营状态")


def check_register_fields(form: EnterpriseCreate) -> None:
    """The choices of the register's lists; a key object says why."""
    if form.size not in SIZES:
        raise InvalidInput("规模只能是" + "、".join(SIZES))
    check_choice(form.sector, register_config.sectors(), "行业领域", blank=True)
    check_choice(form.risk_grade, RISK_GRADES, "风险等级", blank=True)
    check_choice(form.status, STATUSES, "经营状态")
    key_object_reason_needed(form.is_key_object, form.key_object_reason)


def lookup(db: Session, principal: Principal, q: str, *, limit: int = LOOKUP_LIMIT) -> list[models.Enterprise]:
    """Enterprises of the principal's jurisdiction whose name contains `q` or whose USCC starts
    with it; an exact USCC first."""
    needle = q.strip()
    if not needle:
        return []
    upper = needle.upper()
    rows = db.scalars(
        select(models.Enterprise)
        .join(models.Jurisdiction, models.Jurisdiction.code == models.Enterprise.jurisdiction_code)
        .where(
            models.Jurisdiction.path.startswith(principal.jurisdiction_path, autoescape=True),
            models.Enterprise.name.contains(needle, autoescape=True)
            | models.Enterprise.credit_code.startswith(upper, autoescape=True),
        )
        .order_by(models.Enterprise.name)
        .limit(limit)
    ).all()
    return sorted(rows, key=lambda e: e.credit_code != upper)


def register(
    db: Session, principal: Principal, form: EnterpriseCreate, *, at: dt.datetime, address: str
) -> models.Enterprise:
    if principal.role not in REGISTRARS:
        raise Forbidden("只有承办人、机关负责人和安委办工作人员可以登记企业")
    code = validate_credit_code(form.credit_code.strip().upper())
    check_register_fields(form)
    jurisdiction = db.get(models.Jurisdiction, form.jurisdiction_code)
    if jurisdiction is None:
        raise InvalidInput(f"行政区划代码{form.jurisdiction_code}不存在")
    if not jurisdiction.path.startswith(principal.jurisdiction_path):
        raise Forbidden("只能登记本辖区内的企业")
    existing = db.scalars(select(models.Enterprise).where(models.Enterprise.credit_code == code)).first()
    if existing is not None:
        raise Conflict(f"统一社会信用代码{code}已登记为“{existing.name}”")
    enterprise = models.Enterprise(
        name=form.name.strip(),
        credit_code=code,
        industry=form.industry.strip(),
        size=form.size,
        jurisdiction_code=jurisdiction.code,
        address=form.address.strip(),
        sector=form.sector.strip(),
        risk_grade=form.risk_grade.strip(),
        status=form.status.strip(),
    )
    db.add(enterprise)
    db.flush()
    if form.is_key_object:
        key_objects.set_flag(db, principal, enterprise, True, form.key_object_reason, at=at)
    audit_log.add(
        db,
        action="enterprise_registered",
        at=at,
        actor=principal,
        target=f"{enterprise.name}（{code}）",
        detail={"jurisdiction": jurisdiction.name, "industry": enterprise.industry},
        address=address,
    )
    db.commit()
    return enterprise
