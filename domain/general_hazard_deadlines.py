"""The clocks of a 一般事故隐患's closed loop, one row each.

No text fixes them: 16号令 art 15(1) says a 一般 hazard is rectified "立即" by the unit, and the
policies (曲靖 (九), 西双版纳 (十)) name the steps, not their periods. Every amount here is local
configuration [U], overridable under `[deadlines."general_hazard.*"]` in config/process.toml.
"""

from __future__ import annotations

from domain.deadline_rule import DeadlineRule
from domain.legal_calendar import Unit

GENERAL_HAZARD_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "general_hazard.rectification",
        "一般事故隐患整改",
        30,
        Unit.CALENDAR_DAYS,
        "隐患登记之日（或监管部门确定的整改期限）",
        "期限届满未报告整改完成的，转监管部门跟进处理（安全生产法第一百零二条）",
        "16号令第十五条第一款（一般事故隐患立即组织整改）；整改期限为本地配置，未经确认",
        "U",
        remind_before=(5, 1),
        waiting_on="enterprise",
    ),
    DeadlineRule(
        "general_hazard.recheck",
        "复查一般事故隐患整改情况",
        5,
        Unit.WORKING_DAYS,
        "企业报告整改完成之日",
        "上一级安委办督办",
        "曲靖（九）、西双版纳（十）：隐患排查、整改、复查、验收、销号；复查期限为本地配置，未经确认",
        "U",
        remind_before=(1,),
    ),
    DeadlineRule(
        "general_hazard.acceptance",
        "验收销号",
        5,
        Unit.WORKING_DAYS,
        "复查认定整改到位之日",
        "上一级安委办督办",
        "曲靖（九）、西双版纳（十）：验收、销号；西双版纳（十二）：一般隐患由县级部门挂牌督办；期限为本地配置，未经确认",
        "U",
        remind_before=(1,),
    ),
    DeadlineRule(
        "general_hazard.follow_up",
        "逾期未整改的跟进处理",
        5,
        Unit.WORKING_DAYS,
        "整改期限届满之日",
        "上一级安委办督办",
        "安全生产法第一百零二条（未采取措施消除事故隐患的，责令立即消除或者限期消除，处罚；拒不执行的责令停产停业整顿）；"
        "期限为本地配置，未经确认",
        "U",
        remind_before=(1,),
    ),
)
