"""Request body budgets, enforced before anything reads the body (security probe F1).

A pure ASGI middleware: a declared `Content-Length` over the route's budget is refused at once,
and a streamed (chunked) body is counted as the application reads it and cut off at the budget.
Either way the answer is 413 with a message a handler understands, and no route ever parses more
than its budget. Budgets: JSON bodies, page and public forms, and the upload routes (the
configured attachment limit × the number of files per request, plus room for the other fields).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.attachments import AttachmentLimits
from services.attachments import MAX_FILES

KB = 1024
MB = 1024 * KB

# Routes that take files (multipart): the API's and the pages'.
UPLOAD_ROUTES = re.compile(
    r"^(/api/v1)?(/cases/[^/]+/attachments|/enterprise/cases/[^/]+/(tasks|actions)/[^/]+|/enterprises/import)$"
)


@dataclass(frozen=True)
class BodyBudgets:
    """Configured in settings.py (`max_json_body_bytes`, `max_form_body_bytes`)."""

    json: int = 64 * KB
    form: int = 1 * MB
    upload_margin: int = 1 * MB  # the other fields and the multipart framing

    def upload(self, limits: AttachmentLimits) -> int:
        return limits.max_bytes * MAX_FILES + self.upload_margin


class BodyTooLarge(Exception):
    """Raised into the application when a streamed body passes its budget."""


def _label(size: int) -> str:
    return f"{size / MB:g}MB" if size >= MB else f"{size // KB}KB"


def _budget(scope: Scope, budgets: BodyBudgets) -> tuple[int, str]:
    """The route's budget in bytes and the refusal message that names it."""
    path: str = scope.get("path", "")
    state = getattr(getattr(scope.get("app"), "state", None), "app", None)
    if state is not None:
        budgets = BodyBudgets(json=state.settings.max_json_body_bytes, form=state.settings.max_form_body_bytes)
    if UPLOAD_ROUTES.match(path):
        limits = state.config.attachments if state is not None else AttachmentLimits()
        return budgets.upload(limits), (
            f"上传内容过大（一次最多{MAX_FILES}个文件，每个不超过{limits.max_label}），未保存；请分批上传"
        )
    content_type = dict(scope.get("headers") or []).get(b"content-type", b"").decode("latin-1").lower()
    size = budgets.json if path.startswith("/api/") or content_type.startswith("application/json") else budgets.form
    return size, f"提交的内容过大（上限{_label(size)}），未处理；请精简后重试"


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, budgets: BodyBudgets | None = None) -> None:
        self.app = app
        self.budgets = budgets or BodyBudgets()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, message = _budget(scope, self.budgets)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.strip().isdigit() or int(declared) > limit):
            await _refuse(scope, send, message)
            return

        received = 0
        exceeded = False
        started = False

        async def counted_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                raise BodyTooLarge
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge
            return msg

        async def guarded_send(msg: Message) -> None:
            nonlocal started
            if exceeded:
                return  # the application's answer to a body cut short: ours replaces it
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await _refuse(scope, send, message)


async def _refuse(scope: Scope, send: Send, message: str) -> None:
    path: str = scope.get("path", "")
    body: bytes
    headers: list[tuple[bytes, bytes]]
    if path.startswith("/api/"):
        payload: dict[str, Any] = {"error": "too_large", "message": message}
        body = json.dumps(payload, ensure_ascii=False).encode()
        headers = [(b"content-type", b"application/json")]
    else:
        body = (
            '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>提交的内容过大</title>'
            f'<p>{escape(message)}</p><p><a href="/">返回首页</a></p></html>'
        ).encode()
        headers = [(b"content-type", b"text/html; charset=utf-8")]
    headers += [(b"content-length", str(len(body)).encode()), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
