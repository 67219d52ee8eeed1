"""Payloads of a recurring inspection campaign (曲靖 (十一))."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from workflows.contracts import CaseStart


@dataclass
class CampaignRun:
    """The Schedule's action: one run of a campaign (its parameters travel with it)."""

    code: str
    title: str
    kind: str
    jurisdiction: str
    report_days: int
    sector: str = ""


@dataclass
class CampaignCasesRequest:
    run: CampaignRun
    period: str  # e.g. 2027Q1, 2027M03
    run_on: dt.date
    due_on: dt.date


@dataclass
class CampaignCase:
    """The case of one bureau in one run, created once whatever the retries."""

    start: CaseStart
    workflow_id: str
    bureau_org_id: int
    title: str
    due_on: dt.date


@dataclass
class CampaignCasesResult:
    cases: list[CampaignCase] = field(default_factory=list)


@dataclass
class CampaignLaunchResult:
    period: str
    opened: int  # cases whose workflow this run started (0 on a repeated run of the same period)
