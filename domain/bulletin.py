"""Bulletins of the safety-committee office (通报 and 警示) and the periodic case bulletin between
the safety bureau, the police and the procuratorate (安全生产案情通报): kinds, forms, the checks
of a draft and the figures of a case bulletin. Pure rules, no I/O.

本溪 (八): "严格实行通报机制,对违反安全生产法律法规的企业,采取书面通报、新闻曝光等形式公开批评";
国办发〔2015〕20号 (十三), 曲靖 (十四), 西双版纳 (十六), 本溪 (十二): "建立安全生产监管执法机构与公安机关和
检察机关安全生产案情通报机制". No text fixes a period for any step: the clocks are configuration
(`bulletin_deadlines.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from domain.errors import InvalidInput
from domain.forms import MAX_ID, LongText, OptionalText, ShortText, StepForm, choice

PROCESS = "bulletin"

# 通报 of the office (本溪 (八)), and the case bulletin of a bureau (国办发 (十三)).
KINDS = {
    "criticism": "通报批评",
    "commendation": "通报表扬",
    "warning": "警示通报",
    "case_bulletin": "安全生产案情通报",
}
OFFICE_KINDS = frozenset({"criticism", "commendation", "warning"})
# A commendation demands nothing; the others may demand a rectification with a deadline.
RECTIFYING_KINDS = frozenset({"criticism", "warning"})

BULLETIN_STATUS_LABELS = {
    "drafted": "已起草，待负责人审批",
    "returned": "负责人退回修改",
    "issued": "已印发，待签收",
    "rectifying": "已签收，整改落实中",
    "closed": "已办结",
    "withdrawn": "未批准，已撤销",
}

Kind = Literal["criticism", "commendation", "warning", "case_bulletin"]
OrgId = int


class BulletinDraft(StepForm):
    """通报 as the office drafts it (POST /api/v1/bulletins)."""

    kind: Kind = choice(KINDS, "通报类别")
    subject: ShortText = Field(title="通报事由")
    facts: OptionalText = Field("", title="通报的事实（案情通报可作说明）")
    recipients: list[OrgId] = Field(default_factory=list, title="通报对象（被通报的政府或部门）", max_length=50)
    named_enterprises: list[OrgId] = Field(default_factory=list, title="被通报的企业", max_length=50)
    rectification: OptionalText = Field("", title="要求整改的事项")
    rectification_deadline: dt.date | None = Field(None, title="整改期限")
    public: bool = Field(False, title="在公开查询页面公布")
    # A case bulletin covers a period of the system's own data.
    period_start: dt.date | None = Field(None, title="通报期间（起）")
    period_end: dt.date | None = Field(None, title="通报期间（止）")


def check_draft(draft: BulletinDraft, today: dt.date) -> None:
    """The rules of a draft a form cannot say alone. Raises InvalidInput with the reason."""
    for org_id in [*draft.recipients, *draft.named_enterprises]:
        if not 0 < org_id <= MAX_ID:
            raise InvalidInput(f"通报对象编号无效：{org_id}")
    if len(set(draft.recipients)) != len(draft.recipients):
        raise InvalidInput("通报对象重复")
    if draft.kind == "case_bulletin":
        _check_period(draft, today)
        return
    if not draft.facts:
        raise InvalidInput("请写明通报的事实")
    if not draft.recipients:
        raise InvalidInput("请至少指定一个通报对象（被通报的政府或部门）")
    if draft.kind not in RECTIFYING_KINDS:
        if draft.rectification or draft.rectification_deadline:
            raise InvalidInput("通报表扬不提出整改要求")
        return
    if bool(draft.rectification) != (draft.rectification_deadline is not None):
        raise InvalidInput("要求整改的，应同时写明整改事项和整改期限")
    if draft.rectification_deadline is not None and draft.rectification_deadline <= today:
        raise InvalidInput("整改期限应晚于今天")


def _check_period(draft: BulletinDraft, today: dt.date) -> None:
    if draft.period_start is None or draft.period_end is None:
        raise InvalidInput("案情通报应写明通报期间的起止日期")
    if draft.period_start > draft.period_end:
        raise InvalidInput("通报期间的起始日期不能晚于截止日期")
    if draft.period_end > today:
        raise InvalidInput("通报期间不能晚于今天")
    if draft.recipients or draft.rectification or draft.rectification_deadline or draft.public:
        raise InvalidInput("案情通报发送同级公安机关和人民检察院，不另指定对象、整改要求或公开")


# ---- the steps' forms -----------------------------------------------------------------------

APPROVAL_DECISIONS = {"approve": "同意印发", "return": "退回修改", "reject": "不予印发"}


class ApprovalForm(StepForm):
    decision: Literal["approve", "return", "reject"] = choice(APPROVAL_DECISIONS, "审批意见")
    opinion: OptionalText = Field("", title="意见")


class RevisionForm(StepForm):
    """The drafter's revision after the head returned the draft."""

    facts: LongText = Field(title="修改后的通报事实")
    note: OptionalText = Field("", title="修改说明")


class AcknowledgeForm(StepForm):
    acknowledged_on: dt.date = Field(title="签收日期")
    note: OptionalText = Field("", title="签收意见")


class RectificationReportForm(StepForm):
    reported_on: dt.date = Field(title="报告日期")
    measures: LongText = Field(title="整改落实情况")


VERIFICATION_DECISIONS = {"accepted": "整改到位，予以销号", "redo": "整改不到位，退回重新整改"}


class VerificationForm(StepForm):
    decision: Literal["accepted", "redo"] = choice(VERIFICATION_DECISIONS, "核查结论")
    opinion: OptionalText = Field("", title="核查意见")


# ---- the figures of a case bulletin (国办发 (十三)) ---------------------------------------------

TRANSFER_BUCKETS = {
    "transferred": "移送",
    "filed": "立案",
    "not_filed": "不予立案",
    "under_supervision": "立案监督中",
}


@dataclass(frozen=True)
class TransferLine:
    """One crime transfer as the bulletin lists it (no party other than the subject)."""

    case_no: str
    title: str
    status: str
    transferred_on: str


@dataclass
class CaseFigures:
    transferred: int = 0
    filed: int = 0
    not_filed: int = 0
    under_supervision: int = 0
    cases: list[TransferLine] = field(default_factory=list)


def classify(kinds: set[str], statuses: set[str]) -> tuple[bool, bool, bool]:
    """Filed, not filed, under filing supervision: from the events a transfer recorded up to the
    end of the period (their kinds, and the statuses it passed through)."""
    filed = "filed" in statuses
    not_filed = "not_filed" in kinds
    supervision_over = filed or bool(kinds & {"supervision_declined", "supervision_reasons_accepted"})
    return filed, not_filed, "supervising" in statuses and not supervision_over


def case_figures(lines: Iterable[tuple[TransferLine, set[str], set[str]]]) -> CaseFigures:
    """Count the transfers of the period; each line with its recorded event kinds and statuses."""
    figures = CaseFigures()
    for line, kinds, statuses in lines:
        filed, not_filed, supervised = classify(kinds, statuses)
        figures.transferred += 1
        figures.filed += filed
        figures.not_filed += not_filed
        figures.under_supervision += supervised
        figures.cases.append(line)
    return figures
