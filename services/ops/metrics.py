"""Prometheus metrics of the web process: request latency per route, and the domain's gauges.

The worker's metrics are Temporal's own (services/ops/worker_telemetry.py) on their own port;
this registry is served by the web app at `GET /metrics` (api/routes/metrics.py).

Domain gauges are read from the case database when scraped, at most once per `CACHE_SECONDS`,
so several Prometheus servers (or a too-eager one) cost one set of count queries, which the
read-side indexes of 0011 answer from the index.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from db import models
from db.archive_models import ArchiveJob

CACHE_SECONDS = 15.0
# Web requests: most pages answer in tens of milliseconds; a step that waits for its workflow's
# Update reply can take seconds.
_REGISTER_LOCK = threading.Lock()
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def request_histogram(registry: CollectorRegistry) -> Histogram:
    return Histogram(
        "anquan_http_request_duration_seconds",
        "Time to answer a web or API request, by route template (not the concrete URL), method and status.",
        ["method", "route", "status"],
        registry=registry,
        buckets=LATENCY_BUCKETS,
    )


class RequestMetricsMiddleware:
    """Pure ASGI middleware: times every HTTP request and labels it with its route template.

    The template (`/api/v1/cases/{case_id}`), never the URL, keeps the label set small and keeps
    case ids out of the metrics. A request no route matched is labelled `unmatched`.
    """

    def __init__(self, app: ASGIApp, histogram: Histogram) -> None:
        self.app = app
        self.histogram = histogram

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            if template.startswith("/static"):
                template = "/static"
            self.histogram.labels(scope.get("method", ""), template, str(status)).observe(time.perf_counter() - started)


@dataclass
class DomainCounts:
    open_cases: dict[str, int] = field(default_factory=dict)  # by process
    overdue_tasks: dict[str, int] = field(default_factory=dict)  # by level of the addressed organisation
    escalations: dict[str, int] = field(default_factory=dict)  # by process, since the beginning
    archive_jobs: dict[str, int] = field(default_factory=dict)  # dossiers by job status


def count_domain(db: Session) -> DomainCounts:
    """The domain's figures: no case, person or enterprise named, only counts."""
    counts = DomainCounts()
    for process, n in db.execute(
        select(models.Case.process, func.count()).where(models.Case.closed.is_(False)).group_by(models.Case.process)
    ):
        counts.open_cases[process] = int(n)
    for level, n in db.execute(
        select(models.Jurisdiction.level, func.count())
        .select_from(models.Task)
        .join(models.Organisation, models.Organisation.id == models.Task.org_id)
        .join(models.Jurisdiction, models.Jurisdiction.code == models.Organisation.jurisdiction_code)
        .where(models.Task.status == "open", models.Task.overdue.is_(True))
        .group_by(models.Jurisdiction.level)
    ):
        counts.overdue_tasks[level] = int(n)
    for process, n in db.execute(
        select(models.Case.process, func.count())
        .select_from(models.CaseEvent)
        .join(models.Case, models.Case.id == models.CaseEvent.case_id)
        .where(models.CaseEvent.kind == "escalated")
        .group_by(models.Case.process)
    ):
        counts.escalations[process] = int(n)
    for status, n in db.execute(select(ArchiveJob.status, func.count()).group_by(ArchiveJob.status)):
        counts.archive_jobs[status] = int(n)
    return counts


class DomainCollector(Collector):
    """Reads `count_domain` on scrape, cached for `CACHE_SECONDS`; a database error yields
    `anquan_domain_scrape_ok 0` instead of failing the whole scrape."""

    def __init__(self, sessions: sessionmaker[Session], cache_seconds: float = CACHE_SECONDS) -> None:
        self._sessions = sessions
        self._cache_seconds = cache_seconds
        self._lock = threading.Lock()
        self._cached: tuple[float, DomainCounts | None] = (float("-inf"), None)

    def _counts(self) -> DomainCounts | None:
        with self._lock:
            taken, counts = self._cached
            if time.monotonic() - taken < self._cache_seconds:
                return counts
            try:
                with self._sessions() as db:
                    counts = count_domain(db)
            except Exception:  # noqa: BLE001 - reported as a metric, the scrape goes on
                counts = None
            self._cached = (time.monotonic(), counts)
            return counts

    def collect(self) -> Iterable[Metric]:
        counts = self._counts()
        ok = GaugeMetricFamily("anquan_domain_scrape_ok", "1 when the domain figures were read from the database.")
        ok.add_metric([], 1.0 if counts is not None else 0.0)
        yield ok
        if counts is None:
            return
        open_cases = GaugeMetricFamily("anquan_cases_open", "Cases not closed, by process.", labels=["process"])
        for process, n in sorted(counts.open_cases.items()):
            open_cases.add_metric([process], n)
        yield open_cases
        overdue = GaugeMetricFamily(
            "anquan_tasks_overdue",
            "Open human steps past their statutory deadline, by level of the organisation they wait on.",
            labels=["level"],
        )
        for level in ("county", "city", "province"):
            overdue.add_metric([level], counts.overdue_tasks.get(level, 0))
        yield overdue
        escalations = CounterMetricFamily(
            "anquan_escalations",
            "Escalations to the upper safety-committee office fired, by process.",
            labels=["process"],
        )
        for process, n in sorted(counts.escalations.items()):
            escalations.add_metric([process], n)
        yield escalations
        archive = GaugeMetricFamily(
            "anquan_archive_jobs", "Closed cases' dossiers by state of their assembly.", labels=["status"]
        )
        for status in ("pending", "running", "done", "failed"):
            archive.add_metric([status], counts.archive_jobs.get(status, 0))
        yield archive


@dataclass
class WebMetrics:
    """The registry of one web process and what feeds it."""

    registry: CollectorRegistry
    requests: Histogram
    _domain: DomainCollector | None = None

    @classmethod
    def create(cls) -> WebMetrics:
        registry = CollectorRegistry()
        return cls(registry, request_histogram(registry))

    def watch_domain(self, sessions: sessionmaker[Session]) -> None:
        """Add the domain's gauges, once (at the first scrape: tests build apps without a lifespan)."""
        with _REGISTER_LOCK:
            if self._domain is None:
                self._domain = DomainCollector(sessions)
                self.registry.register(self._domain)
