"""Opening a crime transfer: from a case of any process, or by hand for an enterprise."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from db.organisation_queries import org_in, path_codes
from domain.crime_transfer import CrimeTransferStart, category_name
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.legal_calendar import UNIT_LABELS
from domain.process_config import ProcessConfig
from domain.roles import OrgType, Role
from services.accident_referral import link_transfer
from services.case_actions import visible_case
from services.case_start import number_case, start_case_workflow
from services.principal import Principal, require_role
from workflows.contracts import CaseStart
from workflows.crime_transfer import PROCESS, AgencyOrg, CrimeTransferInput, CrimeTransferWorkflow, TransferOrgs


async def start_crime_transfer(
    *,
    db: Session,
    client: Client,
    task_queue: str,
    principal: Principal,
    start: CrimeTransferStart,
    now: dt.datetime,
    config: ProcessConfig | None = None,
) -> models.Case:
    """The handler's own bureau transfers, to the police and procuratorate of its own level (art 5)."""
    require_role(principal, Role.HANDLER)
    source = visible_case(db, principal, start.source_case_id) if start.source_case_id else None
    if source is not None:
        if source.process == PROCESS:
            raise InvalidInput("移送案件不能作为另一移送的来源")
        open_transfer = open_transfer_of(db, source.id)
        if open_transfer is not None:
            raise Conflict(f"该案件已有办理中的涉嫌犯罪案件移送（{open_transfer.case_no}）")
    if start.found_by != "bureau" and (source is None or source.process != "accident"):
        # 条例 art 26 / 2019 办法: the accident team or the fire-rescue body hands over what it found
        # in an accident investigation; the transfer stays linked to that accident case.
        raise InvalidInput("事故调查组或消防救援机构发现的线索须从事故调查案件移送")
    enterprise_id = source.enterprise_id if source is not None else start.enterprise_id
    enterprise = db.get(models.Enterprise, enterprise_id) if enterprise_id else None
    if enterprise is None:
        raise NotFound("涉案单位不存在")
    county = db.get(models.Jurisdiction, enterprise.jurisdiction_code)
    assert county is not None
    if not county.path.startswith(principal.jurisdiction_path):
        raise Forbidden("该企业不在您的管辖范围内")
    orgs = _same_level(db, principal)
    case = models.Case(
        case_no="",
        workflow_id="",
        process=PROCESS,
        title=f"{enterprise.name}涉嫌{category_name(start.category)}案件移送",
        status="starting",
        jurisdiction_code=principal.jurisdiction_code,
        jurisdiction_path=principal.jurisdiction_path,
        enterprise_id=enterprise.id,
        created_by_user_id=principal.user_id,
        created_at=now,
        updated_at=now,
        details={
            "category": start.category,
            "facts": start.facts,
            "found_by": start.found_by,
            "settled": False,
        },
    )
    number_case(db, case, "YS", now)
    codes = path_codes(principal.jurisdiction_path)
    workflow_input = CrimeTransferInput(
        start=CaseStart(case.id, case.case_no, principal.jurisdiction_code, codes, principal.actor()),
        title=case.title,
        subject=enterprise.name,
        category=start.category,
        facts=start.facts,
        orgs=orgs,
        police_elsewhere=_police_of_province(db, principal.jurisdiction_path),
        source_case_no=source.case_no if source else "",
        found_by=start.found_by,
        period_labels=period_labels(config or ProcessConfig()),
        review_days=dict((config or ProcessConfig()).crime_transfer_review_days),
    )
    await start_case_workflow(db, client, case, CrimeTransferWorkflow.run, workflow_input, task_queue)
    if source is not None:
        db.add(models.CaseLink(case_id=case.id, source_case_id=source.id, kind=PROCESS))
        db.commit()
        await link_transfer(db, client, principal, source, case)  # an accident's referral step (A17)
    return case


def period_labels(config: ProcessConfig) -> dict[str, str]:
    """Each transfer clock's length as configured, e.g. "3日" or "3个工作日" (printed, audit C6)."""
    return {
        code: f"{rule.amount}{UNIT_LABELS[rule.unit]}"
        for code, rule in config.deadlines.items()
        if code.startswith("crime_transfer.")
    }


def open_transfer_of(db: Session, source_case_id: int) -> models.Case | None:
    """The transfer started from this case that is not yet settled (filed, refused or sent back)."""
    transfers = db.scalars(
        select(models.Case)
        .join(models.CaseLink, models.CaseLink.case_id == models.Case.id)
        .where(models.CaseLink.source_case_id == source_case_id, models.Case.process == PROCESS)
    )
    return next((c for c in transfers if not c.closed and not c.details.get("settled")), None)


def _same_level(db: Session, principal: Principal) -> TransferOrgs:
    if principal.org_type != OrgType.EMERGENCY_BUREAU:
        raise Forbidden("只有行政执法机关（应急管理部门）可以移送涉嫌犯罪案件")
    found = {t: org_in(db, principal.jurisdiction_code, t) for t in OrgType}
    missing = [t for t, org in found.items() if org is None]
    if missing:
        raise InvalidInput(f"{principal.jurisdiction_name}机构设置不完整，无法确定同级公安机关和人民检察院")

    def agency(org_type: OrgType) -> AgencyOrg:
        org = found[org_type]
        assert org is not None
        return AgencyOrg(org.id, org.name, org.jurisdiction_code)

    return TransferOrgs(
        bureau=agency(OrgType.EMERGENCY_BUREAU),
        office=agency(OrgType.SAFETY_OFFICE),
        police=agency(OrgType.PUBLIC_SECURITY),
        procuratorate=agency(OrgType.PROCURATORATE),
    )


def _police_of_province(db: Session, jurisdiction_path: str) -> list[AgencyOrg]:
    province = path_codes(jurisdiction_path)[0]
    rows = db.execute(
        select(models.Organisation)
        .join(models.Jurisdiction, models.Jurisdiction.code == models.Organisation.jurisdiction_code)
        .where(
            models.Organisation.org_type == OrgType.PUBLIC_SECURITY,
            models.Jurisdiction.path.startswith(f"{province}/"),
        )
        .order_by(models.Jurisdiction.path)
    ).scalars()
    return [AgencyOrg(org.id, org.name, org.jurisdiction_code) for org in rows]
