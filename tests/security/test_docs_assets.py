"""F10: /docs and /redoc load only same-origin scripts, with integrity, under the normal CSP; the
vendored assets they reference are served by the app (so the pages also work offline)."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from fastapi.testclient import TestClient

from api.app import SECURITY_HEADERS
from tests.security.conftest import make_pages

SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
ASSET = re.compile(r'(?:src|href)="(?P<url>[^"]+)"(?: integrity="(?P<sri>[^"]+)")?')


@pytest.fixture
def pages(database_url: str) -> TestClient:
    return make_pages(database_url)


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_run_only_same_origin_scripts_under_the_normal_csp(pages: TestClient, path: str) -> None:
    response = pages.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    scripts = list(SCRIPT.finditer(response.text))
    assert len(scripts) == 2
    for script in scripts:
        assert script["body"].strip() == "", "no inline script: the CSP would refuse it"
        src = re.search(r'src="([^"]+)"', script["attrs"])
        assert src is not None and src[1].startswith("/static/") and not src[1].startswith("//")
    assert "cdn." not in response.text and "https://" not in response.text


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_assets_are_served_by_the_app_and_match_their_integrity(pages: TestClient, path: str) -> None:
    found = [m for m in ASSET.finditer(pages.get(path).text) if m["url"].startswith("/static/")]
    assert found
    for match in found:
        asset = pages.get(match["url"])
        assert asset.status_code == 200, match["url"]
        digest = "sha384-" + base64.b64encode(hashlib.sha384(asset.content).digest()).decode()
        assert match["sri"] == digest, match["url"]


def test_vendored_assets_carry_their_licences(pages: TestClient) -> None:
    for url in (
        "/static/vendor/swagger-ui-5.35.0/LICENSE",
        "/static/vendor/swagger-ui-5.35.0/NOTICE",
        "/static/vendor/redoc-2.5.4/LICENSE",
    ):
        assert pages.get(url).status_code == 200, url
