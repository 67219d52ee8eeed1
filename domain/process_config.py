"""Provincial configuration of the processes (who lists a hazard, report cycles, deadlines)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.accident_settings import AccidentSettings, parse_accident_settings
from domain.attachments import FILE_TYPES, AttachmentLimits
from domain.blacklist import (
    DEFAULT_CONDITIONS,
    DEFAULT_LISTED_INDUSTRIES,
    DEFAULT_MEASURES,
    DEFAULT_SERVICE_BODY_INDUSTRIES,
    ListingCondition,
    Measure,
)
from domain.deadline_rules import DEFAULT_RULES, DeadlineRule, apply_overrides
from domain.enforcement_review import ReviewSettings, parse_review_settings
from domain.errors import InvalidInput
from domain.interview_triggers import TriggerRules, parse_trigger_rules
from domain.public_report import FloodLimits
from domain.rectification_deadlines import ENFORCEMENT_DAYTIME
from domain.report_reward import RewardSettings, parse_reward_settings
from domain.roles import Level
from domain.self_declaration import DeclarationSettings, parse_settings

# 国办发〔2015〕20号 (六): 一般 (county) → city, 较大 (city) → province, 重大 (province) → the
# State Council's 安委会 (outside the system: its review and filing are recorded by the province).
DEFAULT_REVIEW_LEVELS = {"一般": "city", "较大": "province", "重大": "state_council"}
DEFAULT_LISTING_TRIGGERS = ("team_formation", "investigation_report", "report_revision", "reply", "penalty_follow_up")
EVALUATION_ANCHORS = ("reply", "closure")

# Hubei's split (鄂安〔2010〕20号) as the default: grade 4 major hazards are listed by the
# county safety committee, grade 3 by the city, grade 2 and above by the province.
DEFAULT_LISTING_LEVEL = {1: Level.PROVINCE, 2: Level.PROVINCE, 3: Level.CITY, 4: Level.COUNTY}


@dataclass(frozen=True)
class BlacklistRuleSet:
    """The periods of one set of listing rules (Decree 11 of 2023, or 49号 of 2017)."""

    management_period_months: int
    repair_after_months: int | None  # None: no early exit by credit repair under these rules
    # 49号 (B17): the year runs from publication, not from the decision.
    period_from_publication: bool = False
    # 49号 (B18): removal on application within this many days before expiry (None: not offered).
    removal_window_days: int | None = None


@dataclass(frozen=True)
class BlacklistConfig:
    """Serious-dishonesty list (domain notes §4); every figure is [S] or [U] and configurable."""

    default_rules: str = "2023"
    rule_sets: Mapping[str, BlacklistRuleSet] = field(
        default_factory=lambda: {
            # Decree 11: 3 years, credit repair after 12 months [S: Shanxi implementation].
            "2023": BlacklistRuleSet(management_period_months=36, repair_after_months=12),
            # 49号: one year from publication; removal on application before expiry [S].
            "2017": BlacklistRuleSet(
                management_period_months=12,
                repair_after_months=None,
                period_from_publication=True,
                removal_window_days=30,
            ),
        }
    )
    # Decree 11 art 2 (B5): the industries whose units and principal heads may be listed, and the
    # service bodies whose staff may be listed too.
    listed_industries: tuple[str, ...] = DEFAULT_LISTED_INDUSTRIES
    service_body_industries: tuple[str, ...] = DEFAULT_SERVICE_BODY_INDUSTRIES
    extend_on_new_violation: bool = True  # [U]: whether a new violation may extend the period
    violation_extension_months: int = 12  # [U]
    conditions: tuple[ListingCondition, ...] = DEFAULT_CONDITIONS
    measures: tuple[Measure, ...] = DEFAULT_MEASURES

    def condition(self, code: str) -> ListingCondition:
        for condition in self.conditions:
            if condition.code == code:
                return condition
        raise InvalidInput(f"未配置的列入情形：{code}")

    def rule_set(self, rules: str) -> BlacklistRuleSet:
        try:
            return self.rule_sets[rules]
        except KeyError:
            raise InvalidInput(f"未配置的名单规定：{rules}") from None


@dataclass(frozen=True)
class ProcessConfig:
    listing_level_by_grade: Mapping[int, Level] = field(default_factory=lambda: dict(DEFAULT_LISTING_LEVEL))
    progress_report_interval_days: int = 90  # quarterly reports (Fujian practice, coal art. 35)
    max_rectification_days: int = 366  # ≤1 year (Qingdao "3+X") [S]
    extension_request_lead_working_days: int = 20  # request ≥20 working days ahead [S]
    # H8: progress reports after each calendar quarter (coal art 35 "每季度"); "interval" keeps
    # the older every-`progress_report_interval_days` cycle.
    progress_report_schedule: str = "calendar_quarter"
    # H1/H15: 一般 hazards are recorded; where local rules say so (西双版纳 (十二)) the county lists them.
    list_general_hazards: bool = False
    # H12: 暂扣安全生产许可证 while a hazard is listed (16号令 art 21 [U]; Hubei [S]).
    suspend_licence_on_listing: bool = False
    suspend_licence_when_overdue: bool = False  # H28 (Hubei [S]: 逾期未整改的暂扣许可证)
    # H13: the industries under 煤矿安全生产条例 (20-day resumption acceptance, sign-off chain, notice).
    coal_industries: tuple[str, ...] = ("煤矿",)
    deadlines: Mapping[str, DeadlineRule] = field(default_factory=lambda: dict(DEFAULT_RULES))
    # Accident investigation (domain notes §2); provincial rules, all [S]/[U].
    supervise_typical_larger_accidents: bool = True  # typical 较大 accidents are listed from above
    evaluation_after_days: int = 300  # the evaluation task opens this long after its anchor day
    accident: AccidentSettings = field(default_factory=lambda: AccidentSettings())  # missing, triggers, reports
    # 国办发〔2015〕20号 (六): every grade's investigation is listed and reviewed one level up;
    # a province may narrow the grades or name another level (domain/accident_review.py).
    review_level_by_grade: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_REVIEW_LEVELS))
    supervised_matters_grades: tuple[str, ...] = ("较大",)  # 60-day matters clock (Henan) [S]
    # Overdue steps that list a case not yet listed (Guangxi triggers) [S].
    listing_on_overdue: tuple[str, ...] = DEFAULT_LISTING_TRIGGERS
    # "reply": 安全生产法 art 86(3), within a year of the 批复 (default); "closure": the policy's
    # "结案1年后" (国办发 (六)); due = anchor + 1 year + evaluation_due_extra_days.
    evaluation_anchor: str = "reply"
    evaluation_due_extra_days: int = 0
    blacklist: BlacklistConfig = field(default_factory=lambda: BlacklistConfig())
    # 公告送达 counts as served this many days after the announcement (民事诉讼法 art 95: 30).
    announcement_service_days: int = 30
    attachments: AttachmentLimits = field(default_factory=lambda: AttachmentLimits())
    public_report: FloodLimits = field(default_factory=lambda: FloodLimits())  # the 举报 form's flood limits
    self_declaration: DeclarationSettings = field(default_factory=lambda: DeclarationSettings())  # U10 [U]
    # The police's longer review of a transfer (2019 办法, recalled, unverified [U]): 7 日 for clues to
    # verify, 30 日 for major, difficult or complex cases, from acceptance.
    crime_transfer_review_days: Mapping[str, int] = field(default_factory=lambda: {"verification": 7, "complex": 30})
    # 行政强制法 art 43: the daytime in which enforcement (and a power cut) may be carried out [U].
    enforcement_daytime: tuple[dt.time, dt.time] = ENFORCEMENT_DAYTIME
    interview: TriggerRules = field(default_factory=lambda: TriggerRules())  # 约谈 trigger rules
    # 执法案卷评查 (曲靖 (七)) and 公开裁定 (国办发 (十六)): shares and the pass mark.
    enforcement_review: ReviewSettings = field(default_factory=lambda: ReviewSettings())
    report_rewards: RewardSettings = field(default_factory=lambda: RewardSettings())  # 举报奖励 bands [U]

    def listing_level(self, grade: int) -> Level:
        if grade == 0:  # 一般事故隐患: listed by the county where the local variant is on (H1)
            return Level.COUNTY
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
        progress_report_schedule=_schedule(hazard.get("progress_report_schedule", "calendar_quarter")),
        list_general_hazards=bool(hazard.get("list_general_hazards", False)),
        suspend_licence_on_listing=bool(hazard.get("suspend_licence_on_listing", False)),
        suspend_licence_when_overdue=bool(hazard.get("suspend_licence_when_overdue", False)),
        coal_industries=tuple(str(i) for i in hazard.get("coal_industries", ["煤矿"])),
        deadlines=apply_overrides(DEFAULT_RULES, raw.get("deadlines", {})),
        supervise_typical_larger_accidents=bool(accident.get("supervise_typical_larger_accidents", True)),
        evaluation_after_days=int(accident.get("evaluation_after_days", 300)),
        accident=parse_accident_settings(accident),
        **_parse_accident_review(accident),
        blacklist=_parse_blacklist(raw.get("blacklist", {})),
        announcement_service_days=int(raw.get("service", {}).get("announcement_days", 30)),
        attachments=_parse_attachments(raw.get("attachments", {})),
        public_report=_parse_flood_limits(raw.get("public_report", {})),
        self_declaration=parse_settings(raw.get("self_declaration", {})),
        crime_transfer_review_days={
            "verification": int(raw.get("crime_transfer", {}).get("review_days_verification", 7)),
            "complex": int(raw.get("crime_transfer", {}).get("review_days_complex", 30)),
        },
        enforcement_daytime=_parse_daytime(raw.get("rectification", {})),
        interview=parse_trigger_rules(raw.get("interview", {})),
        enforcement_review=parse_review_settings(raw.get("enforcement_review", {})),
        report_rewards=parse_reward_settings(raw.get("report_rewards", {})),
    )


def _schedule(value: Any) -> str:
    if value not in ("calendar_quarter", "interval"):
        raise InvalidInput(f"progress_report_schedule: {value!r} (calendar_quarter or interval)")
    return str(value)


def _parse_daytime(raw: Mapping[str, Any]) -> tuple[dt.time, dt.time]:
    """`[rectification] daytime = ["08:00", "18:00"]`: when "not at night" (行政强制法 art 43) is."""
    if "daytime" not in raw:
        return ENFORCEMENT_DAYTIME
    try:
        start, end = (dt.time.fromisoformat(str(value)) for value in raw["daytime"])
    except (TypeError, ValueError):
        raise InvalidInput('rectification.daytime: two times, e.g. ["08:00", "18:00"]') from None
    if not start < end:
        raise InvalidInput("rectification.daytime: the start must be before the end")
    return start, end


def _parse_accident_review(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The accident's upper review and evaluation settings (C10), checked at load."""
    levels = {str(k): str(v) for k, v in raw.get("review_level_by_grade", DEFAULT_REVIEW_LEVELS).items()}
    # The reviewing 安委会 sits above the government that investigates the grade (条例 art 19).
    allowed = {"一般": ("city", "province"), "较大": ("province", "state_council"), "重大": ("state_council",)}
    for grade, level in levels.items():
        if level not in allowed.get(grade, ()):
            raise InvalidInput(f"accident.review_level_by_grade: {grade}={level!r}; allowed: {allowed.get(grade, ())}")
    anchor = str(raw.get("evaluation_anchor", "reply"))
    if anchor not in EVALUATION_ANCHORS:
        raise InvalidInput(f"accident.evaluation_anchor: {anchor!r}; known: {EVALUATION_ANCHORS}")
    extra = int(raw.get("evaluation_due_extra_days", 0))
    opens = int(raw.get("evaluation_after_days", 300))
    if extra < 0 or not 0 <= opens <= 365 + extra:
        raise InvalidInput("accident: 0 ≤ evaluation_after_days ≤ 365 + evaluation_due_extra_days, extra ≥ 0")
    if anchor == "reply" and extra:
        raise InvalidInput("accident: 安全生产法第八十六条：批复后一年内评估，不得另加天数")
    return {
        "review_level_by_grade": levels,
        "supervised_matters_grades": tuple(str(g) for g in raw.get("supervised_matters_grades", ("较大",))),
        "listing_on_overdue": tuple(str(s) for s in raw.get("listing_on_overdue", DEFAULT_LISTING_TRIGGERS)),
        "evaluation_anchor": anchor,
        "evaluation_due_extra_days": extra,
    }


def _parse_attachments(raw: Mapping[str, Any]) -> AttachmentLimits:
    default = AttachmentLimits()
    types = frozenset(str(t) for t in raw.get("types", default.allowed))
    unknown = types - set(FILE_TYPES)
    if unknown:
        raise InvalidInput(f"attachments.types: unknown {sorted(unknown)}; known: {sorted(FILE_TYPES)}")
    max_mb = float(raw.get("max_mb", default.max_bytes / (1024 * 1024)))
    return AttachmentLimits(max_bytes=int(max_mb * 1024 * 1024), allowed=types)


def _parse_blacklist(raw: Mapping[str, Any]) -> BlacklistConfig:
    default = BlacklistConfig()
    rule_sets = dict(default.rule_sets)
    for name, values in raw.get("rule_sets", {}).items():
        base = rule_sets.get(name, BlacklistRuleSet(36, 12))
        repair = values.get("repair_after_months", base.repair_after_months)
        rule_sets[name] = BlacklistRuleSet(
            management_period_months=int(values.get("management_period_months", base.management_period_months)),
            repair_after_months=None if repair in (None, 0, False) else int(repair),
            period_from_publication=bool(values.get("period_from_publication", base.period_from_publication)),
            removal_window_days=_optional_days(values.get("removal_window_days", base.removal_window_days)),
        )
    conditions = default.conditions
    if "conditions" in raw:
        conditions = tuple(
            ListingCondition(
                str(c["code"]),
                str(c["title"]),
                str(c["basis"]),
                str(c.get("source_tag", "U")),
                str(c.get("rules", "2023")),
                str(c.get("kind", "blacklist")),
            )
            for c in raw["conditions"]
        )
    measures = default.measures
    if "measures" in raw:
        measures = tuple(Measure(str(m["code"]), str(m["title"]), str(m["partner"])) for m in raw["measures"])
    config = BlacklistConfig(
        default_rules=str(raw.get("default_rules", default.default_rules)),
        rule_sets=rule_sets,
        extend_on_new_violation=bool(raw.get("extend_on_new_violation", default.extend_on_new_violation)),
        violation_extension_months=int(raw.get("violation_extension_months", default.violation_extension_months)),
        conditions=conditions,
        measures=measures,
        listed_industries=tuple(str(i) for i in raw.get("listed_industries", default.listed_industries)),
        service_body_industries=tuple(
            str(i) for i in raw.get("service_body_industries", default.service_body_industries)
        ),
    )
    config.rule_set(config.default_rules)
    return config


def _optional_days(value: Any) -> int | None:
    return None if value in (None, 0, False) else int(value)


def _parse_flood_limits(raw: Mapping[str, Any]) -> FloodLimits:
    default = FloodLimits()
    limits = FloodLimits(
        per_client_per_hour=int(raw.get("per_client_per_hour", default.per_client_per_hour)),
        total_per_hour=int(raw.get("total_per_hour", default.total_per_hour)),
        flood_per_client_per_hour=int(raw.get("flood_per_client_per_hour", default.flood_per_client_per_hour)),
        per_description_per_day=int(raw.get("per_description_per_day", default.per_description_per_day)),
    )
    if limits.per_client_per_hour < 1 or limits.total_per_hour < limits.per_client_per_hour:
        raise InvalidInput("public_report: per_client_per_hour ≥ 1 and total_per_hour ≥ per_client_per_hour")
    if not 1 <= limits.flood_per_client_per_hour <= limits.per_client_per_hour or limits.per_description_per_day < 1:
        raise InvalidInput(
            "public_report: 1 ≤ flood_per_client_per_hour ≤ per_client_per_hour and per_description_per_day ≥ 1"
        )
    return limits
