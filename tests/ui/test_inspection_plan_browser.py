"""In Chromium: a handler drafts the annual enforcement plan, the government (recorded by the
安委办) approves it, the filings are recorded and the case page shows the plan's progress."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from playwright.sync_api import expect
from sqlalchemy import select

from db import models
from domain.legal_calendar import CHINA_TZ
from launcher import Stack
from tests import support
from tests.ui.test_blacklist_browser import _complete
from tests.ui.test_browser import _login, _logout


def test_handler_drafts_a_plan_the_government_approves_it_and_progress_shows(stack: Stack, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    today = dt.datetime.now(CHINA_TZ).date()
    with support.session_factory(stack.database_url)() as db:
        ids = db.scalars(
            select(models.Enterprise.id).where(models.Enterprise.jurisdiction_code == "530302").limit(2)
        ).all()
    _login(page, stack, "ql.handler")
    page.click("nav a[href='/inspection-plans/new']")
    page.select_option("select[name=year]", str(today.year + 1))
    page.fill(
        "[name=items_text]", f"{ids[0]}|重大|重大危险源管控|4|现场检查|3,6,9,12\n{ids[1]}|一般|有限空间作业|1|现场检查"
    )
    page.click("#plan-form button.primary")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_url = page.url
    expect(page.locator("#plan-items")).to_contain_text("重大危险源管控")
    expect(page.locator("#plan-progress")).to_contain_text("0 / 5")
    _logout(page)

    _login(page, stack, "ql.office")
    page.goto(case_url)
    _complete(page, {"decision": "approve", "approval_no": f"麒政复〔{today.year}〕8号", "opinion": "同意"})
    _complete(page, {"filed_on": today.isoformat(), "file_no": "麒安办备1号"})
    _logout(page)
    _login(page, stack, "qj.handler")
    page.goto(case_url)
    _complete(page, {"filed_on": today.isoformat()})
    expect(page.locator(".case-head")).to_contain_text("执行中")
    expect(page.locator("#plan-progress")).to_contain_text("累计计划")
    page.goto(stack.url + f"/inspection-plans?year={today.year + 1}")
    expect(page.locator("#plans")).to_contain_text("麒麟区")
