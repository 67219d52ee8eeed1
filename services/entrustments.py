"""The register of entrustments (委托执法) and the cases handled under one.

An entrustment is registered by the entruster's side (its head or the same-level safety office;
an administrator anywhere); matters that may not be entrusted are refused (domain/entrustment.py).
A case is handled under an entrustment when the entrusted unit (or, for a unit without accounts
here such as a township, the entruster's handler recording its acts) says so before any document
of the case is issued; from then on its documents carry the entruster's name as issuing
authority, and acts outside the validity or scope are refused.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from db import models
from db.register_models import CaseEntrustment, Entrustment
from domain import entrustment as rules
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.forms import InputModel
from domain.legal_calendar import CHINA_TZ
from domain.roles import Role
from services import audit_log
from services.case_actions import visible_case
from services.entrustment_acts import acts_under
from services.principal import Principal

MANAGERS = frozenset({Role.HEAD, Role.OFFICE, Role.ADMIN})
READERS = MANAGERS | {Role.HANDLER}


class EntrustmentCreate(InputModel):
    entruster_org_id: int = Field(ge=1, title="委托机关")
    entrusted_org_id: int | None = Field(None, ge=1, title="受委托单位（本系统内的单位）")
    entrusted_name: str = Field("", max_length=200, title="受委托单位名称")
    matters: list[str] = Field(min_length=1, max_length=10, title="委托事项")
    valid_from: dt.date = Field(title="委托起始日期")
    valid_to: dt.date = Field(title="委托终止日期")
    document_no: str = Field(min_length=2, max_length=80, title="委托书文号")
    note: str = Field("", max_length=500, title="备注")


class CaseEntrustmentCreate(InputModel):
    entrustment_id: int = Field(ge=1, title="委托")


def _in_scope(db: Session, principal: Principal, org_id: int) -> models.Organisation:
    org = db.get(models.Organisation, org_id)
    if org is not None:
        division = db.get(models.Jurisdiction, org.jurisdiction_code)
        if division is not None and division.path.startswith(principal.jurisdiction_path):
            return org
    raise InvalidInput("委托机关不存在或不在您的辖区内")


def create(db: Session, principal: Principal, form: EntrustmentCreate, *, at: dt.datetime, address: str) -> Entrustment:
    if principal.role not in MANAGERS:
        raise Forbidden("只有机关负责人、安委办工作人员或系统管理员可以登记委托执法")
    matters = rules.check_scope(form.matters)
    rules.check_validity(form.valid_from, form.valid_to)
    entruster = _in_scope(db, principal, form.entruster_org_id)
    name = form.entrusted_name.strip()
    if form.entrusted_org_id is not None:
        entrusted = db.get(models.Organisation, form.entrusted_org_id)
        if entrusted is None:
            raise InvalidInput("受委托单位不存在")
        if entrusted.id == entruster.id:
            raise InvalidInput("委托机关不能委托自己")
        name = name or entrusted.name
    if len(name) < 2:
        raise InvalidInput("请填写受委托单位名称")
    row = Entrustment(
        entruster_org_id=entruster.id,
        entrusted_org_id=form.entrusted_org_id,
        entrusted_name=name,
        matters=matters,
        valid_from=form.valid_from,
        valid_to=form.valid_to,
        document_no=form.document_no.strip(),
        note=form.note.strip(),
        revoked=False,
        created_by_user_id=principal.user_id,
        created_at=at,
    )
    db.add(row)
    db.flush()
    audit_log.add(
        db,
        action="entrustment_created",
        at=at,
        actor=principal,
        target=f"{entruster.name}委托{name}（{row.document_no}）",
        detail={"matters": matters, "valid_to": form.valid_to.isoformat()},
        address=address,
    )
    db.commit()
    return row


def visible(db: Session, principal: Principal) -> list[Entrustment]:
    """Entrustments whose entruster lies in the principal's jurisdiction, or made to its unit."""
    if principal.role not in READERS:
        raise Forbidden("只有执法机关、安委办和系统管理员可以查看委托执法")
    in_scope = (
        select(models.Organisation.id)
        .join(models.Jurisdiction, models.Jurisdiction.code == models.Organisation.jurisdiction_code)
        .where(models.Jurisdiction.path.startswith(principal.jurisdiction_path, autoescape=True))
    )
    query = select(Entrustment).where(
        or_(Entrustment.entruster_org_id.in_(in_scope), Entrustment.entrusted_org_id == principal.org_id)
    )
    return list(db.scalars(query.order_by(Entrustment.valid_to.desc(), Entrustment.id.desc())))


def revoke(db: Session, principal: Principal, entrustment_id: int, *, at: dt.datetime, address: str) -> Entrustment:
    if principal.role not in MANAGERS:
        raise Forbidden("只有机关负责人、安委办工作人员或系统管理员可以撤销委托执法")
    row = db.get(Entrustment, entrustment_id)
    if row is None:
        raise NotFound("委托不存在")
    _in_scope(db, principal, row.entruster_org_id)
    row.revoked = True
    audit_log.add(db, action="entrustment_revoked", at=at, actor=principal, target=row.document_no, address=address)
    db.commit()
    return row


def record_on_case(
    db: Session, principal: Principal, case_id: int, form: CaseEntrustmentCreate, *, at: dt.datetime
) -> CaseEntrustment:
    """The case is handled under the entrustment (before its first document)."""
    case = visible_case(db, principal, case_id)
    row = db.get(Entrustment, form.entrustment_id)
    if row is None or not acts_under(principal, row):
        raise Forbidden("您的单位不是该委托的受委托单位")
    matter = rules.matter_of(case.process)
    day = at.astimezone(CHINA_TZ).date()
    rules.check_act(
        matters=row.matters,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        revoked=row.revoked,
        matter=matter.code,
        day=day,
    )
    if db.scalar(select(exists().where(CaseEntrustment.case_id == case.id))):
        raise Conflict("本案件已登记委托执法")
    if db.scalar(select(exists().where(models.Document.case_id == case.id))):
        raise Conflict("本案件已出具文书，不能再改为以委托方名义执法")
    link = CaseEntrustment(
        case_id=case.id,
        entrustment_id=row.id,
        matter=matter.code,
        recorded_by_user_id=principal.user_id,
        recorded_at=at,
    )
    db.add(link)
    db.commit()
    return link
