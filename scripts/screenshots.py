"""Takes the README's screenshots from a freshly started demo system (Debian's chromium).

Run: .venv/bin/python scripts/screenshots.py   (writes docs/screenshots/*.png; the PDF page needs
poppler-utils for pdftoppm)
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from launcher import Stack, free_port  # noqa: E402
from tests.ui.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        stack = Stack(
            data_dir=Path(tmp),
            database_url=f"sqlite:///{tmp}/cases.sqlite3",
            web_port=free_port(),
            temporal_port=free_port(),
            ui_port=free_port(),
            persist_temporal=False,
            quiet=True,
        )
        try:
            stack.start()
            stack.load_demo_cases()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1360, "height": 820}, locale="zh-CN")
                page.goto(stack.url + "/login")
                page.screenshot(path=str(OUT / "login.png"))

                def login(username: str, home: str = "inbox") -> None:
                    page.goto(stack.url + "/login")
                    page.fill("input[name=username]", username)
                    page.fill("input[name=password]", "demo1234")
                    page.click("button.primary")
                    page.wait_for_url(re.compile(rf".*/{home}$"))

                login("bn.office")
                page.screenshot(path=str(OUT / "inbox.png"), full_page=True)
                page.locator("a", has_text="尾矿库排洪设施堵塞").first.click()
                page.wait_for_load_state()
                page.screenshot(path=str(OUT / "case.png"), full_page=True)
                page.click("form[action='/logout'] button")
                login("yn.office")
                page.goto(stack.url + "/overdue")
                page.screenshot(path=str(OUT / "overdue.png"), full_page=True)
                page.goto(stack.url + "/deadlines?start=2026-09-30&amount=5&unit=working_days")
                page.screenshot(path=str(OUT / "deadlines.png"))
                page.click("form[action='/logout'] button")
                login("ql.handler")  # an accident's page offers the accident's own actions (issue 17)
                page.goto(stack.url + "/cases?process=accident")
                page.locator("table a[href^='/cases/']").first.click()
                page.wait_for_load_state()
                page.locator("summary", has_text="案件操作").first.click()  # unfold the case's actions
                page.screenshot(path=str(OUT / "accident-case.png"), full_page=True)
                page.click("form[action='/logout'] button")
                login("ql.police")  # the transfer of the demo accident waits for the police to sign
                page.screenshot(path=str(OUT / "police-inbox.png"), full_page=True)
                page.locator("a", has_text="涉嫌重大责任事故罪案件移送").first.click()
                page.wait_for_load_state()
                page.screenshot(path=str(OUT / "transfer.png"), full_page=True)
                with page.expect_popup() as popup:
                    page.locator("ul.documents a").first.click()
                popup.value.wait_for_load_state()
                popup.value.screenshot(path=str(OUT / "transfer-letter.png"), full_page=True)
                popup.value.close()
                page.click("form[action='/logout'] button")
                login("zy.office")  # the demo's hazard supervision notice, issued by the system
                page.goto(stack.url + "/cases?process=hazard")
                page.locator("a", has_text="井下局部通风机").first.click()
                page.wait_for_load_state()
                record = page.locator("ul.documents a[href$='/service']").first
                record.click()
                page.wait_for_load_state()
                page.screenshot(path=str(OUT / "document-service.png"), full_page=True)
                with page.expect_popup() as popup:
                    page.locator("a", has_text="打印页面").first.click()
                popup.value.wait_for_load_state()
                popup.value.screenshot(path=str(OUT / "supervision-notice.png"), full_page=True)
                popup.value.close()
                pdf_pages(page, page.url.removesuffix("/service") + "/pdf")
                page.click("form[action='/logout'] button")
                login("qy.panjiang", home="enterprise")  # the demo mine: listed, its plan due once the notice is served
                page.screenshot(path=str(OUT / "enterprise-portal.png"), full_page=True)
                page.locator("table a[href^='/enterprise/cases/']").first.click()
                page.wait_for_load_state()
                page.screenshot(path=str(OUT / "enterprise-case.png"), full_page=True)
                page.click("form[action='/logout'] button")
                daily_tools(page, stack.url, login)
                inspection_and_office(page, stack.url, login)
                public_pages(page, stack.url)
                browser.close()
        finally:
            stack.stop()


def pdf_pages(page: Page, url: str) -> None:
    """The pages of the document's PDF as WeasyPrint sets them: supervision-notice-pdf-<n>.png
    (poppler-utils' pdftoppm, 60 dpi)."""
    response = page.request.get(url)
    assert response.ok, response.status
    for old in OUT.glob("supervision-notice-pdf-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "document.pdf"
        pdf.write_bytes(response.body())
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(OUT / "supervision-notice-pdf")], check=True)


def inspection_and_office(page: Page, url: str, login: Callable[..., None]) -> None:
    """Where cases come from (issue 20) and the safety-committee office's instruments (issue 21)."""
    login("ql.handler")
    page.goto(url + "/inspection-plans")
    page.screenshot(path=str(OUT / "inspection-plans.png"), full_page=True)
    page.goto(url + "/random-draws")
    page.locator("table a[href^='/random-draws/']").first.click()
    page.wait_for_load_state()
    page.screenshot(path=str(OUT / "random-draw.png"), full_page=True)
    page.goto(url + "/cases?process=inspection&status=following_up")
    page.locator("table a[href^='/cases/']").first.click()
    page.wait_for_load_state()
    page.screenshot(path=str(OUT / "inspection-case.png"), full_page=True)
    page.click("form[action='/logout'] button")
    login("ql.office")
    page.goto(url + "/interviews")
    page.screenshot(path=str(OUT / "interviews.png"), full_page=True)
    page.goto(url + "/bulletins")
    page.screenshot(path=str(OUT / "bulletins.png"), full_page=True)
    page.click("form[action='/logout'] button")
    login("qj.office")
    page.goto(url + "/enforcement-reviews")
    page.screenshot(path=str(OUT / "enforcement-reviews.png"), full_page=True)
    page.click("form[action='/logout'] button")


def daily_tools(page: Page, url: str, login: Callable[..., None]) -> None:
    """The message centre, search and statistics of a handler; the administrator's pages."""
    login("ql.handler")
    for _ in range(30):  # the web process reads new events every few seconds
        if page.locator("a.messages-link .badge").count():
            break
        time.sleep(1)
        page.goto(url + "/inbox")
    page.goto(url + "/messages")
    page.screenshot(path=str(OUT / "messages.png"), full_page=True)
    page.goto(url + "/search?q=" + quote("宏达"))
    page.screenshot(path=str(OUT / "search.png"), full_page=True)
    page.goto(url + "/statistics")
    page.screenshot(path=str(OUT / "statistics.png"), full_page=True)
    page.click("form[action='/logout'] button")
    login("yn.admin", home=r"calendar/\d+")
    page.goto(url + "/admin/users?q=" + quote("ql."))
    page.screenshot(path=str(OUT / "admin-users.png"), full_page=True)
    page.goto(url + "/admin/audit")
    page.screenshot(path=str(OUT / "admin-audit.png"), full_page=True)
    page.click("form[action='/logout'] button")


def public_pages(page: Page, url: str) -> None:
    """The public portal without login: landing page, hazard notices, a report filed and tracked."""
    page.goto(url + "/public")
    page.screenshot(path=str(OUT / "public.png"), full_page=True)
    page.goto(url + "/public/hazards")
    page.screenshot(path=str(OUT / "public-hazards.png"), full_page=True)
    page.goto(url + "/public/report")
    page.select_option("select[name=jurisdiction_code]", "530302")
    page.fill("[name=description]", "曲靖市麒麟煤化工有限公司夜间在储罐区动火作业，没有办理动火审批，也没有人监护。")
    page.fill("[name=place]", "麒麟区南宁街道工业园区储罐区")
    page.fill("[name=enterprise_name]", "曲靖市麒麟煤化工有限公司")
    page.screenshot(path=str(OUT / "public-report-form.png"), full_page=True)
    page.click("#public-report-form button.primary")
    code = page.locator("#tracking-code").inner_text().strip()
    page.screenshot(path=str(OUT / "public-report-filed.png"), full_page=True)
    page.wait_for_timeout(1500)  # the verification case opens its first task
    page.goto(url + "/public/track")
    page.fill("input[name=code]", code)
    page.click("#track-form button")
    page.screenshot(path=str(OUT / "public-track.png"), full_page=True)


if __name__ == "__main__":
    main()
