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
from domain.accident_reporting import ReportTimes, check_report_times
from domain.accident_settings import TRIGGER_FLAGS, escalation_triggers, graded_deaths
from domain.china_time import day_of
from domain.errors import Forbidden, InvalidInput, NotFound
from domain.process_config import ProcessConfig
from domain.roles import OrgType, Role
from services.case_start import number_case, start_case_workflow
from services.principal import Principal, require_role
from workflows.accident.contracts import ReportingFacts
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
    home = db.get(models.Jurisdiction, enterprise.jurisdiction_code)
    assert home is not None
    # 条例 第二十一条 (A14): the government of the accident's place investigates.
    county = _place(db, report.place_code) if report.place_code else home
    if not county.path.startswith(principal.jurisdiction_path):
        raise Forbidden("事故发生地不在您的管辖范围内" if report.place_code else "该企业不在您的管辖范围内")
    occurred_at = _aware(report.occurred_at)
    if occurred_at > now:
        raise InvalidInput("事故发生时间不能晚于现在")
    settings = config.accident
    times = ReportTimes(
        occurred_at,
        _aware(report.received_at) if report.received_at else now,
        _aware(report.unit_head_informed_at) if report.unit_head_informed_at else None,
        report.reported_directly,
    )
    check_report_times(times, now)
    deaths = graded_deaths(report.deaths, report.missing, settings.count_missing_in_grade)  # A1
    grading = grade_accident(deaths, report.serious_injuries, report.direct_loss_cny)
    line = _line(db, county)
    # Configurable triggers of escalated investigation (提级调查, A12; domain/accident_settings.py).
    flags = [trigger for trigger, name in TRIGGER_FLAGS.items() if getattr(report, name)]
    trigger = "、".join(
        escalation_triggers(
            settings,
            grade=grading.grade,
            deaths=deaths,
            flags=flags,
            accident_day=day_of(occurred_at),
            earlier_larger_accident_days=_earlier_larger_accident_days(db, enterprise.id, occurred_at),
        )
    )
    # 国办发〔2015〕20号 (六): the configured grades are listed and reviewed by the level above; a grade
    # reached later by a casualty change is listed from the same table (`review_levels`).
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
            "received_at": times.received_at.isoformat(),
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
        missing=report.missing,
        count_missing=settings.count_missing_in_grade,
        reporting=ReportingFacts(
            received_at=times.received_at,
            received_level=_received_level(line, principal.jurisdiction_code),
            unit_head_informed_at=times.unit_head_informed_at,
            reported_directly=report.reported_directly,
            immediate_minutes=settings.immediate_report_minutes,
        ),
        home=_line(db, home)[0] if home.code != county.code else None,
        initial_report=grading.grade in settings.initial_report_grades,
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


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _place(db: Session, code: str) -> models.Jurisdiction:
    place = db.get(models.Jurisdiction, code)
    if place is None or place.level != "county":
        raise InvalidInput(f"事故发生地{code}不是县级行政区划代码")
    return place


def _received_level(line: list[LevelOrgs], jurisdiction_code: str) -> str:
    """The level whose bureau received the report: the reporter's own, if on the place's line."""
    return next((orgs.level for orgs in line if orgs.jurisdiction_code == jurisdiction_code), "county")


def _earlier_larger_accident_days(db: Session, enterprise_id: int, occurred_at: dt.datetime) -> list[dt.date]:
    """The days of the unit's earlier 较大 accidents, from the accidents' dates (not case creation)."""
    earlier = db.scalars(
        select(models.Case).where(models.Case.process == PROCESS, models.Case.enterprise_id == enterprise_id)
    )
    days = []
    for case in earlier:
        when = case.details.get("occurred_at")
        if case.details.get("grade") == Grade.LARGER and when:
            moment = dt.datetime.fromisoformat(when)
            if moment <= occurred_at:  # another accident, earlier or at the same moment
                days.append(day_of(moment))
    return days
