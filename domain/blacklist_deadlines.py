"""The clocks of the serious-dishonesty list (安全生产严重失信主体名单), one row each.

Decree 11 (应急管理部令第11号) and the domain notes §4 leave every step limit unconfirmed [U]:
the defaults here are local settings, overridable under `[deadlines."blacklist.*"]`. The
multi-year waits (the 3-year management period, the 12-month wait before credit repair) are
workflow timers configured under `[blacklist]`, not rows of this table.
"""

from __future__ import annotations

from domain.deadline_rule import DeadlineRule
from domain.legal_calendar import Unit

BLACKLIST_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "blacklist.notice",
        "告知拟列入严重失信主体名单",
        5,
        Unit.WORKING_DAYS,
        "提请列入之日",
        "上一级安委办督办",
        "国办发〔2020〕49号第八项：列入前告知理由、依据和权利；期限为本地配置，未经确认",
        "U",
        remind_before=(1,),
    ),
    DeadlineRule(
        "blacklist.statement",
        "陈述、申辩期",
        5,
        Unit.WORKING_DAYS,
        "告知书送达之日",
        "期满未陈述申辩的，视为放弃，进入列入决定",
        "国办发〔2020〕49号第八项；应急管理部令第11号；陈述申辩期限未经确认（默认5个工作日）",
        "U",
        remind_before=(),
        waiting_on="enterprise",
    ),
    DeadlineRule(
        "blacklist.statement_review",
        "复核陈述、申辩",
        5,
        Unit.WORKING_DAYS,
        "收到陈述、申辩之日",
        "上一级安委办督办",
        "国办发〔2020〕49号第八项（对异议在规定时限内核实）；期限未经确认",
        "U",
        remind_before=(1,),
    ),
    DeadlineRule(
        "blacklist.decision",
        "作出列入决定",
        10,
        Unit.WORKING_DAYS,
        "陈述申辩期届满或复核之日",
        "上一级安委办督办",
        "应急管理部令第11号（谁处罚、谁决定、谁负责，书面决定）；期限未经确认",
        "U",
    ),
    DeadlineRule(
        "blacklist.publication",
        "报送公开严重失信主体信息",
        7,
        Unit.WORKING_DAYS,
        "列入决定之日",
        "上一级安委办督办",
        "安全生产法第七十八条（公告并通报有关部门；处罚决定7个工作日内公开）；名单公开期限未经确认，参照7个工作日",
        "U",
        remind_before=(2,),
    ),
    DeadlineRule(
        "blacklist.repair_review",
        "审核信用修复申请",
        15,
        Unit.WORKING_DAYS,
        "收到信用修复申请之日",
        "上一级安委办督办",
        "应急管理部令第11号（提前移出）；国家发展改革委令第58号；审核期限未经确认",
        "U",
        remind_before=(3, 1),
    ),
)
