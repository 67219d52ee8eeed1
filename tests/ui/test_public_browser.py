"""In Chromium, without login: the public finds a published accident report, files a report
(举报), and follows it by its tracking code while the handling office accepts it."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

from playwright.sync_api import expect
from sqlalchemy import select

from db import models
from launcher import Stack
from tests import support
from tests.ui.test_blacklist_browser import _complete
from tests.ui.test_browser import _login, _logout

PHONE = "13577001234"


def _publish_accident_report(stack: Stack) -> None:
    """A report published by the accident process (tested end to end in test_accident_browser)."""
    now = dt.datetime.now(dt.UTC)
    sessions = support.session_factory(stack.database_url)
    with sessions.begin() as db:
        org = db.scalars(select(models.User.org_id).where(models.User.username == "ql.office")).one()
        case = models.Case(
            case_no="SG-2026-90001",
            workflow_id="accident-SG-2026-90001",
            process="accident",
            title="曲靖越州金属制品有限公司“5·12”高处坠落事故",
            status="evaluating",
            jurisdiction_code="530302",
            jurisdiction_path="530000/530300/530302/",
            created_at=now,
            updated_at=now,
            details={
                "report_published": True,
                "published_on": now.date().isoformat(),
                "grade": "一般事故",
                "place": "越州镇金属制品厂房",
                "occurred_at": now.isoformat(),
                "account": "作业人员李四在未系安全带的情况下登高作业时坠落",
            },
        )
        db.add(case)
        db.flush()
        db.add(
            models.Task(
                id="accident-SG-2026-90001.t3",
                case_id=case.id,
                step="investigation_report",
                title="提交事故调查报告",
                org_id=org,
                role="office",
                status="completed",
                opened_at=now,
                due_at=now,
                deadline_rule="accident.investigation_report",
                completed_at=now,
                outcome={
                    "cause_and_nature": "高处作业未落实防坠落措施，属生产安全责任事故",
                    "responsibility": "车间主任王小五未履行安全管理职责",
                    "measures": "开展高处作业专项整治",
                },
            )
        )


def _until_text(page: Any, selector: str, text: str, reload: Any) -> None:
    deadline = time.monotonic() + 20
    while text not in page.locator(selector).inner_text():
        assert time.monotonic() < deadline, f"{text!r} did not appear"
        page.wait_for_timeout(300)
        reload()


def test_public_finds_a_report_files_a_tip_and_tracks_it_by_its_code(stack: Stack, browser: Any) -> None:
    _publish_accident_report(stack)
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")

    page.goto(stack.url + "/public")
    page.click("a[href='/public/reports']")
    page.fill("input[name=q]", "越州金属")
    page.click("form[role=search] button")
    page.locator("#report-results a", has_text="高处坠落事故").click()
    article = page.locator("article")
    expect(article).to_contain_text("高处作业未落实防坠落措施")
    expect(article).to_contain_text("王某")
    assert "王小五" not in article.inner_text() and "李四" not in article.inner_text()

    page.click("header a[href='/public/report']")
    page.select_option("select[name=jurisdiction_code]", "530302")
    page.fill("[name=description]", "")
    page.fill("[name=place]", "麒麟区南城烟花爆竹经营部仓库")
    page.click("#public-report-form button.primary")  # the browser posts it: the server refuses
    expect(page.locator(".alert.error")).to_contain_text("必填")
    page.fill("[name=description]", "仓库旁动火切割铁架，没有灭火器，也没有人监护。")
    page.fill("[name=place]", "麒麟区南城烟花爆竹经营部仓库")
    page.fill("[name=enterprise_name]", "麒麟区南城烟花爆竹经营部")
    page.fill("[name=reporter_phone]", PHONE)
    page.click("#public-report-form button.primary")
    code = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"(?:[0-9A-Z]{4}-){4}[0-9A-Z]{4}", code), code
    expect(page.locator("#report-filed")).to_contain_text("麒麟区应急管理局")

    def track() -> None:
        page.goto(stack.url + "/public/track")
        page.fill("input[name=code]", code)
        page.click("#track-form button")

    track()
    _until_text(page, "#track-status", "待受理", track)

    # The handling office sees who reported and accepts the report.
    _login(page, stack, "ql.handler")
    page.locator("a", has_text="举报：麒麟区南城烟花爆竹经营部").first.click()
    expect(page.locator("#reporter")).to_contain_text(PHONE)
    _complete(page, {"decision": "accept", "reason": "内部：属本局监管的经营单位"})
    _logout(page)

    track()
    _until_text(page, "#track-status", "已受理，正在核查", track)
    result = page.locator("#track-result").inner_text()
    assert PHONE not in result and "内部" not in result
    page.close()
