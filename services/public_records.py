"""What the public portal lists without login: published accident reports, listed and delisted
major hazards, and enforcement information (行政执法信息公示).

Each list takes only what was published, through the shared `public_listing` mechanism, and
passes free text through `redact` (personal data masked). No internal notes leave here: the
views below name every field the public sees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from db import models
from domain.errors import InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.redaction import redact
from services.public_listing import PublicPage, PublicSearch, matching, paginate

EnforcementRow = tuple[models.Case, models.Enterprise, dict[str, Any] | None, dict[str, Any], dt.datetime, str]
HAZARD_STATES = {"": "全部", "listed": "挂牌督办中", "delisted": "已摘牌销号"}

# The listing's publication: one step with the filing before the hazard-law-2026 patch, its own
# step (挂牌公告, H22) after it.
LISTING_PUBLICATION_STEPS = ("publish_listing", "listing_publication")


@dataclass(frozen=True)
class PublishedReport:
    case_no: str
    title: str
    grade: str
    occurred_at: str
    published_on: str


@dataclass(frozen=True)
class HazardNotice:
    """A major hazard as announced: listed (挂牌) and, once accepted, delisted (摘牌销号)."""

    case_no: str
    enterprise_name: str
    hazard: str
    grade_label: str
    listed_on: str
    delisted_on: str
    supervising_office: str  # the safety committee's office that lists and supervises
    supervising_org: str  # the local emergency-management bureau


@dataclass(frozen=True)
class EnforcementNotice:
    """A published administrative penalty decision (行政处罚决定) of the rectification process."""

    decision_no: str
    enterprise_name: str
    credit_code: str
    facts: str
    basis: str
    penalty: str
    authority: str
    decided_on: str
    published_on: str


def _day(value: dt.datetime | None) -> str:
    return value.astimezone(CHINA_TZ).date().isoformat() if value else ""


def published_reports(db: Session, search: PublicSearch) -> PublicPage[PublishedReport]:
    """Accident investigation reports published after their reply (条例 art 34)."""
    case = models.Case
    query = (
        select(case)
        .where(case.process == "accident", case.details["report_published"].as_boolean().is_(True))
        .order_by(case.details["published_on"].as_string().desc(), case.id.desc())
    )
    found = matching(search.q, [case.title, case.case_no])
    if found is not None:
        query = query.where(found)
    page: PublicPage[models.Case] = paginate(db, query, search)
    return page.map(
        lambda c: PublishedReport(
            c.case_no,
            redact(c.title),
            str(c.details.get("grade", "")),
            str(c.details.get("occurred_at", "")),
            str(c.details.get("published_on", "")),
        )
    )


def hazard_notices(db: Session, search: PublicSearch, state: str = "") -> PublicPage[HazardNotice]:
    """Hazards whose listing was announced (国发〔2010〕23号 逐级挂牌督办、公告), and their delisting."""
    if state not in HAZARD_STATES:
        raise InvalidInput("状态只能是：挂牌督办中、已摘牌销号或全部")
    listing = aliased(models.Task)
    delisting = aliased(models.Task)
    case = models.Case
    query = (
        select(case, models.Enterprise.name, listing.outcome, listing.completed_at, delisting.outcome)
        .join(models.Enterprise, models.Enterprise.id == case.enterprise_id)
        .join(
            listing,
            and_(
                listing.case_id == case.id, listing.step.in_(LISTING_PUBLICATION_STEPS), listing.status == "completed"
            ),
        )
        .outerjoin(
            delisting,
            and_(
                delisting.case_id == case.id,
                delisting.step == "delisting_publication",
                delisting.status == "completed",
            ),
        )
        .where(case.process == "hazard")
        .order_by(listing.completed_at.desc(), case.id.desc())
    )
    if state == "listed":
        query = query.where(delisting.id.is_(None))
    elif state == "delisted":
        query = query.where(delisting.id.is_not(None))
    found = matching(search.q, [case.title, models.Enterprise.name])
    if found is not None:
        query = query.where(found)
    page: PublicPage[tuple[models.Case, str, dict[str, object], dt.datetime, dict[str, object] | None]]
    page = paginate(db, query, search)
    return page.map(
        lambda row: HazardNotice(
            row[0].case_no,
            row[1],
            redact(str(row[0].details.get("hazard_title", ""))),
            str(row[0].details.get("grade_label", "")),
            str(row[2].get("published_on") or _day(row[3])),
            str((row[4] or {}).get("published_on", "")),
            str(row[0].details.get("listing_office", "")),
            str(row[0].details.get("supervising_org", "")),
        )
    )


def enforcement_notices(db: Session, search: PublicSearch, today: dt.date) -> PublicPage[EnforcementNotice]:
    """Penalty decisions from their publication day on; a withdrawn publication (行政处罚法 art 48)
    leaves the list."""
    notice = aliased(models.Task)
    decision = aliased(models.Task)
    case = models.Case
    published_on = case.details["published_on"].as_string()
    query = (
        select(
            case, models.Enterprise, notice.outcome, decision.outcome, decision.completed_at, models.Organisation.name
        )
        .join(models.Enterprise, models.Enterprise.id == case.enterprise_id)
        .join(
            decision,
            and_(decision.case_id == case.id, decision.step == "penalty_decision", decision.status == "completed"),
        )
        .join(models.Organisation, models.Organisation.id == decision.org_id)
        .outerjoin(
            notice, and_(notice.case_id == case.id, notice.step == "penalty_notice", notice.status == "completed")
        )
        .where(
            case.process == "rectification",
            case.details["decision_no"].as_string().is_not(None),
            published_on.is_not(None),
            published_on <= today.isoformat(),
            case.details["publication_withdrawn_on"].as_string().is_(None),
        )
        .order_by(published_on.desc(), case.id.desc())
    )
    found = matching(
        search.q, [models.Enterprise.name, models.Enterprise.credit_code, case.details["decision_no"].as_string()]
    )
    if found is not None:
        query = query.where(found)
    page = paginate(db, query, search)
    return page.map(_enforcement_notice)


def _enforcement_notice(row: EnforcementRow) -> EnforcementNotice:
    case, enterprise, notice, decision, decided_at, authority = row
    fine = int(decision.get("fine_cny") or case.details.get("fine_cny") or 0)
    return EnforcementNotice(
        decision_no=str(case.details.get("decision_no", "")),
        enterprise_name=enterprise.name,
        credit_code=enterprise.credit_code,
        facts=redact(str((notice or {}).get("facts", ""))),
        basis=str((notice or {}).get("basis", "")),
        penalty=f"罚款{fine:,}元" if fine else "不予行政处罚",
        authority=authority,
        decided_on=_day(decided_at),
        published_on=str(case.details.get("published_on", "")),
    )
