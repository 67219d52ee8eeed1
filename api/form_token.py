"""Signed, expiring form tokens for forms posted without a session (login, the public report).

`GET` of the form sets a random value in a cookie of its own (`SameSite=Strict`, so another
site's post never carries it) and puts `issued-at.HMAC(secret, purpose|cookie|issued-at)` in a
hidden field. The post must bring both, matching, and not older than `form_token_minutes`. A
token lifted from one browser is useless in another (different cookie), and another site can
neither read the token nor make the browser send the cookie.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from fastapi import Request, Response

from api.client import is_https
from domain.errors import Forbidden
from settings import Settings

FORM_COOKIE = "anquan_form"
FORM_FIELD = "form_token"
EXPIRED = "页面已过期或请求来源不明，请刷新页面后重新提交"


def _signature(settings: Settings, purpose: str, nonce: str, issued: int) -> str:
    message = f"{purpose}|{nonce}|{issued}".encode()
    return hmac.new(settings.secret_key.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class FormToken:
    nonce: str  # the browser's form cookie
    value: str  # the hidden field


def issue(request: Request, settings: Settings, purpose: str, now: dt.datetime) -> FormToken:
    """The token for a form about to be rendered, bound to the browser's form cookie (kept if it
    has one, else new); `remember` then sets the cookie on the response."""
    nonce = request.cookies.get(FORM_COOKIE, "")
    if not (16 <= len(nonce) <= 64 and nonce.replace("-", "").replace("_", "").isalnum()):
        nonce = secrets.token_urlsafe(24)
    issued = int(now.timestamp())
    return FormToken(nonce, f"{issued}.{_signature(settings, purpose, nonce, issued)}")


def remember(response: Response, request: Request, settings: Settings, token: FormToken) -> Response:
    response.set_cookie(
        FORM_COOKIE,
        token.nonce,
        max_age=settings.form_token_minutes * 60,
        httponly=True,
        samesite="strict",
        secure=is_https(request, settings),
        path="/",
    )
    return response


def check(request: Request, token: str, settings: Settings, purpose: str, now: dt.datetime) -> None:
    """Forbidden unless the token was issued to this browser, for this form, and is still fresh."""
    nonce = request.cookies.get(FORM_COOKIE, "")
    issued_text, _, signature = token.partition(".")
    if not nonce or not issued_text.isdigit() or not signature:
        raise Forbidden(EXPIRED)
    issued = int(issued_text)
    age = now.timestamp() - issued
    if age > settings.form_token_minutes * 60 or age < -60:
        raise Forbidden(EXPIRED)
    if not hmac.compare_digest(signature, _signature(settings, purpose, nonce, issued)):
        raise Forbidden(EXPIRED)
