"""Forms of the accident's report, notification, re-grading and referral steps (条例 arts 9–13,
19–22, 26; 国务院令第310号 第十九条)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from domain.accident_reporting import NOTIFIED_AGENCIES
from domain.forms import LongText, OptionalText, ShortText, StepForm, choice


class UpwardReportForm(StepForm):
    """条例 第十条、第十一条: the report to the next level, within 2 hours of this level's receipt."""

    reported_at: dt.datetime = Field(title="上报时间")
    means: ShortText = Field(title="上报方式（电话、传真、系统报送等）")
    government_informed: bool = Field(title="已同时报告本级人民政府（条例第十条第二款）")
    skipped_to_top: bool = Field(False, title="越级上报至条例第十条规定的最高一级（条例第十条第三款）")

    @model_validator(mode="after")
    def _government(self) -> UpwardReportForm:
        if not self.government_informed:
            raise ValueError("上报事故情况应当同时报告本级人民政府（条例第十条第二款）")
        return self


class NotificationForm(StepForm):
    """条例 第十条: whom the bureau notified, when (only what is recorded is asserted)."""

    agency: Literal["police", "labour", "union", "procuratorate"] = choice(NOTIFIED_AGENCIES, "通知单位")
    notified_at: dt.datetime = Field(title="通知时间")
    means: ShortText = Field(title="通知方式")


class RegradeDecisionForm(StepForm):
    """条例 第二十条第二款: the higher government MAY form a new team (a decision, not automatic)."""

    decision: Literal["new_team", "keep"] = choice(
        {"new_team": "另行组织事故调查组进行调查", "keep": "不另行组织，原调查组继续调查"}, "决定"
    )
    opinion: LongText = Field(title="意见")


class InitialReportForm(StepForm):
    """Provincial rule [S]: the initial findings to the upper 安委会 within 15 日 of the accident."""

    submitted_to: ShortText = Field(title="报送单位（上级安全生产委员会）")
    summary: LongText = Field(title="事故调查初步情况")


class HomeParticipationForm(StepForm):
    """条例 第二十一条: the unit's home government sends people to the team."""

    members: LongText = Field(title="派出参加调查人员")


class CrimeReferralForm(StepForm):
    """条例 第二十六条第三款: material on suspected crimes handed to the judicial organs."""

    transfer_case_no: ShortText = Field(title="涉嫌犯罪案件移送编号（或移交司法机关的文书编号）")
    handed_over_on: dt.date = Field(title="移交日期")


class OfficialClueReferralForm(StepForm):
    """国务院令第310号 第十九条; 2006 joint rule: clues of official crimes to 监察机关 / 检察院."""

    recipient: Literal["supervision", "procuratorate"] = choice(
        {"supervision": "同级监察机关", "procuratorate": "同级人民检察院"}, "移送机关"
    )
    document_no: ShortText = Field(title="移送文书编号")
    handed_over_on: dt.date = Field(title="移送日期")


class ConclusionCopyForm(StepForm):
    """2019 衔接办法 [S]: a death accident concluded not a production-safety (liability) accident —
    the conclusion is copied to the same-level 监察机关, 公安机关 and 人民检察院."""

    document_no: ShortText = Field(title="认定结论文书编号")
    copied_on: dt.date = Field(title="抄送日期")
    to_supervision: bool = Field(title="已抄送同级监察机关")
    to_police: bool = Field(title="已抄送同级公安机关")
    to_procuratorate: bool = Field(title="已抄送同级人民检察院")
    note: OptionalText = Field("", title="说明")

    @model_validator(mode="after")
    def _all(self) -> ConclusionCopyForm:
        if not (self.to_supervision and self.to_police and self.to_procuratorate):
            raise ValueError("认定结论应当同时抄送同级监察机关、公安机关和人民检察院")
        return self
