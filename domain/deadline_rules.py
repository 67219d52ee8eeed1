"""The statutory time limits, one row per clock, with the legal basis the UI shows.

Tags follow the domain notes: [P] primary text, [S] secondary source, [U] unconfirmed.
Every [S]/[U] figure and every provincial variation can be overridden in
`config/process.toml` under `[deadlines.<code>]`; the values here are the defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from domain.accident_deadlines import ACCIDENT_REVIEW_RULES
from domain.accident_report_deadlines import ACCIDENT_REPORTING_RULES
from domain.blacklist_deadlines import BLACKLIST_RULES
from domain.bulletin_deadlines import BULLETIN_RULES
from domain.crime_transfer_deadlines import CRIME_TRANSFER_RULES
from domain.deadline_rule import DeadlineRule
from domain.enforcement_review_deadlines import ENFORCEMENT_REVIEW_RULES
from domain.errors import InvalidInput
from domain.general_hazard_deadlines import GENERAL_HAZARD_RULES
from domain.inspection_deadlines import INSPECTION_RULES
from domain.inspection_plan_deadlines import CAMPAIGN_RULES, INSPECTION_PLAN_RULES
from domain.interview_deadlines import CONSULTATION_RULES, INTERVIEW_RULES
from domain.legal_calendar import Unit
from domain.public_report_deadlines import PUBLIC_REPORT_RULES
from domain.quarterly_report import QUARTERLY_REPORT_RULES
from domain.random_draw_deadlines import RANDOM_DRAW_RULES
from domain.rectification_deadlines import RECTIFICATION_RULES
from domain.report_reward import REPORT_REWARD_RULES

_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "hazard.listing_decision",
        "挂牌督办决定",
        5,
        Unit.WORKING_DAYS,
        "隐患报送之日",
        "上一级安委办督办",
        "安全生产法第四十一条第三款（重大事故隐患治理督办制度）；期限为本地配置，未经确认",
        "U",
    ),
    DeadlineRule(
        "hazard.publish_listing",
        "挂牌公告并报上级备案",
        5,
        Unit.WORKING_DAYS,
        "挂牌决定之日",
        "上一级安委办督办",
        "国发〔2010〕23号“逐级挂牌督办、公告”；5个工作日参照青岛“3+X”规定",
        "S",
    ),
    DeadlineRule(
        "hazard.rectification_plan",
        "报送治理方案",
        10,
        Unit.WORKING_DAYS,
        # H31: from the recorded service of the notice (a paper notice: its service day in the
        # decision). Cases started before patch `hazard-law-2026` count from the decision.
        "挂牌督办通知书送达之日",
        "上一级安委办督办",
        "安全生产事故隐患排查治理暂行规定（国家安监总局令第16号）第十五条；期限未经确认（H31）",
        "U",
        remind_before=(2,),
        waiting_on="enterprise",
    ),
    DeadlineRule(
        "hazard.plan_review",
        "审查治理方案",
        5,
        Unit.WORKING_DAYS,
        "治理方案报送之日",
        "上一级安委办督办",
        "本地配置，未经确认",
        "U",
    ),
    DeadlineRule(
        "hazard.rectification",
        "隐患整改",
        0,
        Unit.CALENDAR_DAYS,
        "挂牌督办通知书确定的整改期限",
        "上一级安委办督办，可责令停产停业整顿",
        "挂牌督办通知书；整改期限最长不超过1年（参照青岛规定）；逾期未整改适用安全生产法第一百零二条",
        "S",
        remind_before=(20, 5, 1),
        waiting_on="enterprise",
        max_extension_days=366,
    ),
    DeadlineRule(
        "hazard.progress_report",
        "报送整改进展",
        15,
        Unit.CALENDAR_DAYS,
        "报告周期届满之日",
        "上一级安委办督办",
        "煤矿安全生产条例第三十五条（按季度报告）；非煤按季度统计为回忆值，未经确认",
        "U",
        waiting_on="enterprise",
    ),
    DeadlineRule(
        "hazard.extension_decision",
        "延期申请审批",
        10,
        Unit.WORKING_DAYS,
        "延期申请提交之日",
        "上一级安委办督办",
        "参照青岛规定：收到申请后10个工作日内决定",
        "S",
    ),
    DeadlineRule(
        "hazard.acceptance",
        "现场验收",
        10,
        Unit.CALENDAR_DAYS,
        "整改完成报告（复查申请）之日，或整改期限届满之日（H26，2026年后的案件）",
        "上一级安委办督办",
        "参照湖北鄂安〔2010〕20号第十条：10日内现场验收；16号令第二十三条期限未经确认",
        "S",
        remind_before=(2,),
    ),
    DeadlineRule(
        "hazard.delisting_publication",
        "摘牌销号并公告",
        5,
        Unit.WORKING_DAYS,
        "验收通过之日",
        "上一级安委办督办",
        "参照青岛规定：验收后5个工作日内公告销号",
        "S",
    ),
    # ---- cases under the 2026 rules (patch `hazard-law-2026`) ----
    DeadlineRule(
        "hazard.listing_publication",
        "挂牌公告",
        5,
        Unit.WORKING_DAYS,
        "挂牌决定之日",
        "上一级安委办督办",
        "国发〔2010〕23号“逐级挂牌督办、公告”；挂牌后5个工作日内公告，参照青岛“3+X”规定（H22）",
        "S",
    ),
    DeadlineRule(
        "hazard.upper_filing",
        "报上一级安委办备案",
        3,
        Unit.WORKING_DAYS,
        "挂牌决定之日",
        "上一级安委办督办",
        "参照青岛“3+X”规定：挂牌督办后3个工作日内报上一级安委办备案（H21）",
        "S",
    ),
    DeadlineRule(
        "hazard.resumption_application",
        "申请恢复生产经营",
        30,
        Unit.CALENDAR_DAYS,
        "验收合格之日",
        "上一级安委办督办",
        "16号令第十八条（书面申请，附治理方案和评估报告）；期限为本地配置，未经确认",
        "U",
        waiting_on="enterprise",
    ),
    DeadlineRule(
        "hazard.resumption_review",
        "审查恢复生产申请",
        10,
        Unit.CALENDAR_DAYS,
        "恢复生产申请报送之日",
        "上一级安委办督办",
        "安全生产法第六十五条第一款第三项（经审查同意方可恢复）；16号令第十八条、第二十三条：10日内现场审查（未经确认）",
        "U",
        remind_before=(2,),
    ),
    DeadlineRule(
        "hazard.resumption_review_coal",
        "煤矿恢复生产验收",
        20,
        Unit.CALENDAR_DAYS,
        "收到恢复生产申请之日",
        "上一级安委办督办",
        "煤矿安全生产条例第四十八条：收到恢复生产申请之日起20日内组织验收完毕（H13）",
        "P",
        remind_before=(3,),
    ),
    DeadlineRule(
        "hazard.resumption_notice",
        "恢复生产公告",
        5,
        Unit.WORKING_DAYS,
        "恢复生产之日（审查同意之日）",
        "上一级安委办督办",
        "煤矿安全生产条例第四十九条：恢复生产之日起5个工作日内向社会公告（H13）",
        "P",
    ),
    DeadlineRule(
        "hazard.closure_proposal",
        "提请关闭",
        10,
        Unit.WORKING_DAYS,
        "提请关闭的情形出现之日（处罚登记、验收或拒不执行之日）",
        "上一级安委办督办",
        "安全生产法第一百一十三条（应当提请地方人民政府予以关闭）；期限为本地配置，未经确认",
        "U",
    ),
    DeadlineRule(
        "hazard.licence_suspension",
        "暂扣安全生产许可证",
        5,
        Unit.WORKING_DAYS,
        "挂牌督办决定之日",
        "上一级安委办督办",
        "16号令第二十一条（未经确认）；湖北：责令停产的应当提请暂扣（H12）；期限为本地配置",
        "U",
    ),
    DeadlineRule(
        "accident.procuratorate_join",
        "检察机关派员决定",
        3,
        Unit.WORKING_DAYS,
        "邀请函送达之日",
        "上一级安委办督办",
        "生产安全事故报告和调查处理条例第二十二条（邀请人民检察院派人参加）；期限未经确认",
        "U",
        remind_before=(1,),
        waiting_on="agency",
    ),
    DeadlineRule(
        "accident.team_formation",
        "成立事故调查组",
        5,
        Unit.CALENDAR_DAYS,
        "事故发生之日（广西等省：5日内未成立调查组的挂牌督办）",
        "上一级安委办督办",
        "生产安全事故报告和调查处理条例第二十二条；期限未经确认",
        "U",
        remind_before=(1,),
    ),
    DeadlineRule(
        "accident.investigation_report",
        "提交事故调查报告",
        60,
        Unit.CALENDAR_DAYS,
        "事故发生之日",
        "上一级安委办督办",
        "生产安全事故报告和调查处理条例第二十九条：60日内提交，特殊情况经批准可延长，最长不超过60日；技术鉴定时间不计入",
        "P",
        remind_before=(10, 3),
        max_extensions=1,
        max_extension_days=60,
    ),
    DeadlineRule(
        "accident.extension_decision",
        "延长调查期限审批",
        5,
        Unit.WORKING_DAYS,
        "延期申请之日",
        "上一级安委办督办",
        "生产安全事故报告和调查处理条例第二十九条（负责事故调查的人民政府批准）；期限未经确认",
        "U",
    ),
    DeadlineRule(
        "accident.draft_review",
        "上级审核调查报告",
        10,
        Unit.WORKING_DAYS,
        "报告送审之日",
        "再上一级安委办督办",
        "挂牌督办事故调查报告审核；期限为本地配置，未经确认",
        "U",
    ),
    DeadlineRule(
        "accident.reply",
        "批复事故调查报告",
        15,
        Unit.CALENDAR_DAYS,
        "收到事故调查报告之日",
        "上一级安委办督办",
        "生产安全事故报告和调查处理条例第三十二条：15日内批复",
        "P",
        remind_before=(3, 1),
    ),
    DeadlineRule(
        "accident.reply_extraordinary",
        "批复特别重大事故调查报告",
        30,
        Unit.CALENDAR_DAYS,
        "收到事故调查报告之日",
        "上一级安委办督办",
        "生产安全事故报告和调查处理条例第三十二条：特别重大事故30日内批复，特殊情况可延长，最长不超过30日",
        "P",
        remind_before=(5, 1),
        max_extensions=1,
        max_extension_days=30,
    ),
    DeadlineRule(
        "accident.follow_up",
        "落实批复事项",
        30,
        Unit.CALENDAR_DAYS,
        "批复之日",
        "上一级安委办督办",
        "生产安全事故报告和调查处理条例第三十二条（有关机关按批复落实处理）；期限为本地配置",
        "U",
    ),
    DeadlineRule(
        "accident.publication",
        "公布事故调查报告",
        20,
        Unit.WORKING_DAYS,
        "批复之日",
        "上一级安委办督办",
        "政府信息公开条例第二十六条（20个工作日）；本地可配置",
        "S",
    ),
    DeadlineRule(
        "accident.evaluation",
        "结案后评估",
        60,
        Unit.CALENDAR_DAYS,
        "评估启动之日（批复后10至12个月）",
        "上一级安委办督办",
        "事故整改措施落实情况评估（结案后一年内）；期限为本地配置",
        "U",
    ),
    DeadlineRule(
        "supervision.handle",
        "督办处理",
        5,
        Unit.WORKING_DAYS,
        "逾期督办任务生成之日",
        "再上一级安委办督办",
        "本地配置，未经确认",
        "U",
    ),
)

# Each later process keeps its own table beside its forms (`domain/<process>_deadlines.py`).
_PROCESS_TABLES: tuple[tuple[DeadlineRule, ...], ...] = (
    _RULES,
    ACCIDENT_REPORTING_RULES,
    ACCIDENT_REVIEW_RULES,
    CRIME_TRANSFER_RULES,
    BLACKLIST_RULES,
    RECTIFICATION_RULES,
    PUBLIC_REPORT_RULES,
    RANDOM_DRAW_RULES,
    INSPECTION_RULES,
    GENERAL_HAZARD_RULES,
    INSPECTION_PLAN_RULES,
    CAMPAIGN_RULES,
    INTERVIEW_RULES,
    CONSULTATION_RULES,
    BULLETIN_RULES,
    ENFORCEMENT_REVIEW_RULES,
    REPORT_REWARD_RULES,
    QUARTERLY_REPORT_RULES,
)

DEFAULT_RULES: Mapping[str, DeadlineRule] = {rule.code: rule for table in _PROCESS_TABLES for rule in table}

__all__ = ["DEFAULT_RULES", "DeadlineRule", "apply_overrides"]


def apply_overrides(
    rules: Mapping[str, DeadlineRule], overrides: Mapping[str, Mapping[str, Any]]
) -> dict[str, DeadlineRule]:
    """Return the rules with configured amounts, units or reminder leads replaced."""
    result = dict(rules)
    for code, fields in overrides.items():
        if code not in result:
            raise InvalidInput(f"unknown deadline rule in configuration: {code}")
        allowed = {"amount", "unit", "remind_before", "basis", "max_extensions", "max_extension_days"}
        unknown = set(fields) - allowed
        if unknown:
            raise InvalidInput(f"deadline rule {code}: unknown fields {sorted(unknown)}")
        changes = dict(fields)
        if "unit" in changes:
            changes["unit"] = Unit(changes["unit"])
        if "remind_before" in changes:
            lead = changes["remind_before"]
            changes["remind_before"] = tuple(
                sorted({int(x) for x in (lead if isinstance(lead, list) else [lead])}, reverse=True)
            )
        result[code] = replace(result[code], **changes)
    return result
