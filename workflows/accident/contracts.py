"""Payloads of the accident investigation: its input (the accident and the line of
organisations from county to province) and result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workflows.contracts import CaseStart


@dataclass
class LevelOrgs:
    """The organisations of one level on the accident place's line (county → city → province)."""

    level: str
    jurisdiction_code: str
    office: int
    bureau: int
    police: int
    procuratorate: int


@dataclass
class AccidentInvestigationInput:
    start: CaseStart
    title: str
    occurred_at: dt.datetime
    deaths: int
    serious_injuries: int
    direct_loss_cny: int
    road_or_fire: bool
    line: list[LevelOrgs]
    supervised: bool = False  # listed for supervision by the level above (重大, typical 较大)
    trigger: str = ""  # a configured trigger that raised the investigating level at intake
    evaluation_after_days: int = 300  # 10 months after the reply


@dataclass
class AccidentInvestigationResult:
    status: str
