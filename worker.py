"""The Temporal worker: runs every process workflow and the activities they call.

Stateless: any number of these may run against one Temporal cluster and one database.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from temporalio.client import Client
from temporalio.worker import Worker

from activities.projection import CaseActivities
from db.calendar_store import load_calendar
from db.config_store import load_process_config
from db.session import make_engine, make_session_factory
from services.temporal_client import connect
from settings import Settings, get_settings
from workflows.hazard_supervision import HazardSupervisionWorkflow

WORKFLOWS: list[type[Any]] = [HazardSupervisionWorkflow]


def build_activities(settings: Settings) -> CaseActivities:
    engine = make_engine(settings.database_url)
    return CaseActivities(
        make_session_factory(engine),
        load_process_config(settings.process_config_file),
        load_calendar,
    )


def build_worker(client: Client, task_queue: str, activities: CaseActivities) -> Worker:
    return Worker(
        client,
        task_queue=task_queue,
        workflows=WORKFLOWS,
        activities=[activities.apply_case_changes],
        activity_executor=ThreadPoolExecutor(max_workers=16),
    )


async def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(levelname)s %(message)s")
    settings = get_settings()
    client = await connect(settings.temporal_address, settings.temporal_namespace)
    worker = build_worker(client, settings.task_queue, build_activities(settings))
    logging.info("worker polling task queue %r on %s", settings.task_queue, settings.temporal_address)
    await worker.run()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
