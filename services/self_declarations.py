"""Filing and reading the enterprises' monthly self-inspection declarations (企业自查自报).

Missing declarations are not detected by a job that could miss a run: a declaration is missing
when no row exists for the enterprise and month, and overdue when today (China) is past its due
day (`domain/self_declaration.py`). Every list computes that from the tables, so any web process
sees the same answer and nothing needs replaying; the daily job (`services/declaration_reminders.py`)
only tells the enterprise once (idempotent notices).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from db.self_declaration_models import SelfDeclaration
from domain import self_declaration as sd
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ
from services.general_hazard_intake import start_general_hazard
from services.principal import Principal, require_staff

ALREADY = "该月份已申报；如需更正，请提交更正申报（原申报保留）"


async def file_declaration(
    *,
    db: Session,
    client: Client,
    principal: Principal,
    submission: sd.SelfDeclarationSubmission,
    settings: sd.DeclarationSettings,
    now: dt.datetime,
    task_queue: str,
) -> SelfDeclaration:
    """The enterprise's own declaration; each new hazard it declares opens a 一般事故隐患 case."""
    if not principal.is_enterprise or principal.enterprise_id is None:
        raise Forbidden("月度自查申报由企业用户在企业服务端提交")
    today = now.astimezone(CHINA_TZ).date()
    sd.check_month(submission.month, today)
    enterprise = db.get(models.Enterprise, principal.enterprise_id)
    county = db.get(models.Jurisdiction, enterprise.jurisdiction_code) if enterprise else None
    assert enterprise is not None and county is not None
    earlier = list(
        db.scalars(
            select(SelfDeclaration)
            .where(SelfDeclaration.enterprise_id == enterprise.id, SelfDeclaration.month == submission.month)
            .order_by(SelfDeclaration.revision)
        )
    )
    if earlier and not submission.correction:
        raise Conflict(ALREADY)
    if submission.correction and not earlier:
        raise InvalidInput("该月份尚未申报，无需更正")
    declared = {h["description"] for row in earlier for h in row.hazards}
    row = SelfDeclaration(
        enterprise_id=enterprise.id,
        month=submission.month,
        revision=len(earlier),
        jurisdiction_path=county.path,
        no_hazards=submission.no_hazards,
        hazards=[],
        note=submission.note,
        late=sd.is_overdue(submission.month, today, settings),
        filed_by_user_id=principal.user_id,
        filed_at=now,
    )
    db.add(row)
    try:
        db.commit()
    except IntegrityError:  # another declaration for the month arrived first
        db.rollback()
        raise Conflict(ALREADY) from None
    hazards = []
    for hazard in submission.hazards:
        entry: dict[str, Any] = {
            "description": hazard.description,
            "state": hazard.state,
            "case_id": None,
            "case_no": "",
        }
        if hazard.description not in declared:  # a correction repeats what was declared: no second case
            case = await start_general_hazard(
                db,
                client,
                principal,
                enterprise.id,
                hazard.description,
                "self_report",
                already_rectified=hazard.state == "rectified",
                declaration_id=row.id,
                task_queue=task_queue,
                now=now,
            )
            entry.update(case_id=case.id, case_no=case.case_no)
            declared.add(hazard.description)
        hazards.append(entry)
        row.hazards = list(hazards)  # what was started stays recorded if a later start fails
        db.commit()
    return row


def own_declarations(db: Session, principal: Principal, limit: int = 24) -> list[SelfDeclaration]:
    """The enterprise's own declarations, newest month first (nobody else's)."""
    if not principal.is_enterprise:
        raise Forbidden("仅企业用户可查看本企业的申报")
    return list(
        db.scalars(
            select(SelfDeclaration)
            .where(SelfDeclaration.enterprise_id == principal.enterprise_id)
            .order_by(SelfDeclaration.month.desc(), SelfDeclaration.revision.desc())
            .limit(limit)
        )
    )


def enterprise_state(
    db: Session, enterprise_id: int, month: str, today: dt.date, settings: sd.DeclarationSettings
) -> str:
    """filed, late, overdue or open (not yet due) for one enterprise and month."""
    first = db.scalars(
        select(SelfDeclaration).where(
            SelfDeclaration.enterprise_id == enterprise_id,
            SelfDeclaration.month == month,
            SelfDeclaration.revision == 0,
        )
    ).first()
    if first is not None:
        return "late" if first.late else "filed"
    return "overdue" if sd.is_overdue(month, today, settings) else "open"


@dataclass(frozen=True)
class MonthRow:
    enterprise_id: int
    enterprise_name: str
    credit_code: str
    jurisdiction_name: str
    state: str  # filed | late | overdue | open
    filed_at: dt.datetime | None
    hazard_count: int
    corrections: int


@dataclass(frozen=True)
class MonthView:
    month: str
    due_on: dt.date
    rows: list[MonthRow]

    @property
    def missing(self) -> list[MonthRow]:
        return [r for r in self.rows if r.state in ("overdue", "open")]


def bureau_month(
    db: Session, principal: Principal, month: str, today: dt.date, settings: sd.DeclarationSettings
) -> MonthView:
    """Every enterprise of the bureau's jurisdiction and below for one month: declared or missing."""
    require_staff(principal)
    if not principal.has_case_access or principal.is_liaison:
        raise Forbidden("仅监管部门可查看企业自查申报情况")
    sd.check_month(month, today)
    overdue = sd.is_overdue(month, today, settings)
    firsts = (
        select(
            SelfDeclaration.enterprise_id,
            func.min(SelfDeclaration.filed_at).label("filed_at"),
            func.max(SelfDeclaration.revision).label("corrections"),
        )
        .where(SelfDeclaration.month == month)
        .group_by(SelfDeclaration.enterprise_id)
        .subquery()
    )
    query = (
        select(models.Enterprise, models.Jurisdiction.name, firsts.c.filed_at, firsts.c.corrections)
        .join(models.Jurisdiction, models.Jurisdiction.code == models.Enterprise.jurisdiction_code)
        .outerjoin(firsts, firsts.c.enterprise_id == models.Enterprise.id)
        .where(models.Jurisdiction.path.startswith(principal.jurisdiction_path, autoescape=True))
        .order_by(firsts.c.filed_at.is_not(None), models.Enterprise.jurisdiction_code, models.Enterprise.name)
    )
    declared = {
        row.enterprise_id: row
        for row in db.scalars(
            select(SelfDeclaration).where(
                SelfDeclaration.month == month,
                SelfDeclaration.revision == 0,
                SelfDeclaration.jurisdiction_path.startswith(principal.jurisdiction_path, autoescape=True),
            )
        )
    }
    rows = []
    for enterprise, county, filed_at, corrections in db.execute(query):
        first = declared.get(enterprise.id)
        if first is None:
            state = "overdue" if overdue else "open"
        else:
            state = "late" if first.late else "filed"
        rows.append(
            MonthRow(
                enterprise.id,
                enterprise.name,
                enterprise.credit_code,
                county,
                state,
                filed_at,
                len(first.hazards) if first else 0,
                int(corrections or 0),
            )
        )
    return MonthView(month, sd.due_date(month, settings), rows)
