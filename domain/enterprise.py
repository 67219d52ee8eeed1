"""What an enterprise user (企业用户) may submit and see, per process.

A step or action listed here is the enterprise's own submission: its user sends it directly
through the same Update and validators as a handler recording a paper submission. Everything
else (agency-only steps, internal notes, the deliberation, the deadline ledger) stays internal.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.forms import StepForm
from domain.registry import PROCESSES


@dataclass(frozen=True)
class Submission:
    label: str  # as the enterprise reads it
    form: type[StepForm]


# Declared per step and action in each process's definition (`enterprise_label`).
ENTERPRISE_STEPS: dict[str, dict[str, Submission]] = {
    code: {step.code: Submission(step.enterprise_label, step.form) for step in definition.enterprise_steps}
    for code, definition in PROCESSES.items()
    if definition.enterprise_steps
}

ENTERPRISE_ACTIONS: dict[str, dict[str, Submission]] = {
    code: {action.code: Submission(action.enterprise_label, action.form) for action in definition.enterprise_actions}
    for code, definition in PROCESSES.items()
    if definition.enterprise_actions
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
        "interview_notice",
    }
)

# The processes whose cases an enterprise sees (a crime transfer is between agencies).
ENTERPRISE_PROCESSES = frozenset({"hazard", "accident", "blacklist", "rectification", "general_hazard", "interview"})
