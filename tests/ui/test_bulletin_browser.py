"""In Chromium: the city office drafts a 通报批评 naming a county office, the head approves it, it
gets its number and appears on the public portal, and the named office acknowledges it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from domain.legal_calendar import CHINA_TZ
from launcher import Stack
from tests.ui.test_accident_browser import _complete
from tests.ui.test_browser import _login, _logout, _timeline
from tests.ui.test_transfer_browser import _inbox_row, _wait_for_form

SUBJECT = "麒麟区非煤矿山专项整治工作推进不力"


def test_office_drafts_head_approves_portal_publishes_recipient_acknowledges(stack: Stack, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    today = dt.datetime.now(CHINA_TZ).date()
    _login(page, stack, "qj.office")
    page.click("nav a:has-text('通报')")
    page.click("a:has-text('起草通报')")
    page.select_option("select[name=kind]", "criticism")
    page.fill("[name=subject]", SUBJECT)
    page.fill("[name=facts]", "专项整治确定的5项任务仅完成1项。")
    option = page.locator("#bulletin-recipients option", has_text="麒麟区安全生产委员会办公室")
    page.select_option("#bulletin-recipients", option.get_attribute("value"))
    page.fill("[name=rectification]", "限期完成剩余4项任务")
    page.fill("[name=rectification_deadline]", (today + dt.timedelta(days=30)).isoformat())
    page.check("[name=public]")
    page.click("#bulletin-form button.primary")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_url = page.url
    _logout(page)

    _login(page, stack, "qj.head")
    # The head reads what he approves: the facts and the bodies named.
    page.goto(case_url)
    shown = page.locator("dl.details").inner_text()
    assert "仅完成1项" in shown and "麒麟区安全生产委员会办公室" in shown and "限期完成剩余4项任务" in shown
    _inbox_row(page, stack, "审批通报").locator("a", has_text="办理").click()
    page.wait_for_load_state()
    _complete(page, {"decision": "approve", "opinion": "同意印发"})
    _logout(page)

    _login(page, stack, "qj.office")
    page.goto(case_url)
    for _ in range(40):
        documents = page.locator("ul.documents")
        if documents.count() and "曲安委办通〔" in documents.inner_text():
            break
        page.wait_for_timeout(250)
        page.reload()
    number = re.search(r"曲安委办通〔\d{4}〕\d+号", page.locator("ul.documents").inner_text())
    assert number, "the bulletin is numbered"
    page.goto(stack.url + "/bulletins")
    row = page.locator("#bulletin-rows tr", has_text=SUBJECT)
    assert "麒麟区安全生产委员会办公室" in row.inner_text() and "待签收" in row.inner_text()
    _logout(page)

    page.goto(stack.url + "/public/bulletins")
    listed = page.locator("#bulletin-results tr", has_text=SUBJECT)
    assert number.group(0) in listed.inner_text() and "通报批评" in listed.inner_text()
    listed.locator("a").click()
    page.wait_for_load_state()
    assert "仅完成1项" in page.locator("body").inner_text()

    _login(page, stack, "ql.office")
    _inbox_row(page, stack, "签收通报").locator("a", has_text="办理").click()
    page.wait_for_load_state()
    _wait_for_form(page)
    _complete(page, {"acknowledged_on": today.isoformat(), "note": "已收悉，立即整改"})
    assert any("已签收" in text for text in _timeline(page))
    # the drafting office's 督办 view shows the acknowledgement
    _logout(page)
    _login(page, stack, "qj.office")
    page.goto(stack.url + "/bulletins")
    assert "已签收" in page.locator("#bulletin-rows tr", has_text=SUBJECT).inner_text()
    page.close()
