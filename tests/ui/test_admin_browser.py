"""As an administrator and a handler would: create an account, reset its password, the user is
made to choose a new one; search from the header; pick an enterprise by typing."""

from __future__ import annotations

import re
from typing import Any

from launcher import Stack
from tests.ui.test_browser import _login, _logout


def test_administrator_creates_and_resets_an_account_and_the_user_must_change_the_password(
    stack: Stack, browser: Any
) -> None:
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    page.goto(stack.url + "/login")
    page.fill("input[name=username]", "yn.admin")
    page.fill("input[name=password]", "demo1234")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/calendar/\d+$"))
    page.click("nav a[href='/admin/users']")
    page.click("a[href='/admin/users/new']")
    page.fill("input[name=username]", "ql.browser1")
    page.fill("input[name=display_name]", "李承办")
    page.select_option("select[name=org_id]", label="麒麟区应急管理局")
    page.select_option("select[name=role]", value="handler")
    page.fill("input[name=password]", "weak")
    with page.expect_navigation():
        page.click("form[action='/admin/users'] button.primary")
    assert "密码至少10位" in page.locator(".alert.error").inner_text()
    assert page.input_value("input[name=username]") == "ql.browser1"  # what was typed is kept
    page.fill("input[name=password]", "Chushi2026pw")
    with page.expect_navigation():
        page.click("form[action='/admin/users'] button.primary")
    assert "已新建用户ql.browser1" in page.locator(".alert").first.inner_text()
    with page.expect_navigation():
        page.click("form[action$='/reset-password'] button")
    temporary = page.locator("code.secret").inner_text().strip()
    assert len(temporary) == 12
    _logout(page)

    page.goto(stack.url + "/login")
    page.fill("input[name=username]", "ql.browser1")
    page.fill("input[name=password]", temporary)
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/account/password$"))
    page.fill("input[name=current_password]", temporary)
    page.fill("input[name=new_password]", "Lichengban2027")
    page.fill("input[name=new_password_again]", "Lichengban2027")
    with page.expect_navigation():
        page.click("form[action='/account/password'] button.primary")
    assert page.url.endswith("/inbox") and "密码已修改" in page.locator(".alert").first.inner_text()
    _logout(page)

    page.goto(stack.url + "/login")
    page.fill("input[name=username]", "yn.admin")
    page.fill("input[name=password]", "demo1234")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/calendar/\d+$"))
    page.goto(stack.url + "/admin/audit?actor=李承办")
    actions = page.locator("table.grid tbody td:nth-child(2)").all_inner_texts()
    assert "登录" in actions and "修改本人密码" in actions
    page.close()


def test_handler_searches_from_the_header_and_picks_an_enterprise_by_typing(stack: Stack, browser: Any) -> None:
    stack.load_demo_cases()
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    _login(page, stack, "ql.handler")
    page.fill("form.top-search input[name=q]", "宏达建材")
    with page.expect_navigation():
        page.press("form.top-search input[name=q]", "Enter")
    assert re.search(r"/search\?q=", page.url)
    rows = page.locator("table.grid tbody tr")
    assert rows.count() >= 1 and "企业名称" in rows.first.inner_text()

    page.goto(stack.url + "/hazards/new")
    picker = page.locator(".enterprise-picker input")
    picker.fill("宏达建材")
    option = page.locator(".enterprise-picker datalist option").first
    option.wait_for(state="attached")
    label = option.get_attribute("value") or ""
    picker.fill(label)
    selected = page.locator("select[name=enterprise_id] option:checked").inner_text()
    assert "宏达建材" in selected
    assert "已选择" in page.locator(".enterprise-picker .muted").inner_text()
    page.close()
