"""Inbox, case page, API task list and overdue dashboard at a province's scale.

Bulk-loads the projection in steps (10,000 → 100,000 → 1,000,000 case events by default; one open
task per case, so 100,000 open tasks and 50,000 enterprises at the top), and after each step times
every page server-side: the ASGI app is called in-process (no network, no client), each request
timed from the call to the last byte of the body. Prints p50/p95 per endpoint and size, the
slowest SQL statement of each endpoint with its plan (`--explain`), and writes
bench/results/scale-<database>.json for the plots.

    .venv/bin/python -m bench.scale --database postgres            # full sizes
    .venv/bin/python -m bench.scale --database sqlite --small      # 1,000 → 10,000 → 30,000 events
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections import defaultdict
from typing import Any

import httpx
from sqlalchemy import Engine, event, select, text
from sqlalchemy.orm import Session, sessionmaker

from api.app import create_app
from api.state import AppState
from bench import bulk_load
from bench.common import ms, percentiles, save_result, throwaway_database
from db import models
from db.session import make_engine, make_session_factory
from domain.process_config import ProcessConfig
from services.snapshots import take_snapshot
from settings import Settings

FULL_SIZES = (10_000, 100_000, 1_000_000)
SMALL_SIZES = (1_000, 10_000, 30_000)
PASSWORD = "demo1234"


class StatementLog:
    """Times every SQL statement; `current` names the endpoint being measured."""

    def __init__(self, engine: Engine) -> None:
        self.current = ""
        self.slowest: dict[str, tuple[float, str, Any]] = {}
        self._started: dict[int, float] = {}
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        self._started[id(cursor)] = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        took = time.perf_counter() - self._started.pop(id(cursor), time.perf_counter())
        if self.current and took > self.slowest.get(self.current, (0.0, "", None))[0]:
            self.slowest[self.current] = (took, statement, params)


def _app(url: str, sessions: sessionmaker[Session]) -> Any:
    state = AppState(
        settings=Settings(database_url=url),
        sessions=sessions,
        temporal=None,  # type: ignore[arg-type]  # the pages measured here read only the projection
        config=ProcessConfig(),
    )
    app = create_app(state)
    app.state.app = state
    return app


async def _login(app: Any, username: str) -> httpx.AsyncClient:
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench")
    response = await http.post("/api/v1/session", json={"username": username, "password": PASSWORD})
    response.raise_for_status()
    return http


def _case_ids(sessions: sessionmaker[Session], county: str, n: int) -> list[int]:
    with sessions() as db:
        ids = list(
            db.scalars(
                select(models.Case.id).where(models.Case.jurisdiction_code == county, models.Case.closed.is_(False))
            )
        )
    return random.Random(1).sample(ids, min(n, len(ids)))


async def measure(
    app: Any, sessions: sessionmaker[Session], log: StatementLog, repeats: int
) -> dict[str, dict[str, float]]:
    office = await _login(app, "ql.office")  # 麒麟区安委办: about an eighth of all open tasks
    province = await _login(app, "yn.office")  # 云南省安委办: every overdue task of the province
    cases = _case_ids(sessions, "530302", repeats)
    endpoints: dict[str, tuple[httpx.AsyncClient, list[str]]] = {
        "inbox page": (office, ["/inbox"]),
        "API task list": (office, ["/api/v1/tasks"]),
        "case page": (office, [f"/cases/{c}" for c in cases]),
        "API case": (office, [f"/api/v1/cases/{c}" for c in cases]),
        "dashboard (province)": (province, ["/overdue"]),
        "dashboard drill-down (city)": (province, ["/overdue?under=530300"]),
        "dashboard drill-down (county, step)": (province, ["/overdue?under=530302&step=rectification"]),
    }
    results = {}
    for name, (http, paths) in endpoints.items():
        samples = []
        for i in range(repeats + 3):
            path = paths[i % len(paths)]
            log.current = name if i >= 3 else ""
            started = time.perf_counter()
            response = await http.get(path)
            took = time.perf_counter() - started
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code} {response.text[:300]}")
            if i >= 3:  # three warm-up requests fill the caches a long-running process has
                samples.append(took)
        log.current = ""
        results[name] = {k: ms(v) if k != "n" else v for k, v in percentiles(samples).items()}
    for http in (office, province):
        await http.aclose()
    return results


def explain(engine: Engine, statement: str, params: Any) -> str:
    prefix = "EXPLAIN (ANALYZE, BUFFERS OFF) " if engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(prefix + statement, params)
        rows = cur.fetchall()
    finally:
        raw.close()
    if engine.dialect.name == "postgresql":
        return "\n".join(r[0] for r in rows)
    return "\n".join(" " * (4 * (depth_of(rows, r))) + str(r[-1]) for r in rows)


def depth_of(rows: list[Any], row: Any) -> int:
    parents = {r[0]: r[1] for r in rows}
    depth, parent = 0, row[1]
    while parent:
        depth, parent = depth + 1, parents.get(parent, 0)
    return depth


async def run(database: str, sizes: tuple[int, ...], repeats: int, show_plans: bool, keep: bool) -> None:
    with throwaway_database(database, keep=keep) as url:
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        log = StatementLog(engine)
        app = _app(url, sessions)
        loaded_cases = loaded_enterprises = 0
        table: dict[int, dict[str, dict[str, float]]] = {}
        loads: dict[int, dict[str, float]] = {}
        for size in sizes:
            n_cases, n_enterprises = bulk_load.sizes_for(size)
            print(f"loading up to {size:,} events ({n_cases:,} cases, {n_enterprises:,} enterprises) …", flush=True)
            loads[size] = bulk_load.load(
                url, cases=(loaded_cases, n_cases), enterprises=(loaded_enterprises, n_enterprises)
            )
            loaded_cases, loaded_enterprises = n_cases, n_enterprises
            take_snapshot(sessions, __import__("datetime").datetime.now(__import__("datetime").UTC))
            print("  load: " + ", ".join(f"{k} {v:.1f} s" for k, v in loads[size].items()), flush=True)
            log.slowest.clear()
            table[size] = await measure(app, sessions, log, repeats)
            for name, figures in table[size].items():
                print(f"  {name:<36} p50 {figures['p50']:7.1f} ms   p95 {figures['p95']:7.1f} ms", flush=True)
        counts = _counts(engine)
        print("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        plans = {}
        if show_plans:
            for name, (took, statement, params) in log.slowest.items():
                plans[name] = {"ms": ms(took), "sql": statement, "plan": explain(engine, statement, params)}
                print(f"\n--- {name}: slowest statement {ms(took)} ms\n{statement}\n--- plan\n{plans[name]['plan']}")
        path = save_result(
            f"scale-{database}",
            {"database": database, "repeats": repeats, "rows": counts, "loads": loads, "latency": table}
            | {"plans": plans},
        )
        print(f"\nfigures written to {path.relative_to(path.parent.parent.parent)}")
        engine.dispose()


def _counts(engine: Engine) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    with engine.connect() as conn:
        for table in ("enterprises", "cases", "tasks", "case_events"):
            counts[table] = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
        counts["open tasks"] = conn.execute(text("SELECT count(*) FROM tasks WHERE status = 'open'")).scalar_one()
        counts["overdue open tasks"] = conn.execute(
            text("SELECT count(*) FROM tasks WHERE status = 'open' AND overdue")
        ).scalar_one()
    return dict(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--small", action="store_true", help="sizes 1,000 → 30,000 events, for a quick check")
    parser.add_argument("--sizes", type=int, nargs="*", help="event counts to load and measure, ascending")
    parser.add_argument("--repeats", type=int, default=40, help="timed requests per endpoint and size")
    parser.add_argument("--no-explain", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    args = parser.parse_args()
    sizes = tuple(args.sizes) if args.sizes else SMALL_SIZES if args.small else FULL_SIZES
    asyncio.run(run(args.database, sizes, args.repeats, not args.no_explain, args.keep))


if __name__ == "__main__":
    main()
