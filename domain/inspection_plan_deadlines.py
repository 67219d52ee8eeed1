"""The clocks of the annual enforcement plan (年度监督检查计划), one row each.

北碚 (十四) [S] fixes one date: the plan is made and approved by the end of January of its year
("在当年1月底前…报经区政府审查批准"), a dated deadline (amount 0, the day is given by the
procedure); a plan drafted after it is overdue from its first day and escalates like any other
step. The texts give no period for the filing (备案), a returned plan's revision or the
approval of an adjustment (国办发〔2015〕20号 (十五) "及时进行调整"): those are [U] rows,
overridable under `[deadlines."inspection_plan.*"]` in config/process.toml.
"""

from __future__ import annotations

from domain.deadline_rule import DeadlineRule
from domain.legal_calendar import Unit

INSPECTION_PLAN_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "inspection_plan.approval",
        "年度监督检查计划报政府审查批准",
        0,
        Unit.CALENDAR_DAYS,
        "计划年度1月31日（当年1月底前）",
        "上一级安委办督办",
        "北碚府办发〔2016〕65号（十四）：在当年1月底前制订年度监督检查计划，报经区政府审查批准",
        "S",
        remind_before=(5, 1),
    ),
    DeadlineRule(
        "inspection_plan.revision",
        "修改退回的年度监督检查计划",
        10,
        Unit.WORKING_DAYS,
        "计划退回之日",
        "上一级安委办督办",
        "北碚（十四）未规定退回修改的期限；本地配置，未经确认",
        "U",
        remind_before=(2,),
    ),
    DeadlineRule(
        "inspection_plan.filing",
        "年度监督检查计划备案",
        10,
        Unit.WORKING_DAYS,
        "计划批准之日",
        "上一级安委办督办",
        "北碚（十四）：报区政府安委办及上级行业行政主管部门备案；备案期限未规定，本地配置，未经确认",
        "U",
        remind_before=(2,),
    ),
    DeadlineRule(
        "inspection_plan.adjustment_approval",
        "审查批准计划调整",
        20,
        Unit.WORKING_DAYS,
        "提出调整之日",
        "上一级安委办督办",
        "国办发〔2015〕20号（十五）“及时进行调整和完善”；北碚（十四）调整同样报经批准；期限未规定，本地配置，未经确认",
        "U",
        remind_before=(3,),
    ),
)

CAMPAIGN_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "inspection_campaign.report",
        "开展检查并报送检查情况",
        0,
        Unit.CALENDAR_DAYS,
        "检查部署之日起，按配置的报送天数（config/campaigns.toml）",
        "上一级安委办督办",
        "曲靖市实施意见（曲政办发〔2016〕28号）（十一）：每季度开展一次全市性综合大检查，每月开展一次行业领域专项检查；"
        "报送期限未规定，本地配置，未经确认",
        "U",
        remind_before=(3, 1),
    ),
)
