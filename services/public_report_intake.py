"""A report from the public (安全生产举报): flood limits, the case row, the identity kept apart,
the tracking code, then the verification workflow. Bad input writes nothing.

The flood limits are simple on purpose, configured under `[public_report]`, and never close the
channel for everybody (security probe F3):
- per client (a keyed hash of its IPv4 address or IPv6 /64, kept in a table of its own that no
  report points to), per rolling hour;
- per text: the same description (whitespace and case folded, keyed hash) from all clients
  together, per day, which catches one abuser spread over many addresses;
- in all: beyond `total_per_hour`, the channel degrades rather than closes: each client's
  allowance drops to `flood_per_client_per_hour`, so a fresh reporter is still served.
Beyond them the form answers 429 and stores nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from db.organisation_queries import org_in, path_codes, upper_org
from domain import tracking_code
from domain.errors import InvalidInput, TooManyRequests
from domain.legal_calendar import CHINA_TZ
from domain.public_report import FloodLimits, PublicReportSubmission
from domain.report_reward import RewardSettings
from domain.roles import OrgType
from services.case_start import number_case, start_case_workflow
from workflows.contracts import Actor, CaseStart
from workflows.public_report import PROCESS, PublicReportWorkflow
from workflows.public_report_contracts import PublicReportInput

HOUR = dt.timedelta(hours=1)
PUBLIC_ACTOR = Actor(user_id=0, name="社会公众", org_id=0, role="public")


class TooManyReports(TooManyRequests):
    pass


@dataclass(frozen=True)
class FiledReport:
    case: models.Case
    code: str  # shown once to the reporter, never stored


def client_hash(address: str, key: str) -> str:
    return hmac.new(key.encode(), address.encode(), hashlib.sha256).hexdigest()


def description_hash(description: str, key: str) -> str:
    """The same text typed again (spacing and case aside) hashes alike."""
    normalised = " ".join(description.split()).casefold()
    return hmac.new(key.encode(), ("description|" + normalised).encode(), hashlib.sha256).hexdigest()


def check_flood(db: Session, client: str, text: str, limits: FloodLimits, now: dt.datetime) -> None:
    """429 beyond this client's allowance (tighter while the whole form is flooded) or the text's."""
    since = now - HOUR
    table = models.PublicFormSubmission
    total = db.scalar(select(func.count()).where(table.at > since)) or 0
    allowance = limits.per_client_per_hour if total < limits.total_per_hour else limits.flood_per_client_per_hour
    mine = db.scalar(select(func.count()).where(table.client_hash == client, table.at > since)) or 0
    if mine >= allowance:
        flooded = allowance < limits.per_client_per_hour
        raise TooManyReports(
            f"同一网络每小时最多提交{allowance}件举报，请稍后再试"
            + ("（当前举报较多，已临时收紧），紧急情况请拨打12350举报电话" if flooded else "")
        )
    repeated = db.scalar(select(func.count()).where(table.description_hash == text, table.at > now - 24 * HOUR)) or 0
    if repeated >= limits.per_description_per_day:
        raise TooManyReports("相同内容的举报已多次提交，请勿重复提交；如有新情况请补充说明后再提交")


async def file_report(
    *,
    db: Session,
    client: Client,
    task_queue: str,
    submission: PublicReportSubmission,
    client_key: str,
    limits: FloodLimits,
    now: dt.datetime,
    flood_key: str = "",
    rewards: RewardSettings | None = None,
) -> FiledReport:
    """Open a verification case at the bureau of the jurisdiction the reporter chose."""
    if submission.occurred_on is not None and submission.occurred_on > now.astimezone(CHINA_TZ).date():
        raise InvalidInput("发现或发生日期不能晚于今天")
    jurisdiction = db.get(models.Jurisdiction, submission.jurisdiction_code)
    bureau = org_in(db, submission.jurisdiction_code, OrgType.EMERGENCY_BUREAU) if jurisdiction else None
    if jurisdiction is None or bureau is None:
        raise InvalidInput("所在地区不存在，请从列表中选择")
    text_key = description_hash(submission.description, flood_key)
    check_flood(db, client_key, text_key, limits, now)
    upper = upper_org(db, bureau, OrgType.EMERGENCY_BUREAU)
    subject = submission.enterprise_name or submission.place
    case = models.Case(
        case_no="",
        workflow_id="",
        process=PROCESS,
        title=f"举报：{subject[:60]}",
        status="starting",
        jurisdiction_code=jurisdiction.code,
        jurisdiction_path=jurisdiction.path,
        enterprise_id=None,
        created_by_user_id=None,
        created_at=now,
        updated_at=now,
        details={
            "description": submission.description,
            "place": submission.place,
            "reported_enterprise": submission.enterprise_name,
            "occurred_on": submission.occurred_on.isoformat() if submission.occurred_on else "",
            "anonymous": submission.anonymous,
            "received_on": now.astimezone(CHINA_TZ).date().isoformat(),
            "handling_org": bureau.name,
        },
    )
    code = tracking_code.new_code()
    db.add(case)
    db.flush()
    db.add(
        models.PublicReport(
            case_id=case.id,
            tracking_hash=tracking_code.digest(code),
            handling_org_id=bureau.id,
            anonymous=submission.anonymous,
            reporter_name=submission.reporter_name,
            reporter_phone=submission.reporter_phone,
            received_at=now,
        )
    )
    db.add(models.PublicFormSubmission(client_hash=client_key, description_hash=text_key, at=now))
    db.execute(delete(models.PublicFormSubmission).where(models.PublicFormSubmission.at < now - 24 * HOUR))
    number_case(db, case, "JB", now)
    workflow_input = PublicReportInput(
        start=CaseStart(case.id, case.case_no, jurisdiction.code, path_codes(jurisdiction.path), PUBLIC_ACTOR),
        handling_org_id=bureau.id,
        upper_org_id=upper.id if upper else None,
        summary=f"{submission.place}" + (f"，涉及{submission.enterprise_name}" if submission.enterprise_name else ""),
        reward_bands={k: list(v) for k, v in (rewards or RewardSettings()).bands.items()},
    )
    await start_case_workflow(
        db, client, case, PublicReportWorkflow.run, workflow_input, task_queue, answer_with_tasks=False
    )
    return FiledReport(case, code)
