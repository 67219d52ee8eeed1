"""How the year's public reports were handled, published on the portal (本溪 (十): "公布问题处理和
整改情况"). Counts per handling bureau only: no report's text, place or reporter is shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from domain.legal_calendar import CHINA_TZ
from domain.public_report import PROCESS


@dataclass
class BureauOutcomes:
    bureau: str
    received: int = 0
    concluded: int = 0
    substantiated: int = 0  # 属实 or 部分属实
    rectification: int = 0  # handed over to a hazard or rectification case (整改)
    rewards_paid: int = 0
    rewards_amount: int = 0  # 元


def report_outcomes(db: Session, year: int) -> list[BureauOutcomes]:
    start = dt.datetime(year, 1, 1, tzinfo=CHINA_TZ)
    end = dt.datetime(year + 1, 1, 1, tzinfo=CHINA_TZ)
    rows: dict[str, BureauOutcomes] = {}
    cases = db.execute(
        select(models.Case.status, models.Case.details).where(
            models.Case.process == PROCESS, models.Case.created_at >= start, models.Case.created_at < end
        )
    )
    for status, details in cases:
        name = str(details.get("handling_org") or "—")
        row = rows.setdefault(name, BureauOutcomes(name))
        row.received += 1
        row.concluded += status == "concluded"
        row.substantiated += details.get("result") in ("substantiated", "partly")
        row.rectification += details.get("handoff") in ("hazard", "rectification")
        if details.get("reward_status") == "paid":
            row.rewards_paid += 1
            row.rewards_amount += int(details.get("reward_amount") or 0)
    return sorted(rows.values(), key=lambda r: r.bureau)
