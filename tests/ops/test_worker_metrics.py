"""The worker's Prometheus endpoint: Temporal's runtime metrics and failed projections counted."""

from __future__ import annotations

import asyncio
import datetime as dt
import urllib.request
import uuid

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.common import RetryPolicy
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.names import APPLY_CASE_CHANGES
from launcher import free_port
from services.ops.temporal_connect import connect_observed
from services.ops.worker_telemetry import ProjectionFailureInterceptor, worker_runtime

attempts: list[int] = []


@activity.defn(name=APPLY_CASE_CHANGES)
async def flaky_projection(case_id: int) -> int:
    """Fails its first two attempts, like a projection during a database outage."""
    attempts.append(case_id)
    if len(attempts) <= 2:
        raise RuntimeError("database is down")
    return case_id


@workflow.defn(sandboxed=False)
class ProjectOnce:
    @workflow.run
    async def run(self, case_id: int) -> int:
        return await workflow.execute_activity(
            APPLY_CASE_CHANGES,
            case_id,
            start_to_close_timeout=dt.timedelta(seconds=10),
            retry_policy=RetryPolicy(initial_interval=dt.timedelta(milliseconds=50), backoff_coefficient=1.0),
            result_type=int,
        )


def _scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        return str(response.read().decode())


async def test_worker_serves_temporal_runtime_metrics_and_projection_failures(dev_env: WorkflowEnvironment) -> None:
    assert worker_runtime("") is None  # unset: no endpoint
    port = free_port()
    runtime = worker_runtime(f"127.0.0.1:{port}")
    assert runtime is not None
    client: Client = await connect_observed(
        dev_env.client.service_client.config.target_host, "default", runtime=runtime
    )
    queue = f"metrics-{uuid.uuid4().hex[:8]}"
    async with Worker(
        client,
        task_queue=queue,
        workflows=[ProjectOnce],
        activities=[flaky_projection],
        interceptors=[ProjectionFailureInterceptor()],
    ):
        result = await client.execute_workflow(ProjectOnce.run, 7, id=f"metrics-{queue}", task_queue=queue)
        assert result == 7
        await asyncio.sleep(1.5)  # the exporter's collection interval
        text = await asyncio.to_thread(_scrape, port)
    failures = [line for line in text.splitlines() if line.startswith("anquan_projection_failures_total{")]
    assert failures and float(failures[0].rsplit(" ", 1)[1]) == 2.0, failures
    for name in (
        "temporal_workflow_task_schedule_to_start_latency",  # the task queue's latency
        "temporal_workflow_task_execution_latency",
        "temporal_activity_execution_latency",
        "temporal_sticky_cache_size",
    ):
        assert name in text, name
