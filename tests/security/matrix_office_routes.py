"""The authorisation-matrix entries of the safety-committee office's instruments (issue 21): 约谈
and 会商, bulletins and 联合督办, the review of enforcement files, public rulings, the quarterly
report and the published report outcomes, kept beside the matrix so that its file stays readable;
`RouteSpec` and the role sets come from it."""

from __future__ import annotations

from typing import Any


def office_routes(spec: Any, anyone: Any, bulletin_drafters: Any) -> dict[tuple[str, str], Any]:
    return {
        ("POST", "/api/v1/interviews"): spec(roles=frozenset({"office"}), body={}),
        ("POST", "/api/v1/consultations"): spec(roles=frozenset({"handler"}), body={}),
        ("GET", "/api/v1/interviews/board"): spec(),
        # The enforcement review (issue 21): opened by a city-level office; scores to the office and each bureau.
        ("POST", "/api/v1/enforcement-reviews"): spec(roles=frozenset({"handler", "head", "office"}), body={}),
        ("GET", "/api/v1/enforcement-reviews/{year}"): spec(params={"year": "2031"}, absent=True),
        ("POST", "/api/v1/public-rulings"): spec(roles=frozenset({"handler", "head"}), body={}),
        ("POST", "/api/v1/quarterly-reports"): spec(roles=frozenset({"handler", "head", "office"}), body={}),
        ("GET", "/interviews"): spec(),
        ("GET", "/supervision-instruments.xlsx"): spec(),
        ("GET", "/interviews/new"): spec(roles=frozenset({"office"})),
        ("GET", "/consultations/new"): spec(roles=frozenset({"handler"})),
        ("POST", "/interviews"): spec(roles=frozenset({"office"}), body={}),
        ("POST", "/consultations"): spec(roles=frozenset({"handler"}), body={}),
        ("GET", "/enforcement-reviews"): spec(queries=({}, {"year": "2031"})),
        ("POST", "/enforcement-reviews"): spec(roles=frozenset({"handler", "head", "office"}), body={}),
        ("GET", "/enforcement-reviews/{year}.xlsx"): spec(params={"year": "2031"}, absent=True),
        ("GET", "/quarterly-report"): spec(queries=({}, {"year": "2026", "quarter": "1"})),
        ("GET", "/quarterly-report.xlsx"): spec(queries=({}, {"year": "2026", "quarter": "1"})),
        ("POST", "/quarterly-report"): spec(roles=frozenset({"handler", "head", "office"}), body={}),
        ("GET", "/public/report-outcomes"): spec(roles=anyone, queries=({}, {"year": "2026"})),
        # Bulletins (通报, 警示, 案情通报) and 联合督办; the public list and text show only public, issued bulletins.
        ("POST", "/api/v1/bulletins"): spec(roles=bulletin_drafters, body={}),
        ("GET", "/api/v1/bulletins"): spec(queries=({}, {"overdue": "true"})),
        ("GET", "/api/v1/public/bulletins"): spec(roles=anyone, queries=({}, {"q": "MATRIX"})),
        ("GET", "/api/v1/public/bulletins/{document_id}"): spec(roles=anyone, target="document", published_only=True),
        ("POST", "/api/v1/cases/{case_id}/joint-supervision"): spec(
            roles=frozenset({"handler", "head", "office"}), target="case", body={"org_ids": [999999]}
        ),
        ("GET", "/api/v1/joint-supervisions"): spec(),
        ("GET", "/bulletins"): spec(queries=({}, {"overdue": "true"})),
        ("GET", "/bulletins/new"): spec(),
        ("POST", "/bulletins"): spec(roles=bulletin_drafters, body={}),
        ("GET", "/joint-supervisions"): spec(),
        ("GET", "/public/bulletins"): spec(roles=anyone, queries=({}, {"q": "MATRIX"})),
        ("GET", "/public/bulletins/{document_id}"): spec(roles=anyone, target="document", published_only=True),
    }
