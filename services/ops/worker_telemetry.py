"""The worker's metrics: Temporal's own runtime metrics on a Prometheus endpoint, plus ours.

The SDK's Rust core measures what matters in a worker (workflow and activity task schedule-to-
start latency, i.e. task-queue latency; workflow task and activity execution times; the sticky
cache's size, hits and misses; polls; failures). With `WORKER_METRICS_ADDRESS=127.0.0.1:9464` the
worker serves them at `http://127.0.0.1:9464/metrics`, with our counter of failed projections
(`anquan_projection_failures_total`) beside them.
"""

from __future__ import annotations

from typing import Any

from temporalio import activity
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig
from temporalio.worker import (
    ActivityInboundInterceptor,
    ExecuteActivityInput,
    Interceptor,
)

from activities.names import APPLY_CASE_CHANGES

PROJECTION_FAILURES = "anquan_projection_failures"


def worker_runtime(bind_address: str) -> Runtime | None:
    """A runtime exporting to Prometheus at `bind_address` (host:port); None when unset."""
    if not bind_address:
        return None
    return Runtime(
        telemetry=TelemetryConfig(
            metrics=PrometheusConfig(bind_address=bind_address, counters_total_suffix=True, durations_as_seconds=True)
        )
    )


class ProjectionFailureInterceptor(Interceptor):
    """Counts failed attempts of the projection activity (each retry that fails counts once).

    A rising count means cases whose database rows lag their workflow: the inbox and the overdue
    view are stale until the retry succeeds (docs/ops/metrics.md).
    """

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _CountFailures(next)


class _CountFailures(ActivityInboundInterceptor):
    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        try:
            return await self.next.execute_activity(input)
        except Exception:
            info = activity.info()
            if info.activity_type == APPLY_CASE_CHANGES:
                activity.metric_meter().create_counter(
                    PROJECTION_FAILURES, "Failed attempts to write a workflow's changes to the case database."
                ).add(1, {"workflow_type": info.workflow_type or ""})
            raise
