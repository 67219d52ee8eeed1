"""Drives listed-supervision cases through every human step over the HTTP API, as handlers would.

Used by the throughput benchmark and the two-workers-two-web-processes demonstration.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

from domain.legal_calendar import CHINA_TZ

PASSWORD = "demo1234"
HAZARD_STEPS = (
    "listing_decision",
    "listing_publication",
    "upper_filing",
    "rectification_plan",
    "plan_review",
    "rectification",
    "acceptance",
    "delisting_publication",
)
HANDLER_STEPS = frozenset({"rectification_plan", "rectification"})


def forms(today: dt.date) -> dict[str, dict[str, Any]]:
    """A valid form for each step: listed, published, plan approved, rectified, accepted, delisted."""
    publication = {"channel": "麒麟区人民政府网站", "filed_with_upper_office": True, "published_on": today.isoformat()}
    return {
        "listing_decision": {
            "decision": "list",
            "notice_no": "麒安委办督〔2026〕1号",
            "notice_served_on": today.isoformat(),  # a paper notice: the plan clock runs from its service
            "supervision_matters": "更换失效报警器并实现联锁",
            "responsible_government": "曲靖市麒麟区人民政府",
            "lifting_procedure": "整改完成后申请验收，验收合格后摘牌销号",
            "rectification_deadline": (today + dt.timedelta(days=90)).isoformat(),
        },
        "listing_publication": {"channel": "麒麟区人民政府网站", "published_on": today.isoformat()},
        "upper_filing": {"upper_office": "曲靖市安委办", "filed_on": today.isoformat()},
        "rectification_plan": {
            "objectives": "消除报警装置失效隐患",
            "measures": "更换报警器，增设紧急切断联锁",
            "funds_cny": 380000,
            "responsible": "设备部 张三",
            "principal_head": "总经理 李四",
            "safety_measures": "整改期间储罐区停止装卸作业",
            "plan_deadline": (today + dt.timedelta(days=60)).isoformat(),
        },
        "plan_review": {"decision": "approve", "opinion": "可行"},
        "rectification": {
            "completed_on": today.isoformat(),
            "summary": "已更换并联锁",
            "evaluation": "合格",
            "workers_congress_reported_on": today.isoformat(),
        },
        "acceptance": {"decision": "pass", "accepted_on": today.isoformat(), "inspectors": "李工", "opinion": "合格"},
        "delisting_publication": publication,
    }


@dataclass
class Timings:
    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)

    def add(self, kind: str, seconds: float) -> None:
        self.seconds[kind].append(seconds)


KEEPALIVE = 2.0  # seconds a client keeps an idle connection


async def login(base_url: str, username: str, *, limits: httpx.Limits | None = None) -> httpx.AsyncClient:
    # keepalive_expiry under uvicorn's 5 s keep-alive timeout: with both at 5 s the server may close
    # an idle connection just as the client sends on it (httpx.ReadError, one in ~10,000 requests).
    limits = limits or httpx.Limits(max_connections=200, max_keepalive_connections=200, keepalive_expiry=KEEPALIVE)
    http = httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits)
    response = await http.post("/api/v1/session", json={"username": username, "password": PASSWORD})
    response.raise_for_status()
    http.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return http


class HazardDriver:
    """One handler (ql.handler) and one office user (ql.office) working cases of one enterprise."""

    def __init__(self, handler: httpx.AsyncClient, office: httpx.AsyncClient, enterprise_id: int) -> None:
        self.handler = handler
        self.office = office
        self.enterprise_id = enterprise_id
        self.timings = Timings()
        self.today = dt.datetime.now(CHINA_TZ).date()
        self.forms = forms(self.today)

    async def _timed(self, kind: str, http: httpx.AsyncClient, method: str, url: str, **kw: Any) -> httpx.Response:
        started = time.perf_counter()
        try:
            response = await http.request(method, url, **kw)
        except httpx.TransportError as exc:  # say which request, and after how long
            raise RuntimeError(f"{method} {url}: {exc!r} after {time.perf_counter() - started:.1f} s") from exc
        self.timings.add(kind, time.perf_counter() - started)
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {url}: {response.status_code} {response.text[:300]}")
        return response

    async def _open_tasks(self, case_id: int) -> dict[str, str]:
        response = await self._timed("GET case", self.handler, "GET", f"/api/v1/cases/{case_id}")
        return {t["step"]: t["id"] for t in response.json()["tasks"] if t["status"] == "open"}

    async def _complete(self, step: str, task_id: str) -> list[str]:
        http = self.handler if step in HANDLER_STEPS else self.office
        response = await self._timed(
            "complete step", http, "POST", f"/api/v1/tasks/{task_id}/complete", json={"form": self.forms[step]}
        )
        return list(response.json()["opened_task_ids"])

    async def run_case(self, title: str) -> None:
        report = {
            "enterprise_id": self.enterprise_id,
            "title": title,
            "description": "储罐区可燃气体报警器失效，未与紧急切断联锁。",
            "grade": 4,
            "source": "inspection",
            "found_on": self.today.isoformat(),
        }
        created = (await self._timed("create case", self.handler, "POST", "/api/v1/hazards", json=report)).json()
        case_id = created["id"]
        # The intake answers with the case's first task once it is written (Update-with-Start); an
        # answer without tasks (a worker that did not answer in time) falls back to reading the case.
        open_tasks = {t["step"]: t["id"] for t in created.get("tasks") or ()}
        while "listing_decision" not in open_tasks:
            open_tasks = await self._open_tasks(case_id)
            if "listing_decision" not in open_tasks:
                await asyncio.sleep(0.1)
        remaining = list(HAZARD_STEPS)
        while remaining:
            step = next((s for s in remaining if s in open_tasks), None)
            if step is None:
                open_tasks = await self._open_tasks(case_id)
                continue
            opened = await self._complete(step, open_tasks.pop(step))
            remaining.remove(step)
            if len(opened) == 1 and len(remaining) > 0 and remaining[0] not in open_tasks:
                open_tasks[remaining[0]] = opened[0]  # the one next step, known without a read
            elif opened:
                open_tasks = await self._open_tasks(case_id)

    async def run_many(self, n: int, concurrency: int, prefix: str = "压力测试") -> float:
        """Runs n cases, `concurrency` at a time; returns the wall time in seconds."""
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(n):
            queue.put_nowait(i)

        async def user() -> None:
            while not queue.empty():
                i = queue.get_nowait()
                try:
                    await self.run_case(f"{prefix}隐患{i}")
                except Exception as exc:  # counted and reported; the run goes on
                    self.timings.errors.append(repr(exc)[:300])

        started = time.perf_counter()
        await asyncio.gather(*(user() for _ in range(concurrency)))
        return time.perf_counter() - started
