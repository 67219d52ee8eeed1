"""In Chromium, the inbox as a handler uses it all day (issue 19): filter and page it, bulk 签收,
export it, 转办 a task to a colleague who then sees it, 加签 and the co-approver's approval,
抄送 seen by its recipient, and 撤回 of a step whose next step has not started."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from typing import Any

import httpx
from openpyxl import load_workbook

from domain.legal_calendar import CHINA_TZ
from launcher import Stack
from tests.ui.test_browser import _login, _logout

TAG = "浏览器待办测试"


def _api(stack: Stack, username: str) -> httpx.Client:
    http = httpx.Client(base_url=stack.url, timeout=30)
    response = http.post("/api/v1/session", json={"username": username, "password": "demo1234"})
    assert response.status_code == 200, response.text
    http.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return http


def _report(http: httpx.Client, n: int) -> int:
    today = dt.datetime.now(CHINA_TZ).date().isoformat()
    body = {
        "enterprise_id": 1,  # 曲靖市麒麟煤化工有限公司 in 麒麟区, the first enterprise seeded
        "title": f"{TAG}{n:02d}号隐患",
        "description": "配电室门口未设挡鼠板，电缆沟积水。",
        "grade": 4,
        "source": "inspection",
        "found_on": today,
    }
    response = http.post("/api/v1/hazards", json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _task(http: httpx.Client, case_id: int, step: str, path: str = "/api/v1/tasks") -> dict[str, Any]:
    for _ in range(200):
        found = [
            t for t in http.get(path, params={"page_size": 500}).json() if t["case_id"] == case_id and t["step"] == step
        ]
        if found:
            task: dict[str, Any] = found[0]
            return task
        time.sleep(0.05)  # the projection writes the task within ~100 ms
    raise AssertionError(f"{step} did not reach {path}")


def _complete(http: httpx.Client, case_id: int, step: str, form: dict[str, Any]) -> None:
    task = _task(http, case_id, step)
    response = http.post(f"/api/v1/tasks/{task['id']}/complete", json={"form": form})
    assert response.status_code == 200, response.text


def _serve_notice(http: httpx.Client, case_id: int, served_on: str) -> None:
    """The listing office records the service of the supervision notice the system issued."""
    for _ in range(200):
        documents = http.get(f"/api/v1/cases/{case_id}").json()["documents"]
        if documents:
            break
        time.sleep(0.05)
    form = {
        "document_id": documents[0]["id"],
        "method": "direct",
        "served_on": served_on,
        "recipient": "曲靖市麒麟区人民政府",
    }
    response = http.post(f"/api/v1/cases/{case_id}/actions/serve_document", json={"form": form})
    assert response.status_code == 200, response.text


def _choose(select: Any, text: str) -> None:
    """Pick the option whose label contains `text`."""
    select.select_option(select.locator("option", has_text=text).first.get_attribute("value"))


def _notice(page: Any) -> str:
    return str(page.locator(".alert").first.inner_text())


def test_filter_page_bulk_claim_and_export(stack: Stack, browser: Any) -> None:
    handler = _api(stack, "ql.handler")
    for n in range(1, 13):
        _report(handler, n)
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    _login(page, stack, "ql.office")
    page.goto(f"{stack.url}/inbox?q={TAG}&size=10")
    page.wait_for_selector("tr[data-task]")
    assert page.locator("tr[data-task]").count() == 10
    assert "1 / 2" in page.locator(".pager").inner_text()
    page.click(".pager a[rel=next]")
    page.wait_for_url(re.compile(r".*page=2.*"))
    assert "size=10" in page.url and "q=" in page.url
    assert page.locator("tr[data-task]").count() == 2
    # The search box narrows to one case; the filter stays in the URL.
    page.fill("#inbox-filters input[name=q]", f"{TAG}07")
    page.select_option("#inbox-filters select[name=process]", "hazard")
    page.click("#inbox-filters button")
    page.wait_for_url(re.compile(r".*process=hazard.*"))
    assert page.locator("tr[data-task]").count() == 1 and "07号" in page.locator("tr[data-task]").inner_text()
    # Bulk 签收 of two ticked tasks.
    page.goto(f"{stack.url}/inbox?q={TAG}&size=10&sort=-opened")
    boxes = page.locator("input[name=task_id]")
    page.check("#select-all")  # the header box ticks every claimable row of the page
    assert all(box.is_checked() for box in boxes.all())
    page.uncheck("#select-all")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.click("button[form=bulk-claim]")
    page.wait_for_load_state()
    assert "已签收2件" in _notice(page)
    assert page.locator("tr[data-task]", has_text="麒麟区安委办演示用户").count() == 2
    # The export holds the filtered inbox, every page.
    with page.expect_download() as download:
        page.click("a[href^='/inbox/export.xlsx']")
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(titles) == 12 and all(TAG in str(t) for t in titles)
    page.close()


def test_transfer_cosign_copy_and_withdraw(stack: Stack, browser: Any) -> None:
    handler, office = _api(stack, "ql.handler"), _api(stack, "ql.office")
    case_id = _report(handler, 99)
    listing = _task(office, case_id, "listing_decision")
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    _login(page, stack, "ql.office")
    page.goto(f"{stack.url}/cases/{case_id}")
    page.click("#task-actions a[href$='#act-transfer']")
    form = page.locator("form[action$='/act/transfer']")
    _choose(form.locator("select[name=target_user_id]"), "麒麟区安委办工作人员（二）")
    form.locator("textarea[name=reason]").fill("本人外出检查，转同事办理")
    form.locator("button.primary").click()
    page.wait_for_url(re.compile(rf".*/cases/{case_id}$"))
    assert "已转办给麒麟区安委办工作人员（二）" in _notice(page)
    # 抄送 to the city office's user, who gets a read-only notice.
    page.goto(f"{stack.url}/tasks/{listing['id']}/actions#act-copy")
    copy = page.locator("form[action$='/copy']")
    _choose(copy.locator("select[name=to_user_id]"), "曲靖市安委办演示用户")
    copy.locator("textarea[name=reason]").fill("重大隐患挂牌，请市安委办知悉")
    copy.locator("button.primary").click()
    page.wait_for_url(re.compile(rf".*/cases/{case_id}$"))
    assert "已抄送" in _notice(page)
    _logout(page)

    # The colleague sees the task and asks the city office to co-approve (加签).
    _login(page, stack, "ql.office2")
    row = page.locator("tr[data-task]", has_text=f"{TAG}99号隐患")
    assert row.count() == 1 and "麒麟区安委办工作人员（二）" in row.inner_text()
    page.goto(f"{stack.url}/tasks/{listing['id']}/actions")
    signer = page.locator("form[action$='/act/add_signer']")
    _choose(signer.locator("select[name=target_user_id]"), "曲靖市安委办演示用户")
    signer.locator("textarea[name=reason]").fill("一级以上隐患，请市安委办会签")
    signer.locator("button.primary").click()
    page.wait_for_url(re.compile(rf".*/cases/{case_id}$"))
    assert "已加签" in _notice(page)
    _logout(page)

    _login(page, stack, "qj.office")
    assert page.locator(".inbox-tabs .badge").inner_text().strip() == "1"
    page.click(".inbox-tabs a[href='/inbox/copies']")
    copied = page.locator("tr[data-copy]", has_text=f"{TAG}99号隐患")
    assert "未阅" in copied.inner_text() and "请市安委办知悉" in copied.inner_text()
    copied.locator("a").first.click()  # the notice opens the case, read-only for this office
    page.wait_for_url(re.compile(rf".*/cases/{case_id}$"))
    page.goto(f"{stack.url}/inbox")
    page.locator("tr[data-task]", has_text="加签审批").locator("a", has_text="办理").click()
    page.wait_for_url(re.compile(rf".*/cases/{case_id}.*"))
    cosign = page.locator("form[action$='/complete']").first
    cosign.locator("select[name=decision]").select_option("agree")
    cosign.locator("[name=opinion]").fill("同意挂牌督办")
    cosign.locator("button.primary").click()
    page.wait_for_url(re.compile(rf".*/cases/{case_id}.*"))
    assert any("办结：加签审批" in t for t in page.locator("#timeline li .summary").all_inner_texts())
    page.goto(f"{stack.url}/inbox/copies")
    assert "已阅" in page.locator("tr[data-copy]", has_text=f"{TAG}99号隐患").inner_text()
    _logout(page)

    # The steps up to the plan through the API, then 撤回 of the plan in the browser.
    colleague = _api(stack, "ql.office2")
    deadline = (dt.datetime.now(CHINA_TZ).date() + dt.timedelta(days=60)).isoformat()
    _complete(
        colleague,
        case_id,
        "listing_decision",
        {
            "decision": "list",
            "notice_no": "",
            "supervision_matters": "更换失效报警器并实现联锁",
            "responsible_government": "曲靖市麒麟区人民政府",
            "lifting_procedure": "整改完成后申请验收，验收合格后摘牌销号",
            "rectification_deadline": deadline,
        },
    )
    today = str(dt.datetime.now(CHINA_TZ).date())
    _complete(office, case_id, "listing_publication", {"channel": "麒麟区人民政府网站", "published_on": today})
    filing = {"upper_office": "曲靖市安委办", "filing_no": "麒安办备〔2026〕9号", "filed_on": today}
    _complete(office, case_id, "upper_filing", filing)
    _serve_notice(office, case_id, today)  # the plan's clock runs from the notice's service (H31)
    plan = {
        "principal_head": "总经理 李四",
        "objectives": "消除报警装置失效隐患",
        "measures": "更换报警器",
        "funds_cny": 380000,
        "responsible": "设备部 张三",
        "safety_measures": "整改期间停止装卸作业",
        "plan_deadline": deadline,
    }
    _complete(handler, case_id, "rectification_plan", plan)
    done = _task(handler, case_id, "rectification_plan", "/api/v1/tasks/done")
    _login(page, stack, "ql.handler")
    page.goto(f"{stack.url}/done?q={TAG}99")
    assert "已提交" in page.locator("tr[data-task]").first.locator(".outcome").inner_text()
    page.goto(f"{stack.url}/tasks/{done['id']}/actions")
    withdraw = page.locator("form[action$='/act/withdraw']")
    withdraw.locator("textarea[name=reason]").fill("漏填联锁改造措施")
    withdraw.locator("button.primary").click()
    page.wait_for_url(re.compile(rf".*/cases/{case_id}$"))
    assert "已撤回" in _notice(page)
    page.reload()
    assert page.locator(f"section#task-{done['id']}").count() == 0
    redo = page.locator("section.task-form", has_text="报送隐患治理方案")
    assert redo.count() == 1
    assert any("撤回：报送隐患治理方案" in t for t in page.locator("#timeline li .summary").all_inner_texts())
    page.close()
