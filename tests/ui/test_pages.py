"""Pages that need no Temporal: login, redirects, the calculator, escaping, CSRF."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support import post_login


def _login(pages: TestClient, username: str = "ql.office") -> str:
    response = post_login(pages, username, follow_redirects=False)
    assert response.status_code == 303
    inbox = pages.get("/inbox")
    return inbox.text.split('name="csrf_token" value="')[1].split('"')[0]


def test_login_page_and_wrong_password(pages: TestClient) -> None:
    assert "安全生产监管执法案件协同系统" in pages.get("/login").text
    wrong = post_login(pages, "ql.office", "x")
    assert wrong.status_code == 403 and "用户名或密码错误" in wrong.text


def test_pages_need_a_session_and_next_stays_local(pages: TestClient) -> None:
    response = pages.get("/inbox", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    away = post_login(pages, "ql.office", data={"next": "//evil.example"}, follow_redirects=False)
    assert away.headers["location"] == "/inbox"


def test_calculator_counts_national_day(pages: TestClient) -> None:
    page = pages.get("/deadlines", params={"start": "2026-09-30", "amount": "5", "unit": "working_days"})
    assert page.status_code == 200 and "2026年10月13日" in page.text
    bad = pages.get("/deadlines", params={"start": "2026-02-30", "amount": "5", "unit": "working_days"})
    assert bad.status_code == 422 and "起算日期" in bad.text


def test_A21_calculator_page_explains_appraisal_and_extension(pages: TestClient) -> None:
    # After the appraisal (1–11 September), when is the report due, and how far can it be extended?
    params = {
        "start": "2026-08-03",
        "rule": "accident.investigation_report",
        "suspend": "2026-09-01/2026-09-11",
        "extend_days": "0",
    }
    page = pages.get("/deadlines", params=params)
    assert page.status_code == 200, page.text
    assert "2026年10月12日" in page.text  # due: 2 Oct (unrolled) + 10 days excluded
    assert "2026年12月11日" in page.text  # cap: 60 days from 12 Oct
    assert "扣除10日" in page.text and "第二十七条" in page.text
    bad = pages.get("/deadlines", params={**params, "extend_days": "61"})
    assert bad.status_code == 422 and "最长可延长60日" in bad.text
    reversed_range = pages.get("/deadlines", params={**params, "suspend": "2026-09-11/2026-09-01"})
    assert reversed_range.status_code == 422 and "早于开始日" in reversed_range.text


def test_forms_without_csrf_token_are_refused(pages: TestClient) -> None:
    _login(pages)
    response = pages.post("/hazards", data={"title": "x"})
    assert response.status_code == 403 and "CSRF" in response.text


def test_invalid_intake_keeps_input_and_escapes_it(pages: TestClient) -> None:
    csrf = _login(pages, "ql.handler")
    response = pages.post(
        "/hazards",
        data={
            "csrf_token": csrf,
            "title": "<script>alert(1)</script>",
            "description": "",
            "grade": "4",
            "source": "inspection",
            "found_on": "2026-11-01",
            "enterprise_id": "",
        },
    )
    assert response.status_code == 422
    assert "<script>alert(1)</script>" not in response.text and "&lt;script&gt;" in response.text
    assert "隐患描述：必填" in response.text


def test_security_headers_and_cookie_flags(pages: TestClient) -> None:
    login = post_login(pages, "ql.office", follow_redirects=False)
    cookie = login.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    page = pages.get("/inbox")
    assert page.headers["x-frame-options"] == "DENY" and "default-src 'self'" in page.headers["content-security-policy"]


def test_foreign_case_is_not_found(pages: TestClient) -> None:
    _login(pages, "jh.handler")
    assert pages.get("/cases/999999").status_code == 404


def test_refusals_on_form_posts_are_pages_not_json(pages: TestClient) -> None:
    csrf = _login(pages, "ql.handler")
    stale = pages.post("/tasks/any/claim", data={"csrf_token": "stale"})
    assert stale.status_code == 403 and stale.headers["content-type"].startswith("text/html")
    assert "CSRF 校验失败" in stale.text and 'href="/inbox"' in stale.text
    foreign = pages.post("/cases/999999/tasks/nope/complete", data={"csrf_token": csrf})
    assert foreign.status_code == 404 and "案件不存在" in foreign.text
    malformed = pages.get("/cases/abc")
    assert malformed.status_code == 422 and malformed.headers["content-type"].startswith("text/html")


def test_top_bar_names_the_jurisdiction_and_english_keeps_the_filters(pages: TestClient) -> None:
    _login(pages, "ql.office")
    page = pages.get("/cases", params={"status": "open", "sort": "-due"})
    assert "麒麟区" in page.text.split('class="who"')[1].split("</div>")[0]
    assert "/lang/en?next=/cases%3Fstatus%3Dopen%26sort%3D-due" in page.text
    switched = pages.get("/lang/en", params={"next": "/cases?status=open&sort=-due"}, follow_redirects=False)
    assert switched.headers["location"] == "/cases?status=open&sort=-due"
    pages.cookies.set("lang", "en")
    assert "Cases" in pages.get("/cases").text
