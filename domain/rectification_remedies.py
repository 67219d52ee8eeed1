"""Remedies and court stages of the contested rectification: the party's appeals, the court's
acceptance and ruling on the agency's application, stopping the power supply; with the pure rules
they need (the reconsideration body, the reconsideration-first list, the challenge windows).

Re-exported by `domain.rectification`, where the other forms of the process live.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from domain.forms import LongText, OptionalText, ShortText, StepForm, choice

# ---- the reconsideration body and the windows to challenge the decision --------------------


def same_level_government(divisions: list[str]) -> str:
    """行政复议法 2023 art 24(1): a county-level or higher department's acts are reviewed by the
    people's government at its own level. `divisions`: the names from the province down to the
    department's own level (["云南省", "曲靖市", "麒麟区"] → 曲靖市麒麟区人民政府)."""
    if not divisions:
        raise ValueError("no administrative division")
    if len(divisions) >= 3:  # a county-level division is named with its city
        return f"{divisions[-2]}{divisions[-1]}人民政府"
    return f"{divisions[-1]}人民政府"


# 行政复议法 2023 art 23(1): cases where reconsideration must come before a suit; the items that can
# concern a safety penalty. The decision must tell the party so (art 23(2)).
RECONSIDERATION_FIRST = {
    "": "不属于复议前置情形",
    "on_the_spot": "对当场作出的行政处罚决定不服（行政复议法第二十三条第一款第（一）项）",
    "other_law": "法律、行政法规规定应当先申请行政复议的其他情形（第二十三条第一款第（五）项）",
}


def challenge_window_rules(*, reconsideration_told: bool, suit_period_told: bool) -> tuple[str, str]:
    """The rules of the windows a decision opens: 60 days to ask for reconsideration (复议法 art 20(1))
    and 6 months to sue (诉讼法 art 46), or, where the decision did not tell the party of the right,
    the body and the period, at most 1 year from knowing its content (复议法 art 20(3); 法释〔2018〕1号
    art 64). Returns (reconsideration rule, litigation rule)."""
    reconsideration = (
        "rectification.reconsideration_window" if reconsideration_told else ("rectification.reconsideration_uninformed")
    )
    litigation = "rectification.litigation_window" if suit_period_told else "rectification.litigation_uninformed"
    return reconsideration, litigation


# ---- the party's appeals ----------------------------------------------------------------------

AppealKind = Literal["reconsideration", "litigation", "second_instance"]


class AppealFiledForm(StepForm):
    # 上诉 (行政诉讼法 art 85): within 15 days of service of the first-instance judgment.
    kind: AppealKind = choice(
        {"reconsideration": "申请行政复议", "litigation": "提起行政诉讼", "second_instance": "不服一审判决提起上诉"},
        "救济途径",
    )
    filed_on: dt.date = Field(title="申请（起诉）日期")
    body: ShortText = Field(title="复议机关或人民法院")
    # 行政复议法 art 62: the body decides within 60 days of accepting the application (R27's expiry).
    accepted_on: dt.date | None = Field(None, title="复议机关受理日期（行政复议；不知道的按申请日期计算）")


APPEAL_RESULTS = {
    "upheld": "维持",
    "revoked": "撤销",
    "changed": "变更",
    "dismissed": "驳回申请（起诉）",
    # 行政处罚法 art 48: a decision confirmed unlawful or void is withdrawn from publication too.
    "confirmed_unlawful": "确认违法",
    "void": "确认无效",
}
# Results after which the decision no longer stands: the procedure ends.
ENDING_RESULTS = frozenset({"revoked", "void"})
# Results after which a published decision is withdrawn within 3 working days (行政处罚法 art 48).
WITHDRAWING_RESULTS = frozenset({"revoked", "changed", "confirmed_unlawful", "void"})


class AppealResultForm(StepForm):
    kind: AppealKind = choice(
        {"reconsideration": "行政复议", "litigation": "行政诉讼（一审）", "second_instance": "行政诉讼（二审）"},
        "救济途径",
    )
    result: Literal["upheld", "revoked", "changed", "dismissed", "confirmed_unlawful", "void"] = choice(
        APPEAL_RESULTS, "结果"
    )
    decided_on: dt.date = Field(title="决定（判决）日期")
    document_no: ShortText = Field(title="复议决定书或判决书文号")
    new_fine_cny: int = Field(0, title="变更后的罚款金额（元）", ge=0)
    # The day the decision or judgment was received: the 15 days to sue after a reconsideration
    # (行政诉讼法 art 45) or to appeal a first-instance judgment (art 85) run from it.
    served_on: dt.date | None = Field(None, title="复议决定书或判决书送达日期（起诉、上诉期限自收到之日起算）")
    # 法释〔2018〕1号 art 64(2): a reconsideration decision that did not tell the suit period.
    suit_period_told: bool = Field(True, title="复议决定书已告知起诉期限")

    @model_validator(mode="after")
    def _changed(self) -> AppealResultForm:
        if self.result == "changed" and self.new_fine_cny <= 0:
            raise ValueError("变更的须填写变更后的罚款金额")
        return self


# ---- the court's acceptance and ruling (行政强制法 arts 56–59) -----------------------------------


class CourtApplicationForm(StepForm):
    # 行政强制法 art 46(3): an agency without enforcement power that sealed or seized property may
    # auction it to pay the fine, when no appeal was made in time and the reminder failed.
    route: Literal["court", "auction"] = Field(
        "court",
        title="执行方式",
        json_schema_extra={
            "labels": {"court": "申请人民法院强制执行", "auction": "拍卖已查封、扣押的财物抵缴罚款（第四十六条第三款）"}
        },
    )
    court: OptionalText = Field("", title="受理申请的人民法院", max_length=100)
    filed_on: dt.date = Field(title="申请（决定）日期")
    materials: LongText = Field(title="申请材料（申请书、决定书、催告情况等）或查封、扣押情况")
    seizure_no: OptionalText = Field("", title="查封、扣押决定书文号（拍卖的）", max_length=80)

    @model_validator(mode="after")
    def _route(self) -> CourtApplicationForm:
        if self.route == "court" and not self.court:
            raise ValueError("申请人民法院强制执行的须填写人民法院")
        if self.route == "auction" and not self.seizure_no:
            raise ValueError("拍卖抵缴罚款须以已采取的查封、扣押措施为前提，填写其决定书文号")
        return self


class CourtAcceptanceForm(StepForm):
    decision: Literal["accepted", "refused"] = choice({"accepted": "受理", "refused": "不予受理"}, "人民法院受理情况")
    court_case_no: OptionalText = Field("", title="法院案号", max_length=80)
    # Art 56(2): the agency may ask the court above to review a refusal within 15 days of receiving it.
    received_on: dt.date | None = Field(None, title="收到不予受理裁定日期")

    @model_validator(mode="after")
    def _case_no(self) -> CourtAcceptanceForm:
        if self.decision == "accepted" and not self.court_case_no:
            raise ValueError("受理的须填写法院案号")
        return self


class CourtRulingForm(StepForm):
    ruling: Literal["enforce", "not_enforce", "hearing"] = choice(
        {
            "enforce": "裁定准予执行",
            "not_enforce": "裁定不予执行",
            "hearing": "人民法院认为可能明显违法，听取意见后裁定（第五十八条，三十日内）",
        },
        "裁定",
    )
    ruling_no: OptionalText = Field("", title="裁定书文号", max_length=80)
    enforce_on: dt.date | None = Field(None, title="拟执行日期")
    ruled_on: dt.date | None = Field(None, title="裁定日期")
    received_on: dt.date | None = Field(None, title="收到裁定日期")
    # Art 59: immediate execution for public safety, approved by the president of the court.
    emergency: bool = Field(False, title="情况紧急，经人民法院院长批准立即执行（第五十九条）")

    @model_validator(mode="after")
    def _ruling_no(self) -> CourtRulingForm:
        if self.ruling != "hearing" and not self.ruling_no:
            raise ValueError("裁定的须填写裁定书文号")
        if self.ruling == "not_enforce" and not (self.ruled_on and self.received_on):
            raise ValueError("裁定不予执行的须填写裁定日期和收到裁定日期（第五十八条第二款、第三款）")
        if self.ruled_on and self.received_on and self.received_on < self.ruled_on:
            raise ValueError("收到裁定日期不能早于裁定日期")
        return self


class UpperCourtReviewForm(StepForm):
    """The agency's request to the court above (arts 56(2), 58(3)), or its choice not to ask."""

    decision: Literal["apply", "accept"] = choice(
        {"apply": "向上一级人民法院申请复议", "accept": "不申请复议，终结申请强制执行"}, "处理"
    )
    court: OptionalText = Field("", title="上一级人民法院", max_length=100)
    filed_on: dt.date | None = Field(None, title="申请复议日期")
    reasons: LongText = Field(title="理由")

    @model_validator(mode="after")
    def _filed(self) -> UpperCourtReviewForm:
        if self.decision == "apply" and not (self.court and self.filed_on):
            raise ValueError("申请复议的须填写上一级人民法院和申请日期")
        return self


class UpperCourtRulingForm(StepForm):
    """The court above's ruling: to accept (art 56(2)) or to enforce (art 58(3))."""

    ruling: Literal["granted", "rejected"] = choice(
        {"granted": "裁定受理（或准予执行）", "rejected": "裁定维持不予受理（或不予执行）"}, "上一级人民法院裁定"
    )
    ruling_no: ShortText = Field(title="裁定书文号")
    court_case_no: OptionalText = Field("", title="法院案号（裁定受理的）", max_length=80)
    enforce_on: dt.date | None = Field(None, title="拟执行日期")


# ---- stopping the power supply (安全生产法 art 70) --------------------------------------------

APPROVER_CAPACITY = {
    "principal": "本部门主要负责人",
    "deputy": "本部门分管负责人（无权批准）",
}


class PowerCutApprovalForm(StepForm):
    """安全生产法 art 70: stopping power supply needs the department's principal head's approval."""

    decision: Literal["approve", "refuse"] = choice({"approve": "批准", "refuse": "不批准"}, "审批决定")
    opinion: LongText = Field(title="审批意见")
    # Optional so that approvals recorded before it still validate; the step requires it (R44).
    capacity: Literal["principal", "deputy"] | None = Field(
        None, title="审批人身份", json_schema_extra={"labels": dict(APPROVER_CAPACITY)}
    )


class PowerCutNoticeForm(StepForm):
    power_company: ShortText = Field(title="供电企业")
    letter_no: ShortText = Field(title="停止供电通知书文号")
    enterprise_notified_at: dt.datetime = Field(title="书面通知生产经营单位的时间")
    # Art 70(2): 24 hours' notice "除有危及生产安全的紧急情形外".
    emergency: bool = Field(False, title="有危及生产安全的紧急情形，立即停止供电（不提前二十四小时）")
    emergency_facts: OptionalText = Field("", title="紧急情形", max_length=1000)

    @model_validator(mode="after")
    def _emergency(self) -> PowerCutNoticeForm:
        if self.emergency and not self.emergency_facts:
            raise ValueError("立即停止供电的须写明危及生产安全的紧急情形（安全生产法第七十条第二款）")
        return self


class PowerCutProposalForm(StepForm):
    """安全生产法 art 70: a stop order refused and a real danger of an accident."""

    refusal: LongText = Field(title="拒不执行停产停业决定的情况")
    danger: LongText = Field(title="存在发生生产安全事故的现实危险")


class PowerCutLiftForm(StepForm):
    compliance: LongText = Field(title="履行决定、消除危险的情况")
