"""The serious-dishonesty list (安全生产严重失信主体名单): conditions, measures, forms, periods.

Default rules: 安全生产严重失信主体名单管理办法 (应急管理部令第11号, in force 2023-10-01); the
predecessor 对安全生产领域失信行为开展联合惩戒的实施办法 (安监总办〔2017〕49号) is kept as a rule
set for legacy entries. Statutory base: 安全生产法 art 78 (violation database, public
announcement, notification of the partner authorities, joint punishment). Where the domain notes
mark a figure [S] or [U] it is configurable under `[blacklist]` in `config/process.toml`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from domain.document_service import SERVICE_METHODS
from domain.forms import MAX_ID, LongText, OptionalText, ShortText, StepForm, choice

PROCESS = "blacklist"


@dataclass(frozen=True)
class ListingCondition:
    """One situation that puts a unit on the list, with its legal basis and source tag."""

    code: str
    title: str
    basis: str
    source_tag: str  # P, S or U
    rules: str = "2023"  # the rule set it belongs to: "2023" (Decree 11) or "2017" (49号)
    # "blacklist": a condition of listing; "joint_punishment": one of the ten behaviours that make
    # a unit an object of joint punishment under 49号 (B15).
    kind: str = "blacklist"


DECREE_11 = "安全生产严重失信主体名单管理办法（应急管理部令第11号）"
RULES_2017 = "对安全生产领域失信行为开展联合惩戒的实施办法（安监总办〔2017〕49号）"
JOINT_BASIS_2017 = f"{RULES_2017}（联合惩戒对象，条款序号未经确认）"

# Decree 11 lists the situations in a closed list; its article numbers are not confirmed [U]
# (domain notes §4.2), so each basis names the decree and the situation, not an article.
DEFAULT_CONDITIONS: tuple[ListingCondition, ...] = (
    ListingCondition(
        "major_accident", "发生特别重大、重大生产安全事故", f"{DECREE_11}（列入情形，条款序号未经确认）", "U"
    ),
    ListingCondition(
        "repeat_larger_accidents", "12个月内累计发生2起以上较大生产安全事故", f"{DECREE_11}（列入情形，未经确认）", "U"
    ),
    ListingCondition("concealment", "瞒报、谎报、迟报生产安全事故", f"{DECREE_11}（列入情形，未经确认）", "U"),
    ListingCondition(
        "repeat_major_hazard",
        "重大事故隐患不整改或者整改不到位，多次受到行政处罚",
        f"{DECREE_11}（列入情形，未经确认）",
        "U",
    ),
    ListingCondition(
        "refused_suspension", "拒不执行停产停业整顿等安全生产执法决定", f"{DECREE_11}（列入情形，未经确认）", "U"
    ),
    ListingCondition(
        "unlicensed", "未依法取得安全生产许可证擅自从事生产经营活动", f"{DECREE_11}（列入情形，未经确认）", "U"
    ),
    ListingCondition(
        "false_certification",
        "安全评价、认证、检测、检验机构租借资质、挂靠或者出具虚假报告、证书",
        f"{DECREE_11}（山西省实施细则所列情形）",
        "S",
    ),
    # The 2017 "黑名单" (49号 art 3), for legacy entries.
    ListingCondition("legacy_major_accident", "发生重特大生产安全责任事故", f"{RULES_2017}第三条", "S", rules="2017"),
    ListingCondition(
        "legacy_repeat_larger", "1年内累计发生2起较大生产安全责任事故", f"{RULES_2017}第三条", "S", rules="2017"
    ),
    ListingCondition(
        "legacy_typical_larger",
        "发生性质恶劣、危害性严重、社会影响大的典型较大生产安全责任事故",
        f"{RULES_2017}第三条",
        "S",
        rules="2017",
    ),
    # The ten behaviours that make a unit an object of joint punishment (联合惩戒对象) under 49号
    # (B15) [S: domain notes §4.3]; the article number is not confirmed, so the basis names the rule.
    *(
        ListingCondition(code, title, JOINT_BASIS_2017, "S", "2017", "joint_punishment")
        for code, title in (
            (
                "joint_accident",
                "发生较大及以上生产安全责任事故，或者1年内累计发生3起以上造成人员死亡的一般生产安全责任事故",
            ),
            ("joint_unlicensed", "未依法取得安全生产许可证等行政许可，擅自从事生产经营活动"),
            ("joint_hazard_unfixed", "重大事故隐患或者职业病危害严重超标未整改，仍组织从业人员作业"),
            ("joint_evading_supervision", "拒绝、阻碍、逃避安全生产监督检查"),
            ("joint_operating_under_suspension", "被责令停产停业整顿期间，仍然从事生产经营活动"),
            ("joint_concealment", "瞒报、谎报、迟报生产安全事故"),
            ("joint_unaccepted_project", "高危行业建设项目未经安全设施竣工验收擅自投入生产、使用"),
            ("joint_illegal_mining", "矿山超层越界开采，或者以探代采"),
            ("joint_scene_or_flight", "事故发生后故意破坏事故现场、伪造有关证据，或者主要负责人逃匿"),
            ("joint_false_report", "安全生产中介服务机构出具虚假报告"),
        )
    ),
)

# Decree 11 art 2 (verified, audit §5.1): the list covers production units of these industries and
# the safety assessment, certification, testing and inspection bodies, and their staff (B5). A
# province may change the list under `[blacklist] listed_industries` / `service_body_industries`.
DEFAULT_LISTED_INDUSTRIES: tuple[str, ...] = (
    "煤矿",
    "非煤矿山",
    "尾矿库",
    "化工",
    "医药",
    "危险化学品",
    "烟花爆竹",
    "石油开采",
    "冶金",
    "有色",
    "建材",
    "机械",
    "轻工",
    "纺织",
    "烟草",
    "商贸",
)
DEFAULT_SERVICE_BODY_INDUSTRIES: tuple[str, ...] = ("安全评价检测检验机构",)

SUBJECT_KINDS = {"unit": "生产经营单位或机构", "person": "自然人（主要负责人或机构人员）"}
PERSON_ROLES = {"principal": "生产经营单位主要负责人", "staff": "安全评价、认证、检测、检验机构从业人员"}


@dataclass(frozen=True)
class Measure:
    """A joint-punishment measure (联合惩戒措施) and the partner department that applies it."""

    code: str
    title: str
    partner: str


# 安全生产法 art 78 names the partners (investment, natural resources, environment, securities,
# financial institutions) and the measures; the rest follow the joint-punishment memorandum [S].
DEFAULT_MEASURES: tuple[Measure, ...] = (
    Measure("inspection", "加大执法检查频次", "应急管理部门"),
    Measure("project_approval", "暂停审批其新的投资项目", "发展改革部门"),
    Measure("procurement", "限制参加政府采购活动", "财政部门"),
    Measure("bidding", "限制参与工程建设项目招标投标", "发展改革部门"),
    Measure("land", "限制取得国有建设用地使用权", "自然资源部门"),
    Measure("financing", "从严审核授信、融资，上浮安全生产责任保险费率", "人民银行、金融监管部门"),
    Measure("securities", "限制发行债券、股票融资", "证券监管部门"),
    Measure("honours", "取消评优评先资格", "精神文明建设指导部门"),
    Measure("qualification", "从严审批相关行政许可和资质，依法实施行业或职业禁入", "行业主管部门"),
    Measure("environment", "作为环境信用评价参考", "生态环境部门"),
)


def partners_of(measures: list[Measure] | tuple[Measure, ...]) -> list[str]:
    """The partner departments to notify, once each, in the order the measures list them."""
    seen: list[str] = []
    for measure in measures:
        if measure.partner not in seen:
            seen.append(measure.partner)
    return seen


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of a shorter month): a listing's period end."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ---- intake and steps -------------------------------------------------------------------------


class BlacklistProposal(StepForm):
    """提请列入: from a penalty decision that meets a listing condition.

    Decree 11 art 2 (B5): the subject is a unit or a natural person — the principal head of a
    production unit, or a member of staff of a service body — named with the unit they belong to."""

    subject: Literal["unit", "person"] = Field(
        "unit", title="列入对象", json_schema_extra={"labels": dict(SUBJECT_KINDS)}
    )
    enterprise_id: int = Field(title="当事人（生产经营单位或机构；自然人填其所在单位）", ge=1, le=MAX_ID)
    person_name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)] = Field(
        "", title="自然人姓名（列入自然人时填写）"
    )
    person_role: Literal["", "principal", "staff"] = Field(
        "", title="自然人身份", json_schema_extra={"labels": {"": "（列入单位时不填）", **PERSON_ROLES}}
    )
    condition: ShortText = Field(title="列入情形")
    penalty_decision_no: ShortText = Field(title="行政处罚决定书文号")
    penalty_decided_on: dt.date = Field(title="行政处罚决定日期")
    facts: LongText = Field(title="失信事实（列入理由）")
    source_case_no: OptionalText = Field("", title="提请案件编号（事故调查或隐患督办案件，可不填）", max_length=40)
    rules: Literal["2023", "2017"] = choice(
        {"2023": "应急管理部令第11号（2023）", "2017": "安监总办〔2017〕49号（存量名单）"}, "适用规定"
    )

    @model_validator(mode="after")
    def _person(self) -> BlacklistProposal:
        if self.subject == "person" and not (self.person_name and self.person_role):
            raise ValueError("列入自然人须填写姓名和身份（主要负责人或机构从业人员）")
        if self.subject == "unit" and (self.person_name or self.person_role):
            raise ValueError("列入单位时不填自然人姓名和身份")
        return self


class NoticeForm(StepForm):
    """列入前告知: reasons, basis and the right to state one's case (国办发〔2020〕49号 item 8).

    The notice itself (列入严重失信主体名单告知书) is numbered and issued by the workflow."""

    reasons: LongText = Field(title="拟列入的事实和理由")
    rights: LongText = Field(title="告知的权利（陈述、申辩及期限）")
    served_on: dt.date = Field(title="送达日期")
    # Optional so that notices recorded before service records existed still validate.
    service_method: Literal["direct", "left", "post", "electronic", "announcement"] = Field(
        "direct", title="送达方式", json_schema_extra={"labels": dict(SERVICE_METHODS)}
    )
    service_proof: OptionalText = Field("", title="送达凭证（回证编号、邮件单号、电子回执或公告编号）", max_length=1000)


class StatementForm(StepForm):
    """当事人陈述、申辩: by the enterprise's user directly, or recorded by the handler from paper."""

    received_on: dt.date = Field(title="收到日期")
    statement: LongText = Field(title="陈述、申辩内容")
    evidence: OptionalText = Field("", title="提交的证据材料")


class StatementReviewForm(StepForm):
    """The statement must be answered before the decision (国办发〔2020〕49号 item 8)."""

    decision: Literal["uphold", "accept"] = choice(
        {"uphold": "理由不成立，维持拟列入", "accept": "理由成立，不予列入"}, "复核结论"
    )
    reply: LongText = Field(title="对陈述、申辩的答复")


class ListingDecisionForm(StepForm):
    """列入严重失信主体名单决定 (Decree 11: a written decision by the penalising department).

    On "list" the workflow issues the numbered decision (列入严重失信主体名单决定书)."""

    decision: Literal["list", "not_list"] = choice({"list": "决定列入", "not_list": "不予列入"}, "决定")
    opinion: LongText = Field(title="决定理由")


class PublicationForm(StepForm):
    """Publication on 信用中国 and 国家企业信用信息公示系统 [S: Shanxi implementation]."""

    channels: ShortText = Field(title="公开渠道（信用中国、国家企业信用信息公示系统、部门网站）")
    published_on: dt.date = Field(title="报送公开日期")


class RepairApplicationForm(StepForm):
    """信用修复申请 after 12 months [S]; its conditions are [U] (recalled: penalty performed,
    hazards rectified, credit commitment), so all three are required."""

    applied_on: dt.date = Field(title="申请日期")
    penalty_performed: bool = Field(title="已履行行政处罚决定")
    hazards_rectified: bool = Field(title="事故隐患已整改到位")
    credit_commitment: bool = Field(title="已作出信用承诺")
    evidence: LongText = Field(title="证明材料")

    @model_validator(mode="after")
    def _conditions(self) -> RepairApplicationForm:
        if not (self.penalty_performed and self.hazards_rectified and self.credit_commitment):
            raise ValueError("申请信用修复须已履行处罚、整改到位并作出信用承诺")
        return self


class RepairReviewForm(StepForm):
    decision: Literal["approve", "reject"] = choice(
        {"approve": "准予信用修复，提前移出", "reject": "不予修复"}, "审核结论"
    )
    opinion: LongText = Field(title="审核意见")


class RevocationForm(StepForm):
    """A removal obtained by concealment or fraud is revoked and the listing restored [S]."""

    reason: LongText = Field(title="撤销理由（隐瞒真实情况、弄虚作假的事实）")


class ViolationForm(StepForm):
    occurred_on: dt.date = Field(title="违法行为发生日期")
    description: LongText = Field(title="新的违法行为")
    penalty_decision_no: OptionalText = Field("", title="行政处罚决定书文号", max_length=80)
    extend: bool = Field(False, title="依规定延长管理期限")


class AcknowledgementForm(StepForm):
    partner: ShortText = Field(title="联合惩戒部门")
    reference: OptionalText = Field("", title="回执文号或说明", max_length=200)


BLACKLIST_STATUS_LABELS = {
    "proposed": "拟列入",
    "notified": "告知及陈述申辩",
    "reviewing_statement": "陈述申辩复核",
    "deciding": "待作出决定",
    "listed": "管理期内",
    "repaired": "信用修复提前移出",
    "not_listed": "不予列入",
    "exited": "期满移出",
}

ENTRY_STATUS_LABELS = {"listed": "列入", "repaired": "信用修复移出", "expired": "期满移出"}
