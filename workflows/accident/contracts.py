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
class ReportingFacts:
    """条例 arts 9–11: when the unit's head and the bureau learned of the accident, at which level."""

    received_at: dt.datetime
    received_level: str  # the level whose bureau received the report (county, city, province)
    unit_head_informed_at: dt.datetime | None = None
    reported_directly: bool = False  # 第九条第二款
    immediate_minutes: int = 60  # "立即" (configuration; 0: not flagged)


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
    # Since the accident-reporting patch (histories before it lack these; defaults keep them as they were):
    missing: int = 0  # 失踪（下落不明）
    count_missing: bool = False  # the missing count in the grade (A1, a setting)
    reporting: ReportingFacts | None = None  # arts 9–11 (A3–A5)
    home: LevelOrgs | None = None  # the unit's home county when the accident happened elsewhere (art 21)
    initial_report: bool = False  # the provincial 15-day initial report applies (A13)
    # Replay only: the grades listed from above, as cases started between the accident-reporting and
    # the accident-review patches carry them (their re-grade recomputes `supervised` from it). New
    # cases list through `review_levels` (`workflows/accident/review.py`) and leave it empty.
    supervised_grades: list[str] = field(default_factory=list)
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
