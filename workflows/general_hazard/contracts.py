"""Payloads of the 一般事故隐患 closed loop."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workflows.contracts import CaseStart


@dataclass
class GeneralHazardInput:
    start: CaseStart
    bureau_org_id: int  # the county bureau where the enterprise sits (西双版纳 (十二))
    enterprise_id: int
    enterprise_name: str
    description: str
    found_by: str  # inspection | self_report (domain.general_hazard.FOUND_BY)
    source_case_id: int | None = None  # the inspection or declaration it came from
    deadline: dt.date | None = None  # fixed by the bureau; None: the configured period
    already_rectified: bool = False  # the enterprise declared it rectified: re-check comes next


@dataclass
class GeneralHazardResult:
    status: str
    rounds: int = 1  # how many rectification rounds it took
