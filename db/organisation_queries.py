"""Queries over the organisation tree (jurisdictions and their organisations)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from domain.roles import Level, OrgType


def upper_org(session: Session, org: models.Organisation, org_type: OrgType) -> models.Organisation | None:
    """The organisation of `org_type` in the jurisdiction one level above `org`'s."""
    jurisdiction = session.get(models.Jurisdiction, org.jurisdiction_code)
    if jurisdiction is None or jurisdiction.parent_code is None:
        return None
    return org_in(session, jurisdiction.parent_code, org_type)


def org_in(session: Session, jurisdiction_code: str, org_type: OrgType) -> models.Organisation | None:
    return session.scalars(
        select(models.Organisation).where(
            models.Organisation.jurisdiction_code == jurisdiction_code,
            models.Organisation.org_type == org_type,
        )
    ).one_or_none()


def ancestor_at_level(session: Session, code: str, level: Level) -> models.Jurisdiction | None:
    """The jurisdiction at `level` on the line from the root to `code` (itself included)."""
    jurisdiction = session.get(models.Jurisdiction, code)
    if jurisdiction is None:
        return None
    codes = jurisdiction.path.strip("/").split("/")
    rows = session.scalars(select(models.Jurisdiction).where(models.Jurisdiction.code.in_(codes))).all()
    return next((j for j in rows if j.level == level), None)


def path_codes(path: str) -> list[str]:
    return path.strip("/").split("/")
