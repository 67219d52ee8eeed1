"""In Chromium: the defects of the December 2026 UX review (/work/shared/audits/ux-review-2026-12.md),
each test named after the defects it proves fixed. One stack with the demo cases for the module."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from domain.legal_calendar import CHINA_TZ
from launcher import Stack
from tests.ui.test_browser import _login, _logout
from tests.ui.ux_flow import PLAN, fill_plan, open_case, publish, report_hazard, serve_notice, step_form, submit

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(scope="module")
def demo(stack: Stack) -> Stack:
    stack.load_demo_cases()
    return stack


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    yield tab
    tab.close()


def _case_url(page: Any, stack: Stack, process: str, jurisdiction: str = "530302") -> str:
    page.goto(f"{stack.url}/cases?process={process}&jurisdiction={jurisdiction}")
    link = page.locator("table.grid tbody tr a[href^='/cases/']").first
    return stack.url + str(link.get_attribute("href"))


def _actions(page: Any) -> set[str]:
    forms = page.locator("form.action[action*='/actions/']").all()
    return {str(f.get_attribute("action")).rsplit("/", 1)[1] for f in forms}


def test_D2_D5_D7_D14_D20_D23_D24_plan_review_shows_the_plan_and_a_return_comes_back_filled(
    demo: Stack, page: Any
) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    _login(page, demo, "ql.handler")
    case_url = report_hazard(page, demo, "液氯储罐区泄漏报警失效（审查测试）")
    _logout(page)

    _login(page, demo, "ql.office")
    form = open_case(page, case_url, "挂牌督办决定")
    assert form.locator("input[name=notice_no]").count() == 1  # D23: a number is one line, not a text area
    form.locator("select[name=decision]").select_option("list")
    form.locator("[name=rectification_deadline]").fill((today + dt.timedelta(days=60)).isoformat())
    form.locator("[name=supervision_matters]").fill("更换泄漏报警仪并与喷淋吸收装置联锁")
    submit(form, page)
    error = page.locator(".alert.error").inner_text()
    assert not error.startswith("："), error  # D7: a rule over several fields has no stray colon
    missing = page.locator("section.task-form .field.has-error [name]").evaluate_all("els => els.map(e => e.name)")
    assert {"responsible_government", "lifting_procedure"} <= set(missing)  # D7: the fields it needs are marked
    form = step_form(page, "挂牌督办决定")
    form.locator("[name=responsible_government]").fill("曲靖市麒麟区人民政府")
    form.locator("[name=lifting_procedure]").fill("整改完成后申请验收，验收合格后摘牌销号")
    submit(form, page)
    # D14: the page the submission lands on already shows the next step (no manual refresh).
    publication = page.locator("section.task-form", has_text="挂牌公告").first
    assert publication.count() == 1
    form = publication.locator("form[action$='/complete']")
    form.locator("[name=channel]").fill("区政府网站")
    submit(form, page)  # no date: D7's "必填", not a date format
    errors = page.locator(".alert.error").inner_text()
    assert "公告日期：必填" in errors and "日期格式" not in errors, errors
    assert "；：" not in errors and not errors.startswith("：")
    form = page.locator("section.task-form", has_text="挂牌公告").first.locator("form[action$='/complete']")
    assert form.locator("[name=channel]").input_value() == "区政府网站"  # typed input kept
    publish(page, case_url)
    serve_notice(page, case_url)
    _logout(page)

    _login(page, demo, "ql.handler")
    form = open_case(page, case_url, "报送隐患治理方案")
    fill_plan(form, today - dt.timedelta(days=3))
    submit(form, page)  # D5: a plan deadline in the past
    assert "治理的时限：不能早于今天" in page.locator(".alert.error").inner_text()
    form = step_form(page, "报送隐患治理方案")
    assert form.locator("[name=objectives]").input_value() == PLAN["objectives"]  # typed input kept
    fill_plan(form, today + dt.timedelta(days=90))
    submit(form, page)  # D5: after the listing notice's 整改期限
    assert "不能晚于挂牌督办通知书规定的整改期限" in page.locator(".alert.error").inner_text()
    form = step_form(page, "报送隐患治理方案")
    fill_plan(form, today + dt.timedelta(days=30))
    submit(form, page)
    _logout(page)

    _login(page, demo, "ql.office")
    open_case(page, case_url, "审查治理方案")
    shown = page.locator("section.task-form .under-review").inner_text()  # D2: the plan, in full
    for label in (
        "治理的目标和任务",
        "采取的方法和措施",
        "经费（元）",
        "负责治理的机构和人员",
        "治理的时限",
        "安全措施和应急预案",
    ):
        assert label in shown, label
    assert "350,000元" in shown and PLAN["responsible"] in shown and "增设联锁控制器并调试" in shown
    form = step_form(page, "审查治理方案")
    assert form.locator("select[name=decision]").input_value() == ""  # D3: nothing decided in advance
    form.locator("select[name=decision]").select_option("return")
    form.locator("[name=opinion]").fill("经费测算依据不足，请补充分项预算")
    submit(form, page)
    assert "经费测算依据不足" in page.locator("#opinions").inner_text()  # D2: the 审批意见 history
    timeline = page.locator("#timeline").inner_text()
    assert not ISO.search(timeline), ISO.findall(timeline)  # D20: dates in the timeline read 年月日
    _logout(page)

    _login(page, demo, "ql.handler")
    form = open_case(page, case_url, "报送隐患治理方案")
    returned = page.locator("section.task-form .alert.returned").inner_text()
    assert "经费测算依据不足，请补充分项预算" in returned and "退回修改" in returned  # D24: the opinion above
    for name, value in PLAN.items():  # D24: the returned form holds what was submitted
        assert form.locator(f"[name={name}]").input_value() == value, name


def test_D3_hazard_grade_has_no_preselected_value(demo: Stack, page: Any) -> None:
    _login(page, demo, "ql.handler")
    page.goto(demo.url + "/hazards/new")
    assert page.locator("select[name=grade]").input_value() == ""
    page.fill("input[name=title]", "未选等级的隐患")
    page.locator("select[name=grade]").evaluate("el => el.removeAttribute('required')")
    page.locator("form[action='/hazards'] [required]").evaluate_all(
        "els => els.forEach(e => e.removeAttribute('required'))"
    )
    with page.expect_navigation():
        page.click("form[action='/hazards'] button.primary")
    assert re.search(r"隐患等级[^；：]*：必填", page.locator(".alert.error").inner_text())
    assert page.locator("input[name=title]").input_value() == "未选等级的隐患"
    assert page.locator("select[name=grade]").input_value() == ""


def test_D1_D25_the_action_panel_offers_what_applies_to_this_case_now(demo: Stack, page: Any) -> None:
    _login(page, demo, "ql.handler")
    accident = _case_url(page, demo, "accident")
    page.goto(accident)
    offered = _actions(page)
    assert "update_casualties" in offered  # D1: the accident's own actions
    assert not {"order_suspension", "report_refusal"} & offered  # and none of the hazard's
    # D1: the clock may be stopped only on this user's own tasks, never the procuratorate's.
    options = page.locator("#action-suspend_clock select[name=task_id] option").all_inner_texts()
    assert options and "邀请派员参加事故调查" not in options
    rectification = _case_url(page, demo, "rectification")
    page.goto(rectification)
    offered = _actions(page)
    # D25: a new order: nothing decided, nothing appealed, no power cut: none of these applies yet.
    assert not {"lift_power_cut", "propose_power_cut", "record_appeal", "record_appeal_result"} & offered
    assert not {"report_refusal", "record_continuous_fine"} & offered
    assert "order_suspension" in offered


def test_D15_a_refused_case_action_keeps_what_was_typed(demo: Stack, page: Any) -> None:
    _login(page, demo, "ql.handler")
    page.goto(_case_url(page, demo, "accident"))
    form = page.locator("#action-suspend_clock")
    form.locator("xpath=ancestor::details").evaluate("el => el.open = true")
    form.locator("[name=reason]").fill("委托技术鉴定，鉴定期间不计入调查期限")
    with page.expect_navigation():
        form.locator("button").click()  # the legal basis is missing
    form = page.locator("#action-suspend_clock")
    assert form.is_visible()  # the panel stays open on the refused action
    assert form.locator("[name=reason]").input_value() == "委托技术鉴定，鉴定期间不计入调查期限"
    assert "法律依据：必填" in page.locator(".alert.error").inner_text()
    assert "basis" not in page.locator(".alert.error").inner_text()


def test_D8_the_status_filter_keeps_to_its_process(demo: Stack, page: Any) -> None:
    _login(page, demo, "ql.office")
    page.goto(demo.url + "/cases")
    page.select_option("select[name=status]", "hazard:reported")
    with page.expect_navigation():
        page.click("form.filters button")
    processes = page.locator("table.grid tbody tr td:nth-child(3)").all_inner_texts()
    assert processes and set(processes) == {"重大事故隐患挂牌督办"}, processes
    assert page.locator("select[name=status]").input_value() == "hazard:reported"


def test_D9_taking_a_task_is_not_called_the_legal_receipt(demo: Stack, page: Any) -> None:
    _login(page, demo, "ql.police")
    page.goto(_case_url(page, demo, "crime_transfer"))
    section = page.locator("section.task-form", has_text="签收涉嫌犯罪案件移送书")
    button = section.locator("form[action$='/claim'] button")
    assert button.inner_text() == "认领任务"
    with page.expect_navigation():
        button.click()
    assert "认领人" in page.locator("table.grid").first.inner_text()
    assert "签收：签收涉嫌犯罪案件移送书" not in page.locator("#timeline").inner_text()


def test_D10_the_transfer_letter_is_not_waiting_for_service(demo: Stack, page: Any) -> None:
    _login(page, demo, "ql.handler")
    page.goto(_case_url(page, demo, "crime_transfer"))
    letter = page.locator("ul.documents li", has_text="涉嫌犯罪案件移送书")
    assert "待登记送达" not in letter.inner_text() and "公安机关" in letter.inner_text()
    with page.expect_navigation():
        letter.locator("a[href$='/service']").click()
    assert page.locator("#service-form").count() == 0
    assert "不适用送达程序" in page.locator("#service").inner_text()


def test_D11_the_public_report_page_uses_its_own_labels(demo: Stack, page: Any) -> None:
    _login(page, demo, "ql.handler")
    page.goto(_case_url(page, demo, "public_report"))
    details = page.locator("dl.details").first.inner_text()
    assert "举报内容" in details and "隐患描述" not in details and "事故地点" not in details


@pytest.mark.parametrize("width", [390, 768])
def test_D12_the_staff_console_fits_a_phone_and_a_tablet(demo: Stack, browser: Any, width: int) -> None:
    tab = browser.new_page(viewport={"width": width, "height": 844}, locale="zh-CN")
    try:
        _login(tab, demo, "ql.handler")
        tab.goto(f"{demo.url}/cases?process=rectification&jurisdiction=530302&q=宏达建材")
        link = tab.locator("table.grid tbody tr a[href^='/cases/']").first
        rectification = demo.url + str(link.get_attribute("href"))
        tab.goto(rectification)  # the demo's order to 宏达建材, served on paper: its service is recorded
        service = str(tab.locator("ul.documents a[href$='/service']").first.get_attribute("href"))
        pages = ("/inbox", "/cases", "/overdue", "/rectifications/new", service, rectification.removeprefix(demo.url))
        for path in pages:
            tab.goto(demo.url + path)
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, path
        # On the case page the step done on site (recording the service) is a usable form.
        tab.goto(rectification)
        form = tab.locator("section.task-form form[action$='/complete']").first
        box = form.locator("button.primary").bounding_box()
        assert box is not None and box["height"] >= 32 and box["x"] + box["width"] <= width
        nav = tab.locator("aside.nav").bounding_box()
        assert nav is not None and nav["height"] < 120  # the menu is a bar above, not half the screen
    finally:
        tab.close()


def test_D13_public_and_enterprise_pages_carry_no_staff_notes(demo: Stack, page: Any) -> None:
    page.goto(demo.url + "/public/enforcement")
    assert "未经核实" not in page.locator("main").inner_text()
    _login(page, demo, "ql.handler")
    page.goto(f"{demo.url}/calendar/{dt.datetime.now(CHINA_TZ).date().year}")
    text = page.locator("main").inner_text()
    assert "chinese-calendar" not in text and "国务院办公厅" in text
    _logout(page)
    page.goto(demo.url + "/login")
    page.fill("input[name=username]", "qy.panjiang")
    page.fill("input[name=password]", "demo1234")
    with page.expect_navigation():
        page.click("button.primary")
    page.goto(demo.url + "/enterprise")
    page.locator("a[href^='/enterprise/cases/']").first.click()
    page.wait_for_load_state()
    assert "未经确认" not in page.locator("main").inner_text()


def test_D16_the_enterprise_is_offered_no_extension_while_it_plans(demo: Stack, page: Any) -> None:
    page.goto(demo.url + "/login")
    page.fill("input[name=username]", "qy.panjiang")
    page.fill("input[name=password]", "demo1234")
    with page.expect_navigation():
        page.click("button.primary")
    page.goto(demo.url + "/enterprise")
    page.locator("a[href^='/enterprise/cases/']").first.click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "申请延期整改" not in main  # no extension before the rectification period runs
    info = page.locator("#case-info").inner_text()
    assert "隐患描述" in info and "整改期限" in info


def test_D17_an_hour_clock_is_explained_in_hours(demo: Stack, page: Any) -> None:
    page.goto(f"{demo.url}/deadlines?start=2026-12-01&amount=24&unit=hours")
    result = page.locator("section.result").inner_text()
    assert "2026年12月2日 00:00" in result and "起算日不计入" not in result


def test_D18_calendar_links_stay_within_the_years_held(demo: Stack, page: Any) -> None:
    _login(page, demo, "ql.handler")
    for year, absent in ((2000, "/calendar/1999"), (2100, "/calendar/2101")):
        page.goto(f"{demo.url}/calendar/{year}")
        assert page.locator(f"a[href='{absent}']").count() == 0
    response = page.goto(f"{demo.url}/calendar/1999")
    assert response is not None and response.status == 404
    assert "只能查看2000年至2100年" in page.locator(".alert.error").inner_text()


def test_D19_the_trend_panel_says_when_there_is_no_data(demo: Stack, page: Any) -> None:
    _login(page, demo, "ql.office")
    page.goto(demo.url + "/overdue")
    assert "暂无数据" in page.locator("main").inner_text()


def test_D21_english_mode_translates_the_console(demo: Stack, page: Any) -> None:
    _login(page, demo, "ql.handler")
    page.goto(demo.url + "/lang/en?next=" + _case_url(page, demo, "hazard").removeprefix(demo.url))
    nav = page.locator("aside.nav").inner_text()
    assert "Rectification orders" in nav and "责令整改" not in nav
    assert page.locator(".tag.role").inner_text() == "Case handler"
    main = page.locator("main").inner_text()
    assert "，," not in main and "Major hazard supervision" in main  # the process's name
    steps = page.locator("table.grid tbody tr td:first-child").all_inner_texts()
    assert "Listing decision" in steps and "挂牌督办决定" not in steps, steps  # step names
    page.goto(demo.url + "/lang/zh?next=/inbox")


def test_D22_accessibility_basics(demo: Stack, page: Any) -> None:
    page.goto(demo.url + "/login")
    assert page.title().startswith("登录 · ")
    assert page.request.get(demo.url + "/static/favicon.svg").status == 200
    _login(page, demo, "ql.handler")
    page.goto(demo.url + "/cases")
    for name in ("process", "status", "jurisdiction", "overdue", "sort", "q"):
        assert page.locator(f"form.filters [name={name}]").get_attribute("aria-label"), name
    assert page.locator("table.grid th:not([scope])").count() == 0
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"


def _png() -> bytes:
    """A 1×1 PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_D2_attachments_are_previewed_inline(demo: Stack, page: Any) -> None:
    _login(page, demo, "ql.handler")
    case_url = _case_url(page, demo, "hazard")
    page.goto(case_url)
    form = page.locator("form[action$='/attachments']")
    form.locator("input[type=file]").set_input_files(
        [
            {"name": "现场照片.png", "mimeType": "image/png", "buffer": _png()},
            {"name": "检测报告.pdf", "mimeType": "application/pdf", "buffer": PDF},
        ]
    )
    with page.expect_navigation():
        form.locator("button").click()
    items = page.locator("ul.attachments li")
    photo = items.filter(has_text="现场照片.png").locator("details.preview img")
    report = items.filter(has_text="检测报告.pdf").locator("details.preview iframe")
    assert photo.count() == 1 and report.count() == 1
    for element, kind in ((photo, "image/png"), (report, "application/pdf")):
        source = str(element.get_attribute("src"))
        shown = page.request.get(demo.url + source)
        assert shown.status == 200 and shown.headers["content-type"] == kind
        assert shown.headers["content-disposition"] == "inline"
        assert "frame-ancestors 'self'" in shown.headers["content-security-policy"]
        download = page.request.get(demo.url + source.removesuffix("/preview"))
        assert download.headers["content-disposition"].startswith("attachment")
