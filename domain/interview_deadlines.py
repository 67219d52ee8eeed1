"""The clocks of a 约谈 (interview) and a 重大案件会商 (consultation), one row each.

No national text fixes these periods: 本溪 (八) and 北碚 (九) name the interview, 西双版纳 (十六)
the consultation, and none says within how many days. The commitments' deadlines are the ones
the parties undertook at the meeting (amount 0: the day comes from the record; [S], the
local policy texts). The office's own
periods are local configuration [U], overridable under `[deadlines."interview.*"]` and
`[deadlines."consultation.*"]` in config/process.toml.
"""

from __future__ import annotations

from domain.deadline_rule import DeadlineRule
from domain.legal_calendar import Unit

LOCAL = "期限为本地配置，未经确认"

INTERVIEW_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "interview.notice",
        "签发约谈通知书",
        5,
        Unit.WORKING_DAYS,
        "决定约谈之日",
        "上一级安委办督办",
        f"本溪市实施意见（八）：严格实行安全生产约谈机制；{LOCAL}",
        "U",
        remind_before=(1,),
    ),
    DeadlineRule(
        "interview.meeting",
        "约谈并记录承诺事项",
        0,
        Unit.CALENDAR_DAYS,
        "约谈通知书确定的约谈日期",
        "上一级安委办督办",
        "约谈通知书确定的约谈日期（本溪市实施意见（八）：约谈告诫）",
        "S",
        remind_before=(1,),
    ),
    DeadlineRule(
        "interview.commitment",
        "落实承诺事项",
        0,
        Unit.CALENDAR_DAYS,
        "约谈记录确定的承诺期限",
        "期满未报告的，由约谈机关核验并决定通报、挂牌督办或提请问责",
        "被约谈方在约谈中承诺的期限（国办发〔2015〕20号（七）：约谈曝光督促整改）",
        "S",
        remind_before=(5, 1),
        waiting_on="enterprise",
    ),
    DeadlineRule(
        "interview.verification",
        "核验承诺事项落实情况",
        10,
        Unit.WORKING_DAYS,
        "收到落实情况报告或承诺期限届满之日",
        "上一级安委办督办",
        f"本溪市实施意见（八）：督促安全生产工作落实；{LOCAL}",
        "U",
        remind_before=(3, 1),
    ),
    DeadlineRule(
        "interview.conclusion",
        "作出约谈结论",
        10,
        Unit.WORKING_DAYS,
        "全部承诺事项核验完毕之日",
        "上一级安委办督办",
        f"本溪市实施意见（八）：约谈告诫、通报、诫勉；{LOCAL}",
        "U",
        remind_before=(3, 1),
    ),
)

CONSULTATION_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "consultation.minutes",
        "召开会商并形成会商纪要",
        0,
        Unit.CALENDAR_DAYS,
        "确定的会商日期",
        "上一级安委办督办",
        "西双版纳州实施意见（十六）：重大案件会商机制；会商日期由召集部门确定",
        "S",
        remind_before=(1,),
    ),
    DeadlineRule(
        "consultation.action",
        "落实会商议定事项",
        0,
        Unit.CALENDAR_DAYS,
        "会商纪要确定的期限",
        "期满未报告的，由召集部门核验",
        "会商纪要议定的期限（西双版纳州实施意见（十六）：联合督办）",
        "S",
        remind_before=(3, 1),
        waiting_on="agency",
    ),
    DeadlineRule(
        "consultation.verification",
        "核验议定事项落实情况",
        10,
        Unit.WORKING_DAYS,
        "收到落实情况报告或期限届满之日",
        "上一级安委办督办",
        f"西双版纳州实施意见（十六）：联合督办；{LOCAL}",
        "U",
        remind_before=(3, 1),
    ),
    DeadlineRule(
        "consultation.close",
        "会商办结",
        10,
        Unit.WORKING_DAYS,
        "全部议定事项核验完毕之日",
        "上一级安委办督办",
        f"西双版纳州实施意见（十六）；{LOCAL}",
        "U",
        remind_before=(3, 1),
    ),
)
