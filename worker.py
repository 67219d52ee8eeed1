"""The Temporal worker: runs every process workflow and the activities they call.

Stateless: any number of these may run against one Temporal cluster and one database.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.worker import Interceptor, UnsandboxedWorkflowRunner, Worker, WorkflowRunner
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from activities.blacklist_entries import BlacklistActivities
from activities.calendar_reprojection import CalendarActivities
from activities.documents import DocumentActivities
from activities.enforcement_reviews import EnforcementReviewActivities
from activities.hazard_penalties import HazardPenaltyActivities
from activities.inspection_campaigns import CampaignActivities
from activities.inspections import InspectionActivities
from activities.projection import CaseActivities
from activities.public_reports import PublicReportActivities
from activities.rectification_calendar import RectificationCalendarActivities
from db.calendar_store import load_calendar
from db.config_store import load_process_config
from db.session import make_engine, make_session_factory
from domain.process_config import ProcessConfig
from services.campaign_schedules import ensure_campaign_schedules, load_campaigns
from services.ops.json_logs import configure_logging
from services.ops.temporal_connect import connect_observed
from services.ops.tracing import configure_tracing, instrument_engine
from services.ops.worker_telemetry import ProjectionFailureInterceptor, worker_runtime
from settings import get_settings
from workflows.registry import WORKFLOWS

# The workflow runner, chosen by WORKFLOW_RUNNER (docs/decisions/0016-unsandboxed-in-production.md,
# after 0011):
# - "unsandboxed": no sandbox; the production default. A workflow task costs the worker about a
#   quarter less CPU (bench.timers: 11.2–13.7 → 8.8–10.2 ms per escalation). What the sandbox refused at run
#   time is refused for every path by tests/test_workflow_determinism.py, and every test runs the
#   workflows under "passthrough" (tests/conftest.py), the replays under "sandbox".
# - "sandbox": the SDK's full sandbox; every workflow run re-imports the workflow modules it uses
#   (and rebuilds their pydantic schemas) in a fresh module namespace. The replay tests always run
#   under this one (tests/replay).
# - "passthrough": the sandbox with our workflow modules and the pure domain rules loaded once,
#   outside the per-run sandbox, its restrictions (datetime.now, random, I/O ... raise) in force:
#   what the tests run.
# - "passthrough-all": the sandbox's restrictions with every module passed through.
RUNNERS: dict[str, Callable[[], WorkflowRunner]] = {
    "sandbox": lambda: SandboxedWorkflowRunner(),
    "passthrough": lambda: SandboxedWorkflowRunner(
        restrictions=SandboxRestrictions.default.with_passthrough_modules("workflows", "domain")
    ),
    "passthrough-all": lambda: SandboxedWorkflowRunner(
        restrictions=SandboxRestrictions.default.with_passthrough_all_modules()
    ),
    "unsandboxed": UnsandboxedWorkflowRunner,
}
DEFAULT_RUNNER = "unsandboxed"


def workflow_runner(name: str | None = None) -> WorkflowRunner:
    """The runner named `name`, or WORKFLOW_RUNNER's, or the default."""
    chosen = name or os.environ.get("WORKFLOW_RUNNER", "") or DEFAULT_RUNNER
    if chosen not in RUNNERS:
        raise ValueError(f"WORKFLOW_RUNNER={chosen!r}: one of {', '.join(RUNNERS)}")
    return RUNNERS[chosen]()


__all__ = ["DEFAULT_RUNNER", "RUNNERS", "WORKFLOWS", "build_worker", "workflow_runner"]


def build_worker(
    client: Client,
    task_queue: str,
    sessions: sessionmaker[Session],
    config: ProcessConfig,
    interceptors: Sequence[Interceptor] = (),
    runner: WorkflowRunner | None = None,
) -> Worker:
    """The worker of every process, on `runner` or WORKFLOW_RUNNER's (read now: an unknown name
    stops the worker at start)."""
    cases = CaseActivities(sessions, config, load_calendar)
    calendar = CalendarActivities(sessions)
    blacklist = BlacklistActivities(sessions)
    documents = DocumentActivities(sessions, config.announcement_service_days)
    rectification = RectificationCalendarActivities(sessions, config, load_calendar)
    public_reports = PublicReportActivities(sessions)
    inspections = InspectionActivities(sessions)
    penalties = HazardPenaltyActivities(sessions)
    campaigns = CampaignActivities(sessions)
    reviews = EnforcementReviewActivities(sessions)
    return Worker(
        client,
        task_queue=task_queue,
        workflows=WORKFLOWS,
        activities=[
            cases.apply_case_changes,
            calendar.find_cases_to_reproject,
            documents.issue_document,
            documents.record_document_service,
            blacklist.write_blacklist_entry,
            rectification.compute_lawful_day,
            public_reports.route_public_report,
            penalties.count_enterprise_penalties,
            inspections.inspection_record_done,
            campaigns.open_campaign_cases,
            reviews.ledger_facts,
        ],
        activity_executor=ThreadPoolExecutor(max_workers=16),
        interceptors=interceptors,
        workflow_runner=runner or workflow_runner(),
    )


async def main() -> None:
    settings = get_settings()
    configure_logging(json_lines=settings.json_logs, process="worker")
    runtime = worker_runtime(settings.worker_metrics_address)  # docs/ops/metrics.md
    tracing = configure_tracing(settings.otlp_endpoint, "anquan-worker")  # docs/ops/traces.md
    client = await connect_observed(
        settings.temporal_address, settings.temporal_namespace, runtime=runtime, interceptors=tracing
    )
    engine = make_engine(settings.database_url)
    if tracing:
        instrument_engine(engine)
    sessions = make_session_factory(engine)
    config = load_process_config(settings.process_config_file)
    worker = build_worker(client, settings.task_queue, sessions, config, [ProjectionFailureInterceptor()])
    try:  # 曲靖 (十一): the recurring campaigns' schedules; a failure must not keep the worker down
        await ensure_campaign_schedules(client, settings.task_queue, load_campaigns())
    except Exception:
        logging.exception("could not create the inspection campaign schedules; they are retried at the next start")
    logging.info("worker polling task queue %r on %s", settings.task_queue, settings.temporal_address)
    await worker.run()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
