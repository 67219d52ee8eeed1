"""Every document template renders the GB/T 9704 layout with Chinese text, its number, dates as
2026年11月23日 and escaped input; and into a PDF whose Chinese text can be extracted."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from activities.documents import render_document
from domain.documents import DOCUMENT_TYPES, document_number
from services.document_pdf import render_pdf
from tests.pdf_support import SHIPPED_FAMILIES, embedded_font_families

HOSTILE = "<script>alert(1)</script>"
SUBJECT = {"enterprise_name": "曲靖宏达化工有限公司", "credit_code": "91530302MA6K000001"}

# One context per document type, with the text each must print (a date in Chinese format included).
CONTEXTS: dict[str, tuple[dict[str, Any], list[str]]] = {
    "crime_transfer_letter": (
        {
            "police_name": "曲靖市公安局麒麟分局",
            "subject": "曲靖宏达化工有限公司",
            "category_label": "重大责任事故罪",
            "facts": HOSTILE,
            "decision_period": "3个工作日",
            "found_by": "事故调查组调查中发现",
            "attachments": ["涉嫌犯罪案件情况的调查报告", "涉案物品清单"],
            "procuratorate_name": "麒麟区人民检察院",
        },
        [
            "现将该案移送你局审查",
            "抄送：麒麟区人民检察院",
            "涉案物品清单",
            "收到本移送书后3个工作日内",
            "线索来源：事故调查组调查中发现",
        ],
    ),
    "non_filing_notice": (
        {
            "agency_name": "麒麟区应急管理局",
            "transferred_on": "2026-11-02",
            "transfer_no": "麒应急移〔2026〕3号",
            "subject": "曲靖宏达化工有限公司",
            "category_label": "重大责任事故罪",
            "reasons": HOSTILE,
            "reconsideration_period": "3日",
            "procuratorate_name": "麒麟区人民检察院",
        },
        ["2026年11月2日", "麒应急移〔2026〕3号", "3日内向本局提请复议"],
    ),
    "filing_notice": (
        {
            "agency_name": "麒麟区应急管理局",
            "transferred_on": "2026-11-02",
            "transfer_no": "麒应急移〔2026〕3号",
            "subject": "曲靖宏达化工有限公司",
            "category_label": HOSTILE,
            "filing_no": "麒公刑立〔2026〕8号",
            "handover_period": "3日",
            "procuratorate_name": "麒麟区人民检察院",
        },
        ["2026年11月2日", "已决定立案（麒公刑立〔2026〕8号）", "3日内将涉案物品", "抄送：麒麟区人民检察院"],
    ),
    "blacklist_listing_notice": (
        {
            **SUBJECT,
            "condition_title": "拒不执行停产停业整顿决定",
            "basis": "应急管理部令第11号",
            "facts": HOSTILE,
            "penalty_decision_no": "麒应急罚〔2026〕31号",
            "reasons": "符合列入情形",
            "rights": "可在送达之日起5个工作日内提出陈述、申辩",
        },
        ["严重失信主体名单", "5个工作日内"],
    ),
    "blacklist_listing_decision": (
        {
            **SUBJECT,
            "condition_title": "拒不执行停产停业整顿决定",
            "basis": "应急管理部令第11号",
            "facts": HOSTILE,
            "penalty_decision_no": "麒应急罚〔2026〕31号",
            "opinion": "事实清楚",
            "stated": False,
            "listed_on": "2026-11-23",
            "exit_on": "2029-11-23",
            "measures": ["限制参加政府采购活动"],
            "repair_after_months": 12,
        },
        ["2026年11月23日", "2029年11月23日", "限制参加政府采购活动"],
    ),
    "rectification_order": (
        {
            **SUBJECT,
            "inspection_record_no": "麒应急检〔2026〕15号",
            "inspected_on": "2026-11-20",
            "hazards": HOSTILE,
            "basis": "安全生产法第六十五条",
            "measures": "更换报警器",
            "period_days": 30,
        },
        ["检查日期2026年11月20日", "自本指令书送达之日起30日内"],
    ),
    "reinspection_opinion": (
        {
            **SUBJECT,
            "order_no": "麒应急责改〔2026〕3号",
            "served_on": "2026-10-20",
            "rectification_deadline": "2026-11-19",
            "completion_reported": True,
            "rectified": False,
            "inspected_on": "2026-11-21",
            "opinion": HOSTILE,
            "result_label": "未整改或整改不到位",
        },
        ["2026年10月20日", "2026年11月19日", "2026年11月21日"],
    ),
    "penalty_notice": (
        {
            **SUBJECT,
            "facts": HOSTILE,
            "basis": "安全生产法第一百零二条",
            "fine_label": "50,000元",
            "serious": True,
            "statement_until": "2026-11-30",
        },
        ["要求举行听证", "2026年11月30日前", "50,000元"],
    ),
    "hearing_notice": (
        {
            **SUBJECT,
            "notice_no": "麒应急罚告〔2026〕5号",
            "hearing_on": "2026-12-08",
            "place": HOSTILE,
            "presiding_officer": "法制科 赵六",
        },
        ["听证时间：2026年12月8日", "麒应急罚告〔2026〕5号", "申请回避"],
    ),
    "penalty_decision": (
        {
            **SUBJECT,
            "facts": HOSTILE,
            "notice_no": "麒应急罚告〔2026〕5号",
            "reasons": "陈述、申辩理由不成立",
            "basis": "安全生产法第一百零二条",
            "fine_label": "50,000元",
            "reconsideration_body": "曲靖市麒麟区人民政府",
            "court": "曲靖市麒麟区人民法院",
        },
        [
            "十五日内缴纳罚款",
            "麒应急罚告〔2026〕5号",
            "向曲靖市麒麟区人民政府申请行政复议",
            "向曲靖市麒麟区人民法院提起",
        ],
    ),
    "payment_reminder": (
        {
            **SUBJECT,
            "decision_no": "麒应急罚〔2026〕9号",
            "fine_label": "50,000元",
            "payment_due": "2026-10-31",
            "as_of": "2026-11-23",
            "surcharge_label": HOSTILE,
            "total_label": "84,500元",
            "payment_method": "指定银行缴纳",
            "own_enforcement_power": False,
        },
        ["2026年10月31日届满", "截至2026年11月23日"],
    ),
    "court_enforcement_application": (
        {
            **SUBJECT,
            "court": "曲靖市麒麟区人民法院",
            "materials": HOSTILE,
            "decision_no": "麒应急罚〔2026〕9号",
            "reminder_no": "麒应急催告〔2026〕2号",
            "fine_label": "50,000元",
            "total_label": "100,000元",
            "as_of": "2027-06-01",
        },
        ["曲靖市麒麟区人民法院：", "截至2027年6月1日", "麒应急催告〔2026〕2号"],
    ),
    "enforcement_decision": (
        {
            **SUBJECT,
            "decision_no": "麒应急罚〔2026〕9号",
            "reminder_no": "麒应急催告〔2026〕2号",
            "payment_due": "2026-10-31",
            "fine_label": "50,000元",
            "surcharge_label": "50,000元",
            "total_label": "100,000元",
            "as_of": "2026-12-15",
            "reasons": HOSTILE,
            "method_label": "划拨存款、汇款（行政强制法第四十七条）",
            "enforce_on": "2026-12-21",
            "reconsideration_body": "曲靖市麒麟区人民政府",
            "court": "曲靖市麒麟区人民法院",
        },
        ["2026年10月31日前", "2026年12月21日起", "向曲靖市麒麟区人民政府申请行政复议", "第三十七条"],
    ),
    "onsite_measure_decision": (
        {
            **SUBJECT,
            "reason": HOSTILE,
            "scope": "储罐区",
            "until": "2027-06-01",
            "reconsideration_body": "曲靖市麒麟区人民政府",
        },
        ["第六十五条第一款第（三）项", "2027年6月1日", "经本机关审查同意，方可恢复生产经营"],
    ),
    "coercive_measure_decision": (
        {
            **SUBJECT,
            "reason": HOSTILE,
            "measure_label": "查封",
            "items": "储罐区装卸设备2套",
            "place": "厂区东侧储罐区",
            "served_on": "2026-12-01",
            "until": "2026-12-31",
            "reconsideration_body": "曲靖市麒麟区人民政府",
        },
        ["行政强制法》第二十四条", "不超过三十日", "2026年12月31日", "向曲靖市麒麟区人民政府申请行政复议"],
    ),
    "hearing_rights_notice": (
        {**SUBJECT, "fine_label": "50,000元", "notice_no": HOSTILE, "service_method": "direct"},
        ["五个工作日内", "第六十四条", "50,000元"],
    ),
    "hazard_supervision_notice": (
        {
            "responsible_government": "曲靖市麒麟区人民政府",
            "enterprise_name": "曲靖宏达化工有限公司",
            "grade_label": "四级重大隐患",
            "hazard_title": "储罐区可燃气体报警器失效",
            "description": HOSTILE,
            "supervision_matters": "更换报警器并联锁",
            "rectification_deadline": "2027-02-21",
            "lifting_procedure": "验收合格后摘牌销号",
            "supervising_org": "麒麟区应急管理局",
        },
        ["曲靖市麒麟区人民政府：", "2027年2月21日前完成整改", "抄送：麒麟区应急管理局"],
    ),
    "bulletin": (
        {
            "recipients": ["曲靖市麒麟区人民政府"],
            "subject": "关于曲靖宏达化工有限公司重大事故隐患逾期未整改的通报",
            "kind_label": "通报批评",
            "facts": HOSTILE,
            "named_enterprises": ["曲靖宏达化工有限公司"],
            "rectification": "立即完成液氨储罐区紧急切断装置的安装",
            "rectification_due": "2027-01-15",
        },
        ["曲靖市麒麟区人民政府：", "曲靖宏达化工有限公司", "2027年1月15日"],
    ),
    "case_bulletin": (
        {
            "recipients": ["曲靖市公安局麒麟分局", "曲靖市麒麟区人民检察院"],
            "period": "2026年10月1日至2026年12月31日",
            "figures": {
                "transferred": 3,
                "filed": 2,
                "not_filed": 1,
                "under_supervision": 0,
                "cases": [
                    {"case_no": "YS-2026-00007", "title": HOSTILE, "transferred_on": "2026-11-02", "status": "已立案"}
                ],
            },
            "facts": "",
        },
        ["曲靖市公安局麒麟分局，曲靖市麒麟区人民检察院：", "YS-2026-00007", "2026年11月2日"],
    ),
    "inspection_plan": (
        {
            **SUBJECT,
            "mode_label": "计划检查",
            "unannounced": False,
            "lead_department": "",
            "participant_departments": [],
            "planned_on": "2026-12-15",
            "inspectors": ["张建国", "陈立新"],
            "matters": HOSTILE,
            "checklist": ["特种作业人员持证上岗", "消防通道畅通"],
            "arrangements": "",
        },
        ["曲靖宏达化工有限公司", "2026年12月15日", "张建国、陈立新", "特种作业人员持证上岗"],
    ),
    "inspection_record": (
        {
            **SUBJECT,
            "inspected_on": "2026-11-20",
            "place": "麒麟区工业园区",
            "mode_label": "联合检查",
            "unannounced": False,
            "lead_department": "麒麟区应急管理局",
            "participant_departments": ["麒麟区市场监督管理局"],
            "inspectors": ["张建国", "陈立新"],
            "results": [{"item": "特种作业人员持证上岗", "result": "不符合"}],
            "findings": [{"no": 1, "kind": "违法行为", "description": HOSTILE, "handling": "责令限期整改"}],
            "signature": "refused",
            "signed_by": "",
            "witnesses": "李四（园区管委会）",
        },
        ["2026年11月20日", "麒麟区市场监督管理局", "特种作业人员持证上岗", "李四（园区管委会）"],
    ),
    "interview_notice": (
        {
            "party_name": "曲靖宏达化工有限公司",
            "office_name": "曲靖市麒麟区安全生产委员会办公室",
            "reason": "重大事故隐患逾期未整改",
            "matters": HOSTILE,
            "meeting_on": "2027-01-12",
            "place": "麒麟区应急管理局三楼会议室",
            "attendees_required": "主要负责人、分管安全负责人",
        },
        ["曲靖宏达化工有限公司：", "约谈时间：2027年1月12日", "抄送：曲靖市麒麟区安全生产委员会办公室"],
    ),
    "accident_report_publication": (
        {
            "accident_title": "曲靖宏达化工有限公司“11·2”中毒事故",
            "occurred_on": "2026-11-02",
            "grade_label": "较大生产安全事故",
            "reply_no": "曲政复〔2026〕12号",
            "channel": HOSTILE,
            "published_on": "2027-01-15",
        },
        ["2026年11月2日", "公布日期：2027年1月15日", "曲政复〔2026〕12号"],
    ),
}

ISSUED_AT = dt.datetime(2026, 11, 23, 2, 30, tzinfo=dt.UTC)  # 10:30 in Beijing


def test_every_document_type_has_a_rendering_case() -> None:
    assert set(CONTEXTS) == set(DOCUMENT_TYPES)


def _render(code: str) -> tuple[str, str]:
    number = document_number("麒应急", DOCUMENT_TYPES[code], 2026, 7)
    return number, _render_with(code, CONTEXTS[code][0])


def _render_with(code: str, context: dict[str, Any]) -> str:
    doc_type = DOCUMENT_TYPES[code]
    number = document_number("麒应急", doc_type, 2026, 7)
    return render_document(doc_type, number, "曲靖市麒麟区应急管理局", ISSUED_AT, context)


@pytest.mark.parametrize("code", sorted(CONTEXTS))
def test_template_renders_the_official_layout(code: str) -> None:
    number, html = _render(code)
    doc_type = DOCUMENT_TYPES[code]
    assert re.fullmatch(r"麒应急.+〔2026〕7号", number)
    assert f"<h1>{doc_type.title}</h1>" in html and f'<div class="number">{number}</div>' in html
    assert '<div class="organ">曲靖市麒麟区应急管理局</div>' in html and "（印章）" in html
    assert "2026年11月23日印发" in html  # the 版记's 印发 line
    assert "2026年11月23日" in html  # the signing date, in GB/T 9704 style
    assert not re.search(r"\d{4}-\d{2}-\d{2}", html), "dates print as 2026年11月23日, never ISO"
    for text in CONTEXTS[code][1]:
        assert text in html, text
    assert HOSTILE not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("code", sorted(CONTEXTS))
def test_template_renders_to_a_pdf_with_extractable_chinese_text(code: str) -> None:
    number, html = _render(code)
    pdf = render_pdf(html, "0" * 64)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)  # A4
    text = "".join(page.extract_text() for page in reader.pages)
    assert DOCUMENT_TYPES[code].title in text and number in text and "2026年11月23日" in text
    assert embedded_font_families(reader) <= SHIPPED_FAMILIES  # never the host's fonts (decision 0004)


def test_the_same_html_gives_the_same_pdf() -> None:
    _, html = _render("penalty_decision")
    assert render_pdf(html, "a" * 64) == render_pdf(html + "", "a" * 64)
    from services.document_pdf import _render as uncached

    assert uncached.__wrapped__("b" * 64, html) == uncached.__wrapped__("b" * 64, html)
