"""Starting an inspection: check who inspects whom, store its row and the case, start the workflow.

A department's handler starts any mode; a safety-committee office starts only an unannounced
inspection (国办发〔2015〕20号 (九): 四不两直 暗查暗访 by the office). The inspectors are at least two
officers of the inspecting body (行政处罚法 art 42). Bad input is a 422 and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from db.inspection_models import Inspection
from db.organisation_queries import path_codes
from db.roster_models import InspectionMatter, Inspector
from domain.errors import Forbidden, InvalidInput, NotFound
from domain.inspection import MODES, InspectionStart
from domain.legal_calendar import CHINA_TZ
from domain.roles import OrgType, Role
from services import random_draws
from services.case_start import number_case, start_case_workflow
from services.principal import Principal, require_role
from workflows.contracts import CaseStart
from workflows.inspection import PROCESS, InspectionInput, InspectionWorkflow


def inspector_candidates(db: Session, principal: Principal) -> list[models.User]:
    """The officers of the principal's own body who may be named inspectors."""
    return list(
        db.scalars(
            select(models.User)
            .where(models.User.org_id == principal.org_id, models.User.role == principal.role)
            .order_by(models.User.id)
        )
    )


def plan_choices(db: Session, principal: Principal) -> list[tuple[int, str]]:
    """The annual inspection plans an inspection may belong to: those `start_inspection` accepts."""
    plans = db.scalars(
        select(models.Case)
        .where(
            models.Case.process == "inspection_plan",
            models.Case.jurisdiction_path.startswith(principal.jurisdiction_path[:7]),
        )
        .order_by(models.Case.id.desc())
    )
    return [(c.id, f"{c.case_no}（{c.details.get('year', '')}年度）") for c in plans]


def draw_choices(db: Session, principal: Principal) -> list[tuple[int, str]]:
    """The bureau's 双随机 draws, newest first: draw case number, matter and date."""
    draws = [d for d in random_draws.draws_of(db, principal) if d.case_id is not None]
    matter_ids = {d.matter_id for d in draws}
    matters = dict(
        db.execute(select(InspectionMatter.id, InspectionMatter.title).where(InspectionMatter.id.in_(matter_ids))).all()
    )
    case_ids = [d.case_id for d in draws]
    numbers = dict(db.execute(select(models.Case.id, models.Case.case_no).where(models.Case.id.in_(case_ids))).all())
    return [
        (d.id, f"{numbers.get(d.case_id or 0, '')} {matters.get(d.matter_id, '')}（{d.drawn_on.isoformat()}）")
        for d in draws
    ]


async def start_inspection(
    *,
    db: Session,
    client: Client,
    task_queue: str,
    principal: Principal,
    start: InspectionStart,
    now: dt.datetime,
) -> models.Case:
    require_role(principal, Role.HANDLER, Role.OFFICE)
    if principal.role == Role.OFFICE and start.mode != "unannounced":
        raise Forbidden("安委办只能组织“四不两直”暗查暗访；其他检查由负有监管职责的部门实施")
    if start.planned_on < now.astimezone(CHINA_TZ).date() - dt.timedelta(days=366):
        raise InvalidInput("计划检查日期不能早于一年前")
    enterprise = db.get(models.Enterprise, start.enterprise_id)
    if enterprise is None:
        raise InvalidInput("被检查单位不存在，请从企业名录中选择")
    county = db.get(models.Jurisdiction, enterprise.jurisdiction_code)
    assert county is not None
    if not county.path.startswith(principal.jurisdiction_path):
        raise Forbidden("该企业不在您的管辖范围内")
    users = {u.id: u for u in inspector_candidates(db, principal)}
    strangers = [str(i) for i in start.inspectors if i not in users]
    if strangers:
        raise InvalidInput(f"检查人员须为本单位执法人员（用户{'、'.join(strangers)}不是）")
    if start.plan_case_id is not None:
        plan = db.get(models.Case, start.plan_case_id)
        if (
            plan is None
            or plan.process != "inspection_plan"
            or not plan.jurisdiction_path.startswith(principal.jurisdiction_path[:7])
        ):
            raise InvalidInput("关联的年度监督检查计划不存在")
    if start.draw_id is not None:
        _check_drawn(db, start.draw_id, enterprise.id, start.inspectors)
    org = db.get(models.Organisation, principal.org_id)
    assert org is not None
    case = models.Case(
        case_no="",
        workflow_id="",
        process=PROCESS,
        title=f"{enterprise.name}{MODES[start.mode].split('（')[0]}",
        status="starting",
        jurisdiction_code=principal.jurisdiction_code,
        jurisdiction_path=principal.jurisdiction_path,
        enterprise_id=enterprise.id,
        created_by_user_id=principal.user_id,
        created_at=now,
        updated_at=now,
        details={
            "mode": start.mode,
            "mode_label": MODES[start.mode],
            "inspectors": [users[i].display_name for i in start.inspectors],
            "planned_on": start.planned_on.isoformat(),
            "plan_case_id": start.plan_case_id,
            "draw_id": start.draw_id,
            "lead_department": start.lead_department,
            "participant_departments": start.participant_departments,
            "unannounced": start.mode == "unannounced",
            "inspecting_org": org.name,
        },
    )
    number_case(db, case, "JC", now)
    at_office = org.org_type == OrgType.SAFETY_OFFICE
    workflow_input = InspectionInput(
        start=CaseStart(
            case.id,
            case.case_no,
            principal.jurisdiction_code,
            path_codes(principal.jurisdiction_path),
            principal.actor(),
        ),
        org_id=org.id,
        org_name=org.name,
        worker_role=principal.role,
        # An office has no head account here: its own staff approve its unannounced plan.
        approver_role=Role.OFFICE if at_office else Role.HEAD,
        enterprise_id=enterprise.id,
        enterprise_name=enterprise.name,
        credit_code=enterprise.credit_code,
        mode=start.mode,
        inspectors=[users[i].display_name for i in start.inspectors],
        planned_on=start.planned_on,
        plan_case_id=start.plan_case_id,
        draw_id=start.draw_id,
        lead_department=start.lead_department,
        participant_departments=list(start.participant_departments),
    )
    await start_case_workflow(db, client, case, InspectionWorkflow.run, workflow_input, task_queue)
    # After the start: a case that could not start is removed, and this row with it would block that.
    db.add(
        Inspection(
            case_id=case.id,
            mode=start.mode,
            org_id=org.id,
            planned_on=start.planned_on,
            plan_case_id=start.plan_case_id,
            draw_id=start.draw_id,
            inspector_ids=list(start.inspectors),
            lead_department=start.lead_department,
            participant_departments=list(start.participant_departments),
        )
    )
    db.commit()
    return case


def _check_drawn(db: Session, draw_id: int, enterprise_id: int, inspectors: Sequence[int]) -> None:
    """A 双随机 inspection is of an enterprise its draw selected, by the team the draw selected
    for it (北碚 (十五)): the draw decides who is inspected and who inspects, not the handler."""
    try:
        drawn = random_draws.selections(db, draw_id)
    except NotFound:
        raise InvalidInput("关联的“双随机”抽取批次不存在") from None
    mine = next((d for d in drawn if d.enterprise_id == enterprise_id), None)
    if mine is None:
        raise InvalidInput("该企业不在所关联“双随机”抽取批次的抽中名单内")
    officers = {i.id: i for i in db.scalars(select(Inspector).where(Inspector.id.in_(mine.inspector_ids)))}
    names = "、".join(mine.inspector_names)
    unlinked = [officers[i].name for i in mine.inspector_ids if i in officers and officers[i].user_id is None]
    if unlinked or len(officers) != len(mine.inspector_ids):
        raise InvalidInput(
            f"抽中的执法人员（{'、'.join(unlinked) or names}）未关联系统账号，"
            "请先在执法人员名录库中为其登记系统账号，再按抽中的人员发起检查"
        )
    expected = {officers[i].user_id for i in mine.inspector_ids}
    if set(inspectors) != expected:
        raise InvalidInput(f"“双随机”检查的检查人员须为抽中的执法人员：{names}")
