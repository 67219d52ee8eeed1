"""Provincial configuration of the processes (who lists a hazard, report cycles, deadlines)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.deadline_rules import DEFAULT_RULES, DeadlineRule, apply_overrides
from domain.errors import InvalidInput
from domain.roles import Level

# Hubei's split (鄂安〔2010〕20号) as the default: grade 4 major hazards are listed by the
# county safety committee, grade 3 by the city, grade 2 and above by the province.
DEFAULT_LISTING_LEVEL = {1: Level.PROVINCE, 2: Level.PROVINCE, 3: Level.CITY, 4: Level.COUNTY}


@dataclass(frozen=True)
class ProcessConfig:
    listing_level_by_grade: Mapping[int, Level] = field(default_factory=lambda: dict(DEFAULT_LISTING_LEVEL))
    progress_report_interval_days: int = 90  # quarterly reports (Fujian practice, coal art. 35)
    max_rectification_days: int = 366  # ≤1 year (Qingdao "3+X") [S]
    extension_request_lead_working_days: int = 20  # request ≥20 working days ahead [S]
    deadlines: Mapping[str, DeadlineRule] = field(default_factory=lambda: dict(DEFAULT_RULES))
    # Accident investigation (domain notes §2); provincial rules, all [S]/[U].
    supervise_typical_larger_accidents: bool = True  # typical 较大 accidents are listed from above
    repeat_larger_accident_months: int = 24  # a second 较大 at one unit within this → escalated
    evaluation_after_days: int = 300  # evaluation opens 10 months after the reply

    def listing_level(self, grade: int) -> Level:
        try:
            return self.listing_level_by_grade[grade]
        except KeyError:
            raise InvalidInput(f"隐患等级 {grade} 未配置挂牌层级") from None

    def rule(self, code: str) -> DeadlineRule:
        try:
            return self.deadlines[code]
        except KeyError:
            raise InvalidInput(f"unknown deadline rule {code}") from None


def parse_process_config(raw: Mapping[str, Any]) -> ProcessConfig:
    """Build the configuration from a parsed TOML document."""
    hazard = raw.get("hazard", {})
    accident = raw.get("accident", {})
    levels = dict(DEFAULT_LISTING_LEVEL)
    for grade, level in hazard.get("listing_level_by_grade", {}).items():
        try:
            levels[int(grade)] = Level(level)
        except ValueError as exc:
            raise InvalidInput(f"listing_level_by_grade: {grade}={level!r}: {exc}") from None
    return ProcessConfig(
        listing_level_by_grade=levels,
        progress_report_interval_days=int(hazard.get("progress_report_interval_days", 90)),
        max_rectification_days=int(hazard.get("max_rectification_days", 366)),
        extension_request_lead_working_days=int(hazard.get("extension_request_lead_working_days", 20)),
        deadlines=apply_overrides(DEFAULT_RULES, raw.get("deadlines", {})),
        supervise_typical_larger_accidents=bool(accident.get("supervise_typical_larger_accidents", True)),
        repeat_larger_accident_months=int(accident.get("repeat_larger_accident_months", 24)),
        evaluation_after_days=int(accident.get("evaluation_after_days", 300)),
    )
