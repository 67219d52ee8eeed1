"""The registry of processes, built from their definitions: the one place the workflows, the
projection, the web pages, the JSON API, the enterprise portal, the worker and the docs test
look up a process's steps, actions, forms, labels and statuses."""

from __future__ import annotations

from collections.abc import Mapping

from domain.definitions.accident import ACCIDENT
from domain.definitions.blacklist import BLACKLIST
from domain.definitions.bulletin import BULLETIN
from domain.definitions.common import SUPERVISION
from domain.definitions.crime_transfer import CRIME_TRANSFER
from domain.definitions.enforcement_review import ENFORCEMENT_REVIEW
from domain.definitions.general_hazard import GENERAL_HAZARD
from domain.definitions.hazard import HAZARD
from domain.definitions.inspection import INSPECTION
from domain.definitions.inspection_campaign import INSPECTION_CAMPAIGN
from domain.definitions.inspection_plan import INSPECTION_PLAN
from domain.definitions.interview import CONSULTATION, INTERVIEW
from domain.definitions.public_report import PUBLIC_REPORT
from domain.definitions.quarterly_report import QUARTERLY_REPORT
from domain.definitions.random_draw import RANDOM_DRAW
from domain.definitions.rectification import RECTIFICATION
from domain.errors import NotFound
from domain.forms import StepForm
from domain.process import Action, ProcessDefinition, Step
from domain.task_actions import COSIGN

PROCESSES: Mapping[str, ProcessDefinition] = {
    p.code: p
    for p in (
        HAZARD,
        ACCIDENT,
        CRIME_TRANSFER,
        BLACKLIST,
        RECTIFICATION,
        PUBLIC_REPORT,
        RANDOM_DRAW,
        INSPECTION,
        GENERAL_HAZARD,
        INSPECTION_PLAN,
        INSPECTION_CAMPAIGN,
        INTERVIEW,
        CONSULTATION,
        BULLETIN,
        ENFORCEMENT_REVIEW,
        QUARTERLY_REPORT,
    )
}


def process(code: str) -> ProcessDefinition:
    try:
        return PROCESSES[code]
    except KeyError:
        raise NotFound(f"没有流程{code}") from None


def step_of(process_code: str, step: str) -> Step:
    """A step of a process; the supervision (督办) of an overdue step belongs to every process."""
    if step == SUPERVISION.code:
        return SUPERVISION
    if step == COSIGN.code:  # 加签审批, of any step of any process (domain/task_actions.py)
        return COSIGN
    return process(process_code).step(step)


def form_for(process_code: str, step: str) -> type[StepForm]:
    return step_of(process_code, step).form


def actions_for(process_code: str, role: str) -> tuple[Action, ...]:
    """The case actions the case page and the API offer to a role on a case of this process."""
    definition = PROCESSES.get(process_code)
    return definition.actions_for(role) if definition else ()
