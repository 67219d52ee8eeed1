"""Start a 约谈 (interview) or a 重大案件会商 (consultation): the ladder, the parties, the case row.

An interview is the office's (安委办): it interviews the level below only — the government of a
jurisdiction directly below (whose safety office receives the commitments), a department of
that level, or an enterprise of its own jurisdiction; a 特别重大 accident is answered from the
province (domain/interview.py `check_ladder`). The case sits in the party's jurisdiction, so
the party sees it and the office above it. A consultation is the bureau's, with the police and
the procuratorate of its level, on a case it can see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from db.organisation_queries import org_in, path_codes
from domain import interview as iv
from domain.accident_grading import Grade
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.legal_calendar import CHINA_TZ
from domain.roles import OrgType, Role
from services.case_start import number_case, start_case_workflow
from services.principal import Principal, require_role, visible_cases
from workflows.contracts import CaseStart
from workflows.interview import CONSULTATION_PROCESS, PROCESS, ConsultationWorkflow, InterviewWorkflow
from workflows.interview.contracts import Agency, ConsultationInput, InterviewInput


@dataclass(frozen=True)
class Party:
    name: str
    jurisdiction: models.Jurisdiction
    above: str | None  # the jurisdiction directly above the party (the ladder's check)
    org_id: int  # whose inbox holds its commitments
    role: str
    enterprise_id: int | None = None


def resolve_party(db: Session, principal: Principal, request: iv.InterviewRequest) -> Party:
    if request.party_kind == "government":
        place = db.get(models.Jurisdiction, request.jurisdiction_code)
        if place is None:
            raise InvalidInput("被约谈的人民政府所在行政区划不存在")
        office = org_in(db, place.code, OrgType.SAFETY_OFFICE)
        if office is None:
            raise InvalidInput(f"{place.name}没有安委办，无法跟踪其承诺事项")
        return Party(f"{place.name}人民政府", place, place.parent_code, office.id, Role.OFFICE)
    if request.party_kind == "department":
        org = db.get(models.Organisation, request.org_id)
        if org is None or org.org_type != OrgType.EMERGENCY_BUREAU:
            raise InvalidInput("被约谈的部门不存在")
        place = db.get(models.Jurisdiction, org.jurisdiction_code)
        assert place is not None
        return Party(org.name, place, place.parent_code, org.id, Role.HANDLER)
    enterprise = db.get(models.Enterprise, request.enterprise_id)
    if enterprise is None:
        raise InvalidInput("被约谈的生产经营单位不存在")
    place = db.get(models.Jurisdiction, enterprise.jurisdiction_code)
    assert place is not None
    # The enterprise acts on its portal; a paper report is recorded by the office itself.
    return Party(enterprise.name, place, place.code, principal.org_id, Role.OFFICE, enterprise.id)


def source_cases(db: Session, principal: Principal, case_nos: list[str]) -> list[models.Case]:
    found = []
    for case_no in dict.fromkeys(n.strip() for n in case_nos):
        case = db.scalars(
            select(models.Case).where(models.Case.case_no == case_no, visible_cases(principal))
        ).one_or_none()
        if case is None:
            raise NotFound(f"未找到案件{case_no}")
        found.append(case)
    return found


async def start_interview(
    *,
    db: Session,
    client: Client,
    task_queue: str,
    principal: Principal,
    request: iv.InterviewRequest,
    now: dt.datetime,
    trigger: str = "",
) -> models.Case:
    require_role(principal, Role.OFFICE)
    if principal.org_type != OrgType.SAFETY_OFFICE:
        raise Forbidden("约谈由安委办组织")
    try:
        iv.check_meeting_day(request.meeting_on, now.astimezone(CHINA_TZ).date())
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    party = resolve_party(db, principal, request)
    if not party.jurisdiction.path.startswith(principal.jurisdiction_path):
        raise Forbidden("被约谈方不在本机关辖区内")
    sources = source_cases(db, principal, request.source_case_nos)
    gravest = any(c.process == "accident" and c.details.get("grade") == Grade.EXTRAORDINARY for c in sources)
    try:
        iv.check_ladder(
            principal.jurisdiction_level, principal.jurisdiction_code, party.above, gravest_accident=gravest
        )
    except PermissionError as exc:
        raise Forbidden(str(exc)) from None
    open_case = db.scalars(
        select(models.Case.case_no).where(
            models.Case.process == PROCESS,
            models.Case.closed.is_(False),
            models.Case.title == f"约谈{party.name}"[:200],
        )
    ).first()
    if open_case is not None:
        raise Conflict(f"对{party.name}的约谈正在进行中（{open_case}）")
    case = models.Case(
        case_no="",
        workflow_id="",
        process=PROCESS,
        title=f"约谈{party.name}"[:200],
        status="starting",
        jurisdiction_code=party.jurisdiction.code,
        jurisdiction_path=party.jurisdiction.path,
        enterprise_id=party.enterprise_id,
        created_by_user_id=principal.user_id,
        created_at=now,
        updated_at=now,
        details={
            "party_kind": request.party_kind,
            "party_name": party.name,
            "office_name": principal.org_name,
            "reason": request.reason,
            "matters": request.matters,
            "meeting_on": request.meeting_on.isoformat(),
            "place": request.place,
            "source_case_nos": [c.case_no for c in sources],
            "trigger": trigger,
        },
    )
    number_case(db, case, "YT", now)
    for source in sources:
        db.add(models.CaseLink(case_id=case.id, source_case_id=source.id, kind=PROCESS))
    db.commit()
    workflow_input = InterviewInput(
        start=CaseStart(
            case.id, case.case_no, case.jurisdiction_code, path_codes(case.jurisdiction_path), principal.actor()
        ),
        office_org_id=principal.org_id,
        office_name=principal.org_name,
        party_kind=request.party_kind,
        party_name=party.name,
        party_org_id=party.org_id,
        party_role=party.role,
        enterprise_id=party.enterprise_id,
        reason=request.reason,
        matters=request.matters,
        meeting_on=request.meeting_on,
        place=request.place,
        source_case_nos=[c.case_no for c in sources],
    )
    await start_case_workflow(db, client, case, InterviewWorkflow.run, workflow_input, task_queue)
    return case


async def start_consultation(
    *,
    db: Session,
    client: Client,
    task_queue: str,
    principal: Principal,
    request: iv.ConsultationRequest,
    now: dt.datetime,
) -> models.Case:
    """西双版纳 (十六): the bureau convenes the police and the procuratorate of its level."""
    require_role(principal, Role.HANDLER)
    if principal.org_type != OrgType.EMERGENCY_BUREAU:
        raise Forbidden("重大案件会商由应急管理部门召集")
    try:
        iv.check_meeting_day(request.meeting_on, now.astimezone(CHINA_TZ).date())
    except ValueError as exc:
        raise InvalidInput(str(exc).replace("约谈", "会商")) from None
    (source,) = source_cases(db, principal, [request.case_no])
    if source.process == CONSULTATION_PROCESS:
        raise InvalidInput("会商的对象应为执法或事故案件")
    agencies = [Agency("应急", principal.org_id, Role.HANDLER, principal.org_name)]
    for key, org_type in (("公安", OrgType.PUBLIC_SECURITY), ("检察", OrgType.PROCURATORATE)):
        org = org_in(db, principal.jurisdiction_code, org_type)
        if org is None:
            raise Conflict(f"本级没有{key}机关，无法会商")
        agencies.append(Agency(key, org.id, iv.AGENCIES[key], org.name))
    place = db.get(models.Jurisdiction, principal.jurisdiction_code)
    assert place is not None
    case = models.Case(
        case_no="",
        workflow_id="",
        process=CONSULTATION_PROCESS,
        title=f"会商：{source.title}"[:200],
        status="starting",
        jurisdiction_code=place.code,
        jurisdiction_path=place.path,
        enterprise_id=None,  # between agencies: never on an enterprise's portal
        created_by_user_id=principal.user_id,
        created_at=now,
        updated_at=now,
        details={
            "source_case_no": source.case_no,
            "agenda": request.agenda,
            "meeting_on": request.meeting_on.isoformat(),
            "place": request.place,
            "agencies": [a.name for a in agencies],
        },
    )
    number_case(db, case, "HS", now)
    db.add(models.CaseLink(case_id=case.id, source_case_id=source.id, kind=CONSULTATION_PROCESS))
    db.commit()
    workflow_input = ConsultationInput(
        start=CaseStart(case.id, case.case_no, place.code, path_codes(place.path), principal.actor()),
        bureau_org_id=principal.org_id,
        agencies=agencies,
        source_case_no=source.case_no,
        agenda=request.agenda,
        meeting_on=request.meeting_on,
        place=request.place,
    )
    await start_case_workflow(db, client, case, ConsultationWorkflow.run, workflow_input, task_queue)
    return case
