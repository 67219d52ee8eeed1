"""Who sees what of a public report: the reporter's identity (only the handling office), and the
tracking page (status and the public reply, nothing internal)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain import tracking_code
from domain.errors import NotFound
from domain.public_report import (
    PROCESS,
    PUBLIC_STATUS_LABELS,
    ReporterView,
    mask_name,
    mask_phone,
)
from services.case_actions import visible_case
from services.principal import Principal


def reporter_view(db: Session, principal: Principal, case_id: int) -> ReporterView | None:
    """The reporter in full for the handling office; masked for everyone else, the upper level included."""
    case = visible_case(db, principal, case_id)
    if case.process != PROCESS:
        return None
    report = db.scalars(select(models.PublicReport).where(models.PublicReport.case_id == case.id)).one_or_none()
    if report is None:
        return None
    if principal.org_id == report.handling_org_id:
        return ReporterView(report.anonymous, report.reporter_name, report.reporter_phone, masked=False)
    return ReporterView(report.anonymous, mask_name(report.reporter_name), mask_phone(report.reporter_phone), True)


@dataclass(frozen=True)
class TrackedReport:
    """All the tracking page shows: never the description's handling, findings or identities."""

    case_no: str
    received_on: str
    status: str
    closed: bool
    handling_org: str
    handling_due: str
    extension_reason: str
    reply: str
    replied_on: str
    # 举报奖励 (本溪 (十)): the notice and its state, read with the code; never the reporter's name.
    reward_status: str = ""  # decided | refused | paid
    reward_notice: str = ""


def track(db: Session, typed_code: str) -> TrackedReport:
    """The report a code belongs to; `InvalidInput` for a mistyped code, `NotFound` for an unknown one."""
    code = tracking_code.validate(typed_code)
    found = db.execute(
        select(models.Case)
        .join(models.PublicReport, models.PublicReport.case_id == models.Case.id)
        .where(models.PublicReport.tracking_hash == tracking_code.digest(code))
    ).scalar_one_or_none()
    if found is None:
        raise NotFound("未找到该查询码对应的举报，请核对查询码")
    details = found.details
    return TrackedReport(
        case_no=found.case_no,
        received_on=str(details.get("received_on", "")),
        status=PUBLIC_STATUS_LABELS.get(found.status, "办理中"),
        closed=found.closed,
        handling_org=str(details.get("handling_org", "")),
        handling_due=str(details.get("handling_due", "")),
        extension_reason=str(details.get("extension_reason", "")),
        reply=str(details.get("public_reply", "")),
        replied_on=str(details.get("replied_on", "")),
        reward_status=str(details.get("reward_status", "")),
        reward_notice=str(details.get("reward_notice", "")),
    )


def track_in(sessions: sessionmaker[Session], typed_code: str) -> TrackedReport:
    """`track` in a session of its own (for scripts and tests)."""
    with sessions() as db:
        return track(db, typed_code)
