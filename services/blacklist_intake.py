"""Proposal to list a unit or a person as seriously dishonest (提请列入严重失信主体名单), then the workflow.

"谁处罚、谁决定、谁负责" (Decree 11 art 4): the emergency-management bureau that issued the penalty
proposes and decides, so the case sits in that bureau's jurisdiction and its handlers act. The
listing rests on that bureau's penalty decision (art 3, B6/B7): the number must be a 行政处罚决定书
the proposing bureau issued in this system to the same party, on the date given. Decree 11 art 2
(B5): units of the listed industries, service bodies, and their principal heads or staff.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from db.organisation_queries import path_codes
from domain.blacklist import PERSON_ROLES, BlacklistProposal
from domain.credit_code import validate_credit_code
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.legal_calendar import CHINA_TZ, Unit
from domain.process_config import BlacklistConfig, ProcessConfig
from domain.roles import OrgType, Role
from services.case_start import number_case, start_case_workflow
from services.principal import Principal, require_role, visible_cases
from workflows.blacklist import PROCESS, BlacklistWorkflow
from workflows.blacklist_contracts import BlacklistInput, MeasureItem
from workflows.contracts import CaseStart

PROPOSING_PROCESSES = ("accident", "hazard")
PENALTY_DECISION = "penalty_decision"  # the 行政处罚决定书 of the rectification process


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
    check_scope(enterprise, proposal, settings)
    penalty_case_no = penalty_case(db, principal, proposal, enterprise.id)
    source = _source_case(db, principal, proposal.source_case_no, enterprise.id)
    if _open_listing(db, enterprise.id, proposal.person_name):
        raise Conflict("该主体已有进行中的严重失信主体名单案件")
    subject_name = enterprise.name
    if proposal.subject == "person":
        subject_name = f"{proposal.person_name}（{enterprise.name}{PERSON_ROLES[proposal.person_role]}）"

    case = models.Case(
        case_no="",
        workflow_id="",
        process=PROCESS,
        title=f"{subject_name}：{condition.title}"[:200],
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
            "penalty_case_no": penalty_case_no,
            "source_case_no": source.case_no if source else "",
            "rules": proposal.rules,
            "subject": proposal.subject,
            "person_name": proposal.person_name,
            "person_role": proposal.person_role,
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
        person_name=proposal.person_name,
        person_role=PERSON_ROLES.get(proposal.person_role, ""),
        period_from_publication=rule_set.period_from_publication,
        removal_window_days=rule_set.removal_window_days,
        defence_days=defence_days(config),
        announcement_days=config.announcement_service_days,
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


def defence_days(config: ProcessConfig) -> int:
    """The fewest calendar days the defence period can last: N working or calendar days last at
    least N calendar days (hours: their whole days)."""
    rule = config.rule("blacklist.statement")
    return rule.amount // 24 if rule.unit == Unit.HOURS else rule.amount


def check_scope(enterprise: models.Enterprise, proposal: BlacklistProposal, settings: BlacklistConfig) -> None:
    """Decree 11 art 2 (B5): units of the listed industries and the service bodies (安全评价、认证、
    检测、检验机构); natural persons are a unit's principal head or a service body's staff."""
    service_body = enterprise.industry in settings.service_body_industries
    if not service_body and enterprise.industry not in settings.listed_industries:
        raise InvalidInput(f"{enterprise.name}所属行业（{enterprise.industry}）不在严重失信主体名单管理范围内")
    if proposal.person_role == "staff" and not service_body:
        raise InvalidInput("机构从业人员只能是安全评价、认证、检测、检验机构的人员")


def penalty_case(db: Session, principal: Principal, proposal: BlacklistProposal, enterprise_id: int) -> str:
    """The penalty case the listing rests on (Decree 11 arts 3-4, B6/B7): a 行政处罚决定书 of this
    bureau, to this party, of the stated date. Returns the penalty case's number."""
    number = proposal.penalty_decision_no.strip()
    found = db.execute(
        select(models.Document, models.Case)
        .join(models.Case, models.Case.id == models.Document.case_id)
        .where(models.Document.doc_type == PENALTY_DECISION, models.Document.number == number)
    ).first()
    if found is None:
        raise NotFound(f"未找到行政处罚决定书{number}：列入须以本部门作出的行政处罚决定为依据")
    document, case = found
    if document.issuer_org_id != principal.org_id:
        raise Forbidden("谁处罚、谁决定：该行政处罚决定书不是本部门作出的，应由作出处罚的部门提请列入")
    if case.enterprise_id != enterprise_id:
        raise InvalidInput("该行政处罚决定书的当事人与所选主体不一致")
    if document.issued_at.astimezone(CHINA_TZ).date() != proposal.penalty_decided_on:
        issued = document.issued_at.astimezone(CHINA_TZ).date().isoformat()
        raise InvalidInput(f"行政处罚决定日期与决定书不一致（决定书作出日期为{issued}）")
    return case.case_no


def _open_listing(db: Session, enterprise_id: int, person_name: str) -> bool:
    """One open listing per subject: the unit, or one of its people."""
    details = db.scalars(
        select(models.Case.details).where(
            models.Case.process == PROCESS,
            models.Case.enterprise_id == enterprise_id,
            models.Case.closed.is_(False),
        )
    )
    return any((d or {}).get("person_name", "") == person_name for d in details)
