"""Helpers of the UX review tests (docs: /work/shared/audits/ux-review-2026-12.md): a hazard
case walked through the browser to the plan review."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from domain.legal_calendar import CHINA_TZ
from launcher import Stack
from tests.ui.test_browser import _login, _logout

PLAN = {
    "objectives": "液氯储罐区泄漏报警与喷淋联锁恢复有效",
    "measures": "更换2台泄漏报警仪；\n增设联锁控制器并调试",
    "funds_cny": "350000",
    "responsible": "设备部（部长王强）",
    "safety_measures": "整改期间储罐区降低库存并安排专人巡检",
}


def step_form(page: Any, title: str) -> Any:
    return page.locator("section.task-form", has_text=title).locator("form[action$='/complete']")


def submit(form: Any, page: Any) -> None:
    with page.expect_navigation():
        form.locator("button.primary").click()


def report_hazard(page: Any, stack: Stack, title: str) -> str:
    page.goto(stack.url + "/hazards/new")
    option = page.locator("select[name=enterprise_id] option").nth(1)
    page.select_option("select[name=enterprise_id]", option.get_attribute("value"))
    page.fill("input[name=title]", title)
    page.fill("textarea[name=description]", "泄漏报警仪失效，未与喷淋吸收装置联锁。")
    page.select_option("select[name=grade]", "4")
    page.select_option("select[name=source]", "inspection")
    page.fill("input[name=found_on]", dt.datetime.now(CHINA_TZ).date().isoformat())
    page.click("form[action='/hazards'] button.primary")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    return str(page.url)


def open_case(page: Any, case_url: str, title: str) -> Any:
    """The case page once the step `title` is open to this user (the workflow may lag a moment)."""
    for _ in range(40):
        page.goto(case_url)
        if page.locator("section.task-form", has_text=title).count():
            return step_form(page, title)
        page.wait_for_timeout(250)
    raise AssertionError(f"{title} never opened on {case_url}")


def list_and_publish(page: Any, stack: Stack, case_url: str, deadline: dt.date) -> None:
    _login(page, stack, "ql.office")
    form = open_case(page, case_url, "挂牌督办决定")
    form.locator("select[name=decision]").select_option("list")
    form.locator("[name=rectification_deadline]").fill(deadline.isoformat())
    form.locator("[name=supervision_matters]").fill("更换泄漏报警仪并与喷淋吸收装置联锁")
    form.locator("[name=responsible_government]").fill("曲靖市麒麟区人民政府")
    form.locator("[name=lifting_procedure]").fill("整改完成后申请验收，验收合格后摘牌销号")
    submit(form, page)
    publish(page, case_url)
    serve_notice(page, case_url)
    _logout(page)


def publish(page: Any, case_url: str) -> None:
    """The office announces the listing and files it upward: one step (挂牌公告并报上级备案) or,
    under the 2026 hazard rules, two (挂牌公告, 报上一级安委办备案)."""
    today = dt.datetime.now(CHINA_TZ).date().isoformat()
    for _ in range(40):
        page.goto(case_url)
        if page.locator("section.task-form", has_text="挂牌公告").count():
            break
        page.wait_for_timeout(250)
    for title in ("挂牌公告", "报上一级安委办备案"):
        page.goto(case_url)
        section = page.locator("section.task-form", has_text=title).first
        if section.count() == 0:
            continue
        form = section.locator("form[action$='/complete']")
        for name, value in (("channel", "区政府网站"), ("upper_office", "曲靖市安委办"), ("filing_no", "备1号")):
            if form.locator(f"[name={name}]").count():
                form.locator(f"[name={name}]").fill(value)
        for name in ("published_on", "filed_on"):
            if form.locator(f"[name={name}]").count():
                form.locator(f"[name={name}]").fill(today)
        if form.locator("[name=filed_with_upper_office]").count():
            form.locator("[name=filed_with_upper_office]").check()
        submit(form, page)


def serve_notice(page: Any, case_url: str) -> None:
    """Record the supervision notice's direct service (the plan's clock may run from it)."""
    page.goto(case_url)
    page.locator("ul.documents li", has_text="挂牌督办通知书").locator("a[href$='/service']").click()
    page.wait_for_load_state()
    form = page.locator("#service-form")
    if form.count() == 0:
        return  # served already, or served within a step
    form.locator("select[name=method]").select_option("direct")
    form.locator("[name=served_on]").fill(dt.datetime.now(CHINA_TZ).date().isoformat())
    form.locator("[name=recipient]").fill("企业负责人张华")
    form.locator("[name=proof]").fill("送达回证第1号")
    submit(form, page)


def fill_plan(form: Any, deadline: dt.date) -> None:
    for name, value in PLAN.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("[name=plan_deadline]").fill(deadline.isoformat())
    if form.locator("[name=principal_head]").count():  # asked under the 2026 hazard rules
        form.locator("[name=principal_head]").fill("总经理张华")
