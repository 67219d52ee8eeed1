"""Queries over the organisation tree (jurisdictions and their organisations)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from domain.roles import Level, OrgType
from domain.row_integrity import REGISTRY_SCOPE


@dataclass(frozen=True)
class UpperOrgs:
    """Where a step addressed to an organisation escalates and who takes it over, one level up."""

    office_id: int | None  # the safety-committee office (安委办) one level up
    counterpart_id: int | None  # the organisation of the same type one level up


# database URL → (registry head, {org id: its upper organisations}); assigned whole, never changed
# in place, so threads read it without a lock.
_cached: dict[str, tuple[tuple[int, str], dict[int, UpperOrgs]]] = {}


def upper_orgs(session: Session, org_id: int) -> UpperOrgs | None:
    """`org_id`'s upper organisations, from a per-process copy of the organisation tree.

    The copy is keyed by the row ledger's registry head (db/row_ledger.py): every change of an
    organisation or jurisdiction through the ORM moves that head in its own transaction, so an
    administrator's change made in any process is seen at the next call (one primary-key read).
    The head is a hash over the registry's history, so it never names two different trees.
    """
    found = session.execute(_READ_REGISTRY_HEAD).first()
    if found is None:  # no ledger yet: nothing to key a copy on
        return _read_tree(session).get(org_id)
    head = (found.seq, found.hash)
    database = session.get_bind().engine.url.render_as_string(hide_password=True)
    cached = _cached.get(database)
    if cached is None or cached[0] != head:
        cached = (head, _read_tree(session))
        _cached[database] = cached
    return cached[1].get(org_id)


# A Core read (no autoflush on the way), built once: every projection call that opens a step runs it.
_HEADS = models.Base.metadata.tables["row_ledger_heads"]
_READ_REGISTRY_HEAD = select(_HEADS.c.seq, _HEADS.c.hash).where(_HEADS.c.scope == REGISTRY_SCOPE)


def _read_tree(session: Session) -> dict[int, UpperOrgs]:
    parents = dict(session.execute(select(models.Jurisdiction.code, models.Jurisdiction.parent_code)).all())
    orgs = session.execute(
        select(models.Organisation.id, models.Organisation.jurisdiction_code, models.Organisation.org_type)
    ).all()
    by_place = {(o.jurisdiction_code, o.org_type): o.id for o in orgs}
    tree: dict[int, UpperOrgs] = {}
    for org in orgs:
        parent = parents.get(org.jurisdiction_code)
        if parent is None:
            tree[org.id] = UpperOrgs(None, None)
        else:
            tree[org.id] = UpperOrgs(
                by_place.get((parent, OrgType.SAFETY_OFFICE.value)), by_place.get((parent, org.org_type))
            )
    return tree


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
