"""The documents of a transfer: the transfer letter, the police's non-filing and filing notices.

Periods are printed with the unit the configuration chose ("3日" or "3个工作日", audit C6).
"""

from __future__ import annotations

from typing import Any

from domain import crime_transfer as ct
from workflows.crime_transfer.state import TransferState


def transfer_letter(state: TransferState, report: ct.TransferReportForm) -> dict[str, Any]:
    """涉嫌犯罪案件移送书 (art 5–6, 应急〔2019〕54号 art 8), copied to the procuratorate."""
    attachments = ["涉嫌犯罪案件调查报告", f"证据清单：{report.evidence}"]
    if report.exhibits:
        attachments.append(f"涉案物品清单：{report.exhibits}")
    if report.appraisals:
        attachments.append(f"检验报告或者鉴定意见：{report.appraisals}")
    return {
        "police_name": state.current_police.name,
        "subject": state.inp.subject,
        "category_label": ct.category_name(state.category),
        "facts": report.facts,
        "found_by": ct.FOUND_BY[state.inp.found_by] if state.inp.found_by != "bureau" else "",
        "decision_period": state.period("crime_transfer.filing_decision", "3日"),
        "attachments": attachments,
        "procuratorate_name": state.orgs.procuratorate.name,
    }


def _police_answer(state: TransferState) -> dict[str, Any]:
    """What the police's notices on a transfer name: the agency, the letter, the case, the copy."""
    return {
        "agency_name": state.orgs.bureau.name,
        "transferred_on": state.transferred_on,
        "transfer_no": state.transfer_no,
        "subject": state.inp.subject,
        "category_label": ct.category_name(state.category),
        "procuratorate_name": state.orgs.procuratorate.name,
    }


def non_filing_notice(state: TransferState, reasons: str) -> dict[str, Any]:
    """不予立案通知书 (art 8): the reasons in writing, copied to the procuratorate."""
    period = state.period("crime_transfer.non_filing_response", "3日")
    return {**_police_answer(state), "reasons": reasons, "reconsideration_period": period}


def filing_notice(state: TransferState, filing_no: str) -> dict[str, Any]:
    """立案通知书 (公安规定 2020 art 180; 2019 办法: within 3 日, copied to the procuratorate)."""
    period = state.period("crime_transfer.handover", "3日")
    return {**_police_answer(state), "filing_no": filing_no, "handover_period": period}
