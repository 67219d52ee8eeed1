"""Rules that propose a 约谈 (interview) to the office, which confirms or dismisses it.

本溪 (八): "对不执行安全生产法律法规，工作落实不力的，实行约谈告诫"; 北碚 (九): "对发生较大以上事故、
连续发生事故的…相关负责人要进行警示教育、诫勉谈话". Neither fixes a threshold: which facts trigger
a proposal is configuration (`[interview]` in config/process.toml). Pure: the job
(services/interview_triggers.py) gathers the facts and stores each proposal once by its key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.errors import InvalidInput


@dataclass(frozen=True)
class TriggerRules:
    enabled: bool = True
    hazard_overdue_times: int = 2  # a listed hazard's steps overdue this often (0: off)
    accident_grades: tuple[str, ...] = ("较大", "重大", "特别重大")  # 北碚 (九): 较大以上
    escalations_per_year: int = 3  # the same enterprise or government escalated N times in 12 months (0: off)


@dataclass(frozen=True)
class HazardFact:
    case_no: str
    enterprise_id: int
    enterprise_name: str
    jurisdiction_code: str
    overdue_steps: int


@dataclass(frozen=True)
class AccidentFact:
    case_no: str
    enterprise_id: int | None
    enterprise_name: str
    jurisdiction_code: str
    grade: str


@dataclass(frozen=True)
class EscalationFact:
    """Supervisions (督办) of one subject within the last 12 months, oldest first."""

    kind: str  # enterprise | government
    subject: str  # the enterprise's id or the government's jurisdiction code
    name: str
    jurisdiction_code: str
    case_nos: tuple[str, ...]


@dataclass(frozen=True)
class Proposal:
    key: str  # one proposal per key, whatever how often the job runs
    rule: str
    party_kind: str  # enterprise | government
    subject: str
    name: str
    jurisdiction_code: str  # the party's (the office above it decides; the province for 特别重大)
    reason: str  # domain/interview.py REASONS
    summary: str
    source_case_nos: tuple[str, ...] = field(default_factory=tuple)
    gravest: bool = False


def propose(
    rules: TriggerRules,
    hazards: Iterable[HazardFact],
    accidents: Iterable[AccidentFact],
    escalations: Iterable[EscalationFact],
) -> list[Proposal]:
    if not rules.enabled:
        return []
    found: list[Proposal] = []
    if rules.hazard_overdue_times > 0:
        for h in hazards:
            if h.overdue_steps >= rules.hazard_overdue_times:
                found.append(
                    Proposal(
                        f"hazard_overdue:{h.case_no}",
                        "hazard_overdue",
                        "enterprise",
                        str(h.enterprise_id),
                        h.enterprise_name,
                        h.jurisdiction_code,
                        "overdue_hazard",
                        f"挂牌督办的重大事故隐患{h.overdue_steps}次逾期（{h.case_no}）",
                        (h.case_no,),
                    )
                )
    for a in accidents:
        if a.grade in rules.accident_grades and a.enterprise_id is not None:
            found.append(
                Proposal(
                    f"accident:{a.case_no}",
                    "accident",
                    "enterprise",
                    str(a.enterprise_id),
                    a.enterprise_name,
                    a.jurisdiction_code,
                    "accident",
                    f"发生{a.grade}生产安全事故（{a.case_no}）",
                    (a.case_no,),
                    gravest=a.grade == "特别重大",
                )
            )
    if rules.escalations_per_year > 0:
        for e in escalations:
            if len(e.case_nos) >= rules.escalations_per_year:
                # The episode is named by the supervision that reached the threshold.
                anchor = e.case_nos[rules.escalations_per_year - 1]
                found.append(
                    Proposal(
                        f"escalations:{e.kind}:{e.subject}:{anchor}",
                        "escalations",
                        e.kind,
                        e.subject,
                        e.name,
                        e.jurisdiction_code,
                        "repeated_escalation",
                        f"12个月内被督办{len(e.case_nos)}次",
                        tuple(dict.fromkeys(e.case_nos))[:10],
                    )
                )
    return found


def parse_trigger_rules(raw: Mapping[str, Any]) -> TriggerRules:
    default = TriggerRules()
    rules = TriggerRules(
        enabled=bool(raw.get("triggers_enabled", default.enabled)),
        hazard_overdue_times=int(raw.get("hazard_overdue_times", default.hazard_overdue_times)),
        accident_grades=tuple(str(g) for g in raw.get("accident_grades", default.accident_grades)),
        escalations_per_year=int(raw.get("escalations_per_year", default.escalations_per_year)),
    )
    if rules.hazard_overdue_times < 0 or rules.escalations_per_year < 0:
        raise InvalidInput("interview: hazard_overdue_times and escalations_per_year ≥ 0 (0: off)")
    if not set(rules.accident_grades) <= {"一般", "较大", "重大", "特别重大"}:
        raise InvalidInput("interview: accident_grades among 一般、较大、重大、特别重大")
    return rules
