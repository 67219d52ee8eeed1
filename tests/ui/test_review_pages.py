"""The review's and the quarterly report's pages and exports, without Temporal."""

from __future__ import annotations

import datetime as dt
import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from db import models
from domain.legal_calendar import CHINA_TZ
from tests.review_support import free_year
from tests.support import post_login, session_factory


def test_quarterly_report_for_the_organisation_department_has_a_page_an_export_and_a_due_day(
    pages: TestClient,
) -> None:
    post_login(pages, "qj.office")
    page = pages.get("/quarterly-report", params={"year": "2026", "quarter": "1"})
    assert page.status_code == 200 and "2026年4月15日" in page.text and "组织部门" in page.text
    export = pages.get("/quarterly-report.xlsx", params={"year": "2026", "quarter": "1"})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None and "第1季度" in str(sheet["A1"].value)
    assert pages.get("/quarterly-report", params={"year": "2099", "quarter": "1"}).status_code == 422


def test_the_review_page_offers_opening_to_the_city_and_refuses_a_bad_year(
    pages: TestClient, database_url: str
) -> None:
    year = free_year(session_factory(database_url))
    post_login(pages, "qj.office")
    page = pages.get("/enforcement-reviews", params={"year": str(year)})
    assert page.status_code == 200 and 'id="open-review"' in page.text and "no-review" in page.text
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    refused = pages.post("/enforcement-reviews", data={"csrf_token": csrf, "year": "2099"})
    assert refused.status_code == 422 and "不能晚于本年度" in refused.text
    assert pages.get(f"/enforcement-reviews/{year}.xlsx").status_code == 404
    pages.cookies.clear()
    post_login(pages, "ql.office")
    assert 'id="open-review"' not in pages.get("/enforcement-reviews").text  # a county does not open one


def test_the_portal_publishes_how_reports_were_handled_without_their_content(
    pages: TestClient, database_url: str
) -> None:
    sessions = session_factory(database_url)
    year = free_year(sessions)
    at = dt.datetime(year, 5, 1, 9, tzinfo=CHINA_TZ)
    details = {
        "handling_org": "公开测试应急管理局",
        "description": "不应公开的举报内容",
        "result": "partly",
        "handoff": "rectification",
        "reward_status": "paid",
        "reward_amount": 2000,
    }
    with sessions() as db:
        jurisdiction = db.get(models.Jurisdiction, "530302")
        assert jurisdiction is not None
        db.add(
            models.Case(
                case_no=f"JB-OUTCOME-{year}",
                workflow_id=f"outcome-{year}",
                process="public_report",
                title="举报：测试",
                status="concluded",
                closed=True,
                jurisdiction_code="530302",
                jurisdiction_path=jurisdiction.path,
                created_at=at,
                updated_at=at,
                details=details,
            )
        )
        db.commit()
    page = pages.get("/public/report-outcomes", params={"year": str(year)})
    assert page.status_code == 200
    row = page.text.split("公开测试应急管理局")[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split("<td>")[1:]] == ["1", "1", "1", "1", "1（2000元）"]
    assert "不应公开的举报内容" not in page.text
