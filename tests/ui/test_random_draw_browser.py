"""In Chromium: a handler runs a double-random draw, sees its seed, pools and teams, and verifies it."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from launcher import Stack
from tests import support
from tests.random_draw_support import make_register
from tests.ui.test_browser import _login


def test_handler_draws_sees_the_result_and_verifies_it(stack: Stack, browser: Any) -> None:
    register = make_register(support.session_factory(stack.database_url), enterprises=5)
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    _login(page, stack, "ql.handler")
    page.click("nav a[href='/random-draws']")
    page.select_option("#draw-form select[name=matter_id]", str(register.matter_id))
    page.fill("#draw-form [name=count]", "1")
    page.fill("#draw-form [name=team_size]", "1")
    page.click("#draw-form button.primary")
    expect(page.locator(".alert.error")).to_contain_text("不得少于2人")

    page.fill("#draw-form [name=count]", "2")
    page.fill("#draw-form [name=team_size]", "2")
    page.click("#draw-form button.primary")
    page.wait_for_url(re.compile(r".*/random-draws/\d+$"))
    expect(page.locator("#seed")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    expect(page.locator("#enterprise-pool-size")).to_contain_text("5")
    expect(page.locator("#selections tbody tr")).to_have_count(2)
    expect(page.locator("#selections tbody tr").first).to_contain_text(f"抽查测试企业{register.sector[-8:]}")

    for _ in range(50):  # the draw reaches the timeline a moment after the redirect
        page.click("#verify-form button")
        if "尚未" not in page.locator("#verification").inner_text():
            break
        page.wait_for_timeout(200)
    expect(page.locator("#verification")).to_contain_text("验证通过")
