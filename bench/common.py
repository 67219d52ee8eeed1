"""Shared pieces of the benchmarks: throwaway databases, percentiles, the machine, result files."""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from db.demo import migrate_and_seed

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextmanager
def throwaway_database(kind: str, *, keep: bool = False, server: str = DEFAULT_POSTGRES) -> Iterator[str]:
    """A migrated, seeded database of its own: `sqlite` (in a temporary directory) or `postgres`.

    On PostgreSQL a database named anquan_bench_<random> is created and dropped afterwards;
    no other database on the server is touched.
    """
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="anquan-bench-") as tmp:
            url = f"sqlite:///{tmp}/bench.sqlite3"
            migrate_and_seed(url)
            yield url
        return
    name = f"anquan_bench_{uuid.uuid4().hex[:10]}"
    admin = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        migrate_and_seed(url)
        yield url
    finally:
        if not keep:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    """p50, p95, p99 and max of `samples` (any unit), nearest-rank."""
    if not samples:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    ordered = sorted(samples)

    def rank(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered) + 0.5) - 1))]

    return {
        "n": len(ordered),
        "p50": rank(0.50),
        "p95": rank(0.95),
        "p99": rank(0.99),
        "max": ordered[-1],
        "mean": statistics.fmean(ordered),
    }


def machine() -> str:
    """One line on the machine the figures were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return (
        f"{os.cpu_count()} cores ({model or platform.processor()}), Python {platform.python_version()}, "
        f"load average {load[0]:.1f}"
    )


def save_result(name: str, data: dict[str, Any]) -> Path:
    """Write a benchmark's figures to bench/results/<name>.json (the plots read them)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), **data}, ensure_ascii=False, indent=2, default=str))
    return path


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)
