"""No page shows text from its URL as the site's own notice (security probe F8).

Confirmations after a redirect are flash messages kept in the server-side session
(`web/console/common.set_flash`), shown once by the next page; `?notice=` means nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from db import models
from settings import Settings
from tests import support
from tests.security.conftest import make_pages, page_login
from tests.security.matrix_data import MatrixCase, make_case

FAKE = "系统通知：请于今日将罚款转账至账户6222000000000000"
ATTACHMENTS = Path(tempfile.mkdtemp(prefix="flash-attachments-"))


@pytest.fixture(scope="module")
def case(database_url: str) -> MatrixCase:
    sessions = support.session_factory(database_url)
    hongda = "麒麟区宏达建材有限公司"  # the enterprise of `qy.hongda`
    return make_case(sessions, "A", "530302", police_access=True, enterprise_name=hongda, attachment_root=ATTACHMENTS)


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        ("ql.handler", ("/cases/{id}", "/inbox", "/cases", "/done", "/overdue", "/deadlines")),
        ("qy.hongda", ("/enterprise/cases/{id}", "/enterprise")),
        (None, ("/public/report", "/public", "/login", "/public/track")),
    ],
)
def test_a_notice_in_the_url_never_appears(
    database_url: str, case: MatrixCase, username: str | None, paths: tuple[str, ...]
) -> None:
    client = make_pages(database_url, Settings(attachment_dir=ATTACHMENTS))
    if username:
        page_login(client, username)
    for path in paths:
        url = path.format(id=case.case_id)
        response = client.get(url, params={"notice": FAKE})
        assert response.status_code == 200, (url, response.status_code)
        assert FAKE not in response.text, f"{url}?notice=… shows the text as the site's notice"


def test_a_real_confirmation_shows_once_after_the_redirect(
    database_url: str, sessions: sessionmaker[Session], case: MatrixCase
) -> None:
    """Claiming a task of a closed case: the refusal comes back as the next page's notice, once."""
    with sessions.begin() as db:
        db.get_one(models.Case, case.case_id).closed = True
    try:
        client = make_pages(database_url, Settings(attachment_dir=ATTACHMENTS))
        csrf = page_login(client, "ql.handler")
        back = f"/cases/{case.case_id}"
        claimed = client.post(
            f"/tasks/{case.task_id}/claim", data={"csrf_token": csrf, "back": back}, follow_redirects=False
        )
        assert claimed.status_code == 303 and claimed.headers["location"] == back  # nothing in the URL
        page = client.get(back)
        assert '<div class="alert">案件已办结，不能再办理</div>' in page.text
        assert "案件已办结，不能再办理" not in client.get(back).text  # shown once
    finally:
        with sessions.begin() as db:
            db.get_one(models.Case, case.case_id).closed = False
