"""Who is on the other end: the client's address and whether it came over HTTPS.

Behind a TLS-terminating proxy the app sees the proxy's address and plain HTTP. The proxy's
X-Forwarded-For and X-Forwarded-Proto are believed only when the request comes from an address
listed in the `trusted_proxies` setting; anybody else could write those headers. This module is
the only place that reads them: uvicorn runs with its own proxy-header handling off
(`api/server.py`), else it would rewrite the peer from X-Forwarded-For before we see it.
"""

from __future__ import annotations

import ipaddress

from fastapi import Request

from settings import Settings


def _from_trusted_proxy(request: Request, settings: Settings) -> bool:
    peer = request.client.host if request.client else ""
    return peer in settings.trusted_proxy_addresses


def client_address(request: Request, settings: Settings) -> str:
    """The peer, or behind trusted proxies the right-most X-Forwarded-For hop that is not one of them."""
    peer = request.client.host if request.client else "unknown"
    if not _from_trusted_proxy(request, settings):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in settings.trusted_proxy_addresses:
            return hop
    return peer


def is_https(request: Request, settings: Settings) -> bool:
    if settings.secure_cookies or request.url.scheme == "https":
        return True
    if not _from_trusted_proxy(request, settings):
        return False
    return request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower() == "https"


def client_network(request: Request, settings: Settings) -> str:
    """The client for per-client limits: its IPv4 address, or its IPv6 /64 (one subscriber's
    line usually holds a whole /64, so counting single IPv6 addresses would count nothing)."""
    return network_of(client_address(request, settings))


def network_of(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)
