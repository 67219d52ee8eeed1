"""In Chromium: the office interviews an enterprise and records its commitment, the enterprise
reports on it from its portal, the office verifies it and closes the interview."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

from playwright.sync_api import expect

from domain.legal_calendar import CHINA_TZ
from launcher import Stack
from tests.ui.test_enterprise_browser import _login, _logout

ENTERPRISE = "麒麟区宏达建材有限公司"  # its portal user is qy.hongda


def _task_form(page: Any) -> Any:
    deadline = time.monotonic() + 15
    form = page.locator("form[action$='/complete']").first
    while form.count() == 0:  # the next task is projected a moment after the redirect
        assert time.monotonic() < deadline, "no task form on the case page"
        page.wait_for_timeout(200)
        page.reload()
        form = page.locator("form[action$='/complete']").first
    return form


def _complete(page: Any, fields: dict[str, str]) -> None:
    form = _task_form(page)
    for name, value in fields.items():
        target = form.locator(f"[name={name}]")
        if target.evaluate("el => el.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    form.locator("button.primary").click()
    page.wait_for_url(re.compile(r".*/cases/\d+#timeline$"))


def _wait_for(page: Any, selector: str, text: str) -> None:
    deadline = time.monotonic() + 15
    while text not in page.locator(selector).inner_text():
        assert time.monotonic() < deadline, f"{text} not shown"
        page.wait_for_timeout(200)
        page.reload()


def test_office_interviews_an_enterprise_which_reports_its_commitment_on_its_portal(stack: Stack, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    today = dt.datetime.now(CHINA_TZ).date()
    due = (today + dt.timedelta(days=20)).isoformat()
    _login(page, stack, "ql.office")
    page.click("nav a[href='/interviews']")
    page.click("a[href='/interviews/new']")
    page.select_option("select[name=party_kind]", "enterprise")
    option = page.locator("select[name=enterprise_id] option", has_text=ENTERPRISE)
    page.select_option("select[name=enterprise_id]", option.get_attribute("value"))
    page.select_option("select[name=reason]", "overdue_hazard")
    page.fill("[name=matters]", "重大事故隐患逾期未整改，说明原因并作出整改承诺")
    page.fill("[name=meeting_on]", today.isoformat())
    page.fill("[name=place]", "麒麟区安委办会议室")
    page.click("#interview-form button.primary")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_url = page.url
    # The notice starts from what the office entered: date, place and matters.
    notice_form = _task_form(page)
    expect(notice_form.locator("[name=place]")).to_have_value("麒麟区安委办会议室")
    expect(notice_form.locator("[name=meeting_on]")).to_have_value(today.isoformat())
    _complete(page, {"matters": "隐患逾期未整改", "attendees_required": "主要负责人"})

    # The 约谈通知书 is issued and served before the meeting is recorded.
    _wait_for(page, "#timeline", "制发约谈通知书")
    page.locator("a[href$='/service']", has_text="待登记送达").first.click()
    page.select_option("#service-form select[name=method]", "direct")
    page.fill("#service-form [name=served_on]", today.isoformat())
    page.fill("#service-form [name=recipient]", "宏达建材总经理")
    page.click("#service-form button.primary")
    page.goto(case_url)
    meeting = {
        "held_on": today.isoformat(),
        "attendees": "宏达建材总经理 张三；麒麟区安委办 李四",
        "statements": "企业承认隐患整改不力，承诺限期完成",
        "commitments": f"更换失效的可燃气体报警器；{due}；张三",
    }
    _complete(page, meeting)
    _wait_for(page, ".case-head", "承诺事项落实中")
    _logout(page)

    # The enterprise sees its interview and the commitment on its portal, and reports on it.
    _login(page, stack, "qy.hongda", home="enterprise")
    row = page.locator("table.grid tbody tr", has_text="约谈")
    expect(row.first).to_contain_text("报告约谈承诺事项落实情况")
    row.first.locator("a", has_text="报告约谈承诺事项落实情况").click()
    page.wait_for_load_state()
    section = page.locator("section.task-form", has_text="报告约谈承诺事项落实情况")
    expect(section.locator(".task-subject")).to_contain_text("更换失效的可燃气体报警器")  # which commitment
    section.locator("[name=done_on]").fill(today.isoformat())
    section.locator("[name=report]").fill("已更换全部4台报警器并完成联锁调试")
    section.locator("button.primary").click()
    page.wait_for_url(re.compile(r".*/enterprise/cases/\d+$"))
    assert "已提交" in page.locator(".alert").first.inner_text()
    _logout(page)

    # The office verifies the commitment and closes the interview.
    _login(page, stack, "ql.office")
    page.goto(case_url)
    _complete(page, {"verdict": "fulfilled", "opinion": "现场核实已更换并联锁"})
    _complete(page, {"outcome": "close", "opinion": "承诺事项已落实"})
    _wait_for(page, ".case-head", "约谈结束")
    page.goto(stack.url + "/interviews")
    expect(page.locator("#interviews tbody tr", has_text=ENTERPRISE)).to_contain_text("约谈结束")
    page.close()
