"""The message centre as a handler uses it: the unread count in the header, the list, opening a
notice to its task, and settings refused with what was typed kept."""

from __future__ import annotations

import re
import time
from typing import Any

from launcher import Stack
from tests.ui.test_browser import _login


def _unread(page: Any) -> int:
    badge = page.locator("a.messages-link .badge")
    return int(badge.inner_text()) if badge.count() else 0


def test_unread_count_list_open_and_settings(stack: Stack, browser: Any) -> None:
    stack.load_demo_cases()
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    _login(page, stack, "ql.office")
    deadline = time.monotonic() + 60  # the web process reads new events every few seconds
    unread, seen = 0, -1
    # The demo's notices arrive over several reads: wait until the count stops moving.
    while (unread == 0 or unread != seen) and time.monotonic() < deadline:
        seen = unread
        time.sleep(6)  # longer than the dispatcher's interval (5 s): a stable count is complete
        page.goto(stack.url + "/inbox")
        unread = _unread(page)
    assert unread > 0, "no notice reached the office's header"

    page.click("a.messages-link")
    page.wait_for_url(re.compile(r".*/messages$"))
    rows = page.locator("table.messages tbody tr.unread")
    assert rows.count() == min(unread, 20)
    first_title = rows.first.locator("strong").inner_text()
    assert first_title.startswith(("新待办：", "期限提醒：", "逾期督办：", "催办：", "退回："))
    with page.expect_navigation():
        rows.first.locator("button").click()
    assert re.search(r"/cases/\d+$", page.url.split("#")[0])
    assert _unread(page) == unread - 1

    page.goto(stack.url + "/messages/settings")
    page.fill("input[name=email]", "zhang@localhost")
    page.check("input[name='urged.sms']")
    page.fill("input[name=mobile]", "")
    with page.expect_navigation():
        page.click("button.primary")
    assert "电子邮箱格式不正确" in page.locator(".alert.error").inner_text()
    assert page.input_value("input[name=email]") == "zhang@localhost"  # what was typed is kept
    page.fill("input[name=email]", "office@example.gov.cn")
    page.fill("input[name=mobile]", "13800000000")
    with page.expect_navigation():
        page.click("button.primary")
    assert "已保存" in page.locator(".alert").first.inner_text()
    assert page.is_checked("input[name='urged.sms']")
    page.close()
