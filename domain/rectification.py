"""Contested rectification (责令限期整改 → objection → compulsory enforcement): forms and pure rules.

Domain notes §5: the order and its service (安全生产法 art 65), re-inspection (复查), the penalty
procedure of the Administrative Penalty Law 2021 (notice, statement, hearing, decision within 90
days, publication), the challenge windows (行政复议法 art 20, 行政诉讼法 arts 45–46), the late
surcharge and compulsory enforcement (行政强制法 arts 43–58), stopping power supply (安全生产法
art 70), and the designation of the competent department by the safety-committee office.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import Field, model_validator

from domain.document_service import SERVICE_METHODS as SERVICE_METHODS
from domain.forms import MAX_ID, LongText, OptionalText, ShortText, StepForm, choice
from domain.hazard import SuspensionOrderForm as SuspensionOrderForm  # re-exported: an action form here
from domain.hazard import SuspensionRefusedForm as SuspensionRefusedForm
from domain.legal_calendar import CHINA_TZ, LegalCalendar
from domain.rectification_deadlines import ENFORCEMENT_DAYTIME, SURCHARGE_RATE_PER_DAY_PERCENT
from domain.rectification_measures import CLOSURE_GROUNDS as CLOSURE_GROUNDS
from domain.rectification_measures import SEIZURE_HANDLING as SEIZURE_HANDLING
from domain.rectification_measures import SEIZURE_MEASURES as SEIZURE_MEASURES
from domain.rectification_measures import SUSPENSION_KINDS as SUSPENSION_KINDS
from domain.rectification_measures import ClosureProposalForm as ClosureProposalForm
from domain.rectification_measures import ResumptionApplicationForm as ResumptionApplicationForm
from domain.rectification_measures import ResumptionReviewForm as ResumptionReviewForm
from domain.rectification_measures import SeizureForm as SeizureForm
from domain.rectification_measures import SeizureHandlingForm as SeizureHandlingForm
from domain.rectification_measures import SuspensionForm as SuspensionForm
from domain.rectification_measures import closure_by_penalties as closure_by_penalties
from domain.rectification_remedies import APPEAL_RESULTS as APPEAL_RESULTS
from domain.rectification_remedies import APPROVER_CAPACITY as APPROVER_CAPACITY
from domain.rectification_remedies import ENDING_RESULTS as ENDING_RESULTS
from domain.rectification_remedies import RECONSIDERATION_FIRST as RECONSIDERATION_FIRST
from domain.rectification_remedies import WITHDRAWING_RESULTS as WITHDRAWING_RESULTS
from domain.rectification_remedies import AppealFiledForm as AppealFiledForm
from domain.rectification_remedies import AppealKind as AppealKind
from domain.rectification_remedies import AppealResultForm as AppealResultForm
from domain.rectification_remedies import CourtAcceptanceForm as CourtAcceptanceForm
from domain.rectification_remedies import CourtApplicationForm as CourtApplicationForm
from domain.rectification_remedies import CourtRulingForm as CourtRulingForm
from domain.rectification_remedies import PowerCutApprovalForm as PowerCutApprovalForm
from domain.rectification_remedies import PowerCutLiftForm as PowerCutLiftForm
from domain.rectification_remedies import PowerCutNoticeForm as PowerCutNoticeForm
from domain.rectification_remedies import PowerCutProposalForm as PowerCutProposalForm
from domain.rectification_remedies import UpperCourtReviewForm as UpperCourtReviewForm
from domain.rectification_remedies import UpperCourtRulingForm as UpperCourtRulingForm
from domain.rectification_remedies import challenge_window_rules as challenge_window_rules
from domain.rectification_remedies import same_level_government as same_level_government

PROCESS = "rectification"

# ---- pure rules -------------------------------------------------------------------------------


def late_surcharge(
    principal_cny: int,
    payment_due: dt.date,
    today: dt.date,
    paused: Sequence[tuple[dt.date, dt.date | None]] = (),
    rate_percent: int = SURCHARGE_RATE_PER_DAY_PERCENT,
) -> int:
    """加处罚款: `rate_percent` of the fine for each day after `payment_due`, capped at the fine.

    行政处罚法 art 72(1) and 行政强制法 art 45. Days inside a paused interval (from, until; an open
    interval runs to today) are not counted: the notes record that the surcharge does not run
    while reconsideration or litigation is pending (art 73(3)). Amounts are whole yuan, rounded down.
    """
    if principal_cny <= 0 or today <= payment_due:
        return 0
    days = 0
    day = payment_due + dt.timedelta(days=1)
    while day <= today:
        if not any(start <= day and (end is None or day <= end) for start, end in paused):
            days += 1
        day += dt.timedelta(days=1)
    return min(principal_cny * rate_percent * days // 100, principal_cny)


def live_surcharge(details: Mapping[str, Any], today: dt.date) -> dict[str, int] | None:
    """The surcharge to date from a case's details (written by the workflow), for the case page."""
    info = details.get("surcharge")
    if not isinstance(info, Mapping) or not info.get("payment_due") or not info.get("principal_cny"):
        return None
    paused = [
        (dt.date.fromisoformat(start), dt.date.fromisoformat(end) if end else None) for start, end in info["paused"]
    ]
    principal = int(info["principal_cny"])
    due = dt.date.fromisoformat(info["payment_due"])
    rate = int(info.get("rate_percent_per_day", SURCHARGE_RATE_PER_DAY_PERCENT))
    amount = late_surcharge(principal, due, today, paused, rate)
    return {"principal_cny": principal, "surcharge_cny": amount, "total_cny": principal + amount, "rate_percent": rate}


DAYTIME_BEGIN_HOUR = dt.time(9, 0)  # an action moved to another day starts at 09:00 (or the window's start)


def first_enforcement_moment(
    calendar: LegalCalendar, earliest: dt.datetime, daytime: tuple[dt.time, dt.time] = ENFORCEMENT_DAYTIME
) -> dt.datetime:
    """The first moment at or after `earliest` in daytime on a working day (行政强制法 art 43).

    `daytime`: the configured window (`ProcessConfig.enforcement_daytime`, 08:00–18:00 by default [U])."""
    start, end = daytime
    local = earliest.astimezone(CHINA_TZ)
    if calendar.is_working_day(local.date()) and start <= local.time() <= end:
        return local
    day = local.date() if local.time() < start else local.date() + dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    begin = DAYTIME_BEGIN_HOUR if start <= DAYTIME_BEGIN_HOUR <= end else start
    return dt.datetime.combine(day, begin, tzinfo=CHINA_TZ)


def next_working_day_from(calendar: LegalCalendar, day: dt.date) -> dt.date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


# ---- intake -----------------------------------------------------------------------------------


class RectificationStart(StepForm):
    """Opening a rectification from an on-site inspection record (现场检查记录)."""

    enterprise_id: int = Field(title="被检查单位", ge=1, le=MAX_ID)
    inspection_record_no: ShortText = Field(title="现场检查记录编号")
    inspected_on: dt.date = Field(title="检查日期")
    findings: LongText = Field(title="检查发现的问题")
    own_enforcement_power: bool = Field(False, title="本机关具有行政强制执行权")


# ---- steps ------------------------------------------------------------------------------------


class OrderForm(StepForm):
    """责令限期整改指令书: the hazards, the measures and the period, counted from service."""

    hazards: LongText = Field(title="存在的事故隐患和违法行为")
    measures: LongText = Field(title="整改措施和要求")
    period_days: int = Field(title="整改期限（自送达之日起，日）", ge=1, le=365)
    basis: ShortText = Field("安全生产法第六十五条第一款第（二）项", title="法律依据")


class ServiceForm(StepForm):
    """送达: the date and method of service start the rectification clock, not the signing date."""

    method: Literal["direct", "left", "post", "electronic", "announcement"] = choice(SERVICE_METHODS, "送达方式")
    served_on: dt.date = Field(title="送达日期")
    recipient: ShortText = Field(title="受送达人（签收人）")
    proof: OptionalText = Field("", title="送达凭证（回证编号、邮件单号、电子回执或公告编号）", max_length=1000)


class CompletionForm(StepForm):
    """The enterprise reports completion: its user directly, or the handler from a paper report."""

    reported_on: dt.date = Field(title="企业报告整改完成日期")
    report: LongText = Field(title="整改完成情况")


class ReinspectionForm(StepForm):
    result: Literal["rectified", "not_rectified"] = choice(
        {"rectified": "已整改到位", "not_rectified": "未整改或整改不到位"}, "复查结论"
    )
    inspected_on: dt.date = Field(title="复查日期")
    opinion: LongText = Field(title="复查意见")


class PenaltyNoticeForm(StepForm):
    """行政处罚告知书 (arts 44, 45, 63): the proposed penalty and the rights of the party."""

    facts: LongText = Field(title="违法事实")
    basis: ShortText = Field("安全生产法第一百零二条", title="处罚依据")
    fine_cny: int = Field(title="拟罚款金额（元）", ge=1, le=100_000_000)
    serious: bool = Field(False, title="较大数额罚款或停产停业等，告知听证权利")
    served_on: dt.date = Field(title="告知书送达日期")
    # Optional so that notices recorded before service records existed still validate.
    service_method: Literal["direct", "left", "post", "electronic", "announcement"] = Field(
        "direct", title="告知书送达方式", json_schema_extra={"labels": dict(SERVICE_METHODS)}
    )
    service_proof: OptionalText = Field("", title="送达凭证（回证编号、邮件单号、电子回执或公告编号）", max_length=1000)
    # 行政处罚法 arts 57(2), 58(1): a major or complex case is legally reviewed and discussed collectively.
    major: bool = Field(False, title="情节复杂或重大违法行为、涉及重大公共利益或疑难复杂（须法制审核、集体讨论）")


class StatementForm(StepForm):
    """The party states its case, or (for a serious penalty) asks for a hearing within 5 working days."""

    kind: Literal["statement", "hearing"] = choice({"statement": "陈述、申辩", "hearing": "要求听证"}, "当事人意见")
    content: LongText = Field(title="陈述、申辩或听证申请内容")


class HearingNoticeForm(StepForm):
    """听证通知书: at least 7 working days before the hearing (art 64(2)); a nearer day is moved."""

    hearing_on: dt.date = Field(title="听证日期")
    place: ShortText = Field(title="听证地点")
    presiding_officer: ShortText = Field(title="听证主持人（非本案调查人员）")
    # Art 64(2): the seven working days run from the notice's service on the party (R10).
    served_on: dt.date | None = Field(None, title="听证通知送达当事人日期")


class HearingForm(StepForm):
    held_on: dt.date = Field(title="听证举行日期")
    party_attended: bool = Field(True, title="当事人到场")
    record: LongText = Field(title="听证笔录要点")


class LegalReviewForm(StepForm):
    """法制审核 (行政处罚法 art 58): not reviewed, or not passed, no decision may be made."""

    result: Literal["passed", "not_passed"] = choice({"passed": "审核通过", "not_passed": "审核未通过"}, "审核结论")
    opinion: LongText = Field(title="法制审核意见")
    reviewer: ShortText = Field(title="法制审核人员")


PENALTY_CONCLUSIONS = {"fine": "给予罚款处罚", "no_penalty": "不予行政处罚"}


class CollectiveDiscussionForm(StepForm):
    """集体讨论 (行政处罚法 art 57(2)): the heads of the agency decide a complex or major case together."""

    held_on: dt.date = Field(title="集体讨论日期")
    participants: LongText = Field(title="参加讨论的机关负责人")
    conclusion: Literal["fine", "no_penalty"] = choice(PENALTY_CONCLUSIONS, "集体讨论决定")
    record: LongText = Field(title="集体讨论记录")


class PenaltyDecisionForm(StepForm):
    decision: Literal["fine", "no_penalty"] = choice({"fine": "给予罚款处罚", "no_penalty": "不予行政处罚"}, "决定")
    fine_cny: int = Field(0, title="罚款金额（元）", ge=0, le=100_000_000)
    reasons: LongText = Field(title="理由（含对陈述、申辩或听证意见的采纳情况）")
    # 行政复议法 art 20(3), 法释〔2018〕1号 art 64: the decision names where to challenge it (a fine
    # needs both, workflow.validate_step); empty in decisions recorded before they were asked for.
    reconsideration_body: OptionalText = Field("", title="行政复议机关", max_length=100)
    court: OptionalText = Field("", title="管辖的人民法院", max_length=100)
    # 行政复议法 art 23: a decision on the reconsideration-first list says so; no direct suit.
    reconsideration_first: Literal["", "on_the_spot", "other_law"] = Field(
        "", title="复议前置情形", json_schema_extra={"labels": dict(RECONSIDERATION_FIRST)}
    )
    # 行政处罚法 art 61: handed over on announcement; an absent party is served within 7 working days.
    party_present: bool = Field(True, title="当事人在场，宣告后当场交付决定书")
    served_on: dt.date | None = Field(None, title="决定书送达日期（当场交付的）")
    # Optional so that decisions recorded before service records existed still validate.
    service_method: Literal["direct", "left", "post", "electronic", "announcement"] = Field(
        "direct", title="决定书送达方式", json_schema_extra={"labels": dict(SERVICE_METHODS)}
    )
    service_proof: OptionalText = Field("", title="送达凭证（回证编号、邮件单号、电子回执或公告编号）", max_length=1000)

    @model_validator(mode="after")
    def _fine(self) -> PenaltyDecisionForm:
        if self.decision == "fine" and self.fine_cny <= 0:
            raise ValueError("给予罚款处罚须填写罚款金额")
        if self.decision == "fine" and self.party_present and self.served_on is None:
            raise ValueError("当事人在场的，须填写当场交付决定书的日期；不在场的，于七个工作日内另行送达")
        return self


class PublicationForm(StepForm):
    published_on: dt.date = Field(title="公开日期")
    channel: ShortText = Field(title="公开渠道")


class WithdrawalForm(StepForm):
    withdrawn_on: dt.date = Field(title="撤回日期")
    explanation: LongText = Field(title="撤回说明")


class PaymentForm(StepForm):
    paid_on: dt.date = Field(title="缴纳日期")
    amount_cny: int = Field(title="缴纳金额（元，含加处罚款）", ge=1)
    receipt_no: ShortText = Field(title="缴款凭证号")


class ReminderForm(StepForm):
    """催告书 (行政强制法 arts 35–36): deadline, method, amount and the right to state one's case."""

    served_on: dt.date = Field(title="催告书送达日期")
    method: Literal["direct", "left", "post", "electronic", "announcement"] = choice(SERVICE_METHODS, "送达方式")
    proof: OptionalText = Field("", title="送达凭证（回证编号、邮件单号、电子回执或公告编号）", max_length=1000)


ENFORCEMENT_METHODS = {
    "transfer": "划拨存款、汇款（行政强制法第四十七条）",
    "auction": "拍卖查封、扣押的财物抵缴罚款（行政强制法第四十六条第三款）",
}


class EnforcementDecisionForm(StepForm):
    """强制执行决定书 (行政强制法 art 37): in writing, with the reasons, basis, method, time and the
    route to reconsideration or litigation; served on the party."""

    method: Literal["transfer", "auction"] = choice(ENFORCEMENT_METHODS, "强制执行方式")
    enforce_on: dt.date = Field(title="拟执行日期")
    reasons: LongText = Field(title="强制执行的理由")
    reconsideration_body: ShortText = Field(title="行政复议机关")
    court: ShortText = Field(title="管辖的人民法院")
    served_on: dt.date = Field(title="决定书送达日期")
    service_method: Literal["direct", "left", "post", "electronic", "announcement"] = Field(
        "direct", title="决定书送达方式", json_schema_extra={"labels": dict(SERVICE_METHODS)}
    )
    service_proof: OptionalText = Field("", title="送达凭证（回证编号、邮件单号、电子回执或公告编号）", max_length=1000)


class JudgmentExecutionForm(StepForm):
    """After a lost suit the agency applies to execute the effective judgment (行政诉讼法 art 95;
    法释〔2018〕1号 arts 152–154: to the first-instance court, within 2 years)."""

    court: ShortText = Field(title="第一审人民法院")
    filed_on: dt.date = Field(title="申请执行日期")
    materials: LongText = Field(title="申请材料（申请书、生效判决书、行政处罚决定书等）")


class EnforcementForm(StepForm):
    enforced_on: dt.date = Field(title="执行日期")
    result: LongText = Field(title="执行结果")


class DesignationForm(StepForm):
    competent: Literal["this", "other"] = choice(
        {"this": "由本案承办部门监管", "other": "由另一部门监管（移交）"}, "指定的监管部门"
    )
    reasons: LongText = Field(title="指定理由")


# ---- case actions -----------------------------------------------------------------------------


class ContinuousFineForm(StepForm):
    """安全生产法 art 112 (按日连续处罚): the original fine for each day the refusal lasted."""

    decision_no: ShortText = Field(title="按日连续处罚决定书文号")
    from_on: dt.date = Field(title="计罚起始日（责令改正之日的次日）")
    to_on: dt.date = Field(title="计罚截止日（复查发现仍未改正之日）")


def continuous_fine(original_cny: int, from_on: dt.date, to_on: dt.date) -> int:
    """Art 112: the original amount per day, both days counted."""
    return original_cny * ((to_on - from_on).days + 1) if to_on >= from_on else 0


class JurisdictionReferralForm(StepForm):
    other_department: ShortText = Field(title="存在职责交叉的另一部门")
    dispute: LongText = Field(title="争议情况")


RECTIFICATION_STATUS_LABELS = {
    "reported": "登记",
    "ordering": "制发整改指令",
    "serving": "待送达",
    "rectifying": "限期整改中",
    "reinspecting": "待复查",
    "penalty_notice": "处罚告知",
    "statement": "陈述申辩期",
    "hearing": "听证",
    "deciding": "待处罚决定",
    "decision_service": "送达处罚决定书",
    "awaiting_payment": "待缴纳罚款",
    "surcharging": "加处罚款中",
    "reminded": "已催告",
    "awaiting_litigation_window": "等待起诉期限届满",
    "legal_review": "法制审核",
    "collective_discussion": "集体讨论",
    "awaiting_surcharge_days": "加处罚款满三十日前",
    "enforcement_decision": "强制执行决定",
    "judgment_execution": "申请执行生效判决",
    "court": "申请法院强制执行",
    "enforcing": "强制执行",
    "rectified": "整改完成",
    "not_penalised": "不予处罚",
    "paid": "已缴纳罚款",
    "revoked": "处罚决定已撤销",
    "enforced": "执行完毕",
    "transferred": "移交其他部门监管",
    "closed": "已办结",
}

CLOSED_STATUSES = frozenset({"rectified", "not_penalised", "paid", "revoked", "enforced", "transferred", "closed"})
