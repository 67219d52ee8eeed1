"""The side navigation, grouped by what a user does: daily work, starting a case, inspection, the
safety-committee office's instruments, tools. Each role sees only the links it may use; the pages
themselves check again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from domain.roles import OrgType, Role
from services.principal import Principal

STAFF = frozenset({Role.HANDLER, Role.HEAD, Role.OFFICE})
Link = tuple[str, str]  # (href, 中文 label)


@dataclass(frozen=True)
class NavSection:
    heading: str  # "" for the first section (no heading)
    links: tuple[Link, ...]


def nav_sections(principal: Principal, year: int) -> list[NavSection]:
    """The sections of the side navigation for `principal`, empty sections left out."""
    role = principal.role
    calendar = (f"/calendar/{year}", "节假日安排")
    if principal.is_enterprise:
        return _sections(
            ("", [("/enterprise", "我的案件"), ("/enterprise/declarations", "月度自查申报")]),
            ("公开", [("/public", "公开查询"), ("/public/blacklist", "失信名单查询")]),
        )
    if not principal.has_case_access:  # the system administrator: accounts, calendar, chain
        return _sections(
            ("", [("/admin/users", "用户管理"), ("/admin/audit", "审计日志"), ("/entrustments", "委托执法")]),
            ("工具", [calendar, ("/admin/chain", "哈希链校验"), ("/deadlines", "期限计算器"), ("/public", "公开查询")]),
        )
    daily = [("/inbox", "待办"), ("/done", "已办"), ("/cases", "案件"), ("/overdue", "督办")]
    if role in (Role.HANDLER, Role.HEAD, Role.OFFICE, Role.ARCHIVE_READER):
        daily.append(("/archives", "案卷"))
    intake: list[Link] = []
    if role in (Role.HANDLER, Role.OFFICE):
        intake += [("/hazards/new", "上报隐患"), ("/accidents/new", "事故报告")]
    if role == Role.HANDLER:
        intake += [
            ("/crime-transfers/new", "移送涉嫌犯罪"),
            ("/blacklist/new", "失信名单"),
            ("/rectifications/new", "责令整改"),
        ]
    inspection: list[Link] = []
    if role in (Role.HANDLER, Role.OFFICE):
        inspection.append(("/inspections/new", "现场检查"))
    if role == Role.HANDLER:
        inspection.append(("/inspection-plans/new", "年度执法计划"))
    if role in STAFF:
        inspection.append(("/inspection-plans", "计划执行"))
    if role in (Role.HANDLER, Role.HEAD) and principal.org_type == OrgType.EMERGENCY_BUREAU:
        inspection += [
            ("/random-draws", "双随机抽查"),
            ("/inspection-matters", "随机抽查事项清单"),
            ("/roster", "执法人员名录"),
        ]
    if role in STAFF:
        inspection += [
            ("/general-hazards", "一般隐患"),
            ("/self-declarations", "企业自查申报"),
            ("/enterprises", "企业名录"),
            ("/enterprises/new", "登记企业"),
            ("/entrustments", "委托执法"),
        ]
    office: list[Link] = [("/interviews", "约谈会商"), ("/bulletins", "通报"), ("/joint-supervisions", "联合督办")]
    if role in STAFF:
        office += [("/enforcement-reviews", "执法案卷评查"), ("/quarterly-report", "季度报告")]
    tools = [
        ("/statistics", "统计分析"),
        ("/deadlines", "期限计算器"),
        calendar,
        ("/public", "公开查询"),
        ("/public/blacklist", "失信名单查询"),
    ]
    if role == Role.ADMIN:
        tools.append(("/admin/chain", "哈希链校验"))
    return _sections(("", daily), ("立案", intake), ("检查执法", inspection), ("督办工具", office), ("工具", tools))


def _sections(*groups: tuple[str, Sequence[Link]]) -> list[NavSection]:
    return [NavSection(heading, tuple(links)) for heading, links in groups if links]


def is_active(path: str, href: str) -> bool:
    """The link of the page shown: its path, or a page below it (not the portal's blacklist under
    /public, nor a register's form under its list when that form has its own link)."""
    target = href.split("?")[0]
    if href == "/public" and path.startswith("/public/blacklist"):
        return False
    if path == target:
        return True
    return path.startswith(target + "/") and not path.endswith("/new")
