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


@dataclass
class HazardSupervisionResult:
    status: str
