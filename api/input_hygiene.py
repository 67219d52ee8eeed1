"""NUL characters are refused in the URL before any route sees them (security probe F13).

PostgreSQL cannot store or compare a NUL in text, so a NUL in a path parameter or a query
string would fail in the database (a 500) instead of being refused; SQLite would store it. Bodies
are checked where they are parsed: the JSON models (`domain.input_rules`) and the page forms
(`web.console.common.read_form`).
"""

from __future__ import annotations

import json
from html import escape
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

MESSAGE = "请求地址不能包含空字符（NUL）"


class NulRefusalMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _has_nul(scope):
            await _refuse(scope, send)
            return
        await self.app(scope, receive, send)


def _has_nul(scope: Scope) -> bool:
    path: str = scope.get("path", "")
    query: bytes = scope.get("query_string", b"")
    return "\x00" in path or b"\x00" in unquote_to_bytes(query.replace(b"+", b" "))


async def _refuse(scope: Scope, send: Send) -> None:
    if str(scope.get("path", "")).startswith("/api/"):
        body = json.dumps({"error": "invalid", "message": MESSAGE, "errors": []}, ensure_ascii=False).encode()
        content_type = b"application/json"
    else:
        body = f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><p>{escape(MESSAGE)}</p></html>'.encode()
        content_type = b"text/html; charset=utf-8"
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 422, "headers": headers})
    await send({"type": "http.response.body", "body": body})
