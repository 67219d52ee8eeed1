"""As a handler would: import a sheet of enterprises with one wrong row, read which row and why,
fix the file and import it again; the register then shows them with their risk grade.

The register needs no workflow: the app is served without Temporal, on the session's database."""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from api.app import create_app
from api.state import AppState
from db.seed import credit_code
from domain.process_config import ProcessConfig
from launcher import free_port
from settings import Settings
from tests import support

HEADER = "企业名称,统一社会信用代码,行业领域,规模,所在行政区划,风险等级,重点监管对象,列为重点理由,经营状态\n"


@pytest.fixture
def web(database_url: str) -> Iterator[str]:
    state = AppState(
        settings=Settings(),
        sessions=support.session_factory(database_url),
        temporal=None,  # type: ignore[arg-type]
        config=ProcessConfig(),
    )
    app = create_app(state)
    app.state.app = state
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the web app did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_handler_imports_a_sheet_fixes_the_wrong_row_and_imports_again(web: str, browser: Any, tmp_path: Path) -> None:
    serial = random.randrange(10_000_000, 89_000_000)  # unique per run: the database is shared
    good, other = credit_code("532822", serial), credit_code("532822", serial + 1)
    wrong = other[:-1] + ("0" if other[-1] != "0" else "1")
    first = "勐海县浏览器茶厂"
    sheet = tmp_path / "名录.csv"
    sheet.write_bytes(
        (
            HEADER
            + f"{first},{good},轻工,小型,勐海县,较大,是,茶叶加工粉尘涉爆,在营\n"
            + f"勐海县浏览器砂石场,{wrong},非煤矿山,小型,勐海县,一般,否,,在营\n"
        ).encode("gbk")
    )
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    page.goto(web + "/login")
    page.fill("input[name=username]", "mh.handler")
    page.fill("input[name=password]", "demo1234")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/inbox$"))
    page.click("nav a[href='/enterprises']")
    page.wait_for_url(re.compile(r".*/enterprises$"))

    page.set_input_files("form.import-form input[type=file]", str(sheet))
    with page.expect_navigation():
        page.click("form.import-form button.primary")
    assert "未导入任何数据" in page.locator("#import-error").inner_text()
    problem = page.locator("table.import-errors tbody tr").first
    assert problem.locator("td").first.inner_text() == "第3行 统一社会信用代码"
    assert "校验位不正确" in problem.locator("td").nth(1).inner_text()
    page.fill("form.filters input[name=q]", "浏览器")
    with page.expect_navigation():
        page.click("form.filters button")
    assert "暂无记录" in page.locator("table.grid").last.inner_text()  # nothing half-imported

    sheet.write_bytes(sheet.read_bytes().replace(wrong.encode(), other.encode()))
    page.set_input_files("form.import-form input[type=file]", str(sheet))
    with page.expect_navigation():
        page.click("form.import-form button.primary")
    assert "导入完成：新增2家，更新0家" in page.locator(".alert").first.inner_text()
    page.fill("form.filters input[name=q]", "浏览器")
    page.select_option("form.filters select[name=key_object]", value="1")
    with page.expect_navigation():
        page.click("form.filters button")
    rows = page.locator("table.grid").last.locator("tbody tr")
    assert rows.count() == 1
    assert first in rows.first.inner_text() and "较大" in rows.first.inner_text()
