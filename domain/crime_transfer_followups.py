"""The forms of the transfer's later steps and liaison records (issue 18, audit §3.5).

- 公安机关办理刑事案件程序规定 (2020) art 180: the police notify the agency of a filing in writing
  (the 2019 办法: within 3 日, copied to the procuratorate); art 180(2): missing materials are asked
  for within 24 h of acceptance and completed within 3 日 — never a reason to refuse the case.
- 310号令 art 10: a case the police do not file is handled administratively by the agency.
- 310号令 art 16: an overdue transfer is ordered by 本级或者上级人民政府, the head sanctioned.
- 刑事诉讼规则 art 557(3): a 检察意见 requires a non-transferring agency to transfer; art 562:
  the police explain an overdue filing decision within 7 日, else a 纠正意见.
- 刑事诉讼法 art 177(3): after a non-prosecution decision the procuratorate's 检察意见 goes to the
  agency, which replies (2 months, 高检发释字〔2021〕4号).
- 行政处罚法 art 27(2): evidence handover and information exchange (案情通报, 联席会议, 会商, 联合督办).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from domain.forms import LongText, OptionalText, ShortText, StepForm, choice


class SupplementForm(StepForm):
    """公安规定 art 180(2): the agency completes the materials within 3 日 of the police's notice."""

    materials: LongText = Field(title="补正的材料")


class FilingNoticeForm(StepForm):
    """The written notice of filing (立案通知书) to the agency, copied to the procuratorate."""

    remarks: OptionalText = Field("", title="备注")


HANDLING = {
    "penalty": "依法实施行政处罚",
    "other": "依法作出其他处理",
    "no_liability": "经审查不应给予行政处罚",
}


class AdministrativeHandlingForm(StepForm):
    """310号令 art 10: the agency handles a case the police did not file."""

    decision: Literal["penalty", "other", "no_liability"] = choice(HANDLING, "处理结果")
    decision_no: OptionalText = Field("", title="行政处罚决定书或处理决定文号", max_length=80)
    result: LongText = Field(title="处理情况")

    @model_validator(mode="after")
    def _number(self) -> AdministrativeHandlingForm:
        if self.decision != "no_liability" and not self.decision_no:
            raise ValueError("作出行政处罚或其他处理的，须填写决定书文号")
        return self


class OverdueExplanationForm(StepForm):
    """刑事诉讼规则 art 562: reasons for not deciding on filing in time, with the evidence."""

    explanation: LongText = Field(title="逾期不作出是否立案决定的理由（连同有关证据材料）")


class CorrectionOpinionForm(StepForm):
    """刑事诉讼规则 art 562: no reasons and no decision within 7 日 → a 纠正意见."""

    opinion_no: ShortText = Field(title="纠正意见书文号")
    opinion: LongText = Field(title="纠正意见")


class TransferOrderForm(StepForm):
    """310号令 art 16: the government orders the transfer by a date and starts the sanction."""

    order_no: ShortText = Field(title="责令限期移送通知文号")
    transfer_by: dt.date = Field(title="限期移送日期")
    sanction: LongText = Field(title="对正职负责人或者主持工作的负责人的处分建议（记过以上）及移交的任免机关或监察机关")


class RefusalReviewForm(StepForm):
    """刑事诉讼规则 art 557(3): the procuratorate reviews a refusal to transfer."""

    decision: Literal["no_opinion", "opinion"] = choice(
        {"no_opinion": "不提出检察意见", "opinion": "提出检察意见，要求移送"}, "审查意见"
    )
    opinion_no: OptionalText = Field("", title="检察意见书文号（经检察长批准）", max_length=80)
    opinion: LongText = Field(title="意见")

    @model_validator(mode="after")
    def _number(self) -> RefusalReviewForm:
        if self.decision == "opinion" and not self.opinion_no:
            raise ValueError("提出检察意见须填写检察意见书文号")
        return self


PROSECUTION = {
    "prosecute": "提起公诉",
    "non_prosecution_opinion": "不起诉，提出检察意见移送行政处理",
    "non_prosecution": "不起诉，无需行政处理",
}


class ProsecutionResultForm(StepForm):
    """刑事诉讼法 arts 172, 177: the procuratorate's decision after the police sent the case."""

    decision: Literal["prosecute", "non_prosecution_opinion", "non_prosecution"] = choice(PROSECUTION, "审查起诉结果")
    decision_no: ShortText = Field(title="起诉书或不起诉决定书文号")
    opinion_no: OptionalText = Field("", title="检察意见书文号", max_length=80)
    opinion: OptionalText = Field("", title="检察意见（应当给予的行政处罚、处分或没收违法所得）")

    @model_validator(mode="after")
    def _opinion(self) -> ProsecutionResultForm:
        if self.decision == "non_prosecution_opinion" and not (self.opinion_no and self.opinion):
            raise ValueError("提出检察意见须填写检察意见书文号和意见内容")
        return self


class OpinionReplyForm(StepForm):
    """高检发释字〔2021〕4号: the agency replies in writing within 2 months of the 检察意见."""

    decision_no: OptionalText = Field("", title="行政处罚决定书或处理决定文号", max_length=80)
    result: LongText = Field(title="落实检察意见的处理结果（书面回复人民检察院）")


REVIEW_PERIODS = {
    "verification": "涉嫌犯罪线索需要查证",
    "complex": "重大、疑难、复杂案件",
}


class ExtendReviewForm(StepForm):
    """The longer police review periods of the 2019 办法 (7 / 30 日) [U]: configuration."""

    period: Literal["verification", "complex"] = choice(REVIEW_PERIODS, "延长事由")
    approval: ShortText = Field(title="公安机关负责人批准情况")
    reason: LongText = Field(title="理由")


LIAISON_KINDS = {
    "case_briefing": "案情通报",
    "information_exchange": "案件办理信息通报",
    "evidence_handover": "证据材料移交、接收",
    "joint_meeting": "联席会议",
    "consultation": "重大案件会商",
    "joint_supervision": "联合督办",
}


class LiaisonRecordForm(StepForm):
    """行政处罚法 art 27(2), 2019 办法: the exchanges between the agency, police and procuratorate."""

    kind: Literal[
        "case_briefing",
        "information_exchange",
        "evidence_handover",
        "joint_meeting",
        "consultation",
        "joint_supervision",
    ] = choice(LIAISON_KINDS, "衔接事项")
    held_on: dt.date = Field(title="日期")
    participants: ShortText = Field(title="参加或接收单位")
    content: LongText = Field(title="内容、结论或移交清单")
