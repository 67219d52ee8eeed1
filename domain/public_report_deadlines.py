"""The clocks of a public report (安全生产举报, 12350), one row each.

安全生产法 art 73 [P] requires reports to be accepted, verified and, where outside the
department's remit, transferred, but sets no time limit. The 60-day handling limit, the one
extension of at most 30 days approved by the upper level and the reply within 10 days come from
the old national rule (安监总财〔2012〕63号) [S]; its successor (安监总财〔2018〕19号) is [U]. All
are overridable under `[deadlines."public_report.*"]` in config/process.toml.
"""

from __future__ import annotations

from domain.deadline_rule import DeadlineRule
from domain.legal_calendar import Unit

PUBLIC_REPORT_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "public_report.triage",
        "受理或转办举报",
        5,
        Unit.WORKING_DAYS,
        "收到举报之日",
        "上一级安委办督办",
        "安全生产法第七十三条（受理举报；不属于本部门职责的移交有关部门）；受理期限为本地配置，未经确认",
        "U",
        remind_before=(1,),
    ),
    DeadlineRule(
        "public_report.handling",
        "核查处理举报",
        60,
        Unit.CALENDAR_DAYS,
        "受理举报之日",
        "上一级安委办督办",
        "安全生产举报奖励办法（安监总财〔2012〕63号）：自受理之日起60日内办结；情况复杂的，经上一级安全监管部门批准可延长，"
        "延长期限不超过30日，并告知举报人延期理由；现行规定（安监总财〔2018〕19号）期限未经确认",
        "S",
        remind_before=(10, 3),
        max_extensions=1,
        max_extension_days=30,
    ),
    DeadlineRule(
        "public_report.extension_decision",
        "审批延长举报办理期限",
        5,
        Unit.WORKING_DAYS,
        "延期申请之日",
        "上一级安委办督办",
        "安监总财〔2012〕63号（上一级安全监管部门批准延期）；审批期限为本地配置，未经确认",
        "U",
        remind_before=(1,),
    ),
    DeadlineRule(
        "public_report.reply",
        "答复举报人",
        10,
        Unit.CALENDAR_DAYS,
        "核查处理结论作出之日",
        "上一级安委办督办",
        "安监总财〔2012〕63号：核查处理后10日内将结果告知举报人；现行规定未经确认",
        "S",
        remind_before=(2,),
    ),
)
