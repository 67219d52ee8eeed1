"""X-Forwarded-For is believed from TRUSTED_PROXIES only, on the real server (security probe F5).

Uvicorn, started as the launcher starts it (`api.server.uvicorn_command`), would by default
rewrite the peer address from X-Forwarded-For sent from 127.0.0.1, before the app could judge
it. The test starts that command line on a free port and rotates X-Forwarded-For from loopback:
with TRUSTED_PROXIES empty it escapes no throttle; with 127.0.0.1 trusted it is honoured.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from temporalio.testing import WorkflowEnvironment

from api.server import uvicorn_command
from launcher import ROOT, _wait_http, free_port

MAX_FAILURES = 3


@contextmanager
def web_server(database_url: str, temporal: str, trusted_proxies: str) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TEMPORAL_ADDRESS": temporal,
        "TRUSTED_PROXIES": trusted_proxies,
        "LOGIN_ADDRESS_MAX_FAILURES": str(MAX_FAILURES),
        "ENVIRONMENT": "development",
    }
    proc = subprocess.Popen(uvicorn_command(port), cwd=ROOT, env=env)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_http(url + "/login", 60, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _login(http: httpx.Client, username: str, password: str, forwarded_for: str) -> int:
    response = http.post(
        "/api/v1/session", json={"username": username, "password": password}, headers={"X-Forwarded-For": forwarded_for}
    )
    return response.status_code


def _spoofed() -> str:
    n = uuid.uuid4().int
    return f"203.0.{n % 250}.{(n >> 8) % 250 + 1}"


async def test_forwarded_for_from_loopback_escapes_no_throttle_unless_trusted(
    time_env: WorkflowEnvironment, database_url: str
) -> None:
    temporal = time_env.client.service_client.config.target_host
    with web_server(database_url, temporal, trusted_proxies="") as url, httpx.Client(base_url=url) as http:
        for _ in range(MAX_FAILURES):
            _login(http, f"nobody-{uuid.uuid4().hex[:6]}", "guess", _spoofed())
        fresh = _login(http, "ql.handler", "demo1234", _spoofed())
        assert fresh == 429, f"a new X-Forwarded-For from loopback escaped the address throttle ({fresh})"

    with web_server(database_url, temporal, trusted_proxies="127.0.0.1") as url, httpx.Client(base_url=url) as http:
        guesser = _spoofed()
        for _ in range(MAX_FAILURES):
            assert _login(http, f"nobody-{uuid.uuid4().hex[:6]}", "guess", guesser) == 403
        assert _login(http, "ql.handler", "demo1234", guesser) == 429  # the proxy's client is throttled
        assert _login(http, "ql.handler", "demo1234", _spoofed()) == 200  # another client behind it is not
