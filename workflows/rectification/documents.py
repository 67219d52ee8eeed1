"""The documents of the rectification: what each template is filled with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from domain import rectification as rc
from domain.china_time import yuan
from domain.forms import choice_labels
from workflows.rectification.state import Rectification


def order(state: Rectification, form: dict[str, Any]) -> dict[str, Any]:
    """责令限期整改指令书 (安全生产法 art 65(2)): hazards, measures and the period from service."""
    inp = state.inp
    return {
        **state.subject(),
        **form,
        "inspection_record_no": inp.inspection_record_no,
        "inspected_on": inp.inspected_on.isoformat(),
    }


def reinspection_opinion(
    state: Rectification, form: dict[str, Any], *, served_on: dt.date, deadline: dt.date, completion_reported: bool
) -> dict[str, Any]:
    """整改复查意见书: the re-inspection's finding on the order."""
    return {
        **state.subject(),
        **form,
        "order_no": state.order_no,
        "served_on": served_on.isoformat(),
        "rectification_deadline": deadline.isoformat(),
        "completion_reported": completion_reported,
        "rectified": form["result"] == "rectified",
        "result_label": choice_labels(rc.ReinspectionForm, "result")[form["result"]],
    }


def penalty_notice(state: Rectification, form: dict[str, Any], statement_until: str) -> dict[str, Any]:
    """行政处罚告知书 (行政处罚法 art 44), with the right to a hearing for a serious penalty (art 63)."""
    return {**state.subject(), **form, "fine_label": yuan(state.fine), "statement_until": statement_until}


def hearing_notice(state: Rectification, form: dict[str, Any], hearing_on: dt.date) -> dict[str, Any]:
    """听证通知书 (art 64): at least 7 working days before the hearing."""
    return {**state.subject(), **form, "hearing_on": hearing_on.isoformat(), "notice_no": state.notice_no}


def penalty_decision(state: Rectification, notice: dict[str, Any], decision: dict[str, Any]) -> dict[str, Any]:
    """行政处罚决定书 (art 59)."""
    return {
        **state.subject(),
        "facts": notice["facts"],
        "basis": notice["basis"],
        "reasons": decision["reasons"],
        "reconsideration_body": decision.get("reconsideration_body", ""),
        "court": decision.get("court", ""),
        "reconsideration_first": rc.RECONSIDERATION_FIRST[decision["reconsideration_first"]]
        if decision.get("reconsideration_first")
        else "",
        "notice_no": state.notice_no,
        "fine_label": yuan(state.fine),
    }


def payment_reminder(state: Rectification, today: dt.date) -> dict[str, Any]:
    """催告书 (行政强制法 art 35, 54): the fine, the surcharge to date and ten working days."""
    assert state.payment_due is not None
    surcharge = rc.late_surcharge(state.fine, state.payment_due, today, state.paused())
    return {
        **state.subject(),
        "decision_no": state.decision_no,
        "fine_label": yuan(state.fine),
        "payment_due": state.payment_due.isoformat(),
        "as_of": today.isoformat(),
        "surcharge_label": yuan(surcharge),
        "total_label": yuan(state.fine + surcharge),
        "payment_method": "指定银行缴纳或电子缴款",
        "own_enforcement_power": state.inp.own_enforcement_power,
    }


def court_application(state: Rectification, form: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """强制执行申请书 (行政强制法 arts 53–55): the fine, the surcharge to date and the reminder."""
    assert state.payment_due is not None
    surcharge = rc.late_surcharge(state.fine, state.payment_due, today, state.paused())
    return {
        **state.subject(),
        "court": form["court"],
        "materials": form["materials"],
        "decision_no": state.decision_no,
        "reminder_no": state.reminder_no,
        "fine_label": yuan(state.fine),
        "total_label": yuan(state.fine + surcharge),
        "as_of": today.isoformat(),
    }


def enforcement_decision(state: Rectification, form: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """强制执行决定书 (行政强制法 art 37): reasons and basis, method and time, the route to challenge it."""
    assert state.payment_due is not None
    surcharge = rc.late_surcharge(state.fine, state.payment_due, today, state.paused())
    return {
        **state.subject(),
        **form,
        "decision_no": state.decision_no,
        "reminder_no": state.reminder_no,
        "payment_due": state.payment_due.isoformat(),
        "fine_label": yuan(state.fine),
        "surcharge_label": yuan(surcharge),
        "total_label": yuan(state.fine + surcharge),
        "as_of": today.isoformat(),
        "method_label": rc.ENFORCEMENT_METHODS[form["method"]],
    }
