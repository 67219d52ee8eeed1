"""Demo organisation data: Yunnan province, two cities with two counties each.

Real GB/T 2260 division codes; one safety-committee office, emergency-management bureau,
public security bureau and procuratorate per jurisdiction; one demo user per role and
jurisdiction; twenty enterprises with valid unified social credit codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.cn import uscc

from db import models
from domain.roles import ORG_TYPE_LABELS, ROLE_FOR_ORG_TYPE, Level, OrgType, Role

DEMO_PASSWORD = "demo1234"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: Level
    parent: str | None
    login: str  # username prefix of its demo users


DIVISIONS = (
    Division("530000", "云南省", Level.PROVINCE, None, "yn"),
    Division("530300", "曲靖市", Level.CITY, "530000", "qj"),
    Division("530302", "麒麟区", Level.COUNTY, "530300", "ql"),
    Division("530303", "沾益区", Level.COUNTY, "530300", "zy"),
    Division("532800", "西双版纳傣族自治州", Level.CITY, "530000", "bn"),
    Division("532801", "景洪市", Level.COUNTY, "532800", "jh"),
    Division("532822", "勐海县", Level.COUNTY, "532800", "mh"),
)

USER_SUFFIX = {
    OrgType.SAFETY_OFFICE: "office",
    OrgType.EMERGENCY_BUREAU: "handler",
    OrgType.PUBLIC_SECURITY: "police",
    OrgType.PROCURATORATE: "procurator",
}

ORG_NAME_SUFFIX = {
    OrgType.SAFETY_OFFICE: "安全生产委员会办公室",
    OrgType.EMERGENCY_BUREAU: "应急管理局",
    OrgType.PUBLIC_SECURITY: "公安局",
    OrgType.PROCURATORATE: "人民检察院",
}

# (name, industry, size, county code)
ENTERPRISES = (
    ("曲靖市麒麟煤化工有限公司", "化工", "大型", "530302"),
    ("麒麟区宏达建材有限公司", "建材", "中型", "530302"),
    ("曲靖越州金属制品有限公司", "冶金", "中型", "530302"),
    ("麒麟区南城烟花爆竹经营部", "烟花爆竹", "小型", "530302"),
    ("曲靖市珠源危险化学品储运有限公司", "危险化学品", "中型", "530302"),
    ("沾益区盘江煤业有限公司", "煤矿", "大型", "530303"),
    ("沾益区花山非金属矿业有限公司", "非煤矿山", "小型", "530303"),
    ("曲靖沾益西平机械制造有限公司", "机械", "中型", "530303"),
    ("沾益区德泽纺织有限公司", "纺织", "小型", "530303"),
    ("沾益区播乐粮食加工厂", "轻工", "小型", "530303"),
    ("景洪市澜沧江橡胶加工有限公司", "轻工", "中型", "532801"),
    ("景洪市勐罕建筑工程有限公司", "建筑施工", "中型", "532801"),
    ("西双版纳州景洪液化气有限公司", "危险化学品", "小型", "532801"),
    ("景洪市嘎洒商贸有限公司", "商贸", "小型", "532801"),
    ("景洪市勐养砂石场", "非煤矿山", "小型", "532801"),
    ("勐海县普洱茶业有限公司", "轻工", "中型", "532822"),
    ("勐海县勐遮糖业有限公司", "轻工", "大型", "532822"),
    ("勐海县打洛矿业有限公司", "非煤矿山", "中型", "532822"),
    ("勐海县布朗山烟花爆竹批发有限公司", "烟花爆竹", "小型", "532822"),
    ("勐海县勐混加油站", "危险化学品", "小型", "532822"),
)


def credit_code(region: str, serial: int) -> str:
    """A valid 18-character code: 9 (market regulation) 1 (enterprise), region, organisation code."""
    org = f"{serial:08d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(c) * w for c, w in zip(org, weights, strict=True)) % 11
    org += {10: "X", 11: "0"}.get(check, str(check))
    body = "91" + region + org
    return body + uscc.calc_check_digit(body)


def seed_organisations(session: Session) -> None:
    """Create the demo organisation tree, users and enterprises (once)."""
    if session.scalar(select(models.Jurisdiction).limit(1)) is not None:
        seed_agency_heads(session)  # a database seeded before the head role existed
        seed_enterprise_users(session)
        seed_archive_reader(session)
        seed_colleagues(session)
        return
    hasher = PasswordHasher()
    password_hash = hasher.hash(DEMO_PASSWORD)
    paths: dict[str, str] = {}
    for division in DIVISIONS:
        paths[division.code] = (paths[division.parent] if division.parent else "") + division.code + "/"
        session.add(
            models.Jurisdiction(
                code=division.code,
                name=division.name,
                level=division.level,
                parent_code=division.parent,
                path=paths[division.code],
            )
        )
        session.flush()
        for org_type in OrgType:
            org = models.Organisation(
                name=division.name + ORG_NAME_SUFFIX[org_type],
                org_type=org_type,
                jurisdiction_code=division.code,
            )
            session.add(org)
            session.flush()
            session.add(
                models.User(
                    username=f"{division.login}.{USER_SUFFIX[org_type]}",
                    display_name=f"{division.name}{ORG_TYPE_LABELS[org_type]}演示用户",
                    password_hash=password_hash,
                    org_id=org.id,
                    role=ROLE_FOR_ORG_TYPE[org_type],
                )
            )
    province_office = _province_office(session)
    session.add(
        models.User(
            username="yn.admin",
            display_name="云南省安委办系统管理员",
            password_hash=password_hash,
            org_id=province_office.id,
            role=Role.ADMIN,
        )
    )
    for serial, (name, industry, size, county) in enumerate(ENTERPRISES, start=10_000_001):
        session.add(
            models.Enterprise(
                name=name,
                credit_code=credit_code(county, serial),
                industry=industry,
                size=size,
                jurisdiction_code=county,
                address=name[:6] + "工业园区",
            )
        )
    session.flush()
    seed_agency_heads(session)
    seed_enterprise_users(session)
    seed_archive_reader(session)
    seed_colleagues(session)


def seed_agency_heads(session: Session) -> None:
    """One head (机关负责人) per emergency-management bureau, e.g. `ql.head` (once)."""
    password_hash: str | None = None
    for division in DIVISIONS:
        username = f"{division.login}.head"
        if session.scalar(select(models.User.id).where(models.User.username == username)) is not None:
            continue
        bureau = session.scalars(
            select(models.Organisation).where(
                models.Organisation.jurisdiction_code == division.code,
                models.Organisation.org_type == OrgType.EMERGENCY_BUREAU,
            )
        ).one()
        password_hash = password_hash or PasswordHasher().hash(DEMO_PASSWORD)
        session.add(
            models.User(
                username=username,
                display_name=f"{division.name}应急管理局负责人",
                password_hash=password_hash,
                org_id=bureau.id,
                role=Role.HEAD,
            )
        )
    session.flush()


# Enterprise users (企业用户): (login, enterprise). Each account is opened by the bureau where the
# enterprise sits (its `org_id`) and sees only its own enterprise's cases.
ENTERPRISE_USERS = (
    ("qy.panjiang", "沾益区盘江煤业有限公司"),
    ("qy.hongda", "麒麟区宏达建材有限公司"),
)


def seed_enterprise_users(session: Session) -> None:
    """One user per demo enterprise above, e.g. `qy.panjiang` (once)."""
    password_hash: str | None = None
    for username, name in ENTERPRISE_USERS:
        if session.scalar(select(models.User.id).where(models.User.username == username)) is not None:
            continue
        enterprise = session.scalars(select(models.Enterprise).where(models.Enterprise.name == name)).one()
        bureau = session.scalars(
            select(models.Organisation).where(
                models.Organisation.jurisdiction_code == enterprise.jurisdiction_code,
                models.Organisation.org_type == OrgType.EMERGENCY_BUREAU,
            )
        ).one()
        password_hash = password_hash or PasswordHasher().hash(DEMO_PASSWORD)
        session.add(
            models.User(
                username=username,
                display_name=f"{name}（企业用户）",
                password_hash=password_hash,
                org_id=bureau.id,
                role=Role.ENTERPRISE,
                enterprise_id=enterprise.id,
            )
        )
    session.flush()


def seed_archive_reader(session: Session) -> None:
    """`yn.archive`, the province's archive reader (档案管理员): reads every case, acts on none,
    each read audited (once)."""
    if session.scalar(select(models.User.id).where(models.User.username == "yn.archive")) is not None:
        return
    office = _province_office(session)
    session.add(
        models.User(
            username="yn.archive",
            display_name="云南省安委办档案管理员",
            password_hash=PasswordHasher().hash(DEMO_PASSWORD),
            org_id=office.id,
            role=Role.ARCHIVE_READER,
        )
    )
    session.flush()


# A second official of the same post (转办, 委派, 加签, 代理 go to a colleague): (login, name, of).
COLLEAGUES = (
    ("ql.handler2", "麒麟区应急管理局承办人（二）", "ql.handler"),
    ("ql.office2", "麒麟区安委办工作人员（二）", "ql.office"),
)


def seed_colleagues(session: Session) -> None:
    """A colleague of `ql.handler` and of `ql.office` in the same body and post (once)."""
    password_hash: str | None = None
    for username, name, of in COLLEAGUES:
        if session.scalar(select(models.User.id).where(models.User.username == username)) is not None:
            continue
        model = session.scalars(select(models.User).where(models.User.username == of)).one()
        password_hash = password_hash or PasswordHasher().hash(DEMO_PASSWORD)
        session.add(
            models.User(
                username=username, display_name=name, password_hash=password_hash, org_id=model.org_id, role=model.role
            )
        )
    session.flush()


DEMO_LOGINS = (
    ("ql.handler", "麒麟区应急管理局承办人"),
    ("ql.head", "麒麟区应急管理局负责人（审批移送）"),
    ("ql.office", "麒麟区安委办"),
    ("qj.office", "曲靖市安委办"),
    ("yn.office", "云南省安委办"),
    ("ql.police", "麒麟区公安局联络员"),
    ("ql.procurator", "麒麟区人民检察院联络员"),
    ("yn.admin", "系统管理员（节假日安排，不能查看案件）"),
    ("yn.archive", "档案管理员（只读查阅，每次查阅留痕）"),
    ("qy.panjiang", "沾益区盘江煤业有限公司企业用户（报送治理方案）"),
)


def _province_office(session: Session) -> models.Organisation:
    """The province's safety-committee office, where the technical accounts belong."""
    return session.scalars(
        select(models.Organisation).where(
            models.Organisation.jurisdiction_code == DIVISIONS[0].code,
            models.Organisation.org_type == OrgType.SAFETY_OFFICE,
        )
    ).one()
