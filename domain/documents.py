"""Official documents (执法文书): their types and how their numbers read.

A number is allocated per issuing organisation, document type and year, without gaps, and reads
like 麒应急移〔2026〕3号: the issuer's short name, the type's word, the year in 〔〕, the sequence.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.roles import OrgType


@dataclass(frozen=True)
class DocumentType:
    code: str
    title: str  # the document's name as printed at its head
    word: str  # the type's word in the number (移, （刑）不立字 …)


_TYPES = (
    DocumentType("crime_transfer_letter", "涉嫌犯罪案件移送书", "移"),
    DocumentType("non_filing_notice", "不予立案通知书", "（刑）不立字"),
    DocumentType("filing_notice", "立案告知书", "（刑）立告字"),
    DocumentType("blacklist_listing_notice", "列入严重失信主体名单告知书", "失信告"),
    DocumentType("blacklist_listing_decision", "列入严重失信主体名单决定书", "失信决"),
    DocumentType("rectification_order", "责令限期整改指令书", "责改"),
    DocumentType("reinspection_opinion", "整改复查意见书", "复查"),
    DocumentType("penalty_notice", "行政处罚告知书", "罚告"),
    DocumentType("penalty_decision", "行政处罚决定书", "罚"),
    DocumentType("payment_reminder", "催告书", "催告"),
    DocumentType("hazard_supervision_notice", "重大事故隐患挂牌督办通知书", "督"),
    DocumentType("hearing_notice", "听证通知书", "听通"),
    DocumentType("court_enforcement_application", "强制执行申请书", "强执申"),
    DocumentType("enforcement_decision", "强制执行决定书", "强执决"),
    DocumentType("accident_report_publication", "事故调查报告公布公告", "事故公"),
    # Contested rectification, the standard 安全生产执法文书 (legal audit 2026-12 §3.7 R2).
    DocumentType("onsite_measure_decision", "现场处理措施决定书", "现决"),
    DocumentType("coercive_measure_decision", "强制措施决定书", "强措"),
    DocumentType("hearing_rights_notice", "听证告知书", "听告"),
    # The on-site inspection (北碚 (十四), 安全生产法 art 68).
    DocumentType("inspection_plan", "现场检查方案", "检方"),
    DocumentType("inspection_record", "现场检查记录", "检记"),
    # 约谈 (本溪 (八)): the notice of the interview, served on the interviewed party.
    DocumentType("interview_notice", "约谈通知书", "约谈"),
    # 本溪 (八): the office's written bulletins, one series per office and year whatever the kind;
    # 国办发〔2015〕20号 (十三): the case bulletin to the police and the procuratorate.
    DocumentType("bulletin", "通报", "通"),
    DocumentType("case_bulletin", "安全生产案情通报", "案通"),
)

DOCUMENT_TYPES: dict[str, DocumentType] = {t.code: t for t in _TYPES}

ORG_TYPE_SHORT = {
    OrgType.SAFETY_OFFICE: "安委办",
    OrgType.EMERGENCY_BUREAU: "应急",
    OrgType.PUBLIC_SECURITY: "公",
    OrgType.PROCURATORATE: "检",
}


def issuer_short_name(jurisdiction_name: str, org_type: str) -> str:
    """麒麟区 + 应急管理局 → 麒应急; the usual one-character short form of the division."""
    return jurisdiction_name[:1] + ORG_TYPE_SHORT.get(OrgType(org_type), "")


def document_number(issuer_short: str, doc_type: DocumentType, year: int, seq: int) -> str:
    return f"{issuer_short}{doc_type.word}〔{year}〕{seq}号"
