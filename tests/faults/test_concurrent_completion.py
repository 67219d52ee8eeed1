"""Twenty handlers complete the same task at once, through the real path: HTTP to the web process,
the service, the workflow's Update validator on the worker process, the projection."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter

import httpx

from domain.legal_calendar import CHINA_TZ
from tests.faults.conftest import Launch
from tests.workflows.hazard_helpers import LISTING

ATTEMPTS = 20


async def test_twenty_concurrent_completions_one_succeeds_the_rest_get_409(launch: Launch) -> None:
    system = await launch(web=True)
    (case_id,) = await system.report_hazards(1)
    task_id = await system.open_task_id(case_id, "listing_decision")
    deadline = dt.datetime.now(CHINA_TZ).date() + dt.timedelta(days=30)
    form = {**LISTING, "rectification_deadline": deadline.isoformat()}

    async with httpx.AsyncClient(base_url=system.stack.url, timeout=60) as http:
        session = await http.post("/api/v1/session", json={"username": "ql.office", "password": "demo1234"})
        assert session.status_code == 200, session.text
        http.headers["X-CSRF-Token"] = session.json()["csrf_token"]
        replies = await asyncio.gather(
            *(http.post(f"/api/v1/tasks/{task_id}/complete", json={"form": form}) for _ in range(ATTEMPTS))
        )
        timeline = (await http.get(f"/api/v1/cases/{case_id}")).json()

    assert Counter(r.status_code for r in replies) == Counter({200: 1, 409: ATTEMPTS - 1}), [r.text for r in replies]
    refusals = {r.json()["message"] for r in replies if r.status_code == 409}
    assert refusals == {"该任务已办结，不能重复办理"}
    audit = system.audit([case_id])
    assert audit.events[case_id]["task_completed"] == 1
    assert audit.tasks[case_id][("listing_decision", "completed")] == 1
    # The next steps opened once, not once per attempt.
    assert audit.tasks[case_id][("listing_publication", "open")] == 1
    assert audit.tasks[case_id][("upper_filing", "open")] == 1
    completed = [e for e in timeline["events"] if e["kind"] == "task_completed"]
    assert len(completed) == 1
