"""Demo data of issue 21's review instruments: a 12350 report in 沾益区 verified, rewarded and the
reward paid; and two enforcement reviews of the year by 曲靖市 (one done by the city bureau, one
in progress at the city safety-committee office, its files waiting to be scored)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from db import models
from domain.enforcement_review import ReviewOpening
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from domain.public_report import PublicReportSubmission
from services import enforcement_reviews
from services.principal import Principal
from services.public_report_intake import file_report

Step = Callable[[str, int, str, dict[str, Any]], Awaitable[None]]


async def _closed(sessions: sessionmaker[Session], case_id: int) -> None:
    for _ in range(300):
        with sessions() as db:
            if db.scalar(select(models.Case.closed).where(models.Case.id == case_id)):
                return
        await asyncio.sleep(0.1)
    raise RuntimeError(f"case {case_id} did not close")


async def _files(sessions: sessionmaker[Session], case_id: int) -> list[dict[str, Any]]:
    for _ in range(300):
        with sessions() as db:
            case = db.get(models.Case, case_id)
            if case is not None and case.details.get("files"):
                return list(case.details["files"])
        await asyncio.sleep(0.1)
    raise RuntimeError(f"review {case_id}: no sample")


async def load_review_demo(
    sessions: sessionmaker[Session],
    client: Client,
    task_queue: str,
    config: ProcessConfig,
    now: dt.datetime,
    step: Step,
    principal: Callable[[str], Principal],
) -> int:
    """Start the demo's rewarded report and two reviews; return how many cases were started."""
    today = now.astimezone(CHINA_TZ).date().isoformat()
    with sessions() as db:
        filed = await file_report(
            db=db,
            client=client,
            task_queue=task_queue,
            submission=PublicReportSubmission(
                jurisdiction_code="530303",
                description="沾益区德泽纺织有限公司车间消防通道被成品堆占，安全出口上锁。",
                place="沾益区德泽纺织有限公司二号车间",
                enterprise_name="沾益区德泽纺织有限公司",
                occurred_on=None,
                reporter_name="",
                reporter_phone="",
            ),
            client_key="demo-reward",
            limits=config.public_report,
            rewards=config.report_rewards,
            now=now,
        )
    report = filed.case.id
    await step("zy.handler", report, "triage", {"decision": "accept", "reason": "属本局监管的生产经营单位"})
    verified = {"verified_on": today, "method": "site_inspection", "findings": "现场核实：安全出口上锁，通道堆物"}
    await step("zy.handler", report, "verification", verified)
    concluded = {"result": "substantiated", "conclusion": "当场责令改正，依法立案处罚", "handoff": "none"}
    await step("zy.handler", report, "conclusion", concluded)
    reply = {
        "reply": "经核查举报属实，已责令企业立即清理通道、打开安全出口。",
        "replied_on": today,
        "channel": "online",
    }
    await step("zy.handler", report, "reply", reply)
    grant = {"decision": "grant", "category": "violation", "amount": 2000, "reason": "举报安全生产违法行为属实"}
    await step("zy.head", report, "reward_decision", grant)
    await step("zy.handler", report, "reward_payment", {"paid_on": today, "method": "mobile"})
    await _closed(sessions, report)

    year = now.astimezone(CHINA_TZ).year
    started = 1
    for username in ("qj.handler", "qj.office"):  # done by the city bureau; in progress at the office
        with sessions() as db:
            review = await enforcement_reviews.open_review(
                db=db,
                client=client,
                task_queue=task_queue,
                principal=principal(username),
                opening=ReviewOpening(year=year, seed=None),
                settings=config.enforcement_review,
                now=now,
            )
        started += 1
        if username == "qj.office":
            break
        all_pass = dict.fromkeys(("legality", "procedure", "documents", "deadlines"), "pass")
        for _ in await _files(sessions, review.id):  # the city bureau found every sampled file in order
            await step(username, review.id, "file_review", {**all_pass, "opinion": "案卷规范"})
    return started
