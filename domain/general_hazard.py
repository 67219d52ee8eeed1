"""一般事故隐患 (general hazards): the closed loop 排查→整改→复查→验收→销号, process 7.

安全生产法 art 41(2): the unit finds and removes its hazards and records how; 16号令 (安全生产事故
隐患排查治理暂行规定) art 3: a 一般 hazard is one of small harm and little difficulty to remove,
and art 15(1): the unit has it rectified at once. 国办发〔2015〕20号 (八), 本溪 (七): the enterprise's
own inspection and report (自查自报自改) joined to the bureau's inspection; 曲靖 (九), 西双版纳 (十):
隐患排查、整改、复查、验收、销号; 西双版纳 (十二): 一般隐患 are supervised by the county.
The clocks are in `general_hazard_deadlines.py`; none is fixed by a text ([U], configurable).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from domain.errors import InvalidInput
from domain.forms import MAX_ID, LongText, OptionalText, StepForm, choice

PROCESS = "general_hazard"

FOUND_BY = {"inspection": "监督检查发现", "self_report": "企业自查自报"}

STATUS_LABELS = {
    "rectifying": "整改中",
    "rechecking": "待复查",
    "accepting": "待验收销号",
    "follow_up": "逾期未整改，待跟进处理",
    "closed_out": "已验收销号",
    "referred": "逾期未整改，已依法另行处理",
}
CLOSED_STATUSES = frozenset({"closed_out", "referred"})


class GeneralHazardStart(StepForm):
    """登记一般事故隐患: the bureau's record of a hazard found by inspection or reported to it."""

    enterprise_id: int = Field(ge=1, le=MAX_ID, title="企业")
    description: LongText = Field(title="隐患描述")
    found_by: Literal["inspection", "self_report"] = choice(FOUND_BY, "隐患来源")
    source_case_id: int | None = Field(None, ge=1, le=MAX_ID, title="来源案件")
    # The bureau may fix the last day of the period; blank: the configured period (rule
    # `general_hazard.rectification`, [U]).
    deadline: dt.date | None = Field(None, title="整改期限")


class RectificationReportForm(StepForm):
    """报告整改情况: the enterprise's report (with photos or records as attachments)."""

    rectified_on: dt.date = Field(title="整改完成日期")
    measures: LongText = Field(title="采取的整改措施")


RECHECK_RESULTS = {"passed": "整改到位", "failed": "整改不到位，退回整改"}


class RecheckForm(StepForm):
    """复查: the bureau checks the rectification on site or on the records."""

    checked_on: dt.date = Field(title="复查日期")
    result: Literal["passed", "failed"] = choice(RECHECK_RESULTS, "复查结论")
    opinion: LongText = Field(title="复查意见")
    new_deadline: dt.date | None = Field(None, title="重新整改期限（退回整改时，可不填：按默认期限）")


ACCEPTANCE_DECISIONS = {"accept": "验收合格，予以销号", "reject": "验收不合格，退回整改"}


class AcceptanceForm(StepForm):
    """验收销号: accepted, the hazard is struck off (销号); refused, it returns to rectification."""

    accepted_on: dt.date = Field(title="验收日期")
    decision: Literal["accept", "reject"] = choice(ACCEPTANCE_DECISIONS, "验收结论")
    opinion: OptionalText = Field("", title="验收意见")
    new_deadline: dt.date | None = Field(None, title="重新整改期限（退回整改时，可不填：按默认期限）")


FOLLOW_UPS = {
    # 安全生产法 art 102: 责令立即消除或者限期消除 — a new period.
    "new_period": "责令限期消除，重新确定整改期限",
    # 安全生产法 art 102: a penalty, 拒不执行的责令停产停业整顿 — handled in its own case.
    "referred": "依法立案处罚或责令停产停业整顿（另案办理）",
}


class FollowUpForm(StepForm):
    """逾期未整改的跟进处理 (安全生产法 art 102)."""

    decision: Literal["new_period", "referred"] = choice(FOLLOW_UPS, "处理方式")
    new_deadline: dt.date | None = Field(None, title="重新确定的整改期限")
    opinion: LongText = Field(title="处理意见")

    @model_validator(mode="after")
    def _deadline(self) -> FollowUpForm:
        if self.decision == "new_period" and self.new_deadline is None:
            raise ValueError("责令限期消除须填写重新确定的整改期限")
        return self


def check_new_deadline(day: dt.date | None, today: dt.date) -> None:
    """A period the bureau fixes ends after today and within a year (a 一般 hazard is small)."""
    if day is None:
        return
    if day <= today:
        raise InvalidInput("整改期限须晚于今天")
    if day > today + dt.timedelta(days=366):
        raise InvalidInput("一般事故隐患的整改期限不得超过一年")
