"""The clocks of the annual enforcement-file review (执法案卷评查), one row each.

曲靖 (七) and 西双版纳 (九) require the review every year but fix no period for scoring a file or
for the bureau's rectification: both are local configuration [U], overridable under
`[deadlines."enforcement_review.*"]` in config/process.toml.
"""

from __future__ import annotations

from domain.deadline_rule import DeadlineRule
from domain.legal_calendar import Unit

ENFORCEMENT_REVIEW_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "enforcement_review.file_review",
        "评查执法案卷",
        30,
        Unit.CALENDAR_DAYS,
        "抽取案卷之日",
        "提醒评查人员",
        "曲政办发〔2016〕28号（七）：每年组织评估考核；评查期限为本地配置，未经确认",
        "U",
        remind_before=(5, 1),
    ),
    DeadlineRule(
        "enforcement_review.rectification",
        "整改评查发现的问题",
        30,
        Unit.CALENDAR_DAYS,
        "评查结果通知之日",
        "上一级安委办督办",
        "西双版纳州实施意见（九）：执法案卷检查评估；整改期限为本地配置，未经确认",
        "U",
        remind_before=(5, 1),
    ),
)
