"""Refusing posts that another site makes a visitor's browser send (cross-site request forgery).

Browsers say where a request comes from: `Origin` on every cross-origin POST (`null` from a
sandboxed frame, a `data:` document or some redirects) and `Sec-Fetch-Site` in current browsers.
A post is refused when either names another site, or `null`. A request with neither header is not
from a browser (curl, a partner system): it cannot act in a visitor's name, and the per-client
limits of the route apply to it like to anybody.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request

from domain.errors import Forbidden

SAME_SITE_FETCH = frozenset({"same-origin", "none"})  # "none": typed or bookmarked by the user


def is_cross_site(request: Request) -> bool:
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site.lower() not in SAME_SITE_FETCH:
        return True
    origin = request.headers.get("origin")
    if origin is None:
        return False
    return origin == "null" or urlsplit(origin).netloc != request.url.netloc


def same_origin(request: Request, message: str = "请从本网站的页面提交") -> None:
    """A cross-site post (another site's page submitting in a visitor's name) is refused (403)."""
    if is_cross_site(request):
        raise Forbidden(message)
