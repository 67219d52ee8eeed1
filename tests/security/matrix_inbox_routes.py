"""The authorisation-matrix entries of the inbox's tools and the task actions (issue 19), kept
beside the matrix so that its file stays readable; `RouteSpec` and the role sets come from it."""

from __future__ import annotations

from typing import Any

NO_SUCH_ID = "2147483647"  # the largest id a URL may name: nothing has it
FAR = "2099-01-01"


def inbox_routes(spec: Any, writers: frozenset[str], lists: tuple[dict[str, str], ...]) -> dict[tuple[str, str], Any]:
    stand_in = {"stand_in_user_id": int(NO_SUCH_ID), "starts_on": FAR, "ends_on": FAR, "reason": "矩阵"}
    return {
        ("POST", "/api/v1/tasks/claim"): spec(roles=writers, body={"task_ids": ["matrix.t404"]}),
        ("POST", "/api/v1/tasks/{task_id}/actions/{action}"): spec(
            roles=writers, target="task", params={"action": "transfer"}, body={"reason": "矩阵"}
        ),
        ("POST", "/api/v1/tasks/{task_id}/copy"): spec(roles=writers, target="task", body={"reason": "矩阵"}),
        ("POST", "/api/v1/tasks/stand-ins"): spec(roles=writers, body=stand_in),
        ("GET", "/inbox"): spec(queries=lists),
        ("GET", "/done"): spec(queries=lists),
        ("GET", "/inbox/export.xlsx"): spec(queries=lists),
        ("POST", "/inbox/claim"): spec(roles=writers),
        ("GET", "/inbox/copies"): spec(),
        ("GET", "/copies/{copy_id}"): spec(params={"copy_id": NO_SUCH_ID}, absent=True),
        ("GET", "/inbox/stand-ins"): spec(),
        ("POST", "/inbox/stand-ins"): spec(roles=writers, body={**stand_in, "stand_in_user_id": NO_SUCH_ID}),
        ("POST", "/inbox/stand-ins/{period_id}/revoke"): spec(roles=writers, params={"period_id": NO_SUCH_ID}),
        ("GET", "/tasks/{task_id}/actions"): spec(target="task"),
        ("POST", "/tasks/{task_id}/act/{action}"): spec(roles=writers, target="task", params={"action": "transfer"}),
        ("POST", "/tasks/{task_id}/copy"): spec(roles=writers, target="task"),
    }
