"""Organisation types and user roles."""

from enum import StrEnum


class OrgType(StrEnum):
    SAFETY_OFFICE = "safety_office"  # 安全生产委员会办公室 (安委办)
    EMERGENCY_BUREAU = "emergency_bureau"  # 应急管理局
    PUBLIC_SECURITY = "public_security"  # 公安局
    PROCURATORATE = "procuratorate"  # 人民检察院


class Role(StrEnum):
    HANDLER = "handler"  # 承办人 at an emergency-management bureau
    HEAD = "head"  # 机关负责人: the bureau's head, who approves a crime transfer (国务院令第310号 art 5)
    OFFICE = "office"  # staff of a safety-committee office
    POLICE_LIAISON = "police_liaison"  # 公安联络员
    PROCURATORATE_LIAISON = "procuratorate_liaison"  # 检察联络员
    ADMIN = "admin"  # 系统管理员: maintains the holiday calendar
    ENTERPRISE = "enterprise"  # 企业用户: sees only its own enterprise's cases (by credit code)
    ARCHIVE_READER = "archive_reader"  # 档案管理员: reads its jurisdiction's cases, acts on none, audited


# 国务院令第310号 art 5: "报经本机关正职负责人或者主持工作的负责人审批" — a deputy may not decide.
# A head account is the bureau's head unless marked: "" or principal (正职), acting (主持工作的负责人),
# deputy (副职负责人, refused where the law reserves the decision to the head).
HEAD_CAPACITIES = {"": "机关负责人", "principal": "正职负责人", "acting": "主持工作的负责人", "deputy": "副职负责人"}
DEPUTY_HEAD = "deputy"


class Level(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"


ORG_TYPE_LABELS = {
    OrgType.SAFETY_OFFICE: "安委办",
    OrgType.EMERGENCY_BUREAU: "应急管理局",
    OrgType.PUBLIC_SECURITY: "公安局",
    OrgType.PROCURATORATE: "人民检察院",
}

ROLE_LABELS = {
    Role.HANDLER: "承办人",
    Role.HEAD: "机关负责人",
    Role.OFFICE: "安委办督办员",
    Role.POLICE_LIAISON: "公安联络员",
    Role.PROCURATORATE_LIAISON: "检察联络员",
    Role.ADMIN: "系统管理员",
    Role.ENTERPRISE: "企业用户",
    Role.ARCHIVE_READER: "档案管理员",
}

ROLE_FOR_ORG_TYPE = {
    OrgType.SAFETY_OFFICE: Role.OFFICE,
    OrgType.EMERGENCY_BUREAU: Role.HANDLER,
    OrgType.PUBLIC_SECURITY: Role.POLICE_LIAISON,
    OrgType.PROCURATORATE: Role.PROCURATORATE_LIAISON,
}

# Liaisons see only what is addressed or copied to their organisation; the
# others see their jurisdiction and everything below it.
LIAISON_ROLES = frozenset({Role.POLICE_LIAISON, Role.PROCURATORATE_LIAISON})

# Technical accounts with no case duty: no case, task, document, attachment, list or figure,
# whatever their organisation (等保 2.0: system administration apart from business data).
NO_CASE_ACCESS_ROLES = frozenset({Role.ADMIN})
# Read-only case access, each case, document and attachment read written to `case_read_audit`.
READ_ONLY_ROLES = frozenset({Role.ARCHIVE_READER})
