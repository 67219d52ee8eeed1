"""Provincial settings of the accident investigation that the law leaves open (domain notes §2).

- Missing persons in the grade (A1): 条例 第十二条第四项 has the report include 下落不明; whether the
  missing count as dead for the grade of 第三条 varies by practice, so it is a setting (default:
  counted, as the accident statistics count 死亡（含失踪）).
- 提级调查 triggers (A12): one provincial rule [S] has the province take over a 较大 accident when
  the case is especially complex, a report alleges concealment, it kills 6–9 people in a high-risk
  sector, it is the unit's second 较大 accident within 24 months, a major hazard of the unit is
  listed by the provincial 安委会, or it happens within 12 months of a warning or 约谈. Each
  trigger can be switched off, its figures changed. The 24 months are calendar months between the
  accidents' days (民法典 第二百条、第二百零二条), not days since a case was created.
- The initial report within 15 日 to the upper 安委会 (A13) is the same provincial rule [S]: the
  grades it applies to are a setting (empty: off); the 15 days are the clock row
  `accident.initial_report`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from domain.accident_grading import Grade
from domain.blacklist import add_months
from domain.errors import InvalidInput

TRIGGERS = {
    "complex": "案情特别复杂或社会影响重大",
    "concealment": "有瞒报事故的举报",
    "high_risk_deaths": "矿山、危险化学品、烟花爆竹、冶金、建筑施工领域较大事故死亡{low}至{high}人",
    "repeat_larger": "同一单位{months}个月内第二起较大事故",
    "listed_hazard": "事故单位有省安委会挂牌督办的重大事故隐患期间发生事故",
    "after_interview": "事故单位被警示或约谈后{interview_months}个月内发生事故",
}
# The intake form's checkbox for each trigger the handler attests (repeat_larger is computed).
TRIGGER_FLAGS = {
    "complex": "complex_or_high_impact",
    "concealment": "concealment_reported",
    "high_risk_deaths": "high_risk_sector",
    "listed_hazard": "listed_hazard",
    "after_interview": "after_interview",
}


@dataclass(frozen=True)
class AccidentSettings:
    count_missing_in_grade: bool = True
    immediate_report_minutes: int = 60  # "立即": flag a unit head told later than this (0: off)
    escalation_triggers: frozenset[str] = frozenset(TRIGGERS)
    escalation_grades: frozenset[Grade] = frozenset({Grade.LARGER})
    repeat_larger_accident_months: int = 24
    high_risk_deaths: tuple[int, int] = (6, 9)
    interview_months: int = 12
    initial_report_grades: frozenset[Grade] = frozenset({Grade.LARGER})

    def label(self, trigger: str) -> str:
        low, high = self.high_risk_deaths
        return TRIGGERS[trigger].format(
            low=low, high=high, months=self.repeat_larger_accident_months, interview_months=self.interview_months
        )


def graded_deaths(deaths: int, missing: int, count_missing: bool) -> int:
    """The deaths the grade of 条例 第三条 is computed from (the missing counted when configured)."""
    return deaths + missing if count_missing else deaths


def within_months(earlier: dt.date, later: dt.date, months: int) -> bool:
    """`earlier` falls within the `months` calendar months that end on `later` (both days counted)."""
    return add_months(later, -months) <= earlier <= later


def escalation_triggers(
    settings: AccidentSettings,
    *,
    grade: Grade,
    deaths: int,
    flags: Iterable[str],
    accident_day: dt.date,
    earlier_larger_accident_days: Iterable[dt.date],
) -> list[str]:
    """The configured triggers this accident meets (labels), in the order of the rule."""
    if grade not in settings.escalation_grades:
        return []
    attested = set(flags)
    low, high = settings.high_risk_deaths
    met: list[str] = []
    for trigger in TRIGGERS:
        if trigger not in settings.escalation_triggers:
            continue
        if trigger == "repeat_larger":
            hit = any(
                within_months(day, accident_day, settings.repeat_larger_accident_months)
                for day in earlier_larger_accident_days
            )
        elif trigger == "high_risk_deaths":
            hit = trigger in attested and low <= deaths <= high
        else:
            hit = trigger in attested
        if hit:
            met.append(settings.label(trigger))
    return met


def parse_accident_settings(raw: Mapping[str, Any]) -> AccidentSettings:
    """The `[accident]` table of config/process.toml."""
    default = AccidentSettings()
    triggers = frozenset(str(t) for t in raw.get("escalation_triggers", default.escalation_triggers))
    unknown = triggers - set(TRIGGERS)
    if unknown:
        raise InvalidInput(f"accident.escalation_triggers: unknown {sorted(unknown)}; known: {sorted(TRIGGERS)}")
    low, high = (int(x) for x in raw.get("high_risk_deaths", default.high_risk_deaths))
    return AccidentSettings(
        count_missing_in_grade=bool(raw.get("count_missing_in_grade", default.count_missing_in_grade)),
        immediate_report_minutes=int(raw.get("immediate_report_minutes", default.immediate_report_minutes)),
        escalation_triggers=triggers,
        escalation_grades=_grades(raw, "escalation_grades", default.escalation_grades),
        repeat_larger_accident_months=int(
            raw.get("repeat_larger_accident_months", default.repeat_larger_accident_months)
        ),
        high_risk_deaths=(low, high),
        interview_months=int(raw.get("interview_months", default.interview_months)),
        initial_report_grades=_grades(raw, "initial_report_grades", default.initial_report_grades),
    )


def _grades(raw: Mapping[str, Any], key: str, default: frozenset[Grade]) -> frozenset[Grade]:
    try:
        return frozenset(Grade(str(g)) for g in raw.get(key, default))
    except ValueError as exc:
        raise InvalidInput(f"accident.{key}: {exc}") from None
