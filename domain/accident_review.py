"""Upper review, filings, delivery and evaluation of an accident investigation: forms and rules.

- 挂牌督办、审核把关 (国办发〔2015〕20号 (六)): the 重大/较大/一般 accidents investigated by the
  province/city/county are listed and their reports reviewed by the safety committee one level
  up; which grades, and at which level, is provincial configuration (`[accident]`).
- Every report (and its 批复) is filed with the upper 安委办 (曲政办发〔2016〕28号 (四)).
- The evaluation of the rectification and prevention measures within one year after the 批复,
  with its results made public (安全生产法 art 86(3)), filed with the upper 安委办 (国办发 (六),
  本溪 (四), 西双版纳 (六)).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import Literal

from pydantic import Field, model_validator

from domain.errors import InvalidInput
from domain.forms import LongText, OptionalText, ShortText, StepForm, choice

# The levels of review, lowest first; the State Council's 安委会/安委办 is outside the system.
REVIEW_LEVELS = ("county", "city", "province", "state_council")
REVIEW_LEVEL_LABELS = {
    "city": "市级人民政府安全生产委员会",
    "province": "省级人民政府安全生产委员会",
    "state_council": "国务院安全生产委员会",
}


def reviewing_level(configured: str, investigating: str) -> str:
    """The level that reviews: the configured one, but always above the level now investigating
    (an escalated investigation is reviewed one level above its new investigator; 国办发 (六))."""
    above = REVIEW_LEVELS[min(REVIEW_LEVELS.index(investigating) + 1, len(REVIEW_LEVELS) - 1)]
    if not configured:
        return above
    return max(configured, above, key=REVIEW_LEVELS.index)


def add_years(day: dt.date, years: int) -> dt.date:
    """The corresponding day `years` later; 29 February → 28 February (民法典 art 202)."""
    year = day.year + years
    return dt.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


# 条例 art 30: the six items of the report, its evidence and the members' signatures.
REPORT_ITEMS = {
    "unit_overview": "事故发生单位概况",
    "course_and_rescue": "事故发生经过和事故救援情况",
    "casualties_and_loss": "事故造成的人员伤亡和直接经济损失",
    "cause_and_nature": "事故发生的原因和事故性质",
    "responsibility": "事故责任的认定以及对事故责任者的处理建议",
    "measures": "事故防范和整改措施",
    "evidence_list": "附具的证据材料清单",
    "signed_by": "在报告上签名的调查组成员",
}


def missing_report_items(form: Mapping[str, object]) -> list[str]:
    """The art 30 items a submitted report lacks (empty list: complete)."""
    return [label for field, label in REPORT_ITEMS.items() if not str(form.get(field) or "").strip()]


def check_report_contents(form: Mapping[str, object]) -> None:
    missing = missing_report_items(form)
    if missing:
        raise InvalidInput("事故调查报告内容不全（条例第三十条）：缺少" + "、".join(missing))


class ExternalReviewForm(StepForm):
    """The State Council office's review of a 重大 report, recorded by the provincial office
    (国务院安委办 is outside the system; 安委督〔2023〕13号)."""

    submitted_on: dt.date = Field(title="报送国务院安委办日期")
    reference_no: ShortText = Field(title="报送文号")
    decision: Literal["approve", "return"] = choice({"approve": "审核同意", "return": "退回修改"}, "审核意见")
    opinion: LongText = Field(title="国务院安委办意见")


class FilingForm(StepForm):
    """备案: the upper office registers what it received (or, for 国务院安委办, the sender
    records the submission)."""

    filing_no: ShortText = Field(title="备案编号（或报送文号）")
    filed_on: dt.date = Field(title="备案日期")
    note: OptionalText = Field("", title="备注")


class ReplyDeliveryForm(StepForm):
    delivered_on: dt.date = Field(title="送达日期")
    recipients: LongText = Field(title="送达的单位和人员")


class SupervisedMattersForm(StepForm):
    result: LongText = Field(title="挂牌督办事项办结情况")


class EvaluationResultForm(StepForm):
    """安全生产法 art 86(3): the evaluation of the rectification and prevention measures."""

    organised_by: ShortText = Field(title="组织评估的部门")
    result: LongText = Field(title="整改和防范措施落实情况评估结论")
    accountability: OptionalText = Field("", title="未落实整改措施的追责情况")


class EvaluationPublicationForm(StepForm):
    channel: ShortText = Field(title="公开渠道")
    published_on: dt.date = Field(title="公开日期")
    redacted: bool = Field(title="已按规定对个人信息作脱敏处理")

    @model_validator(mode="after")
    def _redacted(self) -> EvaluationPublicationForm:
        if not self.redacted:
            raise ValueError("公开前须对个人信息作脱敏处理")
        return self


def check_not_future(day: dt.date, today: dt.date, label: str) -> None:
    if day > today:
        raise InvalidInput(f"{label}不能晚于今天")
