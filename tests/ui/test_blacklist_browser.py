"""In Chromium: a handler lists an enterprise, and anyone finds it on the public query page."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

from playwright.sync_api import expect

from domain.legal_calendar import CHINA_TZ
from launcher import Stack
from tests import support
from tests.penalty_support import penalty_decision
from tests.ui.test_browser import _login, _logout

ENTERPRISE = "曲靖越州金属制品有限公司"


def _complete(page: Any, fields: dict[str, str]) -> None:
    deadline = time.monotonic() + 15
    form = page.locator("form[action$='/complete']").first
    while form.count() == 0:  # the next task is projected a moment after the redirect
        assert time.monotonic() < deadline, "no task form on the case page"
        page.wait_for_timeout(200)
        page.reload()
        form = page.locator("form[action$='/complete']").first
    for name, value in fields.items():
        target = form.locator(f"[name={name}]")
        if target.evaluate("el => el.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    form.locator("button.primary").click()
    page.wait_for_url(re.compile(r".*/cases/\d+#timeline$"))


def test_listed_enterprise_is_found_by_chinese_name_and_an_invalid_code_is_explained(
    stack: Stack, browser: Any
) -> None:
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    today = dt.datetime.now(CHINA_TZ).date().isoformat()
    _login(page, stack, "ql.handler")
    page.click("nav a[href='/blacklist/new']")
    option = page.locator("select[name=enterprise_id] option", has_text=ENTERPRISE)
    page.select_option("select[name=enterprise_id]", option.get_attribute("value"))
    code = re.search(r"（(\w{18})）", option.inner_text()).group(1)  # type: ignore[union-attr]
    page.select_option("select[name=condition]", "refused_suspension")
    sessions = support.session_factory(stack.database_url)
    number = penalty_decision(sessions, "ql.handler", ENTERPRISE, dt.date.fromisoformat(today), "麒应急罚")
    page.fill("[name=penalty_decision_no]", number)
    page.fill("[name=penalty_decided_on]", today)
    page.fill("[name=facts]", "责令停产整顿期间擅自组织生产，拒不执行停产整顿决定。")
    page.select_option("select[name=rules]", "2023")
    page.click("#blacklist-form button.primary")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    _complete(
        page,
        {
            "reasons": "拒不执行停产整顿决定",
            "rights": "可在5个工作日内陈述、申辩",
            "served_on": today,
        },
    )
    _complete(page, {"received_on": today, "statement": "停产期间仅为设备检修"})
    _complete(page, {"decision": "uphold", "reply": "现场检查记录显示生产线在运行，申辩理由不成立"})
    _complete(page, {"decision": "list", "opinion": "事实清楚，依据充分"})
    deadline = time.monotonic() + 15
    while "管理期内" not in page.locator(".case-head").inner_text():  # the decision document is issued first
        assert time.monotonic() < deadline, "the case was not listed"
        page.wait_for_timeout(200)
        page.reload()
    expect(page.locator("#timeline")).to_contain_text("制发列入严重失信主体名单决定书")
    _logout(page)

    # No login: search by the Chinese name.
    page.goto(stack.url + "/public/blacklist")
    page.fill("input[name=name]", "越州金属")
    page.click("#blacklist-search button")
    row = page.locator("#blacklist-results tbody tr", has_text=ENTERPRISE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("拒不执行停产停业整顿等安全生产执法决定")
    expect(row).to_contain_text(re.compile(r"麒应急失信决〔\d{4}〕1号"))
    expect(row).to_contain_text(code)

    # A code with a wrong check digit: a clear message, HTTP 422, no rows.
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    page.fill("input[name=name]", "")
    page.fill("input[name=code]", wrong)
    with page.expect_response(lambda r: "/public/blacklist" in r.url) as answer:
        page.click("#blacklist-search button")
    assert answer.value.status == 422
    expect(page.locator("#code-error")).to_contain_text(f"统一社会信用代码“{wrong}”无效：校验位不正确")
    expect(page.locator("#blacklist-results tbody tr", has_text=ENTERPRISE)).to_have_count(0)

    page.fill("input[name=code]", code)
    page.click("#blacklist-search button")
    expect(page.locator("#blacklist-results tbody tr", has_text=ENTERPRISE)).to_have_count(1)
    page.close()
