"""Payloads of the accident investigation: its input (the accident and the line of
organisations from county to province) and result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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
    # Cases started after the accident-review patch (histories before it lack these):
    review_level: str = ""  # the level listing and reviewing (city/province/state_council); "": none
    review_levels: dict[str, str] = field(default_factory=dict)  # by grade, for a grade that rises
    supervised_matters: bool = False  # the 60-day clock of the listed matters applies
    listing_on_overdue: list[str] = field(default_factory=list)  # overdue steps that list the case
    evaluation_anchor: str = "reply"  # "reply" (安全生产法 art 86(3)) or "closure" (国办发 (六))
    evaluation_due_extra_days: int = 0


@dataclass
class AccidentInvestigationResult:
    status: str
