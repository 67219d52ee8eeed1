"""In Chromium: the city office opens the year's enforcement review, the sample is drawn, a file's
checklist comes pre-filled from the ledger and is confirmed, and the scores per bureau show."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from launcher import Stack
from tests import support
from tests.review_support import closed_file, free_year
from tests.ui.test_browser import _login


def test_city_office_opens_a_review_confirms_a_prefilled_checklist_and_sees_the_scores(
    stack: Stack, browser: Any
) -> None:
    sessions = support.session_factory(stack.database_url)
    year = free_year(sessions)
    with sessions() as db:
        closed_file(db, "530302", year, 0, breached=True)  # one file of 麒麟区, its clock breached
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    _login(page, stack, "qj.office")
    page.click("nav a[href='/enforcement-reviews']")
    page.fill("#open-review [name=year]", str(year))
    page.click("#open-review button.primary")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))

    expect(page.locator("#review-files")).to_contain_text("麒麟区应急管理局")
    expect(page.locator("#review-files")).to_contain_text("逾期1项")
    form = page.locator("form[action$='/complete']").first
    for _ in range(50):  # the task is projected a moment after the case page first shows
        if form.count():
            break
        page.wait_for_timeout(200)
        page.reload()
        form = page.locator("form[action$='/complete']").first
    # Pre-filled from the ledger: the breached clock fails 办案期限遵守; legality is the reviewer's.
    expect(form.locator("[name=deadlines]")).to_have_value("fail")
    expect(form.locator("[name=documents]")).to_have_value("")  # no document issued: the reviewer's to judge
    for item in ("legality", "procedure", "documents"):
        form.locator(f"[name={item}]").select_option("pass")
    form.locator("[name=opinion]").fill("期限逾期，其余规范")
    form.locator("button.primary").click()
    page.wait_for_url(re.compile(r".*/cases/\d+#timeline$"))

    page.goto(f"{stack.url}/enforcement-reviews?year={year}")
    row = page.locator(".review-scores tbody tr", has_text="麒麟区应急管理局")
    for _ in range(50):  # the score is written by the projection a moment after the step
        if row.locator(".score").inner_text() == "75.0":
            break
        page.wait_for_timeout(200)
        page.reload()
    expect(row.locator(".score")).to_have_text("75.0")
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("#review-export")).to_have_attribute("href", f"/enforcement-reviews/{year}.xlsx")
