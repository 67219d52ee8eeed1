"""In Chromium: a handler opens a transfer, the head approves it, the police liaison signs for it
and records the filing decision, and everyone sees the numbered transfer letter."""

from __future__ import annotations

import re
from typing import Any

from launcher import Stack
from tests.ui.test_accident_browser import _complete
from tests.ui.test_browser import _login, _logout, _timeline


def _inbox_row(page: Any, stack: Stack, title: str) -> Any:
    for _ in range(40):
        page.goto(stack.url + "/inbox")
        row = page.locator("table.grid tbody tr", has_text=title)
        if row.count():
            return row.first
        page.wait_for_timeout(250)
    raise AssertionError(f"{title} did not reach the inbox")


def _wait_for_form(page: Any) -> None:
    """Intake starts the workflow; its first task is projected a moment later."""
    for _ in range(40):
        if page.locator("form[action$='/complete']").count():
            return
        page.wait_for_timeout(250)
        page.reload()
    raise AssertionError("the first step did not open")


def test_police_liaison_signs_for_a_transfer_and_files_the_case(stack: Stack, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    _login(page, stack, "ql.handler")
    page.click("nav a:has-text('移送涉嫌犯罪')")
    option = page.locator("select[name=enterprise_id] option", has_text="麒麟区宏达建材有限公司")
    page.select_option("select[name=enterprise_id]", option.get_attribute("value"))
    page.select_option("select[name=category]", "major_liability_accident")
    page.fill("[name=facts]", "粉磨车间违章检修致1人死亡，涉嫌重大责任事故罪")
    page.click("#transfer-form button.primary")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_url = page.url
    _wait_for_form(page)
    _complete(
        page,
        {
            "team_members": "张三、李四",
            "category": "major_liability_accident",
            "facts": "企业未落实检修挂牌上锁制度，致1人死亡",
            "evidence": "现场勘验笔录、询问笔录5份",
        },
    )
    _logout(page)

    _login(page, stack, "ql.head")
    row = _inbox_row(page, stack, "审批是否移送公安机关")
    row.locator("a", has_text="办理").click()
    page.wait_for_load_state()
    _complete(page, {"decision": "approve"})
    _logout(page)

    _login(page, stack, "ql.handler")
    page.goto(case_url)
    _complete(page, {"method": "online", "materials": "调查报告、询问笔录、现场照片"})
    _logout(page)

    _login(page, stack, "ql.police")
    row = _inbox_row(page, stack, "签收涉嫌犯罪案件移送书")
    row.locator("a", has_text="办理").click()
    page.wait_for_load_state()
    letter = page.locator("ul.documents a", has_text="涉嫌犯罪案件移送书")
    assert letter.count() == 1
    assert re.search(r"麒应急移〔\d{4}〕\d+号", page.locator("ul.documents").inner_text())
    _complete(page, {"decision": "accept"})
    assert any("已签收受理" in text for text in _timeline(page))
    _complete(page, {"decision": "file", "filing_no": "麒公刑立〔2026〕15号"})
    assert any("公安机关已立案" in text for text in _timeline(page))
    assert "已立案" in page.locator(".case-head").inner_text()

    with page.expect_popup() as popup:
        page.locator("ul.documents a", has_text="涉嫌犯罪案件移送书").click()
    document = popup.value
    document.wait_for_load_state()
    body = document.locator("body").inner_text()
    assert "麒麟区公安局：" in body and "抄送：麒麟区人民检察院" in body and "（印章）" in body
    document.close()
    page.close()
