"""The inbox pages without Temporal: filters in the URL, refusals of malformed filters, tabs."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.ui.test_pages import _login


def test_inbox_and_done_keep_their_filters_and_refuse_bad_ones(pages: TestClient) -> None:
    _login(pages, "ql.office")
    inbox = pages.get("/inbox", params={"q": "GP-2026", "process": "hazard", "size": "10", "due": "7"})
    assert inbox.status_code == 200, inbox.text
    assert 'value="GP-2026"' in inbox.text and '<option value="7" selected>' in inbox.text
    assert "批量签收" in inbox.text and "/inbox/export.xlsx?" in inbox.text
    bad = pages.get("/inbox", params={"due": "tomorrow"})
    assert bad.status_code == 422 and "到期范围只能是" in bad.text
    assert pages.get("/inbox", params={"enterprise": "x"}).status_code == 422
    done = pages.get("/done", params={"sort": "completed"})
    assert done.status_code == 200 and "办理结果" in done.text
    for path in ("/inbox/copies", "/inbox/stand-ins"):
        assert pages.get(path).status_code == 200
    export = pages.get("/inbox/export.xlsx")
    assert export.status_code == 200 and export.content[:2] == b"PK"
