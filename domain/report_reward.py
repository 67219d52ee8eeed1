"""Rewards for a verified public report (举报奖励), statutory rule P2.

安全生产法 art 76 [P]: the department rewards a person who reports a major hazard or a violation
(reward rules set by the emergency-management department with the finance department). 本溪 (十):
"实行有奖举报，落实奖励资金，畅通公众诉求渠道，限期办理…公布问题处理和整改情况"; 曲靖 (十五), 西双版纳
(十七): "实施举报奖励，维护举报人权益". None of these texts fixes the amounts or the periods: the
bands and the clocks are configuration [U] (`[report_rewards]` and `[deadlines."public_report.reward_*"]`
in config/process.toml); the national 奖励办法's figures are not verified here.

The reporter is told through the tracking code and claims with it: no name reaches the workflow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import Field

from domain.deadline_rule import DeadlineRule
from domain.errors import InvalidInput
from domain.forms import LongText, OptionalText, StepForm, choice
from domain.legal_calendar import Unit

REWARDABLE_RESULTS = frozenset({"substantiated", "partly"})  # 举报属实 or 部分属实

CATEGORIES = {
    "major_hazard": "举报重大事故隐患",
    "violation": "举报安全生产非法违法行为",
    "concealed_accident": "举报瞒报、谎报生产安全事故",
}
# (lowest, highest) in 元, per category [U]: local configuration.
DEFAULT_BANDS: Mapping[str, tuple[int, int]] = {
    "major_hazard": (1000, 30000),
    "violation": (500, 10000),
    "concealed_accident": (10000, 300000),
}


@dataclass(frozen=True)
class RewardSettings:
    bands: Mapping[str, tuple[int, int]] = field(default_factory=lambda: dict(DEFAULT_BANDS))


def parse_reward_settings(raw: Mapping[str, Any]) -> RewardSettings:
    bands = dict(DEFAULT_BANDS)
    for category, values in raw.get("bands", {}).items():
        if category not in CATEGORIES:
            raise InvalidInput(f"report_rewards.bands: {category!r}; known: {sorted(CATEGORIES)}")
        low, high = (int(v) for v in values)
        if not 0 < low <= high:
            raise InvalidInput(f"report_rewards.bands.{category}: 0 < lowest ≤ highest")
        bands[category] = (low, high)
    return RewardSettings(bands)


def check_amount(bands: Mapping[str, list[int] | tuple[int, int]], category: str, amount: int) -> None:
    """A granted reward lies within its category's band."""
    if category not in bands:
        raise InvalidInput("请选择奖励类别")
    low, high = bands[category]
    if not low <= amount <= high:
        raise InvalidInput(f"{CATEGORIES.get(category, category)}的奖励金额应在{low}元至{high}元之间")


def yuan(amount: int) -> str:
    return f"{amount / 10000:g}万元" if amount >= 10000 and amount % 1000 == 0 else f"{amount}元"


class RewardDecisionForm(StepForm):
    """举报奖励决定: whether, in which category, how much; the notice goes out by the tracking code."""

    decision: Literal["grant", "refuse"] = choice({"grant": "给予奖励", "refuse": "不予奖励"}, "奖励决定")
    category: Literal["major_hazard", "violation", "concealed_accident"] = choice(CATEGORIES, "奖励类别")
    amount: int = Field(0, title="奖励金额（元）", ge=0, le=10_000_000)
    reason: LongText = Field(title="理由（将告知举报人，勿写举报人信息）")


class RewardPaymentForm(StepForm):
    """兑付: the reporter claimed with the tracking code; paid by the method recorded."""

    paid_on: dt.date = Field(title="兑付日期")
    method: Literal["bank_transfer", "cash", "mobile"] = choice(
        {"bank_transfer": "银行转账", "cash": "现金（凭查询码当面领取）", "mobile": "移动支付"}, "兑付方式"
    )
    note: OptionalText = Field("", title="备注（勿写举报人信息）")


REPORT_REWARD_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "public_report.reward_decision",
        "作出举报奖励决定",
        15,
        Unit.WORKING_DAYS,
        "答复举报人之日",
        "上一级安委办督办",
        "安全生产法第七十六条（举报奖励）；本政发〔2016〕15号（十）：实行有奖举报，限期办理；期限为本地配置，未经确认",
        "U",
        remind_before=(3, 1),
    ),
    DeadlineRule(
        "public_report.reward_payment",
        "兑付举报奖励",
        15,
        Unit.WORKING_DAYS,
        "奖励决定作出之日",
        "上一级安委办督办",
        "本政发〔2016〕15号（十）：落实奖励资金；曲政办发〔2016〕28号（十五）：实施举报奖励；兑付期限为本地配置，未经确认",
        "U",
        remind_before=(3, 1),
    ),
)
