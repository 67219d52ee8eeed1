"""Payloads of the hazard supervision: its input (frozen at intake) and result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workflows.contracts import CaseStart


@dataclass
class HazardSupervisionInput:
    start: CaseStart
    title: str
    grade: int
    enterprise_name: str
    listing_office_org_id: int  # safety-committee office at the level that lists the grade
    supervising_org_id: int  # emergency-management bureau where the enterprise sits
    progress_interval_days: int = 90
    max_rectification_days: int = 366
    # A case taken over from paper records keeps the day it was reported: the first clock runs from it.
    reported_at: dt.datetime | None = None
    description: str = ""  # printed on the supervision notice
    supervising_org_name: str = ""
    enterprise_id: int | None = None  # lets the enterprise's own user submit its steps
    # Cases under the 2026 rules (patch `hazard-law-2026`); older inputs have the defaults.
    sector: str = ""  # "coal": 煤矿安全生产条例 (20-day resumption acceptance, sign-off chain, notice)
    progress_by_calendar_quarter: bool = False  # H8: reports after each calendar quarter
    suspend_licence_on_listing: bool = False  # H12: 暂扣安全生产许可证 while listed (config)
    suspend_licence_when_overdue: bool = False  # H28: 暂扣 once rectification is overdue (config)
    # O1: the listing office, when it sits above the bureau's next rung: the bureau's overdue
    # steps go to it directly (a province-listed hazard's county tasks to the province office).
    bureau_escalation_org_id: int | None = None
    general_listed: bool = False  # H1: a 一般 hazard listed by the county (西双版纳 (十二)), config


@dataclass
class HazardSupervisionResult:
    status: str
