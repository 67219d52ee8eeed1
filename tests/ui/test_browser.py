"""In Debian's Chromium against the real system: a handler reports, an office lists, the timeline moves."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from domain.legal_calendar import CHINA_TZ
from launcher import Stack

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"


def _login(page: Any, stack: Stack, username: str) -> None:
    page.goto(stack.url + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo1234")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/inbox$"))


def _logout(page: Any) -> None:
    page.click("form[action='/logout'] button")
    page.wait_for_url(re.compile(r".*/login$"))


def _timeline(page: Any) -> list[str]:
    return [text.strip() for text in page.locator("#timeline li .summary").all_inner_texts()]


def test_handler_reports_office_lists_and_the_timeline_changes(stack: Stack, browser: Any) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    _login(page, stack, "ql.handler")
    page.goto(stack.url + "/hazards/new")
    option = page.locator("select[name=enterprise_id] option", has_text="曲靖市麒麟煤化工有限公司")
    page.select_option("select[name=enterprise_id]", option.get_attribute("value"))
    page.fill("input[name=title]", "液氯储罐区泄漏报警失效")
    page.fill("textarea[name=description]", "液氯储罐区2台泄漏报警仪失效，未与喷淋吸收装置联锁。")
    page.select_option("select[name=grade]", "4")
    page.select_option("select[name=source]", "inspection")
    page.fill("input[name=found_on]", dt.datetime.now(CHINA_TZ).date().isoformat())
    page.click("form[action='/hazards'] button.primary")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_url = page.url
    _logout(page)

    _login(page, stack, "ql.office")
    page.wait_for_timeout(300)
    page.reload()
    row = page.locator("table.grid tbody tr", has_text="液氯储罐区泄漏报警失效")
    assert row.count() == 1 and "挂牌督办决定" in row.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "inbox.png"), full_page=True)
    row.locator("a", has_text="办理").click()
    page.wait_for_url(re.compile(r".*/cases/\d+.*"))
    before = _timeline(page)

    form = page.locator("form[action$='/complete']").first
    deadline = (dt.datetime.now(CHINA_TZ).date() + dt.timedelta(days=60)).isoformat()
    form.locator("select[name=decision]").select_option("list")
    form.locator("[name=rectification_deadline]").fill(deadline)
    form.locator("[name=supervision_matters]").fill("更换泄漏报警仪并与喷淋吸收装置联锁")
    form.locator("[name=responsible_government]").fill("曲靖市麒麟区人民政府")
    form.locator("button.primary").click()  # the lifting procedure is missing: refused, nothing recorded
    page.wait_for_load_state()
    assert "督办解除方式和程序" in page.locator(".alert.error").inner_text()
    assert _timeline(page) == before

    form = page.locator("form[action$='/complete']").first
    # The notice number stays blank: the system issues the supervision notice and numbers it.
    form.locator("[name=lifting_procedure]").fill("整改完成后申请验收，验收合格后摘牌销号")
    form.locator("button.primary").click()
    page.wait_for_url(re.compile(r".*/cases/\d+#timeline$"))
    after = _timeline(page)
    assert any("办结：挂牌督办决定（挂牌督办）" in text for text in after)
    # Publication (5 WD) and filing with the upper office (3 WD) are two steps (H21, H22); the
    # plan waits for the notice's service (H31).
    assert any("待办：挂牌公告" in text for text in after)
    assert any("待办：报上一级安委办备案" in text for text in after)
    assert page.locator("table.grid", has_text="报上一级安委办备案").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "case.png"), full_page=True)
    assert page.url.startswith(case_url)

    page.goto(stack.url + "/overdue")
    assert "督办" in page.locator("h1").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "overdue.png"), full_page=True)
    page.close()
