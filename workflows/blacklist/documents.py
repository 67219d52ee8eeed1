"""The documents of the listing: the notice of intended listing and the written decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from domain import blacklist
from workflows.blacklist.contracts import BlacklistInput


def subject(inp: BlacklistInput) -> dict[str, Any]:
    return {
        "enterprise_name": inp.subject_name(),
        "credit_code": inp.credit_code,
        "penalty_decision_no": inp.penalty_decision_no,
        "condition_title": inp.condition_title,
        "facts": inp.facts,
        "basis": inp.basis,
        "you": "你" if inp.person_name else "你单位",  # a natural person is addressed in person (B5)
    }


def listing_notice(inp: BlacklistInput, notice: blacklist.NoticeForm) -> dict[str, Any]:
    """列入严重失信主体名单告知书: the facts, reasons and the right to state one's case."""
    return {**subject(inp), "reasons": notice.reasons, "rights": notice.rights}


def listing_decision(
    inp: BlacklistInput, decision: blacklist.ListingDecisionForm, *, stated: bool, listed_on: dt.date, exit_on: dt.date
) -> dict[str, Any]:
    """列入严重失信主体名单决定书 (Decree 11): the period, the measures and the way out."""
    return {
        **subject(inp),
        "opinion": decision.opinion,
        "stated": stated,
        "listed_on": listed_on.isoformat(),
        "exit_on": exit_on.isoformat(),
        "measures": [m.title for m in inp.measures],
        "repair_after_months": inp.repair_after_months,
        # 49号 (B17, B18): one year from publication; removal on application before expiry.
        "period_from_publication": inp.period_from_publication,
        "period_months": inp.management_period_months,
        "removal_window_days": inp.removal_window_days,
    }
