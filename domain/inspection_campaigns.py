"""Recurring inspection campaigns (曲靖 (十一)): which exist, when they run, and what each run asks.

"坚持每季度开展一次全市性安全生产综合大检查，每月开展一次行业领域内安全生产专项检查" [S]: a
quarterly comprehensive inspection of the whole city and a monthly inspection per sector. The
text fixes the rhythm but no reporting period, so each campaign's `report_days` is configuration
(`config/campaigns.toml`, [U]). Pure: parsed from TOML, no Temporal and no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field

from domain.errors import InvalidInput
from domain.forms import LongText, StepForm

PROCESS = "inspection_campaign"
KINDS = {"comprehensive": "综合大检查", "sector": "行业领域专项检查"}
TIME_ZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class Campaign:
    code: str
    title: str
    kind: str
    cron: str  # in China time
    jurisdiction: str  # the division whose bureaus (and those below) each get a task
    report_days: int  # the task is due this many calendar days after the run [U]
    sector: str = ""

    @property
    def schedule_id(self) -> str:
        return f"inspection-campaign-{self.code}"

    def period(self, day: dt.date) -> str:
        """The run's period, part of each case's key: one case per bureau and period, whatever retries."""
        if self.kind == "comprehensive":
            return f"{day.year}Q{(day.month - 1) // 3 + 1}"
        return f"{day.year}M{day.month:02d}"

    def due_on(self, day: dt.date) -> dt.date:
        return day + dt.timedelta(days=self.report_days)


def parse_campaigns(raw: Mapping[str, Any]) -> tuple[Campaign, ...]:
    campaigns = []
    for entry in raw.get("campaign", []):
        try:
            campaign = Campaign(
                code=str(entry["code"]),
                title=str(entry["title"]),
                kind=str(entry["kind"]),
                cron=str(entry["cron"]),
                jurisdiction=str(entry["jurisdiction"]),
                report_days=int(entry["report_days"]),
                sector=str(entry.get("sector", "")),
            )
        except KeyError as exc:
            raise InvalidInput(f"campaigns: missing {exc.args[0]} in {entry!r}") from None
        if campaign.kind not in KINDS or campaign.report_days < 1 or len(campaign.cron.split()) != 5:
            raise InvalidInput(f"campaigns: {campaign.code}: kind, cron (5 fields) or report_days ≥ 1")
        campaigns.append(campaign)
    if len({c.code for c in campaigns}) != len(campaigns):
        raise InvalidInput("campaigns: codes must be unique")
    return tuple(campaigns)


Count = Annotated[int, Field(ge=0, le=100_000)]


class CampaignReportForm(StepForm):
    """开展检查并报送检查情况: what the bureau inspected in this campaign."""

    completed_on: dt.date = Field(title="检查完成日期")
    enterprises_inspected: Count = Field(title="检查企业数")
    hazards_found: Count = Field(title="发现隐患数")
    summary: LongText = Field(title="检查情况")


STATUS_LABELS = {"open": "检查进行中", "reported": "已报送检查情况"}
