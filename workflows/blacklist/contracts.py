"""Payloads of the blacklist process: its input, and the public entry its activity writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from workflows.contracts import CaseStart


@dataclass
class MeasureItem:
    """A joint-punishment measure of one entry and the partner department that applies it."""

    code: str
    title: str
    partner: str


@dataclass
class BlacklistInput:
    start: CaseStart
    enterprise_id: int
    enterprise_name: str
    credit_code: str
    deciding_org_id: int  # the bureau that issued the penalty decides (谁处罚、谁决定、谁负责)
    condition_code: str
    condition_title: str
    basis: str
    facts: str
    penalty_decision_no: str
    penalty_decided_on: dt.date
    rules: str = "2023"
    management_period_months: int = 36
    repair_after_months: int | None = 12  # None: no early exit by credit repair
    extend_on_new_violation: bool = True
    violation_extension_months: int = 12
    measures: list[MeasureItem] = field(default_factory=list)
    source_case_no: str = ""
    # Decree 11 art 2 (B5): a natural person of the unit above (empty: the unit itself).
    person_name: str = ""
    person_role: str = ""  # its label: 生产经营单位主要负责人 / 机构从业人员
    # 49号 (B17, B18): the period runs from publication; removal on application before expiry.
    period_from_publication: bool = False
    removal_window_days: int | None = None
    # The defence period's length in days and the 公告送达 period, to refuse a notice whose service
    # date is back-dated past the whole period (None: cases proposed before this check).
    defence_days: int | None = None
    announcement_days: int = 30

    def subject_name(self) -> str:
        """The listed subject as the list and the documents name it."""
        if self.person_name:
            return f"{self.person_name}（{self.enterprise_name}{self.person_role}）"
        return self.enterprise_name


@dataclass
class BlacklistResult:
    status: str


@dataclass
class BlacklistEntryWrite:
    """The whole public entry as the workflow sees it now; the activity sets, never adds."""

    case_id: int
    case_no: str
    enterprise_id: int
    enterprise_name: str
    credit_code: str
    deciding_org_id: int
    jurisdiction_code: str
    rules: str
    condition_code: str
    condition_title: str
    basis: str
    reasons: str
    decision_no: str
    listed_on: dt.date
    exit_on: dt.date
    status: str  # listed | repaired | expired
    public: bool
    updated_at: dt.datetime
    measures: list[str] = field(default_factory=list)
    removed_on: dt.date | None = None
