"""In Chromium: every case page offers only its own process's actions, each with a form its
workflow accepts. One case of every process is opened as each role of the jurisdiction; every
offered action is submitted with valid input; none may be refused as unsupported (the workflow's
"本流程不支持操作" or the page's "不支持的操作"). Refusals on the merits (409, 403) are fine: the case
is at another stage, or the action belongs to another organisation."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from domain.legal_calendar import CHINA_TZ
from domain.registry import PROCESSES
from launcher import Stack
from tests import support
from tests.penalty_support import penalty_decision
from tests.ui.test_browser import _login, _logout

USERS = {
    "ql.handler": "handler",
    "ql.office": "office",
    "ql.head": "head",
    "ql.police": "police_liaison",
    "ql.procurator": "procuratorate_liaison",
}
UNSUPPORTED = ("不支持的操作", "本流程不支持操作", "没有这项操作")
TEXT = "浏览器测试填写的内容"


def _start_blacklist_case(page: Any, stack: Stack) -> None:
    today = dt.datetime.now(CHINA_TZ).date().isoformat()
    page.goto(stack.url + "/blacklist/new")
    option = page.locator("select[name=enterprise_id] option").nth(1)
    page.select_option("select[name=enterprise_id]", option.get_attribute("value"))
    page.select_option("select[name=condition]", "refused_suspension")
    sessions = support.session_factory(stack.database_url)
    enterprise_id = int(option.get_attribute("value"))
    number = penalty_decision(sessions, "ql.handler", enterprise_id, dt.date.fromisoformat(today), "麒应急罚")
    page.fill("[name=penalty_decision_no]", number)
    page.fill("[name=penalty_decided_on]", today)
    page.fill("[name=facts]", "责令停产整顿期间擅自组织生产。")
    page.select_option("select[name=rules]", "2023")
    page.click("#blacklist-form button.primary")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))


# Opened by the city's office over its counties, not a case of 麒麟区 (the review's own tests act on it).
CITY_LEVEL = frozenset({"enforcement_review", "quarterly_report"})


def _case_of(page: Any, stack: Stack, process: str) -> str | None:
    page.goto(f"{stack.url}/cases?process={process}&jurisdiction=530302")
    link = page.locator("table.grid tbody tr a[href^='/cases/']").first
    if link.count() == 0:
        assert process in CITY_LEVEL, f"no {process} case in 麒麟区"
        return None
    return str(link.get_attribute("href"))


def _fill(form: Any) -> None:
    """Valid input by field type: today's date, a moment an hour ago, 1, the first choice, text."""
    now = dt.datetime.now()
    for field in form.locator("input:not([type=hidden]), select, textarea").all():
        kind = field.get_attribute("type") or field.evaluate("el => el.tagName.toLowerCase()")
        if kind == "select":
            values = [o.get_attribute("value") for o in field.locator("option").all()]
            field.select_option(next(v for v in values if v))
        elif kind == "checkbox":
            field.set_checked(True)
        elif kind == "date":
            field.fill(now.date().isoformat())
        elif kind == "datetime-local":
            field.fill((now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
        elif kind == "number":
            field.fill("1")
        else:
            field.fill(TEXT)


def _submit_every_action(page: Any, case_url: str) -> list[str]:
    """Submit each offered action once; return the actions submitted."""
    page.goto(case_url)
    actions = [
        str(form.get_attribute("action")).rsplit("/", 1)[1]
        for form in page.locator("form.action[action*='/actions/']").all()
    ]
    for action in actions:
        page.goto(case_url)
        form = page.locator(f"form.action[action$='/actions/{action}']")
        form.locator("xpath=ancestor::details").evaluate("el => el.open = true")
        _fill(form)
        with page.expect_navigation():
            form.locator("button").click()
        body = page.locator("body").inner_text()
        assert not any(text in body for text in UNSUPPORTED), f"{action} refused as unsupported on {case_url}"
    return actions


def test_every_case_page_offers_its_own_actions_and_the_workflow_accepts_them(stack: Stack, browser: Any) -> None:
    stack.load_demo_cases()
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    _login(page, stack, "ql.handler")
    _start_blacklist_case(page, stack)
    found = {process: _case_of(page, stack, process) for process in PROCESSES}
    cases = {process: path for process, path in found.items() if path is not None}
    _logout(page)

    offered: dict[str, set[str]] = {process: set() for process in cases}
    for user, role in USERS.items():
        _login(page, stack, user)
        for process, path in cases.items():
            response = page.goto(stack.url + path)
            if response is None or response.status == 404:
                continue  # the case is not this role's to see (a liaison sees only what reached it)
            submitted = _submit_every_action(page, stack.url + path)
            declared = {a.code for a in PROCESSES[process].actions}
            assert set(submitted) <= declared, (user, process, set(submitted) - declared)
            # Only what applies to the case in its state (D25): a subset of the role's actions.
            assert set(submitted) <= {a.code for a in PROCESSES[process].actions_for(role)}, (user, process)
            offered[process] |= set(submitted)
        _logout(page)
    for process, actions in offered.items():
        assert actions, f"no action offered on the {process} case to any role"
    # The defect this replaced: an accident case offered the hazard's actions and not its own.
    assert {"update_casualties", "escalate_investigation"} <= offered["accident"]
    assert not {"order_suspension", "report_refusal"} & offered["accident"]
