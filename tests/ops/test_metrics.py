"""GET /metrics: request latency per route template, the domain's gauges, and who may scrape."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from api.app import create_app
from api.state import AppState
from db import models
from domain.process_config import ProcessConfig
from settings import Settings


def _http(sessions: sessionmaker[Session], client: Client, **settings: object) -> httpx.AsyncClient:
    state = AppState(settings=Settings(**settings), sessions=sessions, temporal=client, config=ProcessConfig())
    app = create_app(state)
    app.state.app = state
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def _sample(text: str, name: str, **labels: str) -> float | None:
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0])) if "{" in line else {}
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return None


async def test_request_latency_is_labelled_by_route_template(sessions: sessionmaker[Session], client: Client) -> None:
    async with _http(sessions, client) as http:
        for _ in range(3):
            await http.get("/healthz")
        await http.get("/api/v1/cases/123456")  # not signed in: 401, labelled by template, not id
        await http.get("/no/such/page")
        text = (await http.get("/metrics")).text
    count = _sample(text, "anquan_http_request_duration_seconds_count", route="/healthz", method="GET", status="200")
    assert count == 3
    assert "123456" not in text
    assert _sample(text, "anquan_http_request_duration_seconds_count", route="unmatched", status="404") == 1
    assert any('route="/api/v1/cases/{' in line for line in text.splitlines())


async def test_domain_gauges_count_open_cases_and_overdue_steps(
    sessions: sessionmaker[Session], client: Client
) -> None:
    with sessions() as db:
        open_by_process = dict(
            db.execute(
                select(models.Case.process, func.count())
                .where(models.Case.closed.is_(False))
                .group_by(models.Case.process)
            ).all()
        )
    async with _http(sessions, client) as http:
        response = await http.get("/metrics")
    assert response.status_code == 200
    text = response.text
    assert _sample(text, "anquan_domain_scrape_ok") == 1.0
    for process, n in open_by_process.items():
        assert _sample(text, "anquan_cases_open", process=process) == n
    for level in ("county", "city", "province"):
        assert _sample(text, "anquan_tasks_overdue", level=level) is not None


async def test_metrics_refused_to_a_forwarded_client_without_token(
    sessions: sessionmaker[Session], client: Client
) -> None:
    async with _http(sessions, client) as http:
        assert (await http.get("/metrics")).status_code == 200  # loopback, direct
        forwarded = await http.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert forwarded.status_code == 403
    assert "anquan" not in forwarded.text


async def test_metrics_token_is_required_when_configured(sessions: sessionmaker[Session], client: Client) -> None:
    async with _http(sessions, client, metrics_token="s3cret-scrape") as http:
        assert (await http.get("/metrics")).status_code == 403
        assert (await http.get("/metrics", headers={"Authorization": "Bearer wrong"})).status_code == 403
        ok = await http.get("/metrics", headers={"Authorization": "Bearer s3cret-scrape"})
    assert ok.status_code == 200
    assert "anquan_http_request_duration_seconds" in ok.text
