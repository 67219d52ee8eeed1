"""The periodic job that proposes interviews (约谈) by rule, and the office's confirm or dismiss.

The job reads the projection (hazard cases whose steps were overdue, graded accidents, the
supervisions of the last 12 months), asks `domain.interview_triggers.propose` which interviews the
rules call for, and stores each proposal once by its key (unique): run it hourly, twice, or after a
restart, the same facts never make a second proposal. It keeps no state of its own. A confirmed
proposal starts the interview through the same intake as a hand-made one (the ladder applies).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from db import models
from db.interview_models import InterviewProposal
from db.organisation_queries import ancestor_at_level, org_in
from domain import interview_triggers as rules
from domain.errors import Conflict, NotFound
from domain.interview import InterviewRequest
from domain.roles import Level, OrgType, Role
from services.interview_intake import start_interview
from services.principal import Principal, require_role

YEAR = dt.timedelta(days=365)


def gather(
    db: Session, now: dt.datetime
) -> tuple[list[rules.HazardFact], list[rules.AccidentFact], list[rules.EscalationFact]]:
    overdue = (
        select(models.Task.case_id, func.count().label("n"))
        .where(models.Task.overdue.is_(True), models.Task.step != "supervision")
        .group_by(models.Task.case_id)
        .subquery()
    )
    listed = select(models.Task.case_id).where(models.Task.step == "publish_listing")
    hazards = [
        rules.HazardFact(case.case_no, enterprise.id, enterprise.name, enterprise.jurisdiction_code, n)
        for case, enterprise, n in db.execute(
            select(models.Case, models.Enterprise, overdue.c.n)
            .join(overdue, overdue.c.case_id == models.Case.id)
            .join(models.Enterprise, models.Enterprise.id == models.Case.enterprise_id)
            .where(models.Case.process == "hazard", models.Case.id.in_(listed))
        )
    ]
    accidents = [
        rules.AccidentFact(
            case.case_no,
            case.enterprise_id,
            name or "",
            code or case.jurisdiction_code,
            str(case.details.get("grade", "")),
        )
        for case, name, code in db.execute(
            select(models.Case, models.Enterprise.name, models.Enterprise.jurisdiction_code)
            .outerjoin(models.Enterprise, models.Enterprise.id == models.Case.enterprise_id)
            .where(models.Case.process == "accident", models.Case.created_at >= now - YEAR)
        )
    ]
    by_subject: dict[tuple[str, str], list[str]] = defaultdict(list)
    names: dict[tuple[str, str], tuple[str, str]] = {}
    rows = db.execute(
        select(models.Task.opened_at, models.Case, models.Enterprise, models.Jurisdiction)
        .join(models.Case, models.Case.id == models.Task.case_id)
        .join(models.Jurisdiction, models.Jurisdiction.code == models.Case.jurisdiction_code)
        .outerjoin(models.Enterprise, models.Enterprise.id == models.Case.enterprise_id)
        .where(models.Task.step == "supervision", models.Task.opened_at >= now - YEAR)
        .order_by(models.Task.opened_at, models.Task.id)
    )
    for _, case, enterprise, place in rows:
        if enterprise is not None:
            key = ("enterprise", str(enterprise.id))
            names[key] = (enterprise.name, enterprise.jurisdiction_code)
        else:
            key = ("government", place.code)
            names[key] = (f"{place.name}人民政府", place.code)
        by_subject[key].append(case.case_no)
    escalations = [
        rules.EscalationFact(kind, subject, names[(kind, subject)][0], names[(kind, subject)][1], tuple(nos))
        for (kind, subject), nos in by_subject.items()
    ]
    return hazards, accidents, escalations


def deciding_office(db: Session, proposal: rules.Proposal) -> models.Organisation | None:
    """The office one level above the party: an enterprise's own jurisdiction's office, a
    government's parent's; the province's for a 特别重大 accident."""
    if proposal.gravest:
        province = ancestor_at_level(db, proposal.jurisdiction_code, Level.PROVINCE)
        return org_in(db, province.code, OrgType.SAFETY_OFFICE) if province else None
    if proposal.party_kind == "enterprise":
        return org_in(db, proposal.jurisdiction_code, OrgType.SAFETY_OFFICE)
    place = db.get(models.Jurisdiction, proposal.jurisdiction_code)
    if place is None or place.parent_code is None:
        return None
    return org_in(db, place.parent_code, OrgType.SAFETY_OFFICE)


def run_triggers(sessions: sessionmaker[Session], config: rules.TriggerRules, now: dt.datetime) -> int:
    """One run of the job; returns how many proposals it stored (0 on a repeated run)."""
    with sessions() as db:
        found = rules.propose(config, *gather(db, now))
        stored = 0
        for proposal in found:
            if db.scalar(select(InterviewProposal.id).where(InterviewProposal.key == proposal.key)) is not None:
                continue
            office = deciding_office(db, proposal)
            if office is None:
                continue
            db.add(
                InterviewProposal(
                    key=proposal.key,
                    rule=proposal.rule,
                    office_org_id=office.id,
                    party_kind=proposal.party_kind,
                    jurisdiction_code=proposal.jurisdiction_code,
                    enterprise_id=int(proposal.subject) if proposal.party_kind == "enterprise" else None,
                    party_name=proposal.name[:200],
                    reason=proposal.reason,
                    summary=proposal.summary[:300],
                    source_case_nos=list(proposal.source_case_nos),
                    status="proposed",
                    created_at=now,
                    dismiss_reason="",
                )
            )
            try:
                db.commit()  # one by one: a concurrent run that stored the same key loses only that one
                stored += 1
            except IntegrityError:
                db.rollback()
        return stored


def proposals(db: Session, principal: Principal, status: str = "proposed") -> list[InterviewProposal]:
    require_role(principal, Role.OFFICE)
    return list(
        db.scalars(
            select(InterviewProposal)
            .where(InterviewProposal.office_org_id == principal.org_id, InterviewProposal.status == status)
            .order_by(InterviewProposal.created_at.desc(), InterviewProposal.id.desc())
        )
    )


def _own(db: Session, principal: Principal, proposal_id: int) -> InterviewProposal:
    require_role(principal, Role.OFFICE)
    proposal = db.get(InterviewProposal, proposal_id)
    if proposal is None or proposal.office_org_id != principal.org_id:
        raise NotFound("约谈建议不存在")
    if proposal.status != "proposed":
        raise Conflict("该约谈建议已处理")
    return proposal


async def confirm(
    *,
    db: Session,
    client: Client,
    task_queue: str,
    principal: Principal,
    proposal_id: int,
    meeting_on: dt.date,
    place: str,
    matters: str,
    now: dt.datetime,
) -> models.Case:
    proposal = _own(db, principal, proposal_id)
    party = (
        {"enterprise_id": proposal.enterprise_id}
        if proposal.party_kind == "enterprise"
        else {"jurisdiction_code": proposal.jurisdiction_code}
    )
    request = InterviewRequest.model_validate(
        {
            "party_kind": proposal.party_kind,
            **party,
            "reason": proposal.reason,
            "matters": matters or proposal.summary,
            "source_case_nos": list(proposal.source_case_nos),
            "meeting_on": meeting_on,
            "place": place,
        }
    )
    key = proposal.key
    case = await start_interview(
        db=db, client=client, task_queue=task_queue, principal=principal, request=request, now=now, trigger=key
    )
    proposal = _own(db, principal, proposal_id)
    proposal.status, proposal.case_id = "confirmed", case.id
    proposal.decided_at, proposal.decided_by_user_id = now, principal.user_id
    db.commit()
    return case


def dismiss(db: Session, principal: Principal, proposal_id: int, reason: str, now: dt.datetime) -> InterviewProposal:
    proposal = _own(db, principal, proposal_id)
    proposal.status, proposal.dismiss_reason = "dismissed", reason
    proposal.decided_at, proposal.decided_by_user_id = now, principal.user_id
    db.commit()
    return proposal
