"""Proposal to list a unit as seriously dishonest (提请列入严重失信主体名单), then the workflow.

"谁处罚、谁决定、谁负责" (Decree 11): the emergency-management bureau that issued the penalty
proposes and decides, so the case sits in that bureau's jurisdiction and its handlers act.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from db.organisation_queries import path_codes
from domain.blacklist import BlacklistProposal
from domain.credit_code import validate_credit_code
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from domain.roles import OrgType, Role
from services.case_start import number_case, start_case_workflow
from services.principal import Principal, require_role, visible_cases
from workflows.blacklist import PROCESS, BlacklistWorkflow
from workflows.blacklist_contracts import BlacklistInput, MeasureItem
from workflows.contracts import CaseStart

PROPOSING_PROCESSES = ("accident", "hazard")


async def propose_listing(
    *,
    db: Session,
    client: Client,
    task_queue: str,
    principal: Principal,
    proposal: BlacklistProposal,
    config: ProcessConfig,
    now: dt.datetime,
) -> models.Case:
    require_role(principal, Role.HANDLER)
    if principal.org_type != OrgType.EMERGENCY_BUREAU:
        raise Forbidden("列入决定由作出行政处罚的应急管理部门作出")
    enterprise = db.get(models.Enterprise, proposal.enterprise_id)
    if enterprise is None:
        raise NotFound("企业不存在")
    county = db.get(models.Jurisdiction, enterprise.jurisdiction_code)
    assert county is not None
    if not county.path.startswith(principal.jurisdiction_path):
        raise Forbidden("该企业不在您的管辖范围内")
    credit_code = validate_credit_code(enterprise.credit_code)
    settings = config.blacklist
    condition = settings.condition(proposal.condition)
    if condition.rules != proposal.rules:
        raise InvalidInput("所选列入情形不属于所适用的规定")
    rule_set = settings.rule_set(proposal.rules)
    if proposal.penalty_decided_on > now.astimezone(CHINA_TZ).date():
        raise InvalidInput("行政处罚决定日期不能晚于今天")
    source = _source_case(db, principal, proposal.source_case_no, enterprise.id)
    if _open_listing(db, enterprise.id):
        raise Conflict("该主体已有进行中的严重失信主体名单案件")

    case = models.Case(
        case_no="",
        workflow_id="",
        process=PROCESS,
        title=f"{enterprise.name}：{condition.title}",
        status="starting",
        jurisdiction_code=principal.jurisdiction_code,
        jurisdiction_path=principal.jurisdiction_path,
        enterprise_id=enterprise.id,
        created_by_user_id=principal.user_id,
        created_at=now,
        updated_at=now,
        details={
            "enterprise_name": enterprise.name,
            "credit_code": credit_code,
            "condition": condition.code,
            "condition_title": condition.title,
            "basis": condition.basis,
            "facts": proposal.facts,
            "penalty_decision_no": proposal.penalty_decision_no,
            "penalty_decided_on": proposal.penalty_decided_on.isoformat(),
            "source_case_no": source.case_no if source else "",
            "rules": proposal.rules,
        },
    )
    number_case(db, case, "SX", now)
    workflow_input = BlacklistInput(
        start=CaseStart(
            case.id,
            case.case_no,
            principal.jurisdiction_code,
            path_codes(principal.jurisdiction_path),
            principal.actor(),
        ),
        enterprise_id=enterprise.id,
        enterprise_name=enterprise.name,
        credit_code=credit_code,
        deciding_org_id=principal.org_id,
        condition_code=condition.code,
        condition_title=condition.title,
        basis=condition.basis,
        facts=proposal.facts,
        penalty_decision_no=proposal.penalty_decision_no,
        penalty_decided_on=proposal.penalty_decided_on,
        rules=proposal.rules,
        management_period_months=rule_set.management_period_months,
        repair_after_months=rule_set.repair_after_months,
        extend_on_new_violation=settings.extend_on_new_violation,
        violation_extension_months=settings.violation_extension_months,
        measures=[MeasureItem(m.code, m.title, m.partner) for m in settings.measures],
        source_case_no=source.case_no if source else "",
    )
    await start_case_workflow(db, client, case, BlacklistWorkflow.run, workflow_input, task_queue)
    return case


def _source_case(db: Session, principal: Principal, case_no: str, enterprise_id: int) -> models.Case | None:
    """An accident or hazard case may propose the listing of its enterprise."""
    if not case_no:
        return None
    source = db.scalars(
        select(models.Case).where(models.Case.case_no == case_no.strip(), visible_cases(principal))
    ).one_or_none()
    if source is None or source.process not in PROPOSING_PROCESSES:
        raise NotFound(f"未找到可提请列入的事故调查或隐患督办案件：{case_no}")
    if source.enterprise_id != enterprise_id:
        raise InvalidInput("提请案件的当事单位与所选主体不一致")
    return source


def _open_listing(db: Session, enterprise_id: int) -> bool:
    found = db.scalar(
        select(models.Case.id).where(
            models.Case.process == PROCESS,
            models.Case.enterprise_id == enterprise_id,
            models.Case.closed.is_(False),
        )
    )
    return found is not None
