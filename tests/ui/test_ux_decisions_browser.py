"""In Chromium: the people who decide see what the step before submitted (UX review D2, D24,
D17): the head approving a crime transfer reads the special team's report, and the special team
starts from what the intake recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from domain.legal_calendar import CHINA_TZ
from launcher import Stack
from tests.ui.test_browser import _login, _logout
from tests.ui.ux_flow import PLAN, fill_plan, open_case, serve_notice, step_form, submit

FACTS = "超员组织井下作业，瓦斯超限仍未撤人。"
EVIDENCE = "询问笔录3份；\n瓦斯监测记录（2026年11月）；\n现场照片12张"


@pytest.fixture(scope="module")
def demo(stack: Stack) -> Stack:
    stack.load_demo_cases()
    return stack


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    yield tab
    tab.close()


def test_D2_D24_the_head_reads_the_special_teams_report_which_starts_from_the_intake(demo: Stack, page: Any) -> None:
    _login(page, demo, "ql.handler")
    page.goto(demo.url + "/crime-transfers/new")
    option = page.locator("select[name=enterprise_id] option").nth(1)
    page.select_option("select[name=enterprise_id]", option.get_attribute("value"))
    category = page.locator("select[name=category] option").nth(1).get_attribute("value")
    page.select_option("select[name=category]", category)
    page.fill("[name=facts]", FACTS)
    with page.expect_navigation():
        page.click("#transfer-form button.primary")
    case_url = page.url.split("#")[0]
    form = open_case(page, case_url, "专案组核实并提出移送报告")
    # D24: the category and the facts of the intake are not typed again.
    assert form.locator("select[name=category]").input_value() == category
    assert form.locator("[name=facts]").input_value() == FACTS
    assert form.locator("[name=team_members]").input_value() == ""  # what is new is left to the team
    form.locator("[name=team_members]").fill("李明、王强")
    form.locator("[name=evidence]").fill(EVIDENCE)
    form.locator("[name=appraisals]").fill("瓦斯浓度检测报告（曲靖市安科院）")
    submit(form, page)
    _logout(page)

    _login(page, demo, "ql.head")
    open_case(page, case_url, "审批是否移送公安机关")
    shown = page.locator("section.task-form .under-review")
    text = shown.inner_text()
    for label in ("专案组成员", "涉嫌罪名", "涉嫌犯罪事实", "证据清单", "检验报告或鉴定意见"):
        assert label in text, label
    assert "李明、王强" in text and FACTS in text and "询问笔录3份" in text
    # Multi-line lists keep their lines.
    evidence = shown.locator("dd", has_text="询问笔录3份")
    assert evidence.evaluate("el => getComputedStyle(el).whiteSpace") == "pre-wrap"
    form = step_form(page, "审批是否移送公安机关")
    assert form.locator("select[name=decision]").input_value() == ""  # D3: nothing decided in advance


def test_D17_a_period_fixed_by_a_notice_is_not_explained_as_one_day(demo: Stack, page: Any) -> None:
    _login(page, demo, "jh.handler")  # the demo's 景洪 hazard is in its rectification period
    page.goto(f"{demo.url}/cases?process=hazard&jurisdiction=532801")
    page.locator("table.grid tbody tr", has_text="液化气充装站安全间距不足").locator("a").first.click()
    page.wait_for_load_state()
    row = page.locator("table.grid tbody tr", has_text="隐患整改并报告完成")
    row.locator("details.why summary").click()
    why = row.locator("details.why").inner_text()
    assert "由决定或文书确定" in why and "；1日" not in why, why


def test_D2_an_extension_is_decided_with_the_request_in_view(demo: Stack, page: Any) -> None:
    _login(page, demo, "ql.handler")
    page.goto(f"{demo.url}/cases?process=public_report&jurisdiction=530302")
    page.locator("table.grid tbody tr a[href^='/cases/']").first.click()
    page.wait_for_load_state()
    case_url = page.url.split("#")[0]
    form = page.locator("#action-request_extension")
    form.locator("xpath=ancestor::details").evaluate("el => el.open = true")
    form.locator("[name=days]").fill("15")
    form.locator("[name=reason]").fill("需调取供电部门监控录像，核查尚需时间")
    with page.expect_navigation():
        form.locator("button").click()
    assert not page.locator(".alert.error").count(), page.locator(".alert.error").inner_text()
    _logout(page)

    _login(page, demo, "qj.head")
    open_case(page, case_url, "审批延长举报办理期限")
    asked = page.locator("section.task-form .request").inner_text()
    assert "需调取供电部门监控录像，核查尚需时间" in asked and "麒麟区应急管理局" in asked, asked


def _enterprise_login(page: Any, demo: Stack) -> None:
    page.goto(demo.url + "/login")
    page.fill("input[name=username]", "qy.panjiang")
    page.fill("input[name=password]", "demo1234")
    with page.expect_navigation():
        page.click("button.primary")


def test_D24_an_enterprise_plan_sent_back_comes_back_filled_with_the_opinion(demo: Stack, page: Any) -> None:
    _enterprise_login(page, demo)
    page.goto(demo.url + "/enterprise")
    page.locator("a[href^='/enterprise/cases/']").first.click()
    page.wait_for_load_state()
    portal_url = page.url.split("#")[0]
    case_id = portal_url.rstrip("/").rsplit("/", 1)[1]
    page.context.clear_cookies()
    _login(page, demo, "zy.office")  # the notice served (the plan may run from its service)
    serve_notice(page, f"{demo.url}/cases/{case_id}")
    page.context.clear_cookies()
    _enterprise_login(page, demo)
    for _ in range(40):
        page.goto(portal_url)
        form = page.locator("section.task-form", has_text="报送隐患治理方案").locator("form")
        if form.count():
            break
        page.wait_for_timeout(250)
    fill_plan(form, dt.datetime.now(CHINA_TZ).date() + dt.timedelta(days=20))
    submit(form, page)
    assert not page.locator(".alert.error").count(), page.locator(".alert.error").all_inner_texts()
    page.context.clear_cookies()

    _login(page, demo, "zy.office")
    form = open_case(page, f"{demo.url}/cases/{case_id}", "审查治理方案")
    review = page.locator("section.task-form", has_text="审查治理方案").locator(".under-review")
    assert PLAN["objectives"] in review.inner_text()  # D2
    form.locator("select[name=decision]").select_option("return")
    form.locator("[name=opinion]").fill("安全措施未写明应急物资，请补充")
    submit(form, page)
    _logout(page)

    page.goto(demo.url + "/login")
    page.fill("input[name=username]", "qy.panjiang")
    page.fill("input[name=password]", "demo1234")
    with page.expect_navigation():
        page.click("button.primary")
    for _ in range(40):
        page.goto(portal_url)
        if page.locator(".alert.returned").count():
            break
        page.wait_for_timeout(250)
    assert "安全措施未写明应急物资，请补充" in page.locator(".alert.returned").inner_text()
    form = page.locator("section.task-form", has_text="报送隐患治理方案").locator("form")
    for name, value in PLAN.items():
        assert form.locator(f"[name={name}]").input_value() == value, name
