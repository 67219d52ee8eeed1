"""In Debian's Chromium against the real system: an enterprise files its monthly self-inspection
declaration with one hazard and reports the rectification with a photo on its portal; the bureau
finds the hazard on its list, re-checks it and closes it out (排查→整改→复查→验收→销号)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from domain.legal_calendar import CHINA_TZ
from launcher import Stack
from tests.ui.test_enterprise_browser import PDF, SCREENSHOTS, _login, _logout

HAZARD = "成品仓库灭火器压力不足"


def test_enterprise_declares_a_hazard_and_the_bureau_rechecks_and_closes_it_out(stack: Stack, browser: Any) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    today = dt.datetime.now(CHINA_TZ).date()
    month = f"{today.year:04d}-{today.month:02d}"  # the demo declares last month: this one is free

    _login(page, stack, "qy.hongda", home="enterprise")
    page.click("nav a[href='/enterprise/declarations']")
    form = page.locator("#declaration-form")
    form.locator("input[name=month]").fill(month)
    form.locator("input[name=hazard_1]").fill(HAZARD)
    form.locator("select[name=state_1]").select_option("rectifying")
    form.locator("button.primary").click()
    page.wait_for_url(re.compile(r".*/enterprise/declarations$"))
    assert "已登记1项隐患" in page.locator(".alert").first.inner_text()
    row = page.locator("#declarations tbody tr", has_text=HAZARD).first
    page.screenshot(path=str(SCREENSHOTS / "enterprise-declaration.png"), full_page=True)
    row.locator("a", has_text="YB-").click()
    page.wait_for_url(re.compile(r".*/enterprise/cases/\d+$"))
    case_id = page.url.rsplit("/", 1)[1]
    section = page.locator("section.task-form", has_text="报告隐患整改情况")
    section.locator("[name=rectified_on]").fill(today.isoformat())
    section.locator("[name=measures]").fill("更换3具灭火器并建立月检记录")
    section.locator("input[type=file]").set_input_files(
        [{"name": "整改照片说明.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    section.locator("button.primary").click()
    page.wait_for_url(re.compile(r".*/enterprise/cases/\d+$"))
    assert "已提交：报告隐患整改情况" in page.locator(".alert").first.inner_text()
    _logout(page)

    # The county bureau: the hazard on its list, re-checked, accepted and struck off.
    _login(page, stack, "ql.handler")
    page.click("nav a[href='/general-hazards']")
    listed = page.locator("#general-hazards tbody tr", has_text=HAZARD)
    assert listed.count() == 1 and "待复查" in listed.inner_text() and "企业自查自报" in listed.inner_text()
    page.goto(f"{stack.url}/self-declarations?month={month}")
    assert page.locator("#filed-declarations tbody tr", has_text="麒麟区宏达建材有限公司").count() == 1
    page.goto(f"{stack.url}/cases/{case_id}")
    assert page.locator("#attachments + ul a", has_text="整改照片说明.pdf").count() == 1
    recheck = page.locator("form[action$='/complete']").first
    recheck.locator("[name=checked_on]").fill(today.isoformat())
    recheck.locator("select[name=result]").select_option("passed")
    recheck.locator("[name=opinion]").fill("现场核查灭火器已更换，压力正常")
    recheck.locator("button.primary").click()
    page.wait_for_url(re.compile(r".*/cases/\d+#timeline$"))
    acceptance = page.locator("form[action$='/complete']").first
    acceptance.locator("[name=accepted_on]").fill(today.isoformat())
    acceptance.locator("select[name=decision]").select_option("accept")
    acceptance.locator("button.primary").click()
    page.wait_for_url(re.compile(r".*/cases/\d+#timeline$"))
    assert "验收合格，隐患已销号" in page.locator("#timeline").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "general-hazard-closed-out.png"), full_page=True)
    page.close()
