"""The register page's reads and edits: the enterprises of the principal's jurisdiction filtered
by sector, risk grade, key-supervision flag and status; an edit of one enterprise."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from db import models
from domain.errors import Forbidden, InvalidInput, NotFound
from services import audit_log, key_objects
from services.enterprise_registry import REGISTRARS, EnterpriseCreate, check_register_fields
from services.principal import Principal

PAGE_SIZE = 50


@dataclass(frozen=True)
class RegisterFilter:
    q: str = ""
    sector: str = ""
    risk_grade: str = ""  # "未分级" selects the ungraded
    key_object: bool | None = None
    status: str = ""
    page: int = 1


def _query(principal: Principal, where: RegisterFilter) -> Select[models.Enterprise]:
    query = (
        select(models.Enterprise)
        .join(models.Jurisdiction, models.Jurisdiction.code == models.Enterprise.jurisdiction_code)
        .where(models.Jurisdiction.path.startswith(principal.jurisdiction_path, autoescape=True))
    )
    if where.q.strip():
        needle = where.q.strip()
        query = query.where(
            models.Enterprise.name.contains(needle, autoescape=True)
            | models.Enterprise.credit_code.startswith(needle.upper(), autoescape=True)
        )
    if where.sector:
        query = query.where(models.Enterprise.sector == where.sector)
    if where.risk_grade:
        query = query.where(models.Enterprise.risk_grade == ("" if where.risk_grade == "未分级" else where.risk_grade))
    if where.key_object is not None:
        query = query.where(models.Enterprise.is_key_object.is_(where.key_object))
    if where.status:
        query = query.where(models.Enterprise.status == where.status)
    return query


def search(db: Session, principal: Principal, where: RegisterFilter) -> tuple[list[models.Enterprise], int]:
    """One page of the matching enterprises (by name) and how many match in all."""
    query = _query(principal, where)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(where.page, 1)
    rows = db.scalars(query.order_by(models.Enterprise.name).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return list(rows), total


def visible(db: Session, principal: Principal, enterprise_id: int) -> models.Enterprise:
    enterprise = db.get(models.Enterprise, enterprise_id)
    if enterprise is not None:
        county = db.get(models.Jurisdiction, enterprise.jurisdiction_code)
        if county is not None and county.path.startswith(principal.jurisdiction_path):
            return enterprise
    raise NotFound("企业不存在或不在您的辖区内")


def apply(
    db: Session, principal: Principal, enterprise: models.Enterprise, form: EnterpriseCreate, *, at: dt.datetime
) -> list[str]:
    """Write the form onto the enterprise (not committed); the names of the fields that changed."""
    check_register_fields(form)
    jurisdiction = db.get(models.Jurisdiction, form.jurisdiction_code)
    if jurisdiction is None:
        raise InvalidInput(f"行政区划代码{form.jurisdiction_code}不存在")
    if not jurisdiction.path.startswith(principal.jurisdiction_path):
        raise Forbidden("只能登记本辖区内的企业")
    values = {
        "name": form.name.strip(),
        "industry": form.industry.strip(),
        "size": form.size,
        "jurisdiction_code": jurisdiction.code,
        "address": form.address.strip(),
        "sector": form.sector.strip(),
        "risk_grade": form.risk_grade.strip(),
        "status": form.status.strip(),
    }
    changed = [name for name, value in values.items() if getattr(enterprise, name) != value]
    for name in changed:
        setattr(enterprise, name, values[name])
    if key_objects.set_flag(db, principal, enterprise, form.is_key_object, form.key_object_reason, at=at):
        changed.append("is_key_object")
    return changed


def update(
    db: Session, principal: Principal, enterprise_id: int, form: EnterpriseCreate, *, at: dt.datetime, address: str
) -> models.Enterprise:
    """Edit an enterprise of the principal's jurisdiction; its USCC stays (it is the key)."""
    if principal.role not in REGISTRARS:
        raise Forbidden("只有承办人、机关负责人和安委办工作人员可以维护企业名录")
    enterprise = visible(db, principal, enterprise_id)
    if form.credit_code.strip().upper() != enterprise.credit_code:
        raise InvalidInput("统一社会信用代码是企业的标识，不能修改；如登记有误，请登记新企业")
    changed = apply(db, principal, enterprise, form, at=at)
    if changed:
        audit_log.add(
            db,
            action="enterprise_updated",
            at=at,
            actor=principal,
            target=f"{enterprise.name}（{enterprise.credit_code}）",
            detail={"changed": changed},
            address=address,
        )
    db.commit()
    return enterprise
