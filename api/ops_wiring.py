"""What operations add to the web app (docs/ops/): the health, metrics and archive routes, the
request metrics and tracing middlewares, tracing of the database and Temporal calls, the
dossier assembler's loop, the message centre's loop, and JSON log lines."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI

from api.archive_runner import archive_loop
from api.notification_runner import notification_loop
from api.routes import archive, health, metrics
from api.state import AppState
from services.ops.json_logs import configure_logging
from services.ops.metrics import RequestMetricsMiddleware, WebMetrics
from services.ops.temporal_connect import with_interceptors
from services.ops.tracing import RequestTracingMiddleware, configure_tracing, instrument_engine
from settings import get_settings


def install_operations(app: FastAPI) -> None:
    for router in (health.router, metrics.router, archive.router):
        app.include_router(router)
    app.state.metrics = WebMetrics.create()
    # Outermost: every request is timed and traced, refusals and errors included.
    app.add_middleware(RequestTracingMiddleware)
    app.add_middleware(RequestMetricsMiddleware, histogram=app.state.metrics.requests)


@contextlib.asynccontextmanager
async def operations_running(state: AppState, *, enabled: bool) -> AsyncIterator[None]:
    """In production (`enabled`): tracing when OTLP_ENDPOINT is set, and the archive's loop."""
    if enabled:
        tracing = configure_tracing(state.settings.otlp_endpoint, "anquan-web")
        if tracing:
            instrument_engine(state.sessions.kw["bind"])
            state.temporal = with_interceptors(state.temporal, tracing)
    async with archive_loop(state, enabled=enabled), notification_loop(state, enabled=enabled):
        yield


def configure_web_logging() -> None:
    if get_settings().json_logs:
        configure_logging(json_lines=True, process="web")
