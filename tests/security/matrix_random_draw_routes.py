"""The authorisation-matrix entries of the roster, the inspection matters and the double-random
draws (issue 20 item 2); `RouteSpec` and the role sets come from the matrix.

The roster, the matters and the draws belong to an emergency-management bureau: its handlers and
heads (services/inspector_roster.require_bureau_staff). A draw's page and its verification are
also open to the safety-committee offices above it; none of the matrix cases is a draw (404)."""

from __future__ import annotations

from typing import Any

NO_SUCH_ID = "2147483647"
BUREAU = frozenset({"handler", "head"})
VERIFIERS = BUREAU | {"office"}


def random_draw_routes(spec: Any, anyone: frozenset[str]) -> dict[tuple[str, str], Any]:
    draw = {"draw_id": NO_SUCH_ID}
    return {
        ("GET", "/api/v1/inspectors"): spec(roles=BUREAU),
        ("POST", "/api/v1/inspectors"): spec(roles=BUREAU, body={}),
        ("POST", "/api/v1/inspectors/import"): spec(roles=BUREAU, body={}),
        ("POST", "/api/v1/inspectors/conflicts"): spec(roles=BUREAU, body={}),
        ("GET", "/api/v1/inspection-matters"): spec(roles=BUREAU),
        ("POST", "/api/v1/inspection-matters"): spec(roles=BUREAU, body={}),
        ("GET", "/api/v1/random-draws"): spec(roles=BUREAU),
        ("POST", "/api/v1/random-draws"): spec(roles=BUREAU, body={"matter_id": int(NO_SUCH_ID), "count": 1}),
        ("GET", "/api/v1/random-draws/{draw_id}"): spec(roles=VERIFIERS, params=draw, absent=True),
        ("POST", "/api/v1/random-draws/{draw_id}/verify"): spec(roles=VERIFIERS, params=draw),
        ("GET", "/api/v1/public/random-inspections"): spec(roles=anyone),
        ("GET", "/roster"): spec(roles=BUREAU),
        ("POST", "/roster/inspectors"): spec(roles=BUREAU),
        ("POST", "/roster/import"): spec(roles=BUREAU),
        ("POST", "/roster/conflicts"): spec(roles=BUREAU),
        ("GET", "/inspection-matters"): spec(roles=BUREAU),
        ("POST", "/inspection-matters"): spec(roles=BUREAU),
        ("GET", "/random-draws"): spec(roles=BUREAU),
        ("POST", "/random-draws"): spec(roles=BUREAU),
        ("GET", "/random-draws/{draw_id}"): spec(roles=VERIFIERS, params=draw, absent=True),
        ("POST", "/random-draws/{draw_id}/verify"): spec(roles=VERIFIERS, params=draw),
        ("GET", "/public/random-inspections"): spec(roles=anyone),
    }
