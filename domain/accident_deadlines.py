"""The clocks of the accident investigation's upper review, filings, delivery and evaluation.

Rows of the rules table (domain/deadline_rules.py merges them); every [S]/[U] figure can be
overridden under `[deadlines.<code>]` in config/process.toml.
"""

from __future__ import annotations

from domain.deadline_rule import DeadlineRule
from domain.legal_calendar import Unit

ACCIDENT_REVIEW_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "accident.report_revision",
        "修改事故调查报告",
        0,
        Unit.CALENDAR_DAYS,
        "原调查期限届满之日（自事故发生之日起60日，含批准的延期，不计技术鉴定时间）",
        "上一级安委办督办",
        "生产安全事故报告和调查处理条例第二十九条：退回修改不另起60日，修改后的报告仍须在调查期限内提交",
        "P",
        remind_before=(5, 1),
        max_extensions=1,
        max_extension_days=60,
    ),
    DeadlineRule(
        "accident.external_review",
        "报国务院安委办审核调查报告",
        10,
        Unit.WORKING_DAYS,
        "报告送审之日",
        "上一级安委办督办",
        "安委督〔2023〕13号：重大事故调查报告批复前报国务院安委办审核；期限为本地配置，未经确认",
        "S",
    ),
    DeadlineRule(
        "accident.report_filing",
        "调查报告及批复报上级安委办备案",
        15,
        Unit.CALENDAR_DAYS,
        "批复之日",
        "再上一级安委办督办",
        "曲政办发〔2016〕28号（四）：所有事故调查报告报上级安全生产委员会办公室备案；期限为本地配置，未经确认",
        "U",
    ),
    DeadlineRule(
        "accident.reply_delivery",
        "送达批复",
        15,
        Unit.CALENDAR_DAYS,
        "批复之日",
        "上一级安委办督办",
        "地方规定：牵头部门自收到批复之日起15日内送达有关单位和人员（发文未确认）",
        "S",
    ),
    DeadlineRule(
        "accident.supervised_matters",
        "办结挂牌督办事项",
        60,
        Unit.CALENDAR_DAYS,
        "挂牌督办之日",
        "再上一级安委办督办",
        "较大事故查处挂牌督办（河南等省规定）：自督办通知之日起60日内办结督办事项",
        "S",
    ),
    DeadlineRule(
        "accident.evaluation_year",
        "事故整改和防范措施落实情况评估",
        0,
        Unit.CALENDAR_DAYS,
        "批复之日起一年内（或按本地配置自结案起算）",
        "上一级安委办督办",
        "安全生产法第八十六条第三款：批复事故调查报告后一年内组织评估；国办发〔2015〕20号（六）：结案1年后评估",
        "P",
        remind_before=(20, 5),
    ),
    DeadlineRule(
        "accident.evaluation_publication",
        "公开评估结果",
        20,
        Unit.WORKING_DAYS,
        "评估完成之日",
        "上一级安委办督办",
        "安全生产法第八十六条第三款（及时向社会公开评估结果）；20个工作日参照政府信息公开条例第二十六条，本地可配置",
        "S",
    ),
    DeadlineRule(
        "accident.evaluation_filing",
        "评估情况报上级安委办备案",
        15,
        Unit.CALENDAR_DAYS,
        "评估完成之日",
        "再上一级安委办督办",
        "国办发〔2015〕20号（六）、本政发〔2016〕15号（四）、西双版纳（六）：评估情况报上级安委办备案；期限未经确认",
        "U",
    ),
)
