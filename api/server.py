"""How a web process is started: the one uvicorn command line (launcher, benchmarks, tests).

Uvicorn's own proxy-header handling is off (`--no-proxy-headers`): by default it believes
`X-Forwarded-For` from 127.0.0.1 and rewrites the peer address before the app sees it, whatever
`TRUSTED_PROXIES` says, so any local process (or a same-host proxy passing the header through)
could pick its address and slip past every per-address throttle (security probe F5). With it
off, `api/client.py` is the one place that believes forwarded headers, from `TRUSTED_PROXIES`
only.
"""

from __future__ import annotations

import sys


def uvicorn_command(port: int, *, host: str = "127.0.0.1", log_level: str = "warning", processes: int = 1) -> list[str]:
    """`processes` > 1: uvicorn's own supervisor runs that many web processes on the one port
    (WEB_PROCESSES; one per core, docs/deployment.md). Nothing is kept in a process that another
    would miss: sessions, throttles and the message centre's cursors are database rows."""
    workers = ["--workers", str(processes)] if processes > 1 else []
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "api.app:app_factory",
        "--no-proxy-headers",
        "--host",
        host,
        "--port",
        str(port),
        "--log-level",
        log_level,
        *workers,
    ]
