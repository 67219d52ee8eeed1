"""`GET /metrics`: the web process's Prometheus metrics and the domain's gauges.

No login, and no case data in it (counts by process and level only). Still, it is not public:
with `METRICS_TOKEN` set, a scraper sends `Authorization: Bearer <token>`; without it only a
direct loopback client is served (a request forwarded by a proxy, even from 127.0.0.1, is not).
"""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.deps import State
from services.ops.metrics import WebMetrics

router = APIRouter(tags=["operations"])

FORWARDING_HEADERS = ("x-forwarded-for", "x-real-ip", "forwarded")


def scrape_allowed(request: Request, token: str) -> bool:
    if token:
        sent = request.headers.get("authorization", "")
        return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())
    if any(h in request.headers for h in FORWARDING_HEADERS):
        return False
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@router.get("/metrics", response_class=PlainTextResponse, include_in_schema=False)
def read_metrics(request: Request, state: State) -> Response:
    if not scrape_allowed(request, state.settings.metrics_token):
        return PlainTextResponse("forbidden", status_code=403)
    metrics: WebMetrics = request.app.state.metrics
    metrics.watch_domain(state.sessions)
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
