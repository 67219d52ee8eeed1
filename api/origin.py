"""The same-origin check of the public forms, which post without a session or a CSRF token."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request

from domain.errors import Forbidden


def same_origin(request: Request) -> None:
    """A cross-site post (another site's form submitting in a visitor's name) is refused."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.url.netloc:
        raise Forbidden("请从本网站的举报页面提交")
