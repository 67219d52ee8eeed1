"""联合督办: a case supervised jointly by the safety bureau, the police and the procuratorate of
its level, with one set of deadlines (西双版纳 (十六): "建立安全生产监管执法机构与公安机关和检察机关
安全生产案情通报，案件联合检查、重大案件会商和联合督办机制").

Recording it adds the agencies to the case (a `joint_supervisions` row each, and the case's
`case_access` grant, so their liaisons see the case from that moment); the deadlines each agency
then sees are the case's own task rows, never copies: an extension or a completed step shows to
all at once. The record is kept beside the case rather than on its timeline (the timeline is
written only by the case's workflow).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from db.bulletin_models import JointSupervision
from domain.errors import Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.roles import OrgType, Role
from services.case_actions import visible_case
from services.principal import Principal, require_writer

# The cases a joint supervision applies to: the crime transfer, the case the three agencies share.
JOINT_PROCESSES = frozenset({"crime_transfer"})
JOINT_AGENCIES = (OrgType.PUBLIC_SECURITY, OrgType.PROCURATORATE)
DECIDING_ROLES = frozenset({Role.HANDLER, Role.HEAD, Role.OFFICE})


def add(db: Session, principal: Principal, case_id: int, org_ids: list[int], note: str, now: dt.datetime) -> list[str]:
    """Record the agencies that jointly supervise the case; returns their names (all of them)."""
    require_writer(principal)
    if principal.role not in DECIDING_ROLES:
        raise Forbidden("联合督办由应急管理部门或安委办决定")
    case = visible_case(db, principal, case_id)
    if case.process not in JOINT_PROCESSES:
        raise InvalidInput("联合督办适用于涉嫌犯罪案件移送")
    if case.closed:
        raise InvalidInput("案件已办结，不能联合督办")
    if not org_ids or len(set(org_ids)) != len(org_ids):
        raise InvalidInput("请选择公安机关、人民检察院中的一个或两个，且不能重复")
    for org_id in org_ids:
        org = db.get(models.Organisation, org_id)
        if org is None or org.org_type not in JOINT_AGENCIES or org.jurisdiction_code != case.jurisdiction_code:
            raise InvalidInput(f"联合督办单位应为案件所在地同级公安机关或人民检察院：{org_id}")
        if db.scalar(
            select(JointSupervision.id).where(JointSupervision.case_id == case.id, JointSupervision.org_id == org_id)
        ):
            continue
        db.add(JointSupervision(case_id=case.id, org_id=org_id, by_user_id=principal.user_id, at=now, note=note))
        if db.get(models.CaseAccess, (case.id, org_id)) is None:
            db.add(models.CaseAccess(case_id=case.id, org_id=org_id, reason="联合督办", granted_at=now))
    db.commit()
    return agencies_of(db, case.id)


def agencies_of(db: Session, case_id: int) -> list[str]:
    return list(
        db.scalars(
            select(models.Organisation.name)
            .join(JointSupervision, JointSupervision.org_id == models.Organisation.id)
            .where(JointSupervision.case_id == case_id)
            .order_by(JointSupervision.id)
        )
    )


@dataclass
class Deadline:
    title: str
    org_name: str
    due_on: str
    overdue: bool


@dataclass
class JointCase:
    case_id: int
    case_no: str
    title: str
    agencies: list[str]
    deadlines: list[Deadline] = field(default_factory=list)


def deadlines_for(db: Session, principal: Principal) -> list[JointCase]:
    """The jointly supervised cases an agency (or the case's own line) sees, with the case's open
    deadlines: for a liaison those its organisation supervises; for others those in its jurisdiction."""
    query = select(models.Case).where(models.Case.id.in_(select(JointSupervision.case_id)))
    if principal.is_liaison:
        query = query.where(
            models.Case.id.in_(select(JointSupervision.case_id).where(JointSupervision.org_id == principal.org_id))
        )
    elif principal.is_enterprise or not principal.has_case_access:
        raise Forbidden("您的岗位无权查看联合督办")
    else:
        query = query.where(models.Case.jurisdiction_path.startswith(principal.jurisdiction_path, autoescape=True))
    cases = db.scalars(query.order_by(models.Case.id.desc()).limit(200)).all()
    orgs: dict[int, str] = {
        row[0]: row[1] for row in db.execute(select(models.Organisation.id, models.Organisation.name))
    }
    tasks = db.scalars(
        select(models.Task)
        .where(models.Task.case_id.in_([c.id for c in cases]), models.Task.status == "open")
        .order_by(models.Task.due_at)
    ).all()
    result = {c.id: JointCase(c.id, c.case_no, c.title, agencies_of(db, c.id)) for c in cases}
    for task in tasks:
        due = task.due_at.astimezone(CHINA_TZ).date().isoformat()
        result[task.case_id].deadlines.append(Deadline(task.title, orgs.get(task.org_id, ""), due, task.overdue))
    return list(result.values())
