"""In Debian's Chromium against the real system: an enterprise user submits its rectification plan
with a file on the portal, and the step moves on to the office's review."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from domain.legal_calendar import CHINA_TZ
from launcher import Stack

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _login(page: Any, stack: Stack, username: str, home: str = "inbox") -> None:
    page.goto(stack.url + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo1234")
    page.click("button.primary")
    page.wait_for_url(re.compile(rf".*/{home}$"))


def _logout(page: Any) -> None:
    page.click("form[action='/logout'] button")
    page.wait_for_url(re.compile(r".*/login$"))


def test_enterprise_submits_its_plan_with_a_file_and_the_step_advances(stack: Stack, browser: Any) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    today = dt.datetime.now(CHINA_TZ).date()
    _login(page, stack, "zy.handler")
    page.goto(stack.url + "/hazards/new")
    option = page.locator("select[name=enterprise_id] option", has_text="沾益区盘江煤业有限公司")
    page.select_option("select[name=enterprise_id]", option.get_attribute("value"))
    page.fill("input[name=title]", "主运输巷皮带机防跑偏装置失效")
    page.fill("textarea[name=description]", "主运输巷皮带机防跑偏、防打滑保护失效。")
    page.select_option("select[name=grade]", "4")
    page.select_option("select[name=source]", "inspection")
    page.fill("input[name=found_on]", today.isoformat())
    page.click("form[action='/hazards'] button.primary")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_id = page.url.rsplit("/", 1)[1]
    _logout(page)

    _login(page, stack, "zy.office")
    page.goto(f"{stack.url}/cases/{case_id}")
    form = page.locator("form[action$='/complete']").first
    form.locator("select[name=decision]").select_option("list")
    form.locator("[name=notice_no]").fill("沾安委办督〔2026〕11号")
    # A paper notice: its service day starts the plan's clock (H31).
    form.locator("[name=notice_served_on]").fill(today.isoformat())
    form.locator("[name=rectification_deadline]").fill((today + dt.timedelta(days=60)).isoformat())
    form.locator("[name=supervision_matters]").fill("更换保护装置并定期试验")
    form.locator("[name=responsible_government]").fill("曲靖市沾益区人民政府")
    form.locator("[name=lifting_procedure]").fill("整改完成后申请验收，验收合格后摘牌销号")
    form.locator("button.primary").click()
    page.wait_for_url(re.compile(r".*/cases/\d+#timeline$"))
    _logout(page)

    # The enterprise: its case, the plan due with its deadline, the console closed to it.
    _login(page, stack, "qy.panjiang", home="enterprise")
    row = page.locator("table.grid tbody tr", has_text="主运输巷皮带机防跑偏装置失效")
    assert row.count() == 1 and "报送隐患治理方案" in row.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "enterprise-portal.png"), full_page=True)
    row.locator("a", has_text="报送隐患治理方案").click()
    page.wait_for_load_state()
    section = page.locator("section.task-form", has_text="报送隐患治理方案")
    assert "期限" in section.inner_text()
    section.locator("[name=objectives]").fill("消除皮带机保护失效隐患")
    section.locator("[name=measures]").fill("更换防跑偏、防打滑保护装置，建立日检制度")
    section.locator("[name=funds_cny]").fill("160000")
    section.locator("[name=responsible]").fill("机电副矿长")
    section.locator("[name=principal_head]").fill("矿长 王五")  # 16号令 art 15 (H5)
    section.locator("[name=plan_deadline]").fill((today + dt.timedelta(days=45)).isoformat())
    section.locator("[name=safety_measures]").fill("整改期间停止主运输巷皮带运输，改用备用系统")
    section.locator("input[type=file]").set_input_files(
        [{"name": "隐患治理方案.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    section.locator("button.primary").click()
    page.wait_for_url(re.compile(r".*/enterprise/cases/\d+$"))  # the confirmation is a flash, not in the URL
    assert "已提交：报送隐患治理方案" in page.locator(".alert").first.inner_text()
    assert page.locator("section.task-form", has_text="报送隐患治理方案").count() == 0
    assert "企业在线提交：报送隐患治理方案" in page.locator("ol.timeline").inner_text()
    assert page.locator("#attachments + ul a", has_text="隐患治理方案.pdf").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "enterprise-case.png"), full_page=True)
    assert page.goto(stack.url + "/inbox").status == 403
    page.goto(stack.url + "/enterprise")
    _logout(page)

    # The step moved on: the office now reviews the plan, with the enterprise's file on the case.
    _login(page, stack, "zy.office")
    assert page.locator("table.grid tbody tr", has_text="审查治理方案").count() >= 1
    page.goto(f"{stack.url}/cases/{case_id}")
    assert page.locator("#attachments + ul a", has_text="隐患治理方案.pdf").count() == 1
    assert "企业在线提交：报送隐患治理方案" in page.locator("#timeline").inner_text()
    page.close()
