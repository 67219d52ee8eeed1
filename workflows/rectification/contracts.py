"""Payloads of the contested rectification: its input and result, and the lawful-day activity's."""

import datetime as dt
from dataclasses import dataclass

from workflows.contracts import CaseStart


@dataclass
class Department:
    org_id: int
    name: str


@dataclass
class RectificationInput:
    start: CaseStart
    enterprise_name: str
    credit_code: str
    bureau: Department  # the supervising department (应急管理局) that orders and penalises
    office: Department  # the same-level safety-committee office (安委办)
    inspection_record_no: str
    inspected_on: dt.date
    findings: str
    own_enforcement_power: bool = False  # 行政强制法 art 46: enforces directly instead of via the court
    enterprise_id: int | None = None  # lets the enterprise's own user submit its steps
    # 行政复议法 2023 art 24: the bureau's same-level people's government (computed at intake).
    reconsideration_body: str = ""


@dataclass
class RectificationResult:
    status: str


@dataclass
class LawfulDayRequest:
    """A day the law allows, computed on the calendar by the activity, never in the workflow.

    rule_code: the end of that rule's period from `start`; months: `start`'s day plus so many
    months (moved past rest days); moment: the first daytime moment on a working day at or after
    `start` (行政强制法 art 43). `not_before` (a requested day) wins when it is later.
    """

    start: dt.datetime
    rule_code: str = ""
    months: int = 0
    moment: bool = False
    not_before: dt.date | None = None


@dataclass
class LawfulDay:
    day: dt.date
    at: dt.datetime
    explanation: str
