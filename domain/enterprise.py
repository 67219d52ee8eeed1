"""What an enterprise user (企业用户) may submit and see, per process.

A step or action listed here is the enterprise's own submission: its user sends it directly
through the same Update and validators as a handler recording a paper submission. Everything
else (agency-only steps, internal notes, the deliberation, the deadline ledger) stays internal.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain import blacklist, hazard
from domain import rectification as rc
from domain.forms import StepForm


@dataclass(frozen=True)
class Submission:
    label: str  # as the enterprise reads it
    form: type[StepForm]


ENTERPRISE_STEPS: dict[str, dict[str, Submission]] = {
    "hazard": {
        "rectification_plan": Submission("报送隐患治理方案", hazard.RectificationPlanForm),
        "progress_report": Submission("报送整改进展", hazard.ProgressReportForm),
        "rectification": Submission("报告整改完成", hazard.CompletionReportForm),
    },
    "blacklist": {
        "statement": Submission("陈述、申辩", blacklist.StatementForm),
    },
    "rectification": {
        "completion": Submission("报告整改完成", rc.RECTIFICATION_STEP_FORMS["completion"]),
        "statement": Submission("陈述、申辩或要求听证", rc.StatementForm),
    },
}

ENTERPRISE_ACTIONS: dict[str, dict[str, Submission]] = {
    "hazard": {"request_extension": Submission("申请延期整改", hazard.ExtensionRequestForm)},
    "blacklist": {"apply_repair": Submission("申请信用修复", blacklist.RepairApplicationForm)},
}

# Documents served on the enterprise. Not: the crime transfer letter and the non-filing notice,
# which pass between the agency and the police.
ENTERPRISE_DOCUMENT_TYPES = frozenset(
    {
        "blacklist_listing_notice",
        "blacklist_listing_decision",
        "rectification_order",
        "reinspection_opinion",
        "penalty_notice",
        "penalty_decision",
        "payment_reminder",
    }
)

# The processes whose cases an enterprise sees (a crime transfer is between agencies).
ENTERPRISE_PROCESSES = frozenset({"hazard", "accident", "blacklist", "rectification"})


def step_names(process: str) -> frozenset[str]:
    return frozenset(ENTERPRISE_STEPS.get(process, {}))


def action_names(process: str) -> frozenset[str]:
    return frozenset(ENTERPRISE_ACTIONS.get(process, {}))
