"""The clocks of a bulletin (通报, 警示, 案情通报), one row each.

本溪 (八), 国办发〔2015〕20号 (十三), 曲靖 (十四) and 西双版纳 (十六) establish the bulletin and the
case bulletin but fix no period: every amount here is local configuration [U], overridable under
`[deadlines."bulletin.*"]` in config/process.toml. The rectification report runs to the day the
bulletin itself fixes (amount 0: a day fixed by a decision).
"""

from __future__ import annotations

from domain.deadline_rule import DeadlineRule
from domain.legal_calendar import Unit

BULLETIN_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "bulletin.approval",
        "审批通报",
        3,
        Unit.WORKING_DAYS,
        "通报起草之日",
        "上一级安委办督办",
        "本溪 (八)（严格实行通报机制）；审批期限为本地配置，未经确认",
        "U",
        remind_before=(1,),
    ),
    DeadlineRule(
        "bulletin.revision",
        "修改通报",
        3,
        Unit.WORKING_DAYS,
        "负责人退回之日",
        "上一级安委办督办",
        "本地配置，未经确认",
        "U",
        remind_before=(1,),
    ),
    DeadlineRule(
        "bulletin.acknowledgement",
        "签收通报",
        3,
        Unit.WORKING_DAYS,
        "通报印发之日",
        "上一级安委办督办",
        "本溪 (八)；国办发〔2015〕20号 (十三)（案情通报）；签收期限为本地配置，未经确认",
        "U",
        remind_before=(1,),
    ),
    DeadlineRule(
        "bulletin.rectification_report",
        "报告整改落实情况",
        0,
        Unit.CALENDAR_DAYS,
        "通报确定的整改期限",
        "上一级安委办督办",
        "本溪 (八)（倒逼安全生产工作落实）；报告期限法无明文，由通报确定",
        "U",
        remind_before=(3, 1),
    ),
    DeadlineRule(
        "bulletin.verification",
        "核查整改落实情况",
        10,
        Unit.WORKING_DAYS,
        "收到整改报告之日",
        "上一级安委办督办",
        "本地配置，未经确认",
        "U",
        remind_before=(2,),
    ),
)
