"""Accident grades and the level that investigates (生产安全事故报告和调查处理条例, Decree 493).

Art. 3: "以上" includes the number, "以下" excludes it; any one criterion is enough, so the
highest grade any figure reaches decides. Art. 19: the grade decides who investigates.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.errors import InvalidInput
from domain.roles import Level


class Grade(StrEnum):
    EXTRAORDINARY = "特别重大"
    MAJOR = "重大"
    LARGER = "较大"
    GENERAL = "一般"


class InvestigatingLevel(StrEnum):
    STATE_COUNCIL = "state_council"
    PROVINCE = Level.PROVINCE.value
    CITY = Level.CITY.value
    COUNTY = Level.COUNTY.value


INVESTIGATING_LEVEL_LABELS = {
    InvestigatingLevel.STATE_COUNCIL: "国务院或国务院授权的有关部门",
    InvestigatingLevel.PROVINCE: "事故发生地省级人民政府",
    InvestigatingLevel.CITY: "事故发生地设区的市级人民政府",
    InvestigatingLevel.COUNTY: "事故发生地县级人民政府",
}

# (grade, deaths ≥, serious injuries ≥, direct loss ≥ yuan), highest first.
THRESHOLDS = (
    (Grade.EXTRAORDINARY, 30, 100, 100_000_000),
    (Grade.MAJOR, 10, 50, 50_000_000),
    (Grade.LARGER, 3, 10, 10_000_000),
)

INVESTIGATOR = {
    Grade.EXTRAORDINARY: InvestigatingLevel.STATE_COUNCIL,
    Grade.MAJOR: InvestigatingLevel.PROVINCE,
    Grade.LARGER: InvestigatingLevel.CITY,
    Grade.GENERAL: InvestigatingLevel.COUNTY,
}

# Beyond these a figure is not a plausible report but a typing error.
MAX_PERSONS = 100_000
MAX_LOSS_CNY = 1_000_000_000_000


@dataclass(frozen=True)
class Grading:
    grade: Grade
    investigating_level: InvestigatingLevel
    decided_by: str  # which figure decided the grade

    @property
    def investigating_level_label(self) -> str:
        return INVESTIGATING_LEVEL_LABELS[self.investigating_level]


def grade_accident(deaths: int, serious_injuries: int, direct_loss_cny: int) -> Grading:
    """Grade an accident from its figures (serious injuries include acute industrial poisoning)."""
    for name, value, limit in (
        ("死亡人数", deaths, MAX_PERSONS),
        ("重伤人数（含急性工业中毒）", serious_injuries, MAX_PERSONS),
        ("直接经济损失（元）", direct_loss_cny, MAX_LOSS_CNY),
    ):
        if value < 0:
            raise InvalidInput(f"{name}不能为负数")
        if value > limit:
            raise InvalidInput(f"{name}{value}超出合理范围，请核实")
    for grade, min_deaths, min_injuries, min_loss in THRESHOLDS:
        reasons = [
            label
            for label, hit in (
                (f"死亡{deaths}人", deaths >= min_deaths),
                (f"重伤{serious_injuries}人", serious_injuries >= min_injuries),
                (f"直接经济损失{direct_loss_cny}元", direct_loss_cny >= min_loss),
            )
            if hit
        ]
        if reasons:
            return Grading(grade, INVESTIGATOR[grade], "、".join(reasons))
    return Grading(Grade.GENERAL, INVESTIGATOR[Grade.GENERAL], "未达到较大事故标准")
