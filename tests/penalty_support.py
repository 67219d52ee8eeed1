"""A 行政处罚决定书 issued in the system, for the listing proposals that rest on it (B6/B7).

The blacklist intake accepts only a penalty decision of the proposing bureau to the same party;
tests that do not run a whole penalty procedure put the decision (and its closed case) in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain.legal_calendar import CHINA_TZ


def penalty_decision(
    sessions: sessionmaker[Session], issuer_login: str, enterprise_name: str | int, day: dt.date, prefix: str = "应急罚"
) -> str:
    """A penalty decision of `issuer_login`'s bureau to the enterprise, issued on `day`; returns its
    number. Idempotent: the same bureau, enterprise and day give the same decision."""
    with sessions.begin() as db:
        user = db.scalars(select(models.User).where(models.User.username == issuer_login)).one()
        org = db.get(models.Organisation, user.org_id)
        assert org is not None
        where = (
            models.Enterprise.id == enterprise_name
            if isinstance(enterprise_name, int)
            else models.Enterprise.name == enterprise_name
        )
        enterprise = db.scalars(select(models.Enterprise).where(where)).one()
        number = f"{prefix}〔{day.year}〕{org.id}{enterprise.id:03d}{day.strftime('%m%d')}号"
        if db.scalar(select(models.Document.id).where(models.Document.number == number)) is not None:
            return number
        county = db.get(models.Jurisdiction, org.jurisdiction_code)
        assert county is not None
        at = dt.datetime.combine(day, dt.time(10), tzinfo=CHINA_TZ)
        serial = (db.scalar(select(func.count(models.Document.id))) or 0) + 9000
        case = models.Case(
            case_no=f"ZG-TEST-{serial}",
            workflow_id=f"penalty-fixture-{serial}",
            process="rectification",
            title=f"{enterprise.name}：行政处罚",
            status="closed",
            closed=True,
            jurisdiction_code=county.code,
            jurisdiction_path=county.path,
            enterprise_id=enterprise.id,
            created_at=at,
            updated_at=at,
            details={},
        )
        db.add(case)
        db.flush()
        html = f"<p>{number}</p>"
        db.add(
            models.Document(
                case_id=case.id,
                doc_key="penalty_decision",
                doc_type="penalty_decision",
                issuer_org_id=org.id,
                year=day.year,
                seq=serial,
                number=number,
                title="行政处罚决定书",
                html=html,
                sha256=hashlib.sha256(html.encode()).hexdigest(),
                issued_at=at,
            )
        )
        return number
