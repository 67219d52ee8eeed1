"""Clock rows of the accident's report, re-grading and referrals (条例 arts 9–13, 19–22, 26)."""

from __future__ import annotations

from domain.deadline_rule import DeadlineRule
from domain.legal_calendar import Unit

ACCIDENT_REPORTING_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "accident.upward_report",
        "逐级上报事故情况",
        2,
        Unit.HOURS,
        "本级接到事故报告之时",
        "迟报：记入案件并由上一级安委办督办",
        "生产安全事故报告和调查处理条例第十条、第十一条：逐级上报，每级上报的时间不得超过2小时；"
        "一般事故报至设区的市级，较大事故报至省级，重大、特别重大事故报至国务院应急管理部门；必要时可以越级上报",
        "P",
        remind_before=(),
    ),
    # Not a task: the window in which a change in casualties is reported again (A6, C9). Counted in
    # calendar days from the accident's day, to 24:00 of the last day, not rolled past a rest day
    # (it bounds when a change happened, not an act): `domain/accident.py` `casualty_window_end`.
    DeadlineRule(
        "accident.casualty_window",
        "伤亡人数变化补报期",
        30,
        Unit.CALENDAR_DAYS,
        "事故发生之日",
        "期满后伤亡变化不再补报，事故等级不再因此变化（条例第二十条第二款）",
        "生产安全事故报告和调查处理条例第十三条第二款：自事故发生之日起30日内伤亡人数发生变化的，应当及时补报",
        "P",
        remind_before=(),
    ),
    DeadlineRule(
        "accident.casualty_window_road_fire",
        "伤亡人数变化补报期（道路交通、火灾事故）",
        7,
        Unit.CALENDAR_DAYS,
        "事故发生之日",
        "期满后伤亡变化不再补报，事故等级不再因此变化（条例第二十条第二款）",
        "生产安全事故报告和调查处理条例第十三条第二款：道路交通事故、火灾事故自发生之日起7日内",
        "P",
        remind_before=(),
    ),
    DeadlineRule(
        "accident.regrade_decision",
        "决定是否另行组织事故调查组",
        5,
        Unit.WORKING_DAYS,
        "补报伤亡变化之日",
        "再上一级安委办督办",
        "生产安全事故报告和调查处理条例第二十条第二款：上级人民政府可以另行组织事故调查组进行调查；决定期限为本地配置，未经确认",
        "U",
        remind_before=(1,),
    ),
    DeadlineRule(
        "accident.initial_report",
        "向上级安委会报送事故调查初步情况",
        15,
        Unit.CALENDAR_DAYS,
        "事故发生之日",
        "上一级安委办督办",
        "省级较大事故提级调查规定（示例）：15日内向上级安全生产委员会报送初步情况；省级规定，可配置",
        "S",
        remind_before=(3,),
    ),
    DeadlineRule(
        "accident.home_participation",
        "事故发生单位所在地人民政府派人参加调查",
        5,
        Unit.CALENDAR_DAYS,
        "事故报告之日",
        "上一级安委办督办",
        "生产安全事故报告和调查处理条例第二十一条：事故发生单位所在地人民政府应当派人参加；期限未经确认",
        "U",
        remind_before=(1,),
    ),
    DeadlineRule(
        "accident.referral",
        "移交调查中发现的犯罪或职务违法线索",
        5,
        Unit.WORKING_DAYS,
        "事故调查报告提交之日",
        "上一级安委办督办",
        "生产安全事故报告和调查处理条例第二十六条第三款：及时将有关材料或者其复印件移交司法机关；"
        "国务院令第310号第十九条：职务违法犯罪线索移送监察机关；“及时”的天数为本地配置，未经确认",
        "U",
        remind_before=(1,),
    ),
)
