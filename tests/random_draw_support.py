"""A small register of its own for each random-draw test: a sector no other test uses, its
enterprises, a roster and a matter of the 麒麟区 bureau (the tests share one database)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from db import models
from db.roster_models import InspectionMatter, Inspector, InspectorConflict
from domain.legal_calendar import CHINA_TZ
from tests.support import principal


@dataclass(frozen=True)
class Register:
    sector: str
    matter_id: int
    enterprise_ids: list[int]
    inspector_ids: list[int]


def make_register(
    sessions: sessionmaker[Session], *, enterprises: int = 6, inspectors: int = 4, expired: int = 1
) -> Register:
    """`inspectors` with a 执法证 valid today, `expired` more whose 执法证 lapsed yesterday."""
    tag = uuid.uuid4().hex[:8]
    sector = f"抽查测试{tag}"
    today = dt.datetime.now(CHINA_TZ).date()
    org_id = principal(sessions, "ql.handler").org_id
    with sessions() as db:
        firms = [
            models.Enterprise(
                name=f"抽查测试企业{tag}-{n}",
                credit_code=f"9{tag}{n:09d}"[:18],
                industry=sector,
                size="small",
                jurisdiction_code="530302",
            )
            for n in range(enterprises)
        ]
        people = [
            Inspector(
                org_id=org_id,
                name=f"执法员{tag[:4]}{n}",
                certificate_no=f"T{tag}{n:03d}",
                issuing_authority="曲靖市人民政府",
                valid_from=today - dt.timedelta(days=400),
                valid_until=today + dt.timedelta(days=400) if n < inspectors else today - dt.timedelta(days=1),
            )
            for n in range(inspectors + expired)
        ]
        matter = InspectionMatter(
            org_id=org_id,
            title=f"危险化学品企业安全生产条件抽查{tag}",
            legal_basis="安全生产法第六十五条",
            content="安全生产许可条件、重大危险源管控",
            sectors=[sector],
            share_percent=50,
            published_on=today,
        )
        db.add_all([*firms, *people, matter])
        db.commit()
        return Register(sector, matter.id, [f.id for f in firms], [p.id for p in people[:inspectors]])


def declare(sessions: sessionmaker[Session], inspector_id: int, enterprise_id: int) -> None:
    with sessions() as db:
        db.add(
            InspectorConflict(
                inspector_id=inspector_id,
                enterprise_id=enterprise_id,
                reason="近亲属在该企业任职",
                declared_on=dt.datetime.now(CHINA_TZ).date(),
            )
        )
        db.commit()
