"""Entrusted enforcement (委托执法): which matters may be entrusted, and whether an act falls
within an entrustment's scope and validity. No I/O.

国办发〔2015〕20号 (十七) and 西双版纳 (十八): county bureaus entrust townships (乡镇、街道、农场),
the prefecture bureau entrusts the district bureaus. 北碚 (十六): "被委托方要严格以委托方名义在
委托的范围内开展安全监管执法。行政许可、行政强制等法定不得委托的事项不得委托。"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from domain.errors import Forbidden, InvalidInput


@dataclass(frozen=True)
class Matter:
    code: str
    label: str
    entrustable: bool
    basis: str


MATTERS: dict[str, Matter] = {
    m.code: m
    for m in (
        Matter("inspection", "监督检查", True, "安全生产法第六十五条"),
        Matter("rectification_order", "责令限期整改", True, "安全生产法第六十五条第一款第（二）项"),
        # 行政处罚法 art 20: in writing, to an organisation meeting art 21, acting in the entruster's name.
        Matter("penalty", "行政处罚", True, "行政处罚法第二十条、第二十一条"),
        # 行政许可法 art 24 lets a licensing organ entrust only another administrative organ; 北碚 (十六)
        # excludes licensing from entrustment to townships and teams altogether.
        Matter("licensing", "行政许可", False, "行政许可法第二十四条；北碚府办发〔2016〕65号（十六）"),
        # 行政强制法 art 17: "行政强制措施权不得委托".
        Matter("coercive_measure", "行政强制措施", False, "行政强制法第十七条"),
        Matter("coercive_enforcement", "行政强制执行", False, "行政强制法第十三条、第十七条；北碚（十六）"),
    )
}

# The matter a case of each process is handled as under an entrustment.
PROCESS_MATTER = {
    "rectification": "rectification_order",
    "hazard": "inspection",
    "inspection": "inspection",
    "public_report": "inspection",
}

# Steps and case actions that are 行政强制 (行政强制法 arts 9, 12, 35-37, 45, 53): the entrusted
# unit may not take them; the entruster does.
COERCIVE_STEPS = frozenset(
    {
        "reminder",
        "enforcement_decision",
        "enforcement",
        "seizure_handling",
        "power_cut_approval",
        "power_cut_notice",
        "court_application",
    }
)
COERCIVE_ACTIONS = frozenset({"seize_property", "propose_power_cut", "lift_power_cut", "record_continuous_fine"})


def check_scope(matters: Iterable[str]) -> list[str]:
    """The matters of a new entrustment, each known and entrustable; a refusal names the law."""
    chosen = list(dict.fromkeys(m.strip() for m in matters if m.strip()))
    if not chosen:
        raise InvalidInput("请选择委托事项")
    for code in chosen:
        matter = MATTERS.get(code)
        if matter is None:
            raise InvalidInput(f"委托事项“{code}”不存在")
        if not matter.entrustable:
            raise InvalidInput(f"{matter.label}属于法定不得委托的事项，不得委托（{matter.basis}）")
    return chosen


def check_validity(valid_from: dt.date, valid_to: dt.date) -> None:
    if valid_to < valid_from:
        raise InvalidInput("委托期限的终止日期不能早于起始日期")


def matter_of(process: str) -> Matter:
    code = PROCESS_MATTER.get(process)
    if code is None:
        raise InvalidInput("该类案件不属于可委托执法的事项")
    return MATTERS[code]


def check_act(
    *, matters: Iterable[str], valid_from: dt.date, valid_to: dt.date, revoked: bool, matter: str, day: dt.date
) -> None:
    """An act under the entrustment on `day`: within its validity and scope, or refused."""
    if revoked:
        raise Forbidden("该委托已撤销，不能再以委托方名义执法")
    if day < valid_from or day > valid_to:
        raise Forbidden(f"不在委托期限内（{valid_from.isoformat()}至{valid_to.isoformat()}），不能以委托方名义执法")
    if matter not in set(matters):
        label = MATTERS[matter].label if matter in MATTERS else matter
        raise Forbidden(f"“{label}”不在委托范围内，不能以委托方名义办理")


def check_step(step_or_action: str, entruster_name: str) -> None:
    """行政强制法 art 17: a coercive step of an entrusted case is the entruster's own."""
    if step_or_action in COERCIVE_STEPS or step_or_action in COERCIVE_ACTIONS:
        raise Forbidden(f"行政强制不得委托（行政强制法第十七条），此步骤须由委托机关{entruster_name}办理")


def entrusted_line(entrusted_name: str) -> str:
    """What a document adds under the issuing authority's name (北碚 (十六): 以委托方名义)."""
    return f"（受委托执法单位：{entrusted_name}）"
