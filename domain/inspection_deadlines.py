"""The clocks of an on-site inspection (现场监督检查), one row each.

No national text fixes how long a plan, its approval, the record or the follow-up may take:
安全生产法 art 68 requires the written record and its signature but sets no period, and
北碚府办发〔2016〕65号 (十四) requires the plan before the visit without a period. Every figure here
is therefore local practice, tagged [U], and overridable under `[deadlines."inspection.*"]` in
config/process.toml. (国办发〔2015〕20号 (十五)'s 20 working days concern the publication of an
enforcement decision, which belongs to the case a finding starts, not to the inspection.)
"""

from __future__ import annotations

from domain.deadline_rule import DeadlineRule
from domain.legal_calendar import Unit

INSPECTION_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "inspection.plan",
        "编制现场检查方案",
        5,
        Unit.WORKING_DAYS,
        "检查立项之日",
        "上一级安委办督办",
        "北碚府办发〔2016〕65号（十四）：监督检查前编制具体的现场检查方案；期限为本地配置，未经确认",
        "U",
        remind_before=(1,),
    ),
    DeadlineRule(
        "inspection.plan_approval",
        "审批现场检查方案",
        3,
        Unit.WORKING_DAYS,
        "方案报批之日",
        "上一级安委办督办",
        "北碚府办发〔2016〕65号（十四）（现场检查方案）；负责人审批及其期限为本地配置，未经确认",
        "U",
        remind_before=(1,),
    ),
    DeadlineRule(
        "inspection.record",
        "现场检查并制作现场检查记录",
        10,
        Unit.WORKING_DAYS,
        "方案批准之日",
        "上一级安委办督办",
        "安全生产法第六十八条（检查情况书面记录，检查人员和被检查单位负责人签字，拒绝签字的记录在案）；"
        "完成期限为本地配置，未经确认",
        "U",
        remind_before=(3, 1),
    ),
    DeadlineRule(
        "inspection.follow_up",
        "落实检查发现问题的处理",
        5,
        Unit.WORKING_DAYS,
        "现场检查记录完成之日",
        "上一级安委办督办",
        "安全生产法第六十五条第一款第二项、第三项（当场纠正或责令限期改正、责令排除隐患、依法处罚）；"
        "启动后续案件的期限为本地配置，未经确认",
        "U",
        remind_before=(1,),
    ),
)
