"""Intake of a production-safety accident: grade, investigating line, triggers, then the workflow."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from db.organisation_queries import org_in, path_codes
from domain.accident import AccidentReport
from domain.accident_grading import Grade, grade_accident
from domain.errors import Forbidden, InvalidInput, NotFound
from domain.process_config import ProcessConfig
from domain.roles import OrgType, Role
from services.case_start import number_case, start_case_workflow
from services.principal import Principal, require_role
from workflows.accident_investigation import (
    PROCESS,
    AccidentInvestigationInput,
    AccidentInvestigationWorkflow,
    LevelOrgs,
)
from workflows.contracts import CaseStart


async def report_accident(
    *,
    db: Session,
    client: Client,
    task_queue: str,
    principal: Principal,
    report: AccidentReport,
    config: ProcessConfig,
    now: dt.datetime,
) -> models.Case:
    require_role(principal, Role.HANDLER, Role.OFFICE)
    enterprise = db.get(models.Enterprise, report.enterprise_id)
    if enterprise is None:
        raise NotFound("企业不存在")
    county = db.get(models.Jurisdiction, enterprise.jurisdiction_code)
    assert county is not None
    if not county.path.startswith(principal.jurisdiction_path):
        raise Forbidden("该企业不在您的管辖范围内")
    occurred_at = report.occurred_at if report.occurred_at.tzinfo else report.occurred_at.replace(tzinfo=dt.UTC)
    if occurred_at > now:
        raise InvalidInput("事故发生时间不能晚于现在")
    grading = grade_accident(report.deaths, report.serious_injuries, report.direct_loss_cny)
    line = _line(db, county)
    trigger = ""
    # A configurable trigger of escalated investigation (提级调查, domain notes §2.3).
    months = config.repeat_larger_accident_months
    if grading.grade is Grade.LARGER and _repeat_larger_accident(db, enterprise.id, now, months):
        trigger = f"同一单位{months}个月内第二起较大事故"
    # 国办发〔2015〕20号 (六): the configured grades are listed and reviewed by the level above.
    review_level = config.review_level_by_grade.get(grading.grade, "")
    if (
        not review_level
        and grading.grade is Grade.LARGER
        and report.typical
        and config.supervise_typical_larger_accidents
    ):
        review_level = "province"
    supervised = bool(review_level)

    case = models.Case(
        case_no="",
        workflow_id="",
        process=PROCESS,
        title=f"{enterprise.name}：{report.place}{grading.grade}事故",
        status="starting",
        jurisdiction_code=county.code,
        jurisdiction_path=county.path,
        enterprise_id=enterprise.id,
        created_by_user_id=principal.user_id,
        created_at=now,
        updated_at=now,
        details={
            "occurred_at": occurred_at.isoformat(),
            "place": report.place,
            "deaths": report.deaths,
            "serious_injuries": report.serious_injuries,
            "missing": report.missing,
            "direct_loss_cny": report.direct_loss_cny,
            "account": report.account,
            "grade": grading.grade,
        },
    )
    number_case(db, case, "SG", now)
    codes = path_codes(county.path)
    workflow_input = AccidentInvestigationInput(
        start=CaseStart(case.id, case.case_no, county.code, codes, principal.actor()),
        title=case.title,
        occurred_at=occurred_at,
        deaths=report.deaths,
        serious_injuries=report.serious_injuries,
        direct_loss_cny=report.direct_loss_cny,
        road_or_fire=report.road_or_fire,
        line=line,
        supervised=supervised,
        evaluation_after_days=config.evaluation_after_days,
        review_level=review_level,
        review_levels=dict(config.review_level_by_grade),
        supervised_matters=supervised and grading.grade in config.supervised_matters_grades,
        listing_on_overdue=list(config.listing_on_overdue),
        evaluation_anchor=config.evaluation_anchor,
        evaluation_due_extra_days=config.evaluation_due_extra_days,
        trigger=trigger,
    )
    await start_case_workflow(db, client, case, AccidentInvestigationWorkflow.run, workflow_input, task_queue)
    return case


def _line(db: Session, county: models.Jurisdiction) -> list[LevelOrgs]:
    """The organisations of every level from the accident's county up to the province."""
    jurisdictions = {
        j.code: j
        for j in db.scalars(select(models.Jurisdiction).where(models.Jurisdiction.code.in_(path_codes(county.path))))
    }
    line = []
    for code in reversed(path_codes(county.path)):
        orgs = {t: org_in(db, code, t) for t in OrgType}
        if any(o is None for o in orgs.values()):
            raise InvalidInput(f"{jurisdictions[code].name}机构设置不完整，无法确定事故调查机关")
        line.append(
            LevelOrgs(
                level=jurisdictions[code].level,
                jurisdiction_code=code,
                office=orgs[OrgType.SAFETY_OFFICE].id,  # type: ignore[union-attr]
                bureau=orgs[OrgType.EMERGENCY_BUREAU].id,  # type: ignore[union-attr]
                police=orgs[OrgType.PUBLIC_SECURITY].id,  # type: ignore[union-attr]
                procuratorate=orgs[OrgType.PROCURATORATE].id,  # type: ignore[union-attr]
            )
        )
    return line


def _repeat_larger_accident(db: Session, enterprise_id: int, now: dt.datetime, months: int) -> bool:
    earlier = db.scalars(
        select(models.Case).where(
            models.Case.process == PROCESS,
            models.Case.enterprise_id == enterprise_id,
            models.Case.created_at >= now - dt.timedelta(days=round(months * 30.44)),
        )
    )
    return any(c.details.get("grade") == Grade.LARGER for c in earlier)
