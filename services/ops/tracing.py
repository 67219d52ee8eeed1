"""Traces across web → Temporal client → workflow → activity → database (OpenTelemetry).

Off unless `OTLP_ENDPOINT` is set (e.g. `http://127.0.0.1:4318`): then spans go over OTLP/HTTP
to `<endpoint>/v1/traces`, and
- the web app opens a server span per request (`RequestTracingMiddleware`);
- the Temporal client of the web app and of the worker carries the SDK's `TracingInterceptor`,
  so starting a workflow or sending an Update continues the request's trace into the workflow,
  its timers and its activities (the context travels in the Temporal headers);
- SQL statements run by an instrumented engine are spans (the statement's verb and table, never
  its parameters).
Every span gets `case_id` and `workflow_id` when they are known: from the Temporal span's own
`temporalWorkflowID`, from the activity being run, from the URL's `{case_id}`, or from its parent.
"""

from __future__ import annotations

import contextvars
import re
import time
from collections.abc import Mapping
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.trace import SpanKind, Status, StatusCode
from sqlalchemy import Engine, event
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from temporalio import activity
from temporalio.client import Interceptor as ClientInterceptor

CASE_ID = "case_id"
WORKFLOW_ID = "workflow_id"
TEMPORAL_WORKFLOW_ID = "temporalWorkflowID"  # set by temporalio.contrib.opentelemetry
# Workflow ids are "<process>-<case_no>" and case numbers end with the case's id (services/case_start.py).
_CASE_NO_TAIL = re.compile(r"-0*(\d+)$")
_request_scope: contextvars.ContextVar[Scope | None] = contextvars.ContextVar("request_scope", default=None)


def case_id_of(workflow_id: str) -> int | None:
    found = _CASE_NO_TAIL.search(workflow_id)
    return int(found.group(1)) if found else None


def current_case(parent: Any = None) -> dict[str, Any]:
    """`case_id` and `workflow_id` of what runs now, as far as known (also for log lines)."""
    found: dict[str, Any] = {}
    if activity.in_activity():
        workflow_id = activity.info().workflow_id or ""
        found[WORKFLOW_ID] = workflow_id
        if (case_id := case_id_of(workflow_id)) is not None:
            found[CASE_ID] = case_id
    scope = _request_scope.get()
    if scope is not None and CASE_ID not in found:
        raw = scope.get("path_params", {}).get(CASE_ID)
        if raw is not None and str(raw).isdigit():
            found[CASE_ID] = int(raw)
    span = parent if parent is not None else trace.get_current_span()
    attributes: Mapping[str, Any] = getattr(span, "attributes", None) or {}
    for key in (CASE_ID, WORKFLOW_ID):
        if key not in found and key in attributes:
            found[key] = attributes[key]
    return found


class CaseAttributes(SpanProcessor):
    """Puts `case_id` and `workflow_id` on every span as it starts."""

    def on_start(self, span: Span, parent_context: otel_context.Context | None = None) -> None:
        own: Mapping[str, Any] = span.attributes or {}
        workflow_id = own.get(TEMPORAL_WORKFLOW_ID)
        if isinstance(workflow_id, str):
            span.set_attribute(WORKFLOW_ID, workflow_id)
            if (case_id := case_id_of(workflow_id)) is not None:
                span.set_attribute(CASE_ID, case_id)
            return
        parent = trace.get_current_span(parent_context) if parent_context is not None else None
        for key, value in current_case(parent).items():
            span.set_attribute(key, value)

    def on_end(self, span: ReadableSpan) -> None:
        pass


def configure_tracing(
    endpoint: str, service_name: str, *, exporter: SpanExporter | None = None
) -> list[ClientInterceptor]:
    """Install the tracer provider; the Temporal client interceptors to use (none when off)."""
    if not endpoint and exporter is None:
        return []
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from temporalio.contrib.opentelemetry import TracingInterceptor

    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(CaseAttributes())
    provider.add_span_processor(
        BatchSpanProcessor(exporter or OTLPSpanExporter(endpoint=endpoint.rstrip("/") + "/v1/traces"))
    )
    trace.set_tracer_provider(provider)
    return [TracingInterceptor()]


def instrument_engine(engine: Engine) -> None:
    """A span per SQL statement: `SELECT cases`, with db.system; parameters are never recorded."""
    tracer = trace.get_tracer("anquan.db")
    system = engine.dialect.name

    @event.listens_for(engine, "before_cursor_execute")
    def _start(_conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: bool) -> None:
        words = statement.split(None, 1)
        verb = words[0].upper() if words else "SQL"
        table = re.search(r"\b(?:FROM|INTO|UPDATE)\s+\"?(\w+)", statement, re.IGNORECASE)
        name = f"{verb} {table.group(1)}" if table else verb
        span = tracer.start_span(name, kind=SpanKind.CLIENT, attributes={"db.system": system, "db.operation": verb})
        context._otel_span = span

    @event.listens_for(engine, "after_cursor_execute")
    def _end(_conn: Any, _cursor: Any, _statement: str, _params: Any, context: Any, _many: bool) -> None:
        span = getattr(context, "_otel_span", None)
        if span is not None:
            span.end()

    @event.listens_for(engine, "handle_error")
    def _error(exception_context: Any) -> None:
        span = getattr(exception_context.execution_context, "_otel_span", None)
        if span is not None:
            span.set_status(Status(StatusCode.ERROR, type(exception_context.original_exception).__name__))
            span.end()


class RequestTracingMiddleware:
    """A server span per HTTP request, named by its route template, with its status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.tracer = trace.get_tracer("anquan.web")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not isinstance(trace.get_tracer_provider(), TracerProvider):
            await self.app(scope, receive, send)
            return
        status = 500
        token = _request_scope.set(scope)

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        started = time.perf_counter()
        with self.tracer.start_as_current_span(
            f"{scope.get('method', '')} {scope.get('path', '')}", kind=SpanKind.SERVER
        ) as span:
            try:
                await self.app(scope, receive, send_wrapper)
            finally:
                route = getattr(scope.get("route"), "path", None) or "unmatched"
                span.update_name(f"{scope.get('method', '')} {route}")
                span.set_attribute("http.route", route)
                span.set_attribute("http.response.status_code", status)
                span.set_attribute("duration_ms", round((time.perf_counter() - started) * 1000, 1))
                for key, value in current_case(span).items():
                    span.set_attribute(key, value)
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR))
                _request_scope.reset(token)
