"""One trace from a web request through the Temporal client, the workflow and its activity down
to the SQL statements, with the case and workflow ids on every span and on the JSON log lines."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import logging

import httpx
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import select
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from api.state import AppState
from db import models
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from services.ops.json_logs import JsonFormatter
from services.ops.tracing import case_id_of, configure_tracing, instrument_engine
from settings import Settings
from tests import support
from worker import build_worker

EXPORTER = InMemorySpanExporter()


def _tracing() -> list[object]:
    """The process-wide tracer provider, installed once (OpenTelemetry allows one)."""
    if not hasattr(_tracing, "interceptors"):
        _tracing.interceptors = configure_tracing("", "anquan-test", exporter=EXPORTER)  # type: ignore[attr-defined]
    return _tracing.interceptors  # type: ignore[attr-defined, no-any-return]


def test_tracing_is_off_without_an_endpoint() -> None:
    assert configure_tracing("", "anquan-web") == []


def test_case_id_is_read_from_the_workflow_id() -> None:
    assert case_id_of("hazard-GP-2026-00012") == 12
    assert case_id_of("rectification-ZG-2026-123456") == 123456
    assert case_id_of("calendar-reprojection") is None


async def test_one_trace_from_request_to_workflow_activity_and_database(
    time_env: WorkflowEnvironment, database_url: str, task_queue: str
) -> None:
    interceptors = _tracing()
    config = time_env.client.config()
    config["interceptors"] = interceptors
    client = Client(**config)
    sessions = support.session_factory(database_url)
    instrument_engine(sessions.kw["bind"])
    state = AppState(
        settings=Settings(task_queue=task_queue), sessions=sessions, temporal=client, config=ProcessConfig()
    )
    app = create_app(state)
    app.state.app = state
    with sessions() as db:
        enterprise = db.scalar(select(models.Enterprise.id).where(models.Enterprise.jurisdiction_code == "530302"))
    EXPORTER.clear()
    async with (
        build_worker(client, task_queue, sessions, ProcessConfig()),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http,
    ):
        login = await http.post("/api/v1/session", json={"username": "ql.handler", "password": "demo1234"})
        http.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        response = await http.post(
            "/api/v1/hazards",
            json={
                "enterprise_id": enterprise,
                "title": "储罐区可燃气体报警装置失效（追踪）",
                "description": "报警器失效，未与紧急切断联锁。",
                "grade": 4,
                "source": "inspection",
                "found_on": dt.datetime.now(CHINA_TZ).date().isoformat(),
            },
        )
        assert response.status_code in (200, 201), response.text
        case_id = response.json()["id"]
        with sessions() as db:
            case = db.get(models.Case, case_id)
            assert case is not None
            workflow_id = case.workflow_id
        for _ in range(100):  # the first projection (the listing decision's task) is written
            with sessions() as db:
                if db.scalar(select(models.Task.id).where(models.Task.case_id == case_id)):
                    break
            await asyncio.sleep(0.1)
        await client.get_workflow_handle(workflow_id).terminate("test finished")
    trace.get_tracer_provider().force_flush()  # type: ignore[attr-defined]

    spans = EXPORTER.get_finished_spans()
    request = next(s for s in spans if s.name == "POST /api/v1/hazards")
    in_trace = [s for s in spans if s.context.trace_id == request.context.trace_id]
    names = {s.name for s in in_trace}
    # The intake starts the workflow with Update-with-Start (ADR 0010): the client's start span
    # names the start with the workflow type, and the first_tasks Update is handled in the trace.
    starts = [n for n in names if "Start" in n and n.endswith(":HazardSupervisionWorkflow")]
    assert starts and not any(n.startswith("RunWorkflow") for n in starts), names
    assert "HandleUpdate:first_tasks" in names, names
    assert "RunWorkflow:HazardSupervisionWorkflow" in names, names
    assert "RunActivity:apply_case_changes" in names, names
    activity_span = next(s for s in in_trace if s.name == "RunActivity:apply_case_changes")
    sql_in_activity = [s for s in in_trace if s.parent and s.parent.span_id == activity_span.context.span_id]
    assert any(s.name.startswith(("INSERT tasks", "SELECT", "UPDATE cases")) for s in sql_in_activity), [
        s.name for s in sql_in_activity
    ]
    start = next(s for s in in_trace if s.name == starts[0])
    by_id = {s.context.span_id: s for s in in_trace}

    def below_start(span: ReadableSpan) -> bool:
        while span.parent is not None and span.parent.span_id in by_id:
            if span.parent.span_id == start.context.span_id:
                return True
            span = by_id[span.parent.span_id]
        return False

    case_spans = [start] + [s for s in in_trace if below_start(s)]
    assert len(case_spans) >= 5 and activity_span in case_spans
    for span in case_spans:
        assert span.attributes is not None
        assert span.attributes.get("workflow_id") == workflow_id, span.name
        assert span.attributes.get("case_id") == case_id, span.name
    assert request.attributes is not None and request.attributes["http.route"] == "/api/v1/hazards"
    assert all("demo1234" not in str(s.attributes) for s in spans)  # no parameters recorded

    # A JSON log line written inside a span of the case names the case, the workflow and the trace.
    out = io.StringIO()
    logger = logging.getLogger("tests.ops.tracing")
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter("worker"))
    logger.addHandler(handler)
    try:
        with trace.get_tracer("t").start_as_current_span("x", attributes={"temporalWorkflowID": workflow_id}):
            logger.warning("步骤逾期")
    finally:
        logger.removeHandler(handler)
    line = json.loads(out.getvalue())
    assert line["message"] == "步骤逾期" and line["workflow_id"] == workflow_id and line["case_id"] == case_id
    assert len(line["trace_id"]) == 32
