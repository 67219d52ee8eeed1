"""Payloads of the public-report process. The reporter's identity is in none of them: it stays in
the `public_reports` table, so the workflow's history never holds a name or a phone number."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.report_reward import DEFAULT_BANDS
from workflows.contracts import CaseStart


@dataclass
class PublicReportInput:
    start: CaseStart
    handling_org_id: int  # the emergency-management bureau of the jurisdiction reported
    upper_org_id: int | None  # the bureau one level up, which approves an extension
    summary: str  # where and which enterprise, for the timeline
    # 举报奖励 bands in 元 (config `[report_rewards]`); a case started before rewards gets the defaults.
    reward_bands: dict[str, list[int]] = field(default_factory=lambda: {k: list(v) for k, v in DEFAULT_BANDS.items()})


@dataclass
class PublicReportResult:
    status: str


@dataclass
class RouteRequest:
    """Forward a report to the bureau of another jurisdiction (安全生产法 art 73: 移交)."""

    case_id: int
    jurisdiction_code: str


@dataclass
class RouteResult:
    found: bool
    org_id: int = 0
    org_name: str = ""
    upper_org_id: int | None = None
    jurisdiction_path: list[str] = field(default_factory=list)
