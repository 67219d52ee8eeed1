"""User administration, the audit log and one's own password, over HTTP."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from tests.api.conftest import Login


def _org(sessions: sessionmaker[Session], username: str) -> int:
    with sessions() as db:
        user = db.scalars(select(models.User).where(models.User.username == username)).one()
        return user.org_id


async def _sign_in(http: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    response = await http.post("/api/v1/session", json={"username": username, "password": password})
    if response.status_code == 200:
        http.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return response


async def test_an_administrator_manages_the_accounts_of_its_jurisdiction_and_every_change_is_audited(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    admin, handler = await login("yn.admin"), await login("ql.handler")
    assert (await handler.get("/api/v1/admin/users")).status_code == 403
    users = (await admin.get("/api/v1/admin/users", params={"q": "ql."})).json()
    assert {"ql.handler", "ql.office"} <= {u["username"] for u in users["items"]}

    bureau = _org(sessions, "ql.handler")
    new = {
        "username": "ql.handler9",
        "display_name": "张承办",
        "org_id": bureau,
        "role": "handler",
        "password": "Anquan2026x",
    }
    weak = await admin.post("/api/v1/admin/users", json={**new, "password": "short1"})
    assert weak.status_code == 422 and "密码至少10位" in weak.json()["message"]
    wrong_role = await admin.post("/api/v1/admin/users", json={**new, "role": "police_liaison"})
    assert wrong_role.status_code == 422 and "只能是以下角色" in wrong_role.json()["message"]
    taken = await admin.post("/api/v1/admin/users", json={**new, "username": "ql.office"})
    assert taken.status_code == 409
    created = await admin.post("/api/v1/admin/users", json=new)
    assert created.status_code == 201, created.text
    user = created.json()
    assert user["must_change_password"] and user["role_label"] == "承办人"

    # The new handler signs in, must change the password, and does.
    transport = handler._transport  # the same app
    fresh = httpx.AsyncClient(transport=transport, base_url="http://test")
    assert (await _sign_in(fresh, "ql.handler9", "Anquan2026x")).status_code == 200
    same = await fresh.post(
        "/api/v1/account/password", json={"current_password": "Anquan2026x", "new_password": "Anquan2026x"}
    )
    assert same.status_code == 422 and "不能与原密码相同" in same.json()["message"]
    wrong = await fresh.post(
        "/api/v1/account/password", json={"current_password": "nope", "new_password": "Xinmima20270"}
    )
    assert wrong.status_code == 403 and wrong.json()["message"] == "原密码不正确"
    done = await fresh.post(
        "/api/v1/account/password", json={"current_password": "Anquan2026x", "new_password": "Xinmima20270"}
    )
    assert done.status_code == 204
    listed = (await admin.get("/api/v1/admin/users", params={"q": "ql.handler9"})).json()["items"][0]
    assert not listed["must_change_password"]

    # A reset gives a one-time password and ends the user's sessions; disabling refuses sign-in.
    reset = await admin.post(f"/api/v1/admin/users/{user['id']}/reset-password")
    assert reset.status_code == 200 and len(reset.json()["temporary_password"]) == 12
    assert (await fresh.get("/api/v1/tasks")).status_code == 401
    assert (await _sign_in(fresh, "ql.handler9", reset.json()["temporary_password"])).status_code == 200
    changed = await admin.patch(f"/api/v1/admin/users/{user['id']}", json={"role": "head"})
    assert changed.status_code == 200 and changed.json()["role"] == "head"
    off = await admin.patch(f"/api/v1/admin/users/{user['id']}", json={"is_active": False})
    assert off.status_code == 200 and not off.json()["is_active"]
    refused = await _sign_in(fresh, "ql.handler9", reset.json()["temporary_password"])
    assert refused.status_code == 403 and refused.json()["message"] == "用户名或密码错误"
    admin_id = (await admin.get("/api/v1/admin/users", params={"q": "yn.admin"})).json()["items"][0]["id"]
    itself = await admin.patch(f"/api/v1/admin/users/{admin_id}", json={"is_active": False})
    assert itself.status_code == 409 and "不能停用自己的账号" in itself.json()["message"]

    audit = (await admin.get("/api/v1/admin/audit", params={"actor": ""})).json()["items"]
    mine = [(e["action"], e["target"]) for e in audit if e["target"] == "ql.handler9"]
    for action in (
        "user_created",
        "login",
        "password_changed",
        "user_password_reset",
        "user_role_changed",
        "user_disabled",
        "login_failed",
    ):
        assert (action, "ql.handler9") in mine, action
    failed = next(e for e in audit if e["action"] == "login_failed" and e["target"] == "ql.handler9")
    assert failed["detail"]["reason"] == "账号已停用" and failed["action_label"] == "登录失败"
    only_logins = (await admin.get("/api/v1/admin/audit", params={"action": "login"})).json()["items"]
    assert only_logins and {e["action"] for e in only_logins} == {"login"}
    bad_range = await admin.get("/api/v1/admin/audit", params={"since": "2026-12-02", "until": "2026-12-01"})
    assert bad_range.status_code == 422
    await fresh.aclose()


async def test_a_city_administrator_sees_only_its_own_jurisdiction(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    admin = await login("yn.admin")
    city_office = _org(sessions, "qj.office")
    created = await admin.post(
        "/api/v1/admin/users",
        json={
            "username": "qj.admin",
            "display_name": "曲靖市管理员",
            "org_id": city_office,
            "role": "admin",
            "password": "Quj1ngAdmin",
        },
    )
    assert created.status_code == 201, created.text
    city = httpx.AsyncClient(transport=admin._transport, base_url="http://test")
    assert (await _sign_in(city, "qj.admin", "Quj1ngAdmin")).status_code == 200
    first = await city.get("/api/v1/admin/users")
    assert first.status_code == 403 and "请先修改密码" in first.json()["message"]
    changed = await city.post(
        "/api/v1/account/password", json={"current_password": "Quj1ngAdmin", "new_password": "Quj1ngAdmin2027"}
    )
    assert changed.status_code == 204
    names = {u["username"] for u in (await city.get("/api/v1/admin/users")).json()["items"]}
    assert "ql.handler" in names and "yn.office" not in names
    province_user = (await admin.get("/api/v1/admin/users", params={"q": "yn.office"})).json()["items"][0]
    hidden = await city.patch(f"/api/v1/admin/users/{province_user['id']}", json={"is_active": False})
    assert hidden.status_code == 404
    outside = await city.post(
        "/api/v1/admin/users",
        json={
            "username": "yn.someone",
            "display_name": "省里的人",
            "org_id": province_user["org_id"],
            "role": "office",
            "password": "Shengli2026x",
        },
    )
    assert outside.status_code == 404 and "管理范围" in outside.json()["message"]
    await city.aclose()


async def test_an_administrator_marks_a_head_account_principal_acting_or_deputy(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    admin = await login("yn.admin")
    bureau = _org(sessions, "ql.head")
    created = await admin.post(
        "/api/v1/admin/users",
        json={
            "username": "ql.deputy1",
            "display_name": "王副局长",
            "org_id": bureau,
            "role": "head",
            "password": "Fujuzhang2026",
        },
    )
    assert created.status_code == 201, created.text
    head = created.json()
    assert head["head_capacity"] == ""
    marked = await admin.patch(f"/api/v1/admin/users/{head['id']}", json={"head_capacity": "deputy"})
    assert marked.status_code == 200 and marked.json()["head_capacity"] == "deputy"
    wrong = await admin.patch(f"/api/v1/admin/users/{head['id']}", json={"head_capacity": "boss"})
    assert wrong.status_code == 422 and "负责人身份只能是" in wrong.json()["message"]
    handler_id = (await admin.get("/api/v1/admin/users", params={"q": "ql.handler"})).json()["items"][0]["id"]
    not_head = await admin.patch(f"/api/v1/admin/users/{handler_id}", json={"head_capacity": "principal"})
    assert not_head.status_code == 422 and "只有机关负责人账号" in not_head.json()["message"]
    audit = (await admin.get("/api/v1/admin/audit", params={"action": "user_head_capacity"})).json()["items"]
    assert audit[0]["target"] == "ql.deputy1" and audit[0]["detail"] == {"from": "机关负责人", "to": "副职负责人"}
    nothing = await admin.patch(f"/api/v1/admin/users/{head['id']}", json={})
    assert nothing.status_code == 422
