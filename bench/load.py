"""Handlers under load: simulated users working their inboxes against a running system on loopback.

Starts the Temporal dev server, a worker and a web process (uvicorn), bulk-loads a county's worth of
open tasks, reports real listed-supervision cases so that office users have steps to complete, then
lets `--users` simulated users (default 50) work for `--seconds` (default 60), with no think time
(the server's capacity; `--think 2` gives each user a mean of 2 s between pages):
open the inbox page, read the task list through the API, open a case from the inbox, and every
tenth round an office user completes a real listing decision (an Update through Temporal).
Prints requests per second, p50/p95/max per request kind, and every error. Then the same users
fetch a static asset of the same app (`--static-path`) for the same time, with the same think time:
the web stack's own limit (uvicorn, the middlewares, routing), printed beside the product's figures
as a ratio (`--static-seconds 0` skips it).

    .venv/bin/python -m bench.load                       # 50 users, 60 s, SQLite
    .venv/bin/python -m bench.load --users 10 --seconds 15 --small
    .venv/bin/python -m bench.load --database postgres
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

from bench import bulk_load
from bench.common import ms, percentiles, save_result, throwaway_database
from bench.hazard_driver import KEEPALIVE, HazardDriver, forms, login
from bench.stack import BenchStack
from bench.throughput import _enterprise
from domain.legal_calendar import CHINA_TZ

# Users: the county offices and bureaus whose inboxes hold most of the bulk tasks.
ACCOUNTS = ("ql.office", "ql.handler", "zy.office", "zy.handler", "jh.office", "jh.handler", "mh.office")
CASE_LINK = re.compile(r'href="/cases/(\d+)"')
STATIC_PATH = "/static/app.css"


async def prepare_listing_tasks(web: str, url: str, n: int) -> asyncio.Queue[str]:
    """n real hazard cases waiting for 麒麟区安委办's listing decision; their task ids."""
    handler, office = await login(web, "ql.handler"), await login(web, "ql.office")
    driver = HazardDriver(handler, office, _enterprise(url))
    tasks: asyncio.Queue[str] = asyncio.Queue()

    async def report(i: int) -> None:
        created = await handler.post(
            "/api/v1/hazards",
            json={
                "enterprise_id": driver.enterprise_id,
                "title": f"负载测试隐患{i}",
                "description": "储罐区可燃气体报警器失效。",
                "grade": 4,
                "source": "inspection",
                "found_on": driver.today.isoformat(),
            },
        )
        created.raise_for_status()
        case_id = created.json()["id"]
        for _ in range(600):
            detail = (await handler.get(f"/api/v1/cases/{case_id}")).json()
            found = [t["id"] for t in detail["tasks"] if t["step"] == "listing_decision" and t["status"] == "open"]
            if found:
                tasks.put_nowait(found[0])
                return
            await asyncio.sleep(0.1)

    for start in range(0, n, 20):
        await asyncio.gather(*(report(i) for i in range(start, min(n, start + 20))))
    await handler.aclose()
    await office.aclose()
    return tasks


class Load:
    def __init__(self, listing_tasks: asyncio.Queue[str], think: float = 0.0) -> None:
        self.think = think
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.listing_tasks = listing_tasks
        self.form = forms(dt.datetime.now(CHINA_TZ).date())["listing_decision"]

    async def request(
        self, kind: str, http: httpx.AsyncClient, method: str, path: str, who: str = "", **kw: object
    ) -> str:
        started = time.perf_counter()
        try:
            response = await http.request(method, path, **kw)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            self.errors.append(f"{kind} {path}: {exc!r}")
            return ""
        self.seconds[kind].append(time.perf_counter() - started)
        if response.status_code >= 400:
            self.errors.append(f"{who} {kind} {path}: {response.status_code} {response.text[-300:]}")
        return response.text

    async def pause(self, rng: random.Random) -> None:
        """A handler reading the page before the next click (exponential, mean `think` seconds)."""
        if self.think > 0:
            await asyncio.sleep(rng.expovariate(1 / self.think))

    async def user(self, http: httpx.AsyncClient, username: str, until: float, seed: int) -> None:
        rng = random.Random(seed)
        rounds = 0
        while time.monotonic() < until:
            rounds += 1
            await self.pause(rng)
            page = await self.request("inbox page", http, "GET", "/inbox")
            await self.request("API task list", http, "GET", "/api/v1/tasks")
            cases = CASE_LINK.findall(page)
            if cases:
                await self.pause(rng)
                await self.request("case page", http, "GET", f"/cases/{rng.choice(cases)}", who=username)
            if username == "ql.office" and rounds % 10 == 0 and not self.listing_tasks.empty():
                task_id = self.listing_tasks.get_nowait()
                await self.request(
                    "complete step", http, "POST", f"/api/v1/tasks/{task_id}/complete", json={"form": self.form}
                )

    async def static_user(self, http: httpx.AsyncClient, path: str, until: float, seed: int) -> None:
        """The same user, signed in, fetching one static asset of the same app over and over."""
        rng = random.Random(seed)
        while time.monotonic() < until:
            await self.pause(rng)
            await self.request("static page", http, "GET", path)


async def work(load: Load, clients: list[tuple[httpx.AsyncClient, int]], seconds: float, static: str = "") -> float:
    """Every user works (or fetches `static`) for `seconds`; the wall time it took."""
    started = time.monotonic()
    until = started + seconds
    if static:
        users = [load.static_user(http, static, until, i) for http, i in clients]
    else:
        users = [load.user(http, ACCOUNTS[i % len(ACCOUNTS)], until, i) for http, i in clients]
    await asyncio.gather(*users)
    return time.monotonic() - started


async def run(
    users: int,
    seconds: float,
    database: str,
    events: int,
    real_cases: int,
    think: float,
    static_path: str = STATIC_PATH,
    static_seconds: float | None = None,
    web_processes: int = 1,
    tag: str = "",
) -> None:
    static_seconds = seconds if static_seconds is None else static_seconds
    with tempfile.TemporaryDirectory(prefix="anquan-load-") as tmp, throwaway_database(database) as url:
        n_cases, n_enterprises = bulk_load.sizes_for(events)
        print(f"bulk-loading {events:,} events ({n_cases:,} open tasks) …", flush=True)
        bulk_load.load(url, cases=(0, n_cases), enterprises=(0, n_enterprises))
        stack = BenchStack(Path(tmp), url)
        try:
            stack.start_temporal()
            stack.start_worker("w1")
            webs = [stack.start_web(f"web{n + 1}") for n in range(web_processes)]
            web = webs[0]
            print(f"reporting {real_cases} real hazard cases for the office users to decide …", flush=True)
            listing_tasks = await prepare_listing_tasks(web, url, real_cases)
            load = Load(listing_tasks, think)
            limits = httpx.Limits(max_connections=4, max_keepalive_connections=4, keepalive_expiry=KEEPALIVE)
            # Each user keeps to one web process, as a balancer with sticky connections would.
            clients = [
                (await login(webs[i % len(webs)], ACCOUNTS[i % len(ACCOUNTS)], limits=limits), i) for i in range(users)
            ]
            print(f"{users} users working for {seconds:.0f} s …", flush=True)
            cpu_start = stack.cpu_seconds()
            wall = await work(load, clients, seconds)
            cpu = {k: round(v - cpu_start.get(k, 0.0), 1) for k, v in stack.cpu_seconds().items()}
            static = Load(asyncio.Queue(), think)
            static_wall, static_cpu = 0.0, {}
            if static_seconds > 0:
                print(f"the same {users} users fetching {static_path} for {static_seconds:.0f} s …", flush=True)
                cpu_start = stack.cpu_seconds()
                static_wall = await work(static, clients, static_seconds, static=static_path)
                static_cpu = {k: round(v - cpu_start.get(k, 0.0), 1) for k, v in stack.cpu_seconds().items()}
            for http, _ in clients:
                await http.aclose()
        finally:
            stack.stop()

    total = sum(len(v) for v in load.seconds.values())
    all_samples = [s for v in load.seconds.values() for s in v]
    overall = percentiles(all_samples)
    print(f"\nthink time: mean {think} s between pages")
    print(f"{total} requests in {wall:.1f} s: {total / wall:.1f} requests/s, errors: {len(load.errors)}")
    print(f"all requests: p50 {ms(overall['p50'])} ms, p95 {ms(overall['p95'])} ms, max {ms(overall['max'])} ms")
    print("\nlatency (ms, client side on loopback)      n     p50     p95     max")
    figures = {}
    for kind, samples in load.seconds.items():
        p = percentiles(samples)
        figures[kind] = {"n": p["n"], "p50": ms(p["p50"]), "p95": ms(p["p95"]), "max": ms(p["max"])}
        print(f"  {kind:<36}{p['n']:>6}{ms(p['p50']):8.1f}{ms(p['p95']):8.1f}{ms(p['max']):8.1f}")
    print("CPU seconds: " + ", ".join(f"{k} {v}" for k, v in cpu.items()))
    for error in load.errors[:10]:
        print("error:", error)
    static_figures: dict[str, object] = {}
    if static_wall > 0:
        static_samples = static.seconds["static page"]
        sp = percentiles(static_samples)
        static_rate = len(static_samples) / static_wall
        static_figures = {
            "path": static_path,
            "requests_per_s": static_rate,
            "p50_ms": ms(sp["p50"]),
            "p95_ms": ms(sp["p95"]),
            "errors": len(static.errors),
        }
        print(f"\nthe web stack's own limit: {static_path}, same users, same think time")
        print(f"  {'':<24}{'requests/s':>12}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
        print(
            f"  {'product pages and API':<24}{total / wall:12.1f}{ms(overall['p50']):9.1f}{ms(overall['p95']):9.1f}"
            f"{len(load.errors):8}"
        )
        print(
            f"  {'static asset':<24}{static_rate:12.1f}{ms(sp['p50']):9.1f}{ms(sp['p95']):9.1f}{len(static.errors):8}"
        )
        if static_rate > 0 and sp["p95"] > 0:
            print(
                f"  product / static: requests/s {total / wall / static_rate:.2f}, "
                f"p95 {overall['p95'] / sp['p95']:.1f}×"
            )
        print("  CPU seconds (static): " + ", ".join(f"{k} {v}" for k, v in static_cpu.items()))
        for error in static.errors[:5]:
            print("static error:", error)
    save_result(
        f"load-{database}-think{think:g}{tag}",
        {
            "users": users,
            "web_processes": web_processes,
            "think_s": think,
            "seconds": wall,
            "database": database,
            "events": events,
            "requests": total,
            "requests_per_s": total / wall,
            "p50_ms": ms(overall["p50"]),
            "p95_ms": ms(overall["p95"]),
            "errors": len(load.errors),
            "latency": figures,
            "cpu_seconds": cpu,
            "static": static_figures,
            "static_cpu_seconds": static_cpu,
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--events", type=int, default=100_000, help="bulk-loaded case events (10 per open task)")
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds between a user's pages (0: none)")
    parser.add_argument("--small", action="store_true", help="10,000 events and 30 real cases")
    parser.add_argument("--static-path", default=STATIC_PATH, help="the static page of the comparison")
    parser.add_argument(
        "--static-seconds", type=float, default=None, help="how long the static comparison runs (default: --seconds)"
    )
    parser.add_argument(
        "--web-processes", type=int, default=1, help="web processes, users spread across them (one per core)"
    )
    args = parser.parse_args()
    events, real_cases = (10_000, 30) if args.small else (args.events, 150)
    asyncio.run(
        run(
            args.users,
            args.seconds,
            args.database,
            events,
            real_cases,
            args.think,
            static_path=args.static_path,
            static_seconds=args.static_seconds,
            web_processes=args.web_processes,
            tag=("-small" if args.small else "") + (f"-web{args.web_processes}" if args.web_processes > 1 else ""),
        )
    )


if __name__ == "__main__":
    main()
