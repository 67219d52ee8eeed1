"""The recurring inspection campaigns as Temporal Schedules (曲靖 (十一)), created or updated
idempotently when the worker starts (and by `scripts`/an operator calling `ensure_campaign_schedules`).

Durable timing belongs to Temporal (docs/architecture.md, "Scheduling"): APScheduler would skip a
run missed while the web process was down; a Schedule keeps it and its catch-up window covers a
day of outage, while overlapping runs are skipped (a run is idempotent per period anyway).
"""

from __future__ import annotations

import datetime as dt
import logging
import tomllib
from pathlib import Path

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
    ScheduleUpdate,
    ScheduleUpdateInput,
)

from domain.inspection_campaigns import TIME_ZONE, Campaign, parse_campaigns
from workflows.inspection_campaign.contracts import CampaignRun
from workflows.inspection_campaign.workflow import LAUNCH_WORKFLOW

log = logging.getLogger(__name__)
CAMPAIGNS_FILE = Path(__file__).resolve().parent.parent / "config" / "campaigns.toml"


def load_campaigns(path: Path = CAMPAIGNS_FILE) -> tuple[Campaign, ...]:
    """The configured campaigns (none without the file)."""
    if not path.exists():
        return ()
    return parse_campaigns(tomllib.loads(path.read_text(encoding="utf-8")))


def schedule_of(campaign: Campaign, task_queue: str) -> Schedule:
    run = CampaignRun(
        campaign.code, campaign.title, campaign.kind, campaign.jurisdiction, campaign.report_days, campaign.sector
    )
    return Schedule(
        action=ScheduleActionStartWorkflow(
            LAUNCH_WORKFLOW, run, id=f"{campaign.schedule_id}-run", task_queue=task_queue
        ),
        spec=ScheduleSpec(cron_expressions=[campaign.cron], time_zone_name=TIME_ZONE),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP, catchup_window=dt.timedelta(days=1)),
    )


async def ensure_campaign_schedules(client: Client, task_queue: str, campaigns: tuple[Campaign, ...]) -> list[str]:
    """Create each campaign's schedule, or bring an existing one to the configuration."""
    ids = []
    for campaign in campaigns:
        schedule = schedule_of(campaign, task_queue)
        try:
            await client.create_schedule(campaign.schedule_id, schedule)
        except ScheduleAlreadyRunningError:

            def replace(_: ScheduleUpdateInput, new: Schedule = schedule) -> ScheduleUpdate:
                return ScheduleUpdate(schedule=new)

            await client.get_schedule_handle(campaign.schedule_id).update(replace)
        ids.append(campaign.schedule_id)
    log.info("inspection campaign schedules: %s", ", ".join(ids) or "none")
    return ids
