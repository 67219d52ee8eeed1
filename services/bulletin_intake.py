"""Drafting a bulletin (通报, 警示) or a case bulletin (案情通报): check the draft, resolve who is
named and who approves, compute a case bulletin's figures, then the case row and its workflow.
Bad input writes nothing.

Who drafts: a safety-committee office (office staff) drafts 通报 and 警示; a bureau's handler
drafts the case bulletin to the police and the procuratorate of its level (国办发〔2015〕20号 (十三)).
Who approves: the head of the emergency-management bureau of the drafter's jurisdiction (the
office sits in the bureau, whose head is its director; only a head account may approve).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from db.bulletin_models import Bulletin
from db.organisation_queries import org_in, path_codes
from domain import bulletin as b
from domain.errors import Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.roles import ROLE_FOR_ORG_TYPE, OrgType, Role
from services import case_bulletin_figures
from services.case_start import number_case, start_case_workflow
from services.principal import Principal
from workflows.bulletin import PROCESS, BulletinWorkflow
from workflows.bulletin.contracts import BulletinInput, Recipient
from workflows.contracts import CaseStart


def _drafter_may(principal: Principal, kind: str) -> None:
    if kind == "case_bulletin":
        if principal.role != Role.HANDLER or principal.org_type != OrgType.EMERGENCY_BUREAU:
            raise Forbidden("案情通报由应急管理部门承办人起草")
    elif principal.role != Role.OFFICE or principal.org_type != OrgType.SAFETY_OFFICE:
        raise Forbidden("通报由安委办起草")


def _recipients(db: Session, principal: Principal, draft: b.BulletinDraft) -> list[Recipient]:
    """The named governments or departments: organisations of the drafter's jurisdiction or below."""
    if draft.kind == "case_bulletin":
        found = [org_in(db, principal.jurisdiction_code, t) for t in (OrgType.PUBLIC_SECURITY, OrgType.PROCURATORATE)]
        orgs = [org for org in found if org is not None]
    else:
        orgs = []
        for org_id in draft.recipients:
            org = db.get(models.Organisation, org_id)
            if org is None:
                raise InvalidInput(f"通报对象不存在：{org_id}")
            jurisdiction = db.get(models.Jurisdiction, org.jurisdiction_code)
            if jurisdiction is None or not jurisdiction.path.startswith(principal.jurisdiction_path):
                raise InvalidInput(f"{org.name}不在本级及下级范围内，不能通报")
            if org.id == principal.org_id:
                raise InvalidInput("不能通报本机关")
            orgs.append(org)
    return [Recipient(org.id, ROLE_FOR_ORG_TYPE[OrgType(org.org_type)], org.name) for org in orgs]


def _enterprises(db: Session, principal: Principal, ids: list[int]) -> list[models.Enterprise]:
    found = []
    for enterprise_id in ids:
        enterprise = db.get(models.Enterprise, enterprise_id)
        jurisdiction = db.get(models.Jurisdiction, enterprise.jurisdiction_code) if enterprise else None
        if enterprise is None or jurisdiction is None or not jurisdiction.path.startswith(principal.jurisdiction_path):
            raise InvalidInput(f"被通报的企业不存在或不在本辖区：{enterprise_id}")
        found.append(enterprise)
    return found


async def draft_bulletin(
    *, db: Session, client: Client, task_queue: str, principal: Principal, draft: b.BulletinDraft, now: dt.datetime
) -> models.Case:
    """Open a bulletin case; its first step is the head's approval."""
    _drafter_may(principal, draft.kind)
    b.check_draft(draft, now.astimezone(CHINA_TZ).date())
    recipients = _recipients(db, principal, draft)
    if not recipients:
        raise InvalidInput("本级没有可送达的公安机关或人民检察院")
    enterprises = _enterprises(db, principal, draft.named_enterprises)
    head_org = org_in(db, principal.jurisdiction_code, OrgType.EMERGENCY_BUREAU)
    if head_org is None:
        raise InvalidInput("本级没有应急管理部门，无法报负责人审批")
    period, figures = "", {}
    if draft.kind == "case_bulletin":
        assert draft.period_start is not None and draft.period_end is not None
        period = f"{draft.period_start:%Y年%-m月%-d日}至{draft.period_end:%Y年%-m月%-d日}"
        figures = case_bulletin_figures.compute(
            db, principal.org_id, draft.period_start, draft.period_end, viewer_path=principal.jurisdiction_path
        )
    jurisdiction = db.get(models.Jurisdiction, principal.jurisdiction_code)
    assert jurisdiction is not None
    case = models.Case(
        case_no="",
        workflow_id="",
        process=PROCESS,
        title=f"{b.KINDS[draft.kind]}：{draft.subject}"[:200],
        status="starting",
        jurisdiction_code=jurisdiction.code,
        jurisdiction_path=jurisdiction.path,
        enterprise_id=None,
        created_by_user_id=principal.user_id,
        created_at=now,
        updated_at=now,
        details={
            "kind": draft.kind,
            "subject": draft.subject,
            "facts": draft.facts,
            "recipients": [r.name for r in recipients],
            "named_enterprises": [e.name for e in enterprises],
            "rectification": draft.rectification,
            "rectification_due": draft.rectification_deadline.isoformat() if draft.rectification_deadline else "",
            "public": draft.public,
            "period": period,
            # The case bulletin's figures and case list, as the document prints them and the liaisons read them.
            "figures": figures,
        },
    )
    number_case(db, case, "TB", now)
    workflow_input = BulletinInput(
        start=CaseStart(case.id, case.case_no, jurisdiction.code, path_codes(jurisdiction.path), principal.actor()),
        kind=draft.kind,
        drafter_org_id=principal.org_id,
        drafter_role=principal.role,
        head_org_id=head_org.id,
        subject=draft.subject,
        facts=draft.facts,
        recipients=recipients,
        named_enterprises=[e.name for e in enterprises],
        rectification=draft.rectification,
        rectification_due=draft.rectification_deadline.isoformat() if draft.rectification_deadline else "",
        public=draft.public,
        period=period,
        figures=figures,
    )
    await start_case_workflow(db, client, case, BulletinWorkflow.run, workflow_input, task_queue)
    # After the start: a case whose workflow did not start is removed, and this row with it never exists.
    db.add(
        Bulletin(
            case_id=case.id,
            kind=draft.kind,
            drafter_org_id=principal.org_id,
            subject=draft.subject,
            public=draft.public,
            recipient_org_ids=[r.org_id for r in recipients],
            enterprise_ids=[e.id for e in enterprises],
            rectification=draft.rectification,
            rectification_due=draft.rectification_deadline,
            period_start=draft.period_start,
            period_end=draft.period_end,
            created_at=now,
        )
    )
    db.commit()
    return case


def bulletin_of(db: Session, case_id: int) -> Bulletin | None:
    return db.scalars(select(Bulletin).where(Bulletin.case_id == case_id)).one_or_none()
