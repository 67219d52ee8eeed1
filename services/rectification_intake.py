"""Opening a contested rectification from an on-site inspection record."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from db.organisation_queries import org_in, path_codes
from domain.errors import Forbidden, InvalidInput, NotFound
from domain.legal_calendar import CHINA_TZ
from domain.rectification import RectificationStart, same_level_government
from domain.roles import OrgType, Role
from services.case_start import number_case, start_case_workflow
from services.principal import Principal, require_role
from workflows.contracts import CaseStart
from workflows.rectification import PROCESS, ContestedRectificationWorkflow, Department, RectificationInput


async def start_rectification(
    *,
    db: Session,
    client: Client,
    task_queue: str,
    principal: Principal,
    start: RectificationStart,
    now: dt.datetime,
) -> models.Case:
    """The handler's own bureau orders the rectification; its same-level office settles disputes."""
    require_role(principal, Role.HANDLER)
    if principal.org_type != OrgType.EMERGENCY_BUREAU:
        raise Forbidden("只有负有安全生产监督管理职责的部门可以责令限期整改")
    if start.inspected_on > now.astimezone(CHINA_TZ).date():
        raise InvalidInput("检查日期不能晚于今天")
    enterprise = db.get(models.Enterprise, start.enterprise_id)
    if enterprise is None:
        raise NotFound("被检查单位不存在")
    county = db.get(models.Jurisdiction, enterprise.jurisdiction_code)
    assert county is not None
    if not county.path.startswith(principal.jurisdiction_path):
        raise Forbidden("该企业不在您的管辖范围内")
    bureau = db.get(models.Organisation, principal.org_id)
    office = org_in(db, principal.jurisdiction_code, OrgType.SAFETY_OFFICE)
    if bureau is None or office is None:
        raise InvalidInput(f"{principal.jurisdiction_name}未设安委办，无法办理职责争议")
    case = models.Case(
        case_no="",
        workflow_id="",
        process=PROCESS,
        title=f"{enterprise.name}责令限期整改",
        status="starting",
        jurisdiction_code=principal.jurisdiction_code,
        jurisdiction_path=principal.jurisdiction_path,
        enterprise_id=enterprise.id,
        created_by_user_id=principal.user_id,
        created_at=now,
        updated_at=now,
        details={
            "inspection_record_no": start.inspection_record_no,
            "findings": start.findings,
            "own_enforcement_power": start.own_enforcement_power,
        },
    )
    number_case(db, case, "ZG", now)
    workflow_input = RectificationInput(
        start=CaseStart(
            case.id,
            case.case_no,
            principal.jurisdiction_code,
            path_codes(principal.jurisdiction_path),
            principal.actor(),
        ),
        enterprise_name=enterprise.name,
        credit_code=enterprise.credit_code,
        enterprise_id=enterprise.id,
        bureau=Department(bureau.id, bureau.name),
        reconsideration_body=reconsideration_body(db, principal.jurisdiction_code),
        office=Department(office.id, office.name),
        inspection_record_no=start.inspection_record_no,
        inspected_on=start.inspected_on,
        findings=start.findings,
        own_enforcement_power=start.own_enforcement_power,
    )
    await start_case_workflow(db, client, case, ContestedRectificationWorkflow.run, workflow_input, task_queue)
    return case


def reconsideration_body(db: Session, jurisdiction_code: str) -> str:
    """行政复议法 2023 art 24(1): the bureau's own people's government hears reconsideration of its acts."""
    names: list[str] = []
    code: str | None = jurisdiction_code
    while code is not None:
        division = db.get(models.Jurisdiction, code)
        if division is None:
            break
        names.insert(0, division.name)
        code = division.parent_code
    return same_level_government(names) if names else ""
