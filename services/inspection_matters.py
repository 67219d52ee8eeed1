"""The list of random inspection matters (随机抽查事项清单) and what the public portal shows.

北碚府办发〔2016〕65号 (十五): "制定随机抽查事项清单，明确抽查依据、抽查主体、抽查内容、抽查方式等…
及时向社会公布": a matter is public from the day it is entered. 国办发〔2015〕20号 (十五): the
results of a draw are public once its publication step is done (within 20 working days); the
public sees the enterprises and the matter, and of the inspectors only their names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from db.roster_models import InspectionMatter, RandomDraw
from domain.random_draw_forms import MatterInput
from services import random_draws
from services.inspector_roster import require_bureau_staff
from services.principal import Principal


@dataclass(frozen=True)
class PublicMatter:
    bureau: str
    title: str
    legal_basis: str
    content: str
    sectors: tuple[str, ...]
    share_percent: float | None
    draw_count: int | None
    published_on: dt.date


@dataclass(frozen=True)
class PublicResult:
    bureau: str
    matter: str
    drawn_on: dt.date
    published_on: str
    enterprises: tuple[tuple[str, tuple[str, ...]], ...]  # (enterprise name, inspector names)


def matters_of(db: Session, org_id: int) -> list[InspectionMatter]:
    return list(
        db.scalars(select(InspectionMatter).where(InspectionMatter.org_id == org_id).order_by(InspectionMatter.id))
    )


def add_matter(db: Session, principal: Principal, data: MatterInput, today: dt.date) -> InspectionMatter:
    require_bureau_staff(principal)
    matter = InspectionMatter(
        org_id=principal.org_id,
        title=data.title,
        legal_basis=data.legal_basis,
        content=data.content,
        sectors=list(dict.fromkeys(data.sectors)),
        share_percent=data.share_percent,
        draw_count=data.draw_count,
        published_on=today,
    )
    db.add(matter)
    db.commit()
    return matter


def public_matters(db: Session) -> list[PublicMatter]:
    rows = db.execute(
        select(InspectionMatter, models.Organisation.name)
        .join(models.Organisation, models.Organisation.id == InspectionMatter.org_id)
        .order_by(models.Organisation.name, InspectionMatter.id)
    )
    return [
        PublicMatter(
            bureau,
            m.title,
            m.legal_basis,
            m.content,
            tuple(m.sectors),
            float(m.share_percent) if m.share_percent is not None else None,
            m.draw_count,
            m.published_on,
        )
        for m, bureau in rows
    ]


def public_results(db: Session, limit: int = 50) -> list[PublicResult]:
    """Draws whose publication step is done, newest first."""
    rows = db.execute(
        select(RandomDraw, models.Case, models.Organisation.name, InspectionMatter.title)
        .join(models.Case, models.Case.id == RandomDraw.case_id)
        .join(models.Organisation, models.Organisation.id == RandomDraw.org_id)
        .join(InspectionMatter, InspectionMatter.id == RandomDraw.matter_id)
        .where(models.Case.status == "published")
        .order_by(RandomDraw.drawn_at.desc())
        .limit(limit)
    )
    results: list[PublicResult] = []
    for row, case, bureau, matter in rows:
        drawn = random_draws.selections(db, row.id)
        results.append(
            PublicResult(
                bureau,
                matter,
                row.drawn_on,
                str(case.details.get("published_on", "")),
                tuple((d.enterprise_name, d.inspector_names) for d in drawn),
            )
        )
    return results
