"""Intake of a major hazard: the case row, then its supervision workflow."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from db.organisation_queries import ancestor_at_level, org_in, path_codes
from domain.errors import Forbidden, InvalidInput, NotFound
from domain.hazard import HAZARD_GRADES, HazardReport
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from domain.roles import OrgType, Role
from services.case_start import number_case, start_case_workflow
from services.principal import Principal, require_role
from workflows.contracts import CaseStart
from workflows.hazard_supervision import PROCESS, HazardSupervisionInput, HazardSupervisionWorkflow


async def report_hazard(
    *,
    db: Session,
    client: Client,
    task_queue: str,
    principal: Principal,
    report: HazardReport,
    config: ProcessConfig,
    now: dt.datetime,
    reported_at: dt.datetime | None = None,
) -> models.Case:
    """Record a major hazard and start its listed supervision.

    `reported_at` is for cases taken over from paper records: their first clock started then.
    """
    require_role(principal, Role.HANDLER, Role.OFFICE)
    enterprise = db.get(models.Enterprise, report.enterprise_id)
    if enterprise is None:
        raise NotFound("企业不存在")
    county = db.get(models.Jurisdiction, enterprise.jurisdiction_code)
    assert county is not None
    if not county.path.startswith(principal.jurisdiction_path):
        raise Forbidden("该企业不在您的管辖范围内")
    if report.found_on > now.astimezone(CHINA_TZ).date():
        raise InvalidInput("发现日期不能晚于今天")
    if reported_at is not None and reported_at > now:
        raise InvalidInput("报送时间不能晚于现在")
    listing_level = config.listing_level(report.grade)
    listing_jurisdiction = ancestor_at_level(db, county.code, listing_level)
    listing_office = org_in(db, listing_jurisdiction.code, OrgType.SAFETY_OFFICE) if listing_jurisdiction else None
    bureau = org_in(db, county.code, OrgType.EMERGENCY_BUREAU)
    if listing_office is None or bureau is None:
        raise InvalidInput("未找到负责挂牌的安委办或属地应急管理局，请检查机构设置")

    case = models.Case(
        case_no="",
        workflow_id="",
        process=PROCESS,
        title=f"{enterprise.name}：{report.title}",
        status="starting",
        jurisdiction_code=county.code,
        jurisdiction_path=county.path,
        enterprise_id=enterprise.id,
        created_by_user_id=principal.user_id,
        created_at=now,
        updated_at=now,
        details={
            "hazard_title": report.title,
            "description": report.description,
            "grade": report.grade,
            "grade_label": HAZARD_GRADES[report.grade],
            "source": report.source,
            "found_on": report.found_on.isoformat(),
            "listing_level": listing_level,
            "listing_office": listing_office.name,
            "supervising_org": bureau.name,
        },
    )
    number_case(db, case, "GP", now)

    codes = path_codes(county.path)
    # O1: a hazard listed above the bureau's next rung has the bureau's overdue steps supervised
    # by the listing office itself (a province-listed hazard: not via the city office).
    parent = codes[-2] if len(codes) > 1 else None
    above_next_rung = listing_jurisdiction is not None and listing_jurisdiction.code not in (county.code, parent)
    workflow_input = HazardSupervisionInput(
        start=CaseStart(case.id, case.case_no, county.code, codes, principal.actor()),
        title=report.title,
        grade=report.grade,
        enterprise_name=enterprise.name,
        enterprise_id=enterprise.id,
        listing_office_org_id=listing_office.id,
        supervising_org_id=bureau.id,
        progress_interval_days=config.progress_report_interval_days,
        max_rectification_days=config.max_rectification_days,
        reported_at=reported_at,
        description=report.description,
        supervising_org_name=bureau.name,
        sector="coal" if enterprise.industry in config.coal_industries else "",
        progress_by_calendar_quarter=config.progress_report_schedule == "calendar_quarter",
        suspend_licence_on_listing=config.suspend_licence_on_listing,
        suspend_licence_when_overdue=config.suspend_licence_when_overdue,
        bureau_escalation_org_id=listing_office.id if above_next_rung else None,
        general_listed=config.list_general_hazards,
    )
    await start_case_workflow(db, client, case, HazardSupervisionWorkflow.run, workflow_input, task_queue)
    return case
