"""The side navigation: grouped by what a user does, each role only the links it may use, and every
link a page the app serves."""

from __future__ import annotations

import dataclasses

from starlette.routing import Match

from api.app import create_app
from domain.roles import OrgType, Role
from services.principal import Principal
from web.console.nav import is_active, nav_sections
from web.i18n import translate

BASE = Principal(
    user_id=1,
    username="u",
    display_name="u",
    role=Role.HANDLER,
    org_id=1,
    org_name="麒麟区应急管理局",
    org_type=OrgType.EMERGENCY_BUREAU,
    jurisdiction_code="530302",
    jurisdiction_name="麒麟区",
    jurisdiction_path="53/5303/530302",
    jurisdiction_level="county",
)


def _links(role: Role, **changes: object) -> dict[str, list[str]]:
    principal = dataclasses.replace(BASE, role=role, **changes)  # type: ignore[arg-type]
    return {s.heading: [href for href, _ in s.links] for s in nav_sections(principal, 2026)}


def test_a_handler_sees_daily_work_intake_inspection_and_the_office_instruments() -> None:
    sections = _links(Role.HANDLER)
    assert list(sections) == ["", "立案", "检查执法", "督办工具", "工具"]
    assert sections[""][:4] == ["/inbox", "/done", "/cases", "/overdue"]
    assert "/rectifications/new" in sections["立案"] and "/random-draws" in sections["检查执法"]
    assert "/enforcement-reviews" in sections["督办工具"]


def test_each_role_sees_only_what_it_may_use() -> None:
    office = _links(Role.OFFICE, org_type=OrgType.SAFETY_OFFICE)
    assert "/rectifications/new" not in office["立案"] and "/random-draws" not in office["检查执法"]
    police = _links(Role.POLICE_LIAISON, org_type=OrgType.PUBLIC_SECURITY)
    assert "立案" not in police and "检查执法" not in police
    assert police["督办工具"] == ["/interviews", "/bulletins", "/joint-supervisions"]
    enterprise = _links(Role.ENTERPRISE, enterprise_id=1)
    assert enterprise == {"": ["/enterprise", "/enterprise/declarations"], "公开": ["/public", "/public/blacklist"]}
    admin = _links(Role.ADMIN, org_type=OrgType.SAFETY_OFFICE)
    assert admin[""] == ["/admin/users", "/admin/audit", "/entrustments"] and "/inbox" not in str(admin)


def test_every_link_is_a_page_the_app_serves() -> None:
    routes = create_app().routes
    for role in Role:
        for hrefs in _links(role).values():
            for href in hrefs:
                scope = {"type": "http", "path": href.split("?")[0], "method": "GET", "root_path": ""}
                assert any(route.matches(scope)[0] == Match.FULL for route in routes), f"{role}: {href}"


def test_the_link_of_the_page_shown_is_marked() -> None:
    assert is_active("/cases/12", "/cases") and is_active("/enterprises", "/enterprises")
    assert not is_active("/enterprises/new", "/enterprises") and is_active("/enterprises/new", "/enterprises/new")
    assert not is_active("/public/blacklist", "/public") and not is_active("/enterprise", "/enterprises")


def test_every_heading_and_link_of_every_role_reads_in_english() -> None:
    for role in Role:
        principal = dataclasses.replace(BASE, role=role)
        for section in nav_sections(principal, 2026):
            for text in [section.heading, *(label for _, label in section.links)]:
                if text:
                    english = translate(text, "en")
                    assert english != text and not any("\u4e00" <= ch <= "\u9fff" for ch in english), (role, text)
