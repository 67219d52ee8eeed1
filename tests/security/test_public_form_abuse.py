"""The 12350 public report form against abuse (security probe F3).

- Cross-site posts are refused: `Origin: null` and a cross-site `Sec-Fetch-Site` included, on the
  page and on the JSON API; the page's form also needs its signed, expiring form token.
- Limits are per client (IPv6 grouped by /64) and per repeated text, never for everyone: a flood
  from 600 addresses leaves a fresh reporter served (beyond the flood threshold each client's
  allowance drops instead).

The app runs on a database of its own (hundreds of reports) with a stand-in Temporal client that
accepts every start, so only the edge and the intake are measured.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.app import create_app
from api.state import AppState
from db import models
from domain.process_config import ProcessConfig
from domain.public_report import FloodLimits
from settings import Settings
from tests import support

FORM = {
    "jurisdiction_code": "530302",
    "description": "麒麟区某建材厂粉尘车间除尘器停用，工人未戴防护用品。",
    "place": "麒麟区越州镇",
}
LIMITS = FloodLimits(per_client_per_hour=5, total_per_hour=500, flood_per_client_per_hour=1, per_description_per_day=3)
API = "/api/v1/public/report-submissions"


class AcceptingTemporal:
    """Starts every workflow at once (the intake is under test, not the workflow)."""

    def __init__(self) -> None:
        self.started = 0

    async def start_workflow(self, *_args: Any, **_kwargs: Any) -> None:
        self.started += 1


@pytest.fixture(scope="module")
def own_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with support.throwaway_database(tmp_path_factory.mktemp("public-form")) as url:
        yield url


@pytest.fixture
def portal(own_database: str) -> TestClient:
    """The public form behind a trusted proxy (TestClient's peer), whose X-Forwarded-For picks the client."""
    state = AppState(
        settings=Settings(trusted_proxies="testclient"),
        sessions=support.session_factory(own_database),
        temporal=AcceptingTemporal(),  # type: ignore[arg-type]
        config=ProcessConfig(public_report=LIMITS),
    )
    app = create_app(state)
    app.state.app = state
    return TestClient(app)


def _reports(own_database: str) -> int:
    sessions: sessionmaker[Session] = support.session_factory(own_database)
    with sessions() as db:
        return db.scalar(select(func.count()).select_from(models.PublicReport)) or 0


def _unique(text: str = "") -> dict[str, str]:
    return {**FORM, "description": f"{FORM['description']}{text}{uuid.uuid4().hex}"}


def _page_post(client: TestClient, data: dict[str, str], headers: dict[str, str] | None = None) -> Any:
    token = support.form_token(client, "/public/report")
    return client.post("/public/report", data={**data, "form_token": token}, headers=headers)


CROSS_SITE = [{"Origin": "null"}, {"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}]


@pytest.mark.parametrize("headers", CROSS_SITE, ids=lambda h: ",".join(f"{k}={v}" for k, v in h.items()))
def test_cross_site_posts_are_refused_on_the_page_and_the_api(
    portal: TestClient, own_database: str, headers: dict[str, str]
) -> None:
    before = _reports(own_database)
    api = portal.post(API, json=_unique(), headers={**headers, "X-Forwarded-For": "192.0.2.10"})
    page = _page_post(portal, _unique(), headers={**headers, "X-Forwarded-For": "192.0.2.10"})
    assert (api.status_code, page.status_code) == (403, 403), (api.text[:200], page.text[:200])
    assert _reports(own_database) == before


def test_the_page_form_needs_its_own_token(portal: TestClient, own_database: str) -> None:
    address = {"X-Forwarded-For": "192.0.2.11"}
    before = _reports(own_database)
    missing = portal.post("/public/report", data=_unique(), headers=address)
    other_browser = support.form_token(TestClient(portal.app), "/public/report")
    borrowed = portal.post("/public/report", data={**_unique(), "form_token": other_browser}, headers=address)
    assert (missing.status_code, borrowed.status_code) == (403, 403)
    assert _reports(own_database) == before
    same_site = {**address, "Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    filed = _page_post(portal, _unique(), headers=same_site)
    assert filed.status_code == 200 and "tracking-code" in filed.text
    api = portal.post(API, json=_unique(), headers=same_site)
    assert api.status_code == 201  # the JSON API: same-origin (or no browser at all) is enough


def test_a_flood_from_600_addresses_leaves_a_fresh_reporter_served(portal: TestClient, own_database: str) -> None:
    answers: dict[int, int] = {}
    for n in range(600):
        address = {"X-Forwarded-For": f"10.{n // 250}.{n % 250}.7"}
        status = portal.post(API, json=_unique(f"#{n}"), headers=address).status_code
        answers[status] = answers.get(status, 0) + 1
    assert answers == {201: 600}, answers  # a first report from each address is accepted
    honest = portal.post(API, json=_unique("honest"), headers={"X-Forwarded-For": "198.51.100.200"})
    assert honest.status_code == 201, honest.text
    page = _page_post(portal, _unique("honest page"), headers={"X-Forwarded-For": "198.51.100.201"})
    assert page.status_code == 200 and "tracking-code" in page.text
    # During the flood each client's allowance is one report an hour, not five.
    again = portal.post(API, json=_unique("again"), headers={"X-Forwarded-For": "10.0.0.7"})
    assert again.status_code == 429 and "已临时收紧" in again.json()["message"]


def test_ipv6_clients_are_counted_by_their_64(portal: TestClient, own_database: str) -> None:
    net = f"2001:db8:{uuid.uuid4().int % 65536:x}:1"
    answers = [
        portal.post(API, json=_unique(), headers={"X-Forwarded-For": f"{net}::{n}"}).status_code for n in range(1, 8)
    ]
    assert 429 in answers and answers.count(201) <= LIMITS.per_client_per_hour, answers
    neighbour = portal.post(API, json=_unique(), headers={"X-Forwarded-For": f"{net[:-1]}2::1"})
    assert neighbour.status_code == 201  # another /64 is another client


def test_the_same_text_from_many_addresses_is_refused_after_a_few(portal: TestClient, own_database: str) -> None:
    text = {**FORM, "description": f"同一段举报内容被反复提交 {uuid.uuid4().hex}"}
    answers = [
        portal.post(API, json=text, headers={"X-Forwarded-For": f"172.16.{n}.9"}).status_code for n in range(1, 6)
    ]
    assert answers == [201, 201, 201, 429, 429], answers
    respaced = {**text, "description": "  " + text["description"].upper().replace(" ", "   ") + " "}
    refused = portal.post(API, json=respaced, headers={"X-Forwarded-For": "172.16.99.9"})
    assert refused.status_code == 429 and "相同内容" in refused.json()["message"]


def test_the_development_secrets_are_refused_outside_development() -> None:
    Settings().check_secrets()  # development: the defaults are fine
    with pytest.raises(ValueError, match="SECRET_KEY"):
        Settings(environment="production").check_secrets()
    with pytest.raises(ValueError, match="PUBLIC_FORM_KEY"):
        Settings(environment="production", secret_key="x" * 40).check_secrets()
    Settings(environment="production", secret_key="x" * 40, public_form_key="y" * 40).check_secrets()
