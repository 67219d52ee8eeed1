"""Two workers and two web processes sharing the load, on one Temporal server and one database.

Starts the Temporal dev server, workers w1 and w2 (same task queue), web processes web1 and web2
(each with its own hourly snapshot scheduler), and drives N listed-supervision cases through all
their steps over HTTP with every request sent round-robin to web1 and web2, as a load balancer
without sticky sessions would. Prints what each process handled and checks the result: every case
closed with its seven steps done once, no event written twice, one overdue snapshot per hour.

    .venv/bin/python -m bench.two_of_each --n 100                 # PostgreSQL (the deployment target)
    .venv/bin/python -m bench.two_of_each --n 20 --database sqlite
    .venv/bin/python -m bench.two_of_each --n 100 --stop-worker   # w1 stops halfway; w2 carries on
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import tempfile
from pathlib import Path

import httpx
from sqlalchemy import func, select

from bench import bulk_load
from bench.common import save_result, throwaway_database
from bench.hazard_driver import PASSWORD, HazardDriver
from bench.stack import BenchStack
from bench.throughput import _enterprise
from db import models
from db.session import make_engine, make_session_factory


class RoundRobin(httpx.AsyncBaseTransport):
    """Sends each request to the next web process in turn: a load balancer without stickiness."""

    def __init__(self, ports: list[int]) -> None:
        self._ports = itertools.cycle(ports)
        self._inner = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=200))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(port=next(self._ports))
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


async def balanced_login(ports: list[int], username: str) -> httpx.AsyncClient:
    http = httpx.AsyncClient(base_url="http://127.0.0.1", transport=RoundRobin(ports), timeout=120)
    response = await http.post("/api/v1/session", json={"username": username, "password": PASSWORD})
    response.raise_for_status()
    http.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return http


async def run(n: int, concurrency: int, database: str, stop_worker: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="anquan-two-") as tmp, throwaway_database(database) as url:
        stack = BenchStack(Path(tmp), url)
        stopped: dict[str, object] = {}
        try:
            stack.start_temporal()
            stack.start_worker("w1")
            stack.start_worker("w2")
            # Some open cases before the web processes start: both take the start-up snapshot at once.
            bulk_load.load(url, cases=(0, 200), enterprises=(0, 100))
            stack.start_web("web1")
            stack.start_web("web2")
            ports = [port for port, _log in stack.webs.values()]
            handler, office = await balanced_login(ports, "ql.handler"), await balanced_login(ports, "ql.office")
            driver = HazardDriver(handler, office, _enterprise(url))
            print(f"driving {n} hazard cases × 7 steps through web1 and web2, {concurrency} at a time …", flush=True)
            if stop_worker:
                first = asyncio.create_task(driver.run_many(n // 2, concurrency, prefix="前半"))
                await first
                stopped = stack.stop_worker("w1")
                print("w1 stopped; w2 alone for the second half …", flush=True)
                await driver.run_many(n - n // 2, concurrency, prefix="后半")
            else:
                await driver.run_many(n, concurrency)
            await asyncio.sleep(2.5)  # the workers refresh their reports every 2 s
            workers = {name: stack.worker_report(name) for name in stack.workers}
            if stopped:
                workers["w1"] = stopped  # type: ignore[assignment]
            webs = {name: stack.web_requests(name) for name in stack.webs}
            await handler.aclose()
            await office.aclose()
        finally:
            stack.stop()
        checks = _check(url, n)

    print("\nweb processes (HTTP requests handled):")
    for name, count in webs.items():
        print(f"  {name}: {count}")
    print("workers (activities executed; workflow tasks' Updates handled):")
    for name, report in workers.items():
        acts = ", ".join(f"{k} {v['count']}" for k, v in report["activities"].items())
        updates = sum(v for k, v in report["workflow"].items() if k.startswith("update"))
        print(f"  {name}: {acts}; updates {updates}; peak RSS {report['peak_rss_mb']} MB")
    print("checks:")
    for name, value in checks.items():
        print(f"  {name}: {value}")
    save_result(
        f"two-of-each-{database}",
        {"n": n, "database": database, "stop_worker": stop_worker, "webs": webs, "workers": workers, "checks": checks},
    )


def _check(url: str, n: int) -> dict[str, object]:
    engine = make_engine(url)
    with make_session_factory(engine)() as db:
        driven = models.Case.workflow_id.not_like("%-bench-%")  # not the bulk-loaded rows
        closed = db.scalar(select(func.count()).select_from(models.Case).where(models.Case.status == "delisted"))
        steps = db.scalar(select(func.count()).select_from(models.Task).where(models.Task.status == "completed"))
        open_tasks = db.scalar(
            select(func.count())
            .select_from(models.Task)
            .join(models.Case, models.Case.id == models.Task.case_id)
            .where(models.Task.status == "open", driven)
        )
        driven_ids = select(models.Case.id).where(driven)
        events = db.scalar(
            select(func.count()).select_from(models.CaseEvent).where(models.CaseEvent.case_id.in_(driven_ids))
        )
        distinct_events = db.scalar(
            select(func.count()).select_from(
                select(models.CaseEvent.case_id, models.CaseEvent.event_key)
                .where(models.CaseEvent.case_id.in_(driven_ids))
                .distinct()
                .subquery()
            )
        )
        hours = db.execute(
            select(models.OverdueSnapshot.taken_at, func.count()).group_by(models.OverdueSnapshot.taken_at)
        ).all()
        jurisdictions = db.scalar(select(func.count()).select_from(models.Jurisdiction))
    engine.dispose()
    return {
        "cases delisted (expected)": f"{closed} ({n})",
        "steps completed (expected)": f"{steps} ({7 * n})",
        "tasks still open": open_tasks,
        "case events written / distinct (case, key)": f"{events} / {distinct_events}",
        "overdue snapshot rows per hour (expected: jurisdictions × processes, once)": [
            f"{taken_at:%H:%M} UTC: {count} = {jurisdictions} × {count // (jurisdictions or 1)}"
            for taken_at, count in hours
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--stop-worker", action="store_true", help="stop w1 after half the cases")
    args = parser.parse_args()
    asyncio.run(run(args.n, args.concurrency, args.database, args.stop_worker))


if __name__ == "__main__":
    main()
