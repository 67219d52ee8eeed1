"""The API documentation pages (/docs, /redoc), served from the app's own vendored assets.

FastAPI's defaults load Swagger UI and ReDoc from a CDN with no integrity check, and start them
with an inline script, so the app had to switch its CSP off on these pages (security probe F10).
Here every script is a same-origin file under `web/assets`, with Subresource Integrity, and the
pages keep the CSP of every other page.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from html import escape
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

ASSETS = Path(__file__).resolve().parent.parent / "web" / "assets"
SWAGGER_UI = "vendor/swagger-ui-5.35.0"
REDOC = "vendor/redoc-2.5.4"
OPENAPI_URL = "/openapi.json"
TITLE = "安全生产监管执法案件协同系统 API"

router = APIRouter(include_in_schema=False)


@cache
def integrity(asset: str) -> str:
    """The SRI value of a file under web/assets (computed once per process)."""
    digest = hashlib.sha384((ASSETS / asset).read_bytes()).digest()
    return "sha384-" + base64.b64encode(digest).decode()


def _script(asset: str) -> str:
    return f'<script src="/static/{asset}" integrity="{integrity(asset)}"></script>'


def _page(title: str, head: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n{head}</head>\n<body>\n{body}</body>\n</html>\n"
    )


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui() -> HTMLResponse:
    css = f"{SWAGGER_UI}/swagger-ui.css"
    head = f'<link rel="stylesheet" href="/static/{css}" integrity="{integrity(css)}">\n'
    body = (
        f'<div id="swagger-ui" data-openapi-url="{OPENAPI_URL}"></div>\n'
        f"{_script(f'{SWAGGER_UI}/swagger-ui-bundle.js')}\n{_script('docs/swagger-init.js')}\n"
    )
    return HTMLResponse(_page(f"{TITLE} - Swagger UI", head, body))


@router.get("/redoc", response_class=HTMLResponse)
def redoc() -> HTMLResponse:
    body = (
        f'<div id="redoc" data-openapi-url="{OPENAPI_URL}"></div>\n'
        f"{_script(f'{REDOC}/redoc.standalone.js')}\n{_script('docs/redoc-init.js')}\n"
    )
    return HTMLResponse(_page(f"{TITLE} - ReDoc", "", body))
