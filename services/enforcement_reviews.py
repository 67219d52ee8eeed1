"""Opening an annual enforcement review (执法案卷评查), its scores per bureau, and 公开裁定.

The reviewing office is the signed-in user's organisation at city or prefecture level; the
bureaus reviewed are the emergency-management bureaus of the divisions directly below it
(曲靖 (七): "市安全监管局每年组织对全市…县（市、区）安全生产执法案卷进行评估考核"). The pool is
every closed enforcement case those bureaus opened in the year.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from db.organisation_queries import path_codes
from db.review_models import PublicRuling
from domain import enforcement_review as er
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.legal_calendar import CHINA_TZ
from domain.roles import Level, OrgType, Role
from services.case_start import number_case, start_case_workflow
from services.principal import Principal
from workflows.contracts import Actor, CaseStart
from workflows.enforcement_review import PROCESS, EnforcementReviewWorkflow
from workflows.enforcement_review.contracts import EnforcementReviewInput

# The processes whose files are enforcement files (an accident investigation is the government's).
ENFORCEMENT_PROCESSES = ("hazard", "rectification", "blacklist", "crime_transfer", "public_report")
PENALTY_PROCESS = "rectification"  # 责令限期整改 and its penalty: the "similar cases" of 国办发 (十六)
REVIEWER_ROLES = (Role.OFFICE, Role.HANDLER, Role.HEAD)


def bureaus_below(db: Session, principal: Principal) -> list[models.Organisation]:
    """The emergency-management bureaus of the divisions directly below the principal's."""
    children = select(models.Jurisdiction.code).where(models.Jurisdiction.parent_code == principal.jurisdiction_code)
    return list(
        db.scalars(
            select(models.Organisation)
            .where(models.Organisation.jurisdiction_code.in_(children))
            .where(models.Organisation.org_type == OrgType.EMERGENCY_BUREAU)
            .order_by(models.Organisation.id)
        )
    )


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime(year, 1, 1, tzinfo=CHINA_TZ),
        dt.datetime(year + 1, 1, 1, tzinfo=CHINA_TZ),
    )


def review_pool(db: Session, bureaus: list[models.Organisation], year: int) -> list[er.PoolFile]:
    start, end = year_bounds(year)
    by_code = {b.jurisdiction_code: b for b in bureaus}
    rows = db.execute(
        select(models.Case.id, models.Case.case_no, models.Case.jurisdiction_code)
        .where(models.Case.closed.is_(True), models.Case.process.in_(ENFORCEMENT_PROCESSES))
        .where(models.Case.jurisdiction_code.in_(by_code))
        .where(models.Case.created_at >= start, models.Case.created_at < end)
        .order_by(models.Case.id)
    )
    return [er.PoolFile(i, no, by_code[code].id, by_code[code].name) for i, no, code in rows]


def reviews_of(db: Session, year: int) -> list[models.Case]:
    cases = db.scalars(select(models.Case).where(models.Case.process == PROCESS).order_by(models.Case.id))
    return [c for c in cases if c.details.get("year") == year]


async def open_review(
    *,
    db: Session,
    client: Client,
    task_queue: str,
    principal: Principal,
    opening: er.ReviewOpening,
    settings: er.ReviewSettings,
    now: dt.datetime,
) -> models.Case:
    """Draw the year's sample and start the review; 409 if this office already reviews the year."""
    if principal.role not in REVIEWER_ROLES or principal.jurisdiction_level == Level.COUNTY:
        raise Forbidden("只有市（州）级以上部门可以组织执法案卷评查")
    today = now.astimezone(CHINA_TZ).date()
    if opening.year > today.year:
        raise InvalidInput("评查年度不能晚于本年度")
    if any(c.details.get("reviewing_org_id") == principal.org_id for c in reviews_of(db, opening.year)):
        raise Conflict(f"本部门已组织{opening.year}年度执法案卷评查")
    bureaus = bureaus_below(db, principal)
    pool = review_pool(db, bureaus, opening.year)
    if not pool:
        raise InvalidInput(f"下级部门{opening.year}年度没有已办结的执法案卷，无法抽取")
    seed = opening.seed if opening.seed is not None else secrets.randbits(62)
    jurisdiction = db.get(models.Jurisdiction, principal.jurisdiction_code)
    assert jurisdiction is not None
    case = models.Case(
        case_no="",
        workflow_id="",
        process=PROCESS,
        title=f"{opening.year}年度执法案卷评查（{principal.org_name}）",
        status="starting",
        jurisdiction_code=jurisdiction.code,
        jurisdiction_path=jurisdiction.path,
        enterprise_id=None,
        created_by_user_id=principal.user_id,
        created_at=now,
        updated_at=now,
        details={
            "year": opening.year,
            "reviewing_org_id": principal.org_id,
            "reviewing_org": principal.org_name,
            "seed": str(seed),
            "pool_size": len(pool),
        },
    )
    number_case(db, case, "PC", now)
    actor = Actor(user_id=principal.user_id, name=principal.display_name, org_id=principal.org_id, role=principal.role)
    workflow_input = EnforcementReviewInput(
        start=CaseStart(case.id, case.case_no, jurisdiction.code, path_codes(jurisdiction.path), actor),
        year=opening.year,
        reviewing_org_id=principal.org_id,
        reviewer_role=principal.role,
        seed=seed,
        pool=pool,
        sample_share=settings.sample_share,
        pass_mark=settings.pass_mark,
    )
    await start_case_workflow(db, client, case, EnforcementReviewWorkflow.run, workflow_input, task_queue)
    return case


# ---- the scores -------------------------------------------------------------------------


@dataclass(frozen=True)
class BureauRow:
    bureau: str
    bureau_org_id: int
    files_sampled: int
    files_reviewed: int
    average_score: float | None
    failed_files: int
    failed_items: dict[str, int]
    penalty_cases: int
    public_rulings: int
    public_ruling_share: float | None
    warning: str


@dataclass(frozen=True)
class ReviewScores:
    year: int
    case_id: int
    case_no: str
    reviewing_org: str
    status: str
    seed: str
    bureaus: list[BureauRow]


def ruling_share(db: Session, org: models.Organisation, year: int, minimum: float) -> er.RulingShare:
    """国办发 (十六): the bureau's penalty cases opened in the year and those put to a public ruling."""
    start, end = year_bounds(year)
    penalty = (
        select(models.Case.id)
        .where(models.Case.process == PENALTY_PROCESS, models.Case.jurisdiction_code == org.jurisdiction_code)
        .where(models.Case.created_at >= start, models.Case.created_at < end)
    )
    cases = db.scalar(select(func.count()).select_from(penalty.subquery())) or 0
    ruled = db.scalar(select(func.count()).select_from(PublicRuling).where(PublicRuling.case_id.in_(penalty))) or 0
    return er.RulingShare(cases, ruled, minimum)


def review_scores(db: Session, principal: Principal, year: int, settings: er.ReviewSettings) -> list[ReviewScores]:
    """The reviews of `year` the principal may see: the reviewing office sees every bureau, a
    bureau reviewed sees its own row only; anyone else sees nothing (404)."""
    found = []
    for case in reviews_of(db, year):
        files = case.details.get("files", [])
        rows = er.bureau_scores(files, settings.pass_mark)
        if case.details.get("reviewing_org_id") != principal.org_id:
            rows = [r for r in rows if r.bureau_org_id == principal.org_id]
            if not rows or principal.role not in REVIEWER_ROLES:
                continue
        bureau_rows = []
        for row in rows:
            org = db.get(models.Organisation, row.bureau_org_id)
            assert org is not None
            share = ruling_share(db, org, year, settings.public_ruling_share)
            bureau_rows.append(
                BureauRow(
                    **asdict(row),
                    penalty_cases=share.penalty_cases,
                    public_rulings=share.public_rulings,
                    public_ruling_share=share.share,
                    warning=share.warning,
                )
            )
        found.append(
            ReviewScores(
                year,
                case.id,
                case.case_no,
                str(case.details.get("reviewing_org", "")),
                case.status,
                str(case.details.get("seed", "")),
                bureau_rows,
            )
        )
    if not found:
        raise NotFound(f"没有可查看的{year}年度执法案卷评查")
    return found


def record_public_ruling(
    db: Session, principal: Principal, record: er.PublicRulingRecord, now: dt.datetime
) -> PublicRuling:
    """A bureau records the public ruling of one of its penalty cases."""
    if principal.role not in (Role.HANDLER, Role.HEAD):
        raise Forbidden("只有办案部门可以登记公开裁定")
    case = db.get(models.Case, record.case_id)
    if case is None or case.process != PENALTY_PROCESS:
        raise InvalidInput("公开裁定须针对责令限期整改（行政处罚）案件")
    if case.jurisdiction_code != principal.jurisdiction_code:
        raise Forbidden("只能登记本部门办理的案件")
    try:
        ruled_on = dt.date.fromisoformat(record.ruled_on)
    except ValueError:
        raise InvalidInput("公开裁定日期：不是有效的日期（YYYY-MM-DD）") from None
    if ruled_on > now.astimezone(CHINA_TZ).date():
        raise InvalidInput("公开裁定日期不能晚于今天")
    if db.scalar(select(PublicRuling.id).where(PublicRuling.case_id == case.id)) is not None:
        raise Conflict("该案件已登记公开裁定")
    ruling = PublicRuling(
        case_id=case.id,
        org_id=principal.org_id,
        ruled_on=ruled_on,
        enterprises=record.enterprises,
        summary=record.summary,
        recorded_by_user_id=principal.user_id,
        recorded_at=now,
    )
    db.add(ruling)
    db.commit()
    return ruling


def details_for(principal: Principal, process: str, details: dict[str, Any]) -> dict[str, Any]:
    """A review's case details as `principal` may read them: a reviewed bureau (given access for its
    rectification) sees its own files and results only; everyone else sees the details unchanged."""
    if process != PROCESS or details.get("reviewing_org_id") == principal.org_id:
        return details
    own = principal.org_id
    return {
        **details,
        "files": [f for f in details.get("files", []) if f.get("bureau_org_id") == own],
        "results": [r for r in details.get("results", []) if r.get("bureau_org_id") == own],
    }
