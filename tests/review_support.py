"""Closed enforcement files of a year of their own, for the enforcement-review tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from db.organisation_queries import org_in
from domain.legal_calendar import CHINA_TZ
from domain.roles import OrgType
from services.enforcement_reviews import reviews_of


def free_year(sessions: sessionmaker[Session], start: int = 2001) -> int:
    """A past year no review and no case uses yet (the database is shared by the session)."""
    with sessions() as db:
        year = start
        while reviews_of(db, year) or _cases_in(db, year):
            year += 1
        return year


def _cases_in(db: Session, year: int) -> bool:
    since = dt.datetime(year, 1, 1, tzinfo=CHINA_TZ)
    until = dt.datetime(year + 1, 1, 1, tzinfo=CHINA_TZ)
    found = select(models.Case.id).where(models.Case.created_at >= since, models.Case.created_at < until)
    return db.scalar(found.limit(1)) is not None


def closed_file(
    db: Session,
    county: str,
    year: int,
    n: int,
    *,
    breached: bool = False,
    unserved: bool = False,
    process: str = "hazard",
) -> models.Case:
    """A closed case of `county` opened in `year`; a breached clock or an unserved document if asked."""
    jurisdiction = db.get(models.Jurisdiction, county)
    assert jurisdiction is not None
    at = dt.datetime(year, 3, 1 + n, 9, tzinfo=CHINA_TZ)
    case = models.Case(
        case_no=f"T{year}-{county}-{n}-{process[:4]}",
        workflow_id=f"review-fixture-{year}-{county}-{n}-{process}",
        process=process,
        title=f"评查测试案卷{n}",
        status="closed",
        closed=True,
        jurisdiction_code=county,
        jurisdiction_path=jurisdiction.path,
        created_at=at,
        updated_at=at,
        details={},
    )
    db.add(case)
    db.flush()
    bureau = org_in(db, county, OrgType.EMERGENCY_BUREAU)
    assert bureau is not None
    task = models.Task(
        id=f"{case.workflow_id}.t1",
        case_id=case.id,
        step="rectification",
        title="整改",
        org_id=bureau.id,
        role="handler",
        status="completed",
        opened_at=at,
        due_at=at + dt.timedelta(days=10),
        deadline_rule="hazard.rectification",
        completed_at=at + dt.timedelta(days=12 if breached else 5),
        clock_state="breached" if breached else "met",
    )
    db.add(task)
    db.flush()
    for kind in ("armed", "breached") if breached else ("armed",):
        db.add(models.DeadlineEvent(case_id=case.id, task_id=task.id, event_key=f"{task.id}:{kind}", at=at, kind=kind))
    if unserved:
        db.add(
            models.Document(
                case_id=case.id,
                doc_key=f"{case.id}:notice",
                doc_type="rectification_order",
                issuer_org_id=bureau.id,
                year=year,
                seq=case.id,
                number=f"〔{year}〕{case.id}号",
                title="责令限期整改指令书",
                html="<p>test</p>",
                sha256="0" * 64,
                issued_at=at,
            )
        )
    db.commit()
    return case
