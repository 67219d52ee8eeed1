"""Acts on cases handled under an entrustment (委托执法): the checks before each act and the
issuing authority of their documents (北碚 (十六): 以委托方名义, 在委托的范围内)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from db.register_models import CaseEntrustment, Entrustment
from domain import entrustment as rules
from domain.legal_calendar import CHINA_TZ
from services.principal import Principal


def acts_under(principal: Principal, row: Entrustment) -> bool:
    """The principal acts for the entrusted unit: its own unit, or the entruster recording for a
    unit without accounts here."""
    if row.entrusted_org_id is not None:
        return principal.org_id == row.entrusted_org_id
    return principal.org_id == row.entruster_org_id


def of_case(db: Session, case_id: int) -> tuple[CaseEntrustment, Entrustment] | None:
    found = db.execute(
        select(CaseEntrustment, Entrustment)
        .join(Entrustment, Entrustment.id == CaseEntrustment.entrustment_id)
        .where(CaseEntrustment.case_id == case_id)
    ).one_or_none()
    return (found[0], found[1]) if found else None


def check_case_act(db: Session, principal: Principal, case: models.Case, step: str, at: dt.datetime) -> None:
    """An act on a case handled under an entrustment, by the unit acting under it: within the
    validity and scope, and never a coercive step (行政强制法 art 17)."""
    found = of_case(db, case.id)
    if found is None or not acts_under(principal, found[1]):
        return
    link, row = found
    rules.check_act(
        matters=row.matters,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        revoked=row.revoked,
        matter=link.matter,
        day=at.astimezone(CHINA_TZ).date(),
    )
    if row.entrusted_org_id is not None:
        entruster = db.get(models.Organisation, row.entruster_org_id)
        rules.check_step(step, entruster.name if entruster else "")


def issuing_authority(db: Session, case_id: int, issuer: models.Organisation) -> tuple[str, str]:
    """The name a document of the case is issued under, and the line naming the entrusted unit
    ("" when the case is not handled under an entrustment by this issuer)."""
    found = of_case(db, case_id)
    if found is None:
        return issuer.name, ""
    row = found[1]
    if issuer.id not in (row.entruster_org_id, row.entrusted_org_id):
        return issuer.name, ""
    entruster = db.get(models.Organisation, row.entruster_org_id)
    assert entruster is not None
    return entruster.name, rules.entrusted_line(row.entrusted_name)
