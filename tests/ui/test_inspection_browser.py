"""In Chromium: the handler's way through an inspection — the plan, the head's approval, the record
(the checklist filled in from the plan), and the violation found starting a rectification case,
linked both ways; the inspection then closes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from domain.legal_calendar import CHINA_TZ
from launcher import Stack
from tests.ui.test_accident_browser import _complete
from tests.ui.test_browser import _login, _logout
from tests.ui.test_transfer_browser import _inbox_row, _wait_for_form
from tests.ui.test_ux_review_browser import _png


def _reload_until(page: Any, selector: str) -> Any:
    for _ in range(40):
        found = page.locator(selector)
        if found.count():
            return found.first
        page.wait_for_timeout(250)
        page.reload()
    raise AssertionError(f"{selector} did not appear")


def test_handler_inspects_and_a_violation_starts_a_rectification_case(stack: Stack, browser: Any) -> None:
    today = dt.datetime.now(CHINA_TZ).date().isoformat()
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    _login(page, stack, "ql.handler")
    page.click("nav a:has-text('现场检查')")
    option = page.locator("select[name=enterprise_id] option", has_text="麒麟区宏达建材有限公司")
    page.select_option("select[name=enterprise_id]", option.get_attribute("value"))
    page.select_option("select[name=mode]", "ad_hoc")
    page.fill("[name=planned_on]", today)
    page.click("#inspection-form button.primary")
    # One officer is not enough (行政处罚法 art 42): the form says so and keeps what was typed.
    assert "不得少于两人" in page.locator(".alert").first.inner_text()
    boxes = page.locator("input[name=inspectors]")
    for n in range(min(boxes.count(), 2)):
        boxes.nth(n).check()
    page.click("#inspection-form button.primary")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_url = page.url
    case_no = page.locator(".case-head .meta span").first.inner_text()
    _wait_for_form(page)
    _complete(
        page,
        {"matters": "粉磨车间专项检查", "checklist": "特种作业人员持证上岗\n粉尘防爆措施", "arrangements": "两人一组"},
    )
    _logout(page)

    _login(page, stack, "ql.head")
    _inbox_row(page, stack, "审批现场检查方案").locator("a", has_text="办理").click()
    page.wait_for_load_state()
    _complete(page, {"decision": "approve", "opinion": "同意"})
    _logout(page)

    _login(page, stack, "ql.handler")
    page.goto(case_url)
    _wait_for_form(page)
    results = page.locator("form[action$='/complete'] [name=results]")
    assert results.input_value() == "特种作业人员持证上岗：\n粉尘防爆措施："  # from the approved plan
    # The photos taken on site go in as the case's attachments (the existing mechanism).
    upload = page.locator("form[action$='/attachments']")
    upload.locator("select[name=category]").select_option("photo")
    upload.locator("input[type=file]").set_input_files(
        [{"name": "粉磨车间.png", "mimeType": "image/png", "buffer": _png()}]
    )
    with page.expect_navigation():
        upload.locator("button").click()
    assert page.locator("ul.attachments li", has_text="粉磨车间.png").count() == 1
    _complete(
        page,
        {
            "inspected_on": today,
            "place": "粉磨车间",
            "results": "特种作业人员持证上岗：不符合\n粉尘防爆措施：符合",
            "findings": "违法行为：电工1名未取得特种作业操作证上岗作业",
            "signature": "signed",
            "signed_by": "李厂长",
        },
    )
    assert "麒应急检记〔" in page.locator("ul.documents").inner_text()
    start = _reload_until(page, "#finding-1 form.follow-up")
    start.locator("button", has_text="责令限期整改").click()
    page.wait_for_url(re.compile(r".*/cases/\d+#findings$"))
    link = _reload_until(page, "#finding-1 a")
    assert link.inner_text().startswith("ZG-")
    _reload_until(page, ".case-head .tag:has-text('检查完毕')")

    link.click()
    page.wait_for_load_state()
    assert "责令限期整改" in page.locator(".case-head h1").inner_text()
    source = page.locator("dl.details dd", has_text=case_no)
    assert source.count() == 1  # the rectification case shows the inspection it came from
    page.close()
