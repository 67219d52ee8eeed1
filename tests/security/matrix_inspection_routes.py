"""The authorisation-matrix entries of the annual plan, inspections, 一般 hazards and
self-declarations, the enterprise register and entrusted enforcement (issue 20), kept beside the
matrix so that its file stays readable; `RouteSpec` and the role sets come from it."""

from __future__ import annotations

from typing import Any


def inspection_routes(spec: Any, enterprise: Any, writers: Any) -> dict[tuple[str, str], Any]:
    return {
        # The annual enforcement plan (issue 20): drafted by a bureau's handler; the matrix cases are
        # hazards, so a plan's progress is absent for them.
        ("POST", "/api/v1/inspection-plans"): spec(roles=frozenset({"handler"}), body={}),
        ("GET", "/api/v1/inspection-plans"): spec(queries=({"year": "2026"},)),
        ("GET", "/api/v1/inspection-plans/{case_id}/progress"): spec(target="case", absent=True),
        ("POST", "/api/v1/inspections"): spec(roles=frozenset({"handler", "office"}), body={}),
        ("POST", "/api/v1/inspections/{case_id}/findings/{finding_no}/follow-up"): spec(
            roles=frozenset({"handler", "office"}), target="case", params={"finding_no": "1"}, body={}
        ),
        # 一般事故隐患 (U10): bureaus record and list them; enterprises declare monthly and see their own.
        ("POST", "/api/v1/general-hazards"): spec(roles=frozenset({"handler"}), body={}),
        ("GET", "/api/v1/general-hazards"): spec(queries=({}, {"status": "open"})),
        ("POST", "/api/v1/self-declarations"): spec(roles=enterprise, body={}),
        ("GET", "/api/v1/self-declarations"): spec(
            roles=frozenset({"handler", "head", "office", "archive_reader", "enterprise"}),
            queries=({}, {"month": "2026-10"}),
        ),
        ("GET", "/inspection-plans/new"): spec(roles=frozenset({"handler"})),
        ("POST", "/inspection-plans"): spec(roles=frozenset({"handler"}), body={}),
        ("GET", "/inspection-plans"): spec(queries=({}, {"year": "2026"})),
        ("GET", "/inspections/new"): spec(roles=frozenset({"handler", "office"})),
        ("POST", "/inspections"): spec(roles=frozenset({"handler", "office"}), body={}),
        ("POST", "/inspections/{case_id}/findings/{finding_no}/follow-up"): spec(
            roles=frozenset({"handler", "office"}), target="case", params={"finding_no": "1"}
        ),
        ("GET", "/general-hazards"): spec(queries=({}, {"status": "closed_out"})),
        ("GET", "/general-hazards/new"): spec(roles=frozenset({"handler"})),
        ("POST", "/general-hazards"): spec(roles=frozenset({"handler"}), body={}),
        ("GET", "/self-declarations"): spec(
            roles=frozenset({"handler", "head", "office", "archive_reader"}), queries=({}, {"month": "2026-10"})
        ),
        ("GET", "/enterprise/declarations"): spec(roles=enterprise),
        ("POST", "/enterprise/declarations"): spec(roles=enterprise, body={}),
        ("GET", "/api/v1/enterprises"): spec(queries=({"q": "MATRIX"}, {"q": "宏达"})),
        ("POST", "/api/v1/enterprises"): spec(roles=frozenset({"handler", "office", "head"}), body={}),
        ("GET", "/enterprises/new"): spec(roles=frozenset({"handler", "office", "head"})),
        ("POST", "/enterprises"): spec(roles=frozenset({"handler", "office", "head"})),
        # the register of inspection objects and entrusted enforcement (issue 20)
        ("GET", "/api/v1/enterprises/{enterprise_id}"): spec(params={"enterprise_id": "999999"}, absent=True),
        ("PUT", "/api/v1/enterprises/{enterprise_id}"): spec(
            roles=frozenset({"handler", "office", "head"}), params={"enterprise_id": "999999"}, body={}
        ),
        ("POST", "/api/v1/enterprises/import"): spec(roles=frozenset({"handler", "office", "head"})),
        ("GET", "/enterprises"): spec(queries=({}, {"risk_grade": "重大", "key_object": "1"})),
        ("POST", "/enterprises/import"): spec(roles=frozenset({"handler", "office", "head"})),
        ("GET", "/enterprises/{enterprise_id}/edit"): spec(params={"enterprise_id": "999999"}, absent=True),
        ("POST", "/enterprises/{enterprise_id}/edit"): spec(
            roles=frozenset({"handler", "office", "head"}), params={"enterprise_id": "999999"}
        ),
        ("GET", "/api/v1/entrustments"): spec(roles=frozenset({"handler", "head", "office", "admin"})),
        ("POST", "/api/v1/entrustments"): spec(roles=frozenset({"head", "office", "admin"}), body={}),
        ("POST", "/api/v1/entrustments/{entrustment_id}/revoke"): spec(
            roles=frozenset({"head", "office", "admin"}), params={"entrustment_id": "999999"}
        ),
        ("GET", "/entrustments"): spec(roles=frozenset({"handler", "head", "office", "admin"})),
        ("POST", "/entrustments"): spec(roles=frozenset({"head", "office", "admin"})),
        ("POST", "/entrustments/{entrustment_id}/revoke"): spec(
            roles=frozenset({"head", "office", "admin"}), params={"entrustment_id": "999999"}
        ),
        ("POST", "/api/v1/cases/{case_id}/entrustment"): spec(
            roles=writers, target="case", body={"entrustment_id": 999999}
        ),
        ("GET", "/cases/{case_id}/entrustment"): spec(target="case"),
        ("POST", "/cases/{case_id}/entrustment"): spec(roles=writers, target="case", body={"entrustment_id": "999999"}),
    }
