"""约谈 (interview) and 重大案件会商 (consultation on a major case): requests, forms and the ladder.

本溪 (八): "严格实行安全生产约谈机制，对不执行安全生产法律法规，工作落实不力的，实行约谈告诫";
国办发〔2015〕20号 (七): "通过暗访暗查、约谈曝光、专家会诊、警示教育等方式督促整改";
北碚 (九): "对发生较大以上事故、连续发生事故的…相关负责人要进行警示教育、诫勉谈话";
西双版纳 (十六): "建立安全生产监管执法机构与公安机关和检察机关…重大案件会商和联合督办机制".
Pure rules: who may interview whom (the ladder) and the forms of each step.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from domain.forms import MAX_ID, LongText, OptionalText, ShortText, StepForm, choice
from domain.roles import Level

PARTY_KINDS = {"government": "下级人民政府", "department": "有关部门", "enterprise": "生产经营单位"}
REASONS = {
    "overdue_hazard": "重大事故隐患逾期未整改",
    "accident": "发生生产安全事故",
    "repeated_escalation": "多次被督办",
    "ineffective_work": "安全生产工作落实不力",
    "other": "其他",
}
# What follows an interview whose commitments were not all kept (本溪 (八): 约谈告诫, 通报, 诫勉).
OUTCOMES = {
    "close": "承诺事项已落实，结束约谈",
    "bulletin": "予以通报",
    "listed_supervision": "挂牌督办",
    "accountability": "提请问责",
}
# The three agencies of a consultation (西双版纳 (十六)) and the role that acts for each.
AGENCIES = {"应急": "handler", "公安": "police_liaison", "检察": "procuratorate_liaison"}
# 生产安全事故报告和调查处理条例 art 3 grades; a 特别重大 accident is answered from the province.
GRAVEST_GRADE = "特别重大"


class InterviewRequest(StepForm):
    """`POST /api/v1/interviews`: the office proposes to interview a party of the level below."""

    party_kind: Literal["government", "department", "enterprise"] = choice(PARTY_KINDS, "被约谈方类别")
    # A government: its jurisdiction's code; a department: its organisation; an enterprise: its id.
    jurisdiction_code: str = Field("", title="被约谈的人民政府（行政区划代码）", pattern=r"^(\d{6})?$")
    org_id: int = Field(0, title="被约谈的部门", ge=0, le=MAX_ID)
    enterprise_id: int = Field(0, title="被约谈的生产经营单位", ge=0, le=MAX_ID)
    reason: Literal["overdue_hazard", "accident", "repeated_escalation", "ineffective_work", "other"] = choice(
        REASONS, "约谈事由"
    )
    matters: LongText = Field(title="约谈事项")
    source_case_nos: list[ShortText] = Field(default_factory=list, title="相关案件编号", max_length=10)
    meeting_on: dt.date = Field(title="约谈日期")
    place: ShortText = Field(title="约谈地点")

    @model_validator(mode="after")
    def _names_its_party(self) -> InterviewRequest:
        named = {
            "government": bool(self.jurisdiction_code),
            "department": self.org_id > 0,
            "enterprise": self.enterprise_id > 0,
        }
        if not named[self.party_kind]:
            raise ValueError(f"请指定被约谈的{PARTY_KINDS[self.party_kind]}")
        return self


class ConsultationRequest(StepForm):
    """`POST /api/v1/consultations`: the bureau convenes the police and the procuratorate on a case."""

    case_no: ShortText = Field(title="会商案件编号")
    agenda: LongText = Field(title="会商议题")
    meeting_on: dt.date = Field(title="会商日期")
    place: ShortText = Field(title="会商地点")


def check_meeting_day(meeting_on: dt.date, today: dt.date) -> None:
    if meeting_on < today:
        raise ValueError("约谈日期不能早于今天")
    if (meeting_on - today).days > 90:
        raise ValueError("约谈日期不得晚于今天起90日")


def check_ladder(office_level: str, office_code: str, party_above: str | None, *, gravest_accident: bool) -> None:
    """An office interviews the level below only (本溪 (八)): a government or department whose
    jurisdiction's parent is the office's, or an enterprise of the office's own jurisdiction
    (`party_above`: the jurisdiction directly above the party). A 特别重大 accident is answered
    by the provincial level. Raises PermissionError with the message a handler reads."""
    if gravest_accident:
        if office_level != Level.PROVINCE:
            raise PermissionError("发生特别重大事故的，由省级负责约谈")
        return
    if party_above != office_code:
        raise PermissionError("安委办只能约谈下一级人民政府、部门或本辖区的生产经营单位")


class NoticeForm(StepForm):
    """签发约谈通知书: date, place and matters as printed in the notice."""

    meeting_on: dt.date = Field(title="约谈日期")
    place: ShortText = Field(title="约谈地点")
    matters: LongText = Field(title="约谈事项")
    attendees_required: ShortText = Field(title="应到人员（如主要负责人、分管负责人）")


class MeetingForm(StepForm):
    """约谈记录: who attended, what was said, and the commitments (one per line)."""

    held_on: dt.date = Field(title="约谈日期")
    attendees: ShortText = Field(title="参加人员")
    statements: LongText = Field(title="约谈情况（表态发言）")
    commitments: LongText = Field(title="承诺事项（每行一项：事项；期限如2027-01-31；承诺人）")


class ConclusionForm(StepForm):
    """约谈结论: closure, or the next step of the ladder."""

    outcome: Literal["close", "bulletin", "listed_supervision", "accountability"] = choice(OUTCOMES, "处理结论")
    opinion: OptionalText = Field(title="意见", min_length=1)


class MinutesForm(StepForm):
    """会商纪要: participants of the three agencies, the minutes, the agreed actions."""

    held_on: dt.date = Field(title="会商日期")
    participants: ShortText = Field(title="参加人员（应急、公安、检察）")
    minutes: LongText = Field(title="会商纪要")
    actions: LongText = Field(title="议定事项（每行一项：事项；期限如2027-01-31；应急/公安/检察）")


class ConsultationCloseForm(StepForm):
    """会商办结: every agreed action verified."""

    summary: LongText = Field(title="办结意见")
