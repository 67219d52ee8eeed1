"""Which form a step of a process takes: used by the workflows' validators and by the web pages."""

from __future__ import annotations

from domain.accident import ACCIDENT_STEP_FORMS
from domain.blacklist import BLACKLIST_STEP_FORMS
from domain.crime_transfer import CRIME_TRANSFER_STEP_FORMS
from domain.errors import NotFound
from domain.forms import StepForm
from domain.hazard import HAZARD_STEP_FORMS
from domain.public_report import PUBLIC_REPORT_STEP_FORMS
from domain.rectification import RECTIFICATION_STEP_FORMS
from domain.supervision import SupervisionForm

PROCESS_STEP_FORMS: dict[str, dict[str, type[StepForm]]] = {
    "hazard": HAZARD_STEP_FORMS,
    "accident": ACCIDENT_STEP_FORMS,
    "crime_transfer": CRIME_TRANSFER_STEP_FORMS,
    "blacklist": BLACKLIST_STEP_FORMS,
    "rectification": RECTIFICATION_STEP_FORMS,
    "public_report": PUBLIC_REPORT_STEP_FORMS,
}


def form_for(process: str, step: str) -> type[StepForm]:
    if step == "supervision":
        return SupervisionForm
    try:
        return PROCESS_STEP_FORMS[process][step]
    except KeyError:
        raise NotFound(f"流程{process}没有环节{step}") from None
