"""The review's and the quarterly report's pages and exports, without Temporal."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.support import post_login


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


def test_the_review_page_offers_opening_to_the_city_and_refuses_a_bad_year(pages: TestClient) -> None:
    post_login(pages, "qj.office")
    page = pages.get("/enforcement-reviews", params={"year": "2001"})
    assert page.status_code == 200 and 'id="open-review"' in page.text and "no-review" in page.text
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    refused = pages.post("/enforcement-reviews", data={"csrf_token": csrf, "year": "2099"})
    assert refused.status_code == 422 and "不能晚于本年度" in refused.text
    assert pages.get("/enforcement-reviews/2001.xlsx").status_code == 404
    pages.cookies.clear()
    post_login(pages, "ql.office")
    assert 'id="open-review"' not in pages.get("/enforcement-reviews").text  # a county does not open one
