"""Over HTTP: the UX review's defects in refused input (/work/shared/audits/ux-review-2026-12.md):
plain Chinese without raw field names or stray colons (D7), dates checked against the case (D5),
a code field that says a code is wanted (D23)."""

from __future__ import annotations

import asyncio
import datetime as dt
import re

from sqlalchemy.orm import Session, sessionmaker

from domain.crime_transfer import FilingDecisionForm, ReceiptForm
from domain.hazard import ListingDecisionForm, RectificationPlanForm
from domain.legal_calendar import CHINA_TZ
from services.snapshots import TrendPoint
from services.step_checks import step_errors
from tests.api.conftest import Login
from tests.api.test_hazard_api import _enterprise, _inbox_task, _report
from tests.workflows.hazard_helpers import LISTING
from web.console.form_render import field_specs
from web.console.trend_chart import trend_svg


async def test_D5_D7_refusals_name_no_field_code_and_plan_dates_are_checked_against_the_notice(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    handler = await login("ql.handler")
    office = await login("ql.office")
    created = await handler.post("/api/v1/hazards", json=_report(_enterprise(sessions, "530302"), today))
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    task = await _inbox_task(office, case_id)
    deadline = today + dt.timedelta(days=60)
    form = {**LISTING, "rectification_deadline": deadline.isoformat()}

    unknown = await office.post(
        f"/api/v1/tasks/{task['id']}/complete", json={"form": {**form, "requested_deadline": 1}}
    )
    assert unknown.status_code == 422
    assert "requested_deadline" not in unknown.json()["message"], unknown.json()  # D7: no raw field name
    rule = await office.post(f"/api/v1/tasks/{task['id']}/complete", json={"form": {**form, "lifting_procedure": ""}})
    assert rule.status_code == 422 and "督办解除方式和程序" in rule.json()["message"]
    assert not rule.json()["message"].startswith("："), rule.json()  # D7: no stray colon
    done = await office.post(f"/api/v1/tasks/{task['id']}/complete", json={"form": form})
    assert done.status_code == 200, done.text

    # The notice served (on newer rules the plan's period runs from its service; harmless before).
    for _ in range(100):
        documents = (await office.get(f"/api/v1/cases/{case_id}")).json()["documents"]
        notice = next((d for d in documents if d["doc_type"] == "hazard_supervision_notice"), None)
        if notice:
            break
        await asyncio.sleep(0.05)
    assert notice is not None
    service = {"method": "direct", "served_on": today.isoformat(), "recipient": "企业负责人张华", "proof": "回证1号"}
    served = await office.post(f"/api/v1/documents/{notice['id']}/service", json={"form": service})
    assert served.status_code in (201, 409), served.text
    plan_task = await _inbox_task(handler, case_id)
    assert plan_task["step"] == "rectification_plan"
    plan = {
        "objectives": "恢复泄漏报警",
        "measures": "更换报警仪",
        "funds_cny": 1000,
        "responsible": "设备部",
        "safety_measures": "专人巡检",
    }
    if "principal_head" in RectificationPlanForm.model_fields:  # asked under the 2026 hazard rules
        plan["principal_head"] = "总经理张华"
    url = f"/api/v1/tasks/{plan_task['id']}/complete"
    past = await handler.post(url, json={"form": {**plan, "plan_deadline": (today - dt.timedelta(days=1)).isoformat()}})
    assert past.status_code == 422 and "不能早于今天" in past.json()["message"]  # D5
    late = deadline + dt.timedelta(days=1)
    beyond = await handler.post(url, json={"form": {**plan, "plan_deadline": late.isoformat()}})
    assert beyond.status_code == 422 and "不能晚于挂牌督办通知书规定的整改期限" in beyond.json()["message"]  # D5
    assert beyond.json()["errors"][0]["field"] == "plan_deadline"
    within = await handler.post(url, json={"form": {**plan, "plan_deadline": deadline.isoformat()}})
    assert within.status_code == 200, within.text


def test_D23_codes_and_document_numbers_are_single_lines_and_a_name_is_not_a_code() -> None:
    kinds = {s.name: (s.kind, s.max_length) for f in (ReceiptForm, FilingDecisionForm) for s in field_specs(f)}
    assert kinds["forward_to"] == ("text", 6) and kinds["filing_no"][0] == "text"
    assert {s.name: s.kind for s in field_specs(ListingDecisionForm)}["notice_no"] == "text"

    class Transfer:
        process = "crime_transfer"
        details: dict[str, str] = {}

    now = dt.datetime.now(dt.UTC)
    named = step_errors(Transfer(), "receipt", {"decision": "forward", "forward_to": "曲靖市公安局"}, now)  # type: ignore[arg-type]
    assert named and "6位行政区划代码" in named[0]["message"]
    assert not step_errors(Transfer(), "receipt", {"decision": "forward", "forward_to": "530300"}, now)  # type: ignore[arg-type]


def test_D19_the_trend_chart_spaces_points_by_time_with_axes_values_and_tooltips() -> None:
    start = dt.datetime(2026, 12, 1, 2, tzinfo=dt.UTC)
    hours = (0, 1, 10)
    points = [TrendPoint(start + dt.timedelta(hours=h), 10 + h, h) for h in hours]
    svg = str(trend_svg(points))
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', svg)][: len(hours)]
    assert (xs[1] - xs[0]) * 8 < xs[2] - xs[1]  # one hour is a tenth of ten hours, not a third
    assert "<title>12月1日 11:00：在办11件，逾期1件</title>" in svg  # a tooltip per point
    assert 'class="tick"' in svg and "在办20" in svg and "逾期10" in svg  # axes and the latest values
    assert "暂无数据" in str(trend_svg([]))
