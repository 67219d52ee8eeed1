"""The quarterly report to the organisation department as a task of the office (process 8).

国办发〔2015〕20号 (四): "各级安全生产监督管理部门要定期向同级组织部门报送安全生产情况"; 本溪 (二):
"每季度向同级党委组织部门报送一次安全生产工作情况". The texts fix the quarter, not the days after it:
the period is configuration [U] (`[deadlines."quarterly_report.submit"]`).
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from domain.deadline_rule import DeadlineRule
from domain.forms import OptionalText, ShortText, StepForm
from domain.legal_calendar import Unit

PROCESS = "quarterly_report"


def last_ended_quarter(today: dt.date) -> tuple[int, int]:
    current = (today.month - 1) // 3 + 1
    return (today.year, current - 1) if current > 1 else (today.year - 1, 4)


class QuarterlySubmissionForm(StepForm):
    """报送: when and to whom the quarter's report (the generated page or its XLSX) was sent."""

    submitted_on: dt.date = Field(title="报送日期")
    recipient: ShortText = Field(title="报送单位（同级党委组织部门）")
    summary: OptionalText = Field("", title="报送情况说明")


QUARTERLY_REPORT_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "quarterly_report.submit",
        "报送季度安全生产工作情况",
        15,
        Unit.CALENDAR_DAYS,
        "季度结束后任务生成之日",
        "提醒报送部门",
        "本政发〔2016〕15号（二）：每季度向同级党委组织部门报送一次安全生产工作情况；国办发〔2015〕20号（四）；"
        "报送期限为本地配置，未经确认",
        "U",
        remind_before=(3, 1),
    ),
)
