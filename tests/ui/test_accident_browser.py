"""In Chromium: accident intake with live grading, the procuratorate liaison's inbox, and the public report."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from playwright.sync_api import expect

from domain.legal_calendar import CHINA_TZ
from launcher import Stack
from tests.ui.test_browser import _login, _logout, _timeline


def _complete(page: Any, fields: dict[str, str | bool], task: str = "") -> None:
    """Fill and submit a task's form: the first one, or the one of the task titled `task`."""
    scope = page.locator("section.task-form", has=page.locator("h2", has_text=task)) if task else page
    form = scope.locator("form[action$='/complete']").first
    for name, value in fields.items():
        target = form.locator(f"[name={name}]")
        if isinstance(value, bool):
            target.set_checked(value)
        elif target.evaluate("el => el.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    form.locator("button.primary").click()
    page.wait_for_url(re.compile(r".*/cases/\d+#timeline$"))


def test_accident_reaches_the_procuratorate_and_the_public(stack: Stack, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    _login(page, stack, "ql.handler")
    page.goto(stack.url + "/accidents/new")
    option = page.locator("select[name=enterprise_id] option", has_text="曲靖市珠源危险化学品储运有限公司")
    page.select_option("select[name=enterprise_id]", option.get_attribute("value"))
    page.fill("input[name=occurred_at]", (dt.datetime.now() - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("[name=place]", "储运站装卸区")
    page.fill("[name=serious_injuries]", "0")
    page.fill("[name=direct_loss_cny]", "800000")
    page.fill("[name=deaths]", "3")
    expect(page.locator("#grade-live")).to_contain_text("较大事故")
    page.fill("[name=deaths]", "1")
    expect(page.locator("#grade-live")).to_contain_text("一般事故")
    page.fill("[name=account]", "装卸作业中液化气泄漏爆燃，作业人员王小二当场死亡。")
    page.click("#accident-form button.primary")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_url = page.url
    _logout(page)

    _login(page, stack, "ql.procurator")
    page.wait_for_timeout(300)
    page.reload()
    row = page.locator("table.grid tbody tr", has_text="邀请派员参加事故调查")
    assert row.count() == 1
    row.locator("a", has_text="办理").click()
    page.wait_for_load_state()
    _complete(page, {"decision": "join", "members": "检察官 赵六、检察官 钱七"})
    assert any("人民检察院派员参加调查" in text for text in _timeline(page))
    _logout(page)

    _login(page, stack, "ql.handler")
    page.goto(case_url)
    _complete(page, {"lead_department": "麒麟区应急管理局", "members": "区政府、应急局、公安分局、监委、工会"})
    # 条例 第十条、第十一条: the county reports the 一般 accident to the city within 2 hours.
    reported = dt.datetime.now(CHINA_TZ).strftime("%Y-%m-%dT%H:%M")
    _complete(page, {"reported_at": reported, "means": "电话报告市应急管理局", "government_informed": True})
    _complete(
        page,
        {
            "unit_overview": "曲靖市珠源危险化学品储运有限公司，从业人员56人",
            "course_and_rescue": "装卸作业中液化气泄漏爆燃，企业启动应急预案",
            "casualties_and_loss": "死亡1人，直接经济损失120万元",
            "cause_and_nature": "违规动火引发液化气爆燃，属生产安全责任事故",
            "responsibility": "企业主要负责人张三未落实动火审批制度，负主要领导责任",
            "measures": "全面排查动火作业风险",
            "evidence_list": "现场勘验笔录、询问笔录",
            "signed_by": "调查组成员甲、乙、丙",
        },
    )
    _logout(page)
    # 国办发〔2015〕20号 (六): the city's safety committee reviews a county's 一般 accident report.
    _login(page, stack, "qj.office")
    page.goto(case_url)
    _complete(page, {"decision": "approve", "opinion": "同意"})
    _logout(page)
    _login(page, stack, "ql.office")
    page.goto(case_url)
    _complete(page, {"reply_no": "麒政复〔2026〕8号", "penalties": "对企业罚款80万元"})
    _logout(page)
    _login(page, stack, "ql.handler")
    page.goto(case_url)
    # After the 批复 the lead department has its delivery, the penalty and the publication open.
    publication: dict[str, str | bool] = {
        "channel": "麒麟区人民政府网站",
        "published_on": dt.datetime.now(CHINA_TZ).date().isoformat(),
        "redacted": True,
    }
    _complete(page, publication, "公布事故调查报告")
    _logout(page)

    page.goto(stack.url + "/public/reports")
    link = page.locator("a", has_text="曲靖市珠源危险化学品储运有限公司")
    assert link.count() >= 1
    link.first.click()
    page.wait_for_load_state()
    text = page.locator("article").inner_text()
    assert "事故发生单位概况" in text and "违规动火引发液化气爆燃" in text
    assert "张某" in text and "张三" not in text and "王某" in text
    page.close()
