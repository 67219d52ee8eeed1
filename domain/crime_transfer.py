"""Transfer of a suspected crime to the police (涉嫌犯罪案件移送), copied to the procuratorate.

Domain notes §3: 国务院令第310号 arts 5–13 (special team, approval within 3 days, transfer within
24 hours, police receipt or forwarding, filing decision within 3 days, reconsideration, handover
of exhibits, reverse transfer, no substitution of a fine for the transfer); 应急〔2019〕54号
art 8 (the letter is copied to the same-level procuratorate); 人民检察院刑事诉讼规则 arts 557–563
(filing supervision: explanation within 7 days, notice to file, filing within 15 days).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import Field, JsonValue, field_validator, model_validator

from domain.forms import MAX_ID, LongText, OptionalText, ShortText, StepForm, choice

# 刑法 articles of the categories in 应急〔2019〕54号 plus 危险作业罪 and 提供虚假证明文件罪.
CRIME_CATEGORIES: dict[str, str] = {
    "major_liability_accident": "重大责任事故罪（刑法第一百三十四条第一款）",
    "forced_risky_operation": "强令、组织他人违章冒险作业罪（刑法第一百三十四条第二款）",
    "dangerous_operation": "危险作业罪（刑法第一百三十四条之一）",
    "major_labour_safety_accident": "重大劳动安全事故罪（刑法第一百三十五条）",
    "dangerous_goods_accident": "危险物品肇事罪（刑法第一百三十六条）",
    "fire_liability_accident": "消防责任事故罪（刑法第一百三十九条）",
    "negligent_fire": "失火罪（刑法第一百一十五条第二款）",
    "failure_to_report_accident": "不报、谎报安全事故罪（刑法第一百三十九条之一）",
    "illegal_mining": "非法采矿罪（刑法第三百四十三条）",
    "illegal_explosives": "非法制造、买卖、储存爆炸物罪（刑法第一百二十五条）",
    "illegal_business": "非法经营罪（刑法第二百二十五条）",
    "forged_documents": "伪造、变造、买卖国家机关公文、证件、印章罪（刑法第二百八十条）",
    "false_certificates": "提供虚假证明文件罪（刑法第二百二十九条）",
}

CategoryCode = Literal[
    "major_liability_accident",
    "forced_risky_operation",
    "dangerous_operation",
    "major_labour_safety_accident",
    "dangerous_goods_accident",
    "fire_liability_accident",
    "negligent_fire",
    "failure_to_report_accident",
    "illegal_mining",
    "illegal_explosives",
    "illegal_business",
    "forged_documents",
    "false_certificates",
]


def category_name(code: str) -> str:
    """The crime's name without its article: 重大责任事故罪."""
    return CRIME_CATEGORIES[code].split("（")[0]


# 条例 art 26 and the 2019 办法: an accident team (or, for a fire, the fire-rescue body) that finds
# a crime hands it over through the agency; the transfer stays linked to the accident case.
FOUND_BY = {
    "bureau": "本机关执法中发现",
    "accident_team": "事故调查组调查中发现",
    "fire_rescue": "消防救援机构火灾事故调查中发现",
}


FOUND: dict[str, JsonValue] = dict(FOUND_BY)


class CrimeTransferStart(StepForm):
    """Opening a transfer: from a case (its enterprise) or by hand (an enterprise chosen)."""

    source_case_id: int | None = Field(None, title="来源案件", ge=1, le=MAX_ID)
    enterprise_id: int | None = Field(None, title="涉案单位", ge=1, le=MAX_ID)
    category: CategoryCode = choice(CRIME_CATEGORIES, "涉嫌罪名")
    facts: LongText = Field(title="涉嫌犯罪线索（发现的事实）")
    found_by: Annotated[
        Literal["bureau", "accident_team", "fire_rescue"], Field(title="线索来源", json_schema_extra={"labels": FOUND})
    ] = "bureau"

    @model_validator(mode="after")
    def _subject(self) -> CrimeTransferStart:
        if self.source_case_id is None and self.enterprise_id is None:
            raise ValueError("须选择来源案件或涉案单位")
        if self.found_by != "bureau" and self.source_case_id is None:
            raise ValueError("事故调查组或消防救援机构发现的线索须从事故案件移送")
        return self


_NAME_SEPARATORS = re.compile(r"[、，,；;\s]+")


class TransferReportForm(StepForm):
    """Art 5: a special team of two or more officers verifies and writes the transfer report."""

    team_members: ShortText = Field(title="专案组成员（2名以上执法人员，以顿号分隔）")
    category: CategoryCode = choice(CRIME_CATEGORIES, "涉嫌罪名")
    facts: LongText = Field(title="涉嫌犯罪事实")
    evidence: LongText = Field(title="证据清单")
    exhibits: OptionalText = Field("", title="涉案物品清单")
    appraisals: OptionalText = Field("", title="检验报告或鉴定意见")

    @field_validator("team_members")
    @classmethod
    def _two_officers(cls, value: str) -> str:
        names = [n for n in _NAME_SEPARATORS.split(value) if n]
        if len(set(names)) < 2:
            raise ValueError("专案组须由2名以上行政执法人员组成")
        return "、".join(names)


class ApprovalForm(StepForm):
    decision: Literal["approve", "refuse"] = choice({"approve": "批准移送", "refuse": "不批准移送"}, "审批决定")
    reason: OptionalText = Field("", title="理由")

    @model_validator(mode="after")
    def _reason(self) -> ApprovalForm:
        if self.decision == "refuse" and not self.reason:
            raise ValueError("不批准移送须写明理由")
        return self


class TransferForm(StepForm):
    method: Literal["online", "in_person"] = choice({"online": "网上移送", "in_person": "当面送达"}, "移送方式")
    materials: LongText = Field(title="随案移送材料（调查报告、涉案物品清单、检验鉴定意见等）")


class ReceiptForm(StepForm):
    """Art 7: the police sign the receipt, or forward within 24 hours and tell the agency in writing."""

    decision: Literal["accept", "forward"] = choice(
        {"accept": "签收受理", "forward": "不属本局管辖，移送有管辖权的机关"}, "签收"
    )
    forward_to: OptionalText = Field("", title="有管辖权的公安机关（行政区划代码）", max_length=6)
    notice: OptionalText = Field("", title="书面告知移送机关的内容")
    # 公安规定 2020 art 180(2): incomplete materials are asked for, never a reason not to accept.
    missing_materials: OptionalText = Field("", title="需补正的材料（材料不全的，通知移送机关3日内补正）")

    @model_validator(mode="after")
    def _forward(self) -> ReceiptForm:
        if self.decision == "forward" and (not self.forward_to or not self.notice):
            raise ValueError("移送有管辖权的机关须填写该机关的行政区划代码和书面告知内容")
        if self.decision == "forward" and self.missing_materials:
            raise ValueError("材料不全的，应当受理并通知补正，不得以材料不全为由不接受移送")
        return self


class FilingDecisionForm(StepForm):
    """Art 8: file or not within 3 days; not filing needs written reasons and returns the file."""

    decision: Literal["file", "not_file"] = choice({"file": "立案", "not_file": "不予立案"}, "决定")
    filing_no: OptionalText = Field("", title="立案决定书文号", max_length=80)
    reasons: OptionalText = Field("", title="不予立案的理由")

    @model_validator(mode="after")
    def _decision(self) -> FilingDecisionForm:
        if self.decision == "file" and not self.filing_no:
            raise ValueError("立案须填写立案决定书文号")
        if self.decision == "not_file" and not self.reasons:
            raise ValueError("不予立案须写明理由")
        return self


class NonFilingResponseForm(StepForm):
    """Art 9: within 3 days the agency may ask for reconsideration or for filing supervision."""

    decision: Literal["accept", "reconsider", "supervision"] = choice(
        {
            "accept": "无异议，依法作出行政处理",
            "reconsider": "提请公安机关复议",
            "supervision": "建议人民检察院立案监督",
        },
        "处理意见",
    )
    reason: LongText = Field(title="理由")


class ReconsiderationForm(StepForm):
    decision: Literal["uphold", "file"] = choice({"uphold": "维持不予立案决定", "file": "撤销原决定，立案"}, "复议决定")
    reasons: LongText = Field(title="复议理由")
    filing_no: OptionalText = Field("", title="立案决定书文号", max_length=80)

    @model_validator(mode="after")
    def _filing_no(self) -> ReconsiderationForm:
        if self.decision == "file" and not self.filing_no:
            raise ValueError("立案须填写立案决定书文号")
        return self


class ReconsiderationResponseForm(StepForm):
    decision: Literal["accept", "supervision"] = choice(
        {"accept": "无异议，依法作出行政处理", "supervision": "建议人民检察院立案监督"}, "处理意见"
    )
    reason: LongText = Field(title="理由")


class SupervisionReviewForm(StepForm):
    """刑事诉讼规则 arts 557, 560: the procuratorate asks the police to explain why they did not file."""

    decision: Literal["require_explanation", "decline"] = choice(
        {"require_explanation": "要求公安机关说明不立案理由", "decline": "不予立案监督"}, "审查意见"
    )
    opinion: LongText = Field(title="意见")


class ExplanationForm(StepForm):
    explanation: LongText = Field(title="不立案理由说明")


class SupervisionDecisionForm(StepForm):
    """Art 561: reasons accepted (tell the agency within 10 days), or a notice to file (通知立案)."""

    decision: Literal["accept_reasons", "notify_filing"] = choice(
        {"accept_reasons": "不立案理由成立", "notify_filing": "通知公安机关立案"}, "监督决定"
    )
    opinion: LongText = Field(title="意见")
    notice_no: OptionalText = Field("", title="通知立案书文号", max_length=80)

    @model_validator(mode="after")
    def _notice(self) -> SupervisionDecisionForm:
        if self.decision == "notify_filing" and not self.notice_no:
            raise ValueError("通知立案须填写通知立案书文号")
        return self


class FilingOnNoticeForm(StepForm):
    filing_no: ShortText = Field(title="立案决定书文号")


class HandoverForm(StepForm):
    """Art 12: exhibits and materials are handed over within 3 days of the filing notice."""

    handed_over_on: dt.date = Field(title="移交日期")
    items: LongText = Field(title="移交的涉案物品和材料清单")


class OutcomeForm(StepForm):
    result: Literal["prosecution", "withdrawn", "other"] = choice(
        {"prosecution": "侦查终结，移送审查起诉", "withdrawn": "撤销案件", "other": "其他处理结果"}, "办理结果"
    )
    details: LongText = Field(title="结果说明")


class BackTransferForm(StepForm):
    """Art 13, 行政处罚法 art 27: no crime, but administrative liability remains (行刑反向衔接)."""

    document_no: ShortText = Field(title="移送函或检察意见书文号")
    reason: LongText = Field(title="不构成犯罪或不需追究刑事责任的理由")
    liability: LongText = Field(title="应当给予行政处罚的事项")


class AdministrativeFollowUpForm(StepForm):
    decision_no: ShortText = Field(title="行政处罚决定书文号")
    result: LongText = Field(title="处理结果（书面回复）")


MEASURES = {
    "fine": "罚款",
    "warning": "警告",
    "suspension": "责令停产停业",
    "revocation": "暂扣或者吊销许可证、执照",
    "other": "其他行政处理",
}


class AdministrativeMeasureForm(StepForm):
    """Art 11: a penalty must not replace the transfer; measures already taken stay in force."""

    measure: Literal["fine", "warning", "suspension", "revocation", "other"] = choice(MEASURES, "行政处理措施")
    document_no: ShortText = Field(title="决定书文号")
    amount_cny: int = Field(0, title="罚款金额（元）", ge=0, le=1_000_000_000)
    description: LongText = Field(title="内容")


class CopyReceiptForm(StepForm):
    """The procuratorate signs for its copy of the transfer letter (应急〔2019〕54号 art 8)."""

    remarks: OptionalText = Field("", title="备注")


class OversightForm(StepForm):
    """The upper police or the procuratorate acting on an overdue step of the police."""

    measures: LongText = Field(title="督促或监督措施")


CRIME_TRANSFER_STATUS_LABELS = {
    "reported": "线索登记",
    "verifying": "专案组核查",
    "approving": "待负责人审批",
    "transferring": "待移送",
    "awaiting_receipt": "待公安签收",
    "awaiting_decision": "待立案决定",
    "disputing": "不予立案异议",
    "supervising": "检察立案监督",
    "filed": "已立案",
    "transferred_back": "反向移送行政处理",
    "not_transferred": "不予移送",
    "prosecuting": "审查起诉",
    "handling": "行政处理",
    "closed": "已办结",
}
