"""The PDF of every document: set only in the shipped fonts, whatever the host has; a character they
cannot draw is refused, never printed as a box; and the closing block (signature, seal, date, 版记)
never stands alone on a page, however long the text (UX review D4)."""

from __future__ import annotations

import html as html_lib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from activities.documents import render_document
from domain.documents import DOCUMENT_TYPES
from domain.errors import InvalidInput
from services.document_fonts import unrenderable_characters
from services.document_pdf import render_pdf
from tests.activities.test_document_templates import CONTEXTS, ISSUED_AT, _render_with
from tests.pdf_support import SHIPPED_FAMILIES, embedded_font_families, page_texts

ROOT = Path(__file__).resolve().parents[2]
SIGNED = "2026年11月23日"  # the issue date the signature prints
# Documents whose fixed wording alone fills more than one page of the GB/T 9704 grid (22 lines).
# The listing decision, and the on-site record with its checklist table, findings and signatures.
LONGER_THAN_A_PAGE = frozenset({"blacklist_listing_decision", "inspection_record"})

LONG_NAME = "曲靖市麒麟区宏达精细化工与新材料科技股份有限公司沾益分公司第二生产基地"
LONG_PARAGRAPH = (
    "经查，该单位储罐区四台可燃气体报警器长期失效且未与紧急切断装置联锁，甲类仓库内违规存放过量危险化学品，"
    "特种作业人员赵喆、李赟、王堃未持证上岗，安全生产责任制未落实到岗位，隐患排查治理台账记录不全，"
    "应急预案未按规定组织演练，消防通道被原料堆放占用，上述问题经现场检查、询问笔录和视听资料予以证实。"
)
COPY_TO = [f"曲靖市{name}" for name in ("应急管理局", "人民检察院", "公安局", "市场监督管理局", "生态环境局")] + [
    f"麒麟区{name}" for name in ("人民政府", "安全生产委员会办公室", "住房和城乡建设局", "消防救援大队")
]


def _long(context: dict[str, Any], paragraphs: int) -> dict[str, Any]:
    """The context with long realistic content: long names, several long paragraphs, long lists."""
    longer: dict[str, Any] = {}
    for key, value in context.items():
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            longer[key] = value * 2  # rows of a table: twice as many
        elif isinstance(value, list):
            longer[key] = [f"{item}（{LONG_PARAGRAPH[:40]}）" for item in value] * 2
        elif not isinstance(value, str) or re.fullmatch(r"\d{4}-\d{2}-\d{2}|.*〔\d{4}〕\d+号|\d+|[\d,]+元", value):
            longer[key] = value
        elif key.endswith("_name") or key in {"subject", "court", "responsible_government", "supervising_org"}:
            longer[key] = LONG_NAME
        else:
            longer[key] = "\n".join([LONG_PARAGRAPH] * paragraphs)
    return {**longer, "copy_to": COPY_TO}


def _last_body_words(html: str) -> str:
    """The end of the text's last paragraph: what must share the page with the signature."""
    text = html.split('<div class="signature">')[0]
    last = re.findall(r"<p[^>]*>(.*?)</p>", text, re.S)[-1]
    return re.sub(r"\s+", "", html_lib.unescape(re.sub(r"<[^>]+>", "", last)))[-6:]


def _assert_closing_with_text(code: str, html: str) -> list[str]:
    pages = page_texts(render_pdf(html, "0" * 64))
    signed_on = [i for i, text in enumerate(pages) if SIGNED + "印发" in text]
    assert signed_on == [len(pages) - 1], f"{code}: the 版记 is on the last page only"
    last = pages[-1]
    assert _last_body_words(html) in last, f"{code}: the signature page carries no text of the body"
    assert "（印章）" in last and f"—{len(pages)}—" in last
    return pages


@pytest.mark.parametrize("paragraphs", [1, 2, 3, 5])
@pytest.mark.parametrize("code", sorted(CONTEXTS))
def test_the_signature_page_carries_text_of_the_body_however_long_the_document(code: str, paragraphs: int) -> None:
    html = _render_with(code, _long(CONTEXTS[code][0], paragraphs))
    pages = _assert_closing_with_text(code, html)
    assert "抄送：" in pages[-1] and COPY_TO[-1] in pages[-1]


@pytest.mark.parametrize("code", sorted(CONTEXTS))
def test_a_short_document_fits_on_one_page(code: str) -> None:
    pages = _assert_closing_with_text(code, _render_with(code, CONTEXTS[code][0]))
    assert len(pages) == (2 if code in LONGER_THAN_A_PAGE else 1), f"{code}: {len(pages)} pages"


def test_every_document_type_is_covered_by_the_page_tests() -> None:
    assert LONGER_THAN_A_PAGE <= set(DOCUMENT_TYPES) == set(CONTEXTS)


def test_the_pdf_embeds_only_the_shipped_fonts_and_its_chinese_text_extracts() -> None:
    # 赟, 喆 and 堃 (common in given names) are outside GB 2312 and FandolFang: Noto Serif CJK SC draws them.
    html = _render_with("penalty_decision", {**CONTEXTS["penalty_decision"][0], "facts": "法定代表人李赟、赵喆、王堃"})
    reader = PdfReader(io.BytesIO(render_pdf(html, "0" * 64)))
    assert embedded_font_families(reader) == SHIPPED_FAMILIES
    assert "法定代表人李赟、赵喆、王堃" in re.sub(r"\s+", "", reader.pages[0].extract_text())


@pytest.mark.parametrize("text", ["😀", "𠀀", "企业名称𠀀𠀀及😀"])
def test_a_character_no_shipped_font_draws_is_refused_not_printed_as_a_box(text: str) -> None:
    html = _render_with("penalty_decision", {**CONTEXTS["penalty_decision"][0], "facts": text})
    with pytest.raises(InvalidInput) as refused:
        render_pdf(html, "1" * 64)
    assert refused.value.message.startswith("文书中含有无法排版的字符：")
    for char in unrenderable_characters(text):
        assert f"{char}（U+{ord(char):04X}）" in refused.value.message
    assert "企业名称" not in refused.value.message


def test_invisible_characters_and_markup_are_not_checked() -> None:
    assert unrenderable_characters("李\u200b赟\ufe00\n\t ") == []
    assert unrenderable_characters("😀") == ["😀"]


HOST_WITHOUT_FONTS = """
import io, json, sys
from pypdf import PdfReader
from services.document_pdf import render_pdf
from activities.documents import render_document
from tests.activities.test_document_templates import CONTEXTS, ISSUED_AT, _render_with
from tests.pdf_support import embedded_font_families
html = _render_with("crime_transfer_letter", CONTEXTS["crime_transfer_letter"][0])
reader = PdfReader(io.BytesIO(render_pdf(html, "0" * 64)))
print(json.dumps({"families": sorted(embedded_font_families(reader)),
                  "text": "".join(page.extract_text() for page in reader.pages)}))
"""


def test_documents_render_the_same_on_a_host_without_any_font(tmp_path: Path) -> None:
    """A bureau's server without fonts-noto-cjk: fontconfig sees no font directory at all."""
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path}</cachedir></fontconfig>')
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", HOST_WITHOUT_FONTS], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(result["families"]) == SHIPPED_FAMILIES
    text = re.sub(r"\s+", "", result["text"])
    assert "涉嫌犯罪案件移送书" in text and "现将该案移送你局审查" in text and "抄送：麒麟区人民检察院。" in text


# The head of a document issued before decision 0004: its stored HTML names the families it found
# through fontconfig then, and never changes.
LEGACY_DOCUMENT = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "FangSong", "STFangsong", "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 16pt; }
h1 { text-align: center; font-size: 22pt; font-weight: bold; }
</style></head><body><h1>责令限期整改指令书</h1><p>曲靖宏达化工有限公司法定代表人李赟：</p></body></html>"""


def test_a_document_issued_before_the_shipped_fonts_prints_in_them_too() -> None:
    reader = PdfReader(io.BytesIO(render_pdf(LEGACY_DOCUMENT, "2" * 64)))
    assert embedded_font_families(reader) == SHIPPED_FAMILIES
    assert "曲靖宏达化工有限公司法定代表人李赟" in re.sub(r"\s+", "", reader.pages[0].extract_text())


def test_a_long_issuing_organ_prints_on_one_line() -> None:
    doc_type = DOCUMENT_TYPES["non_filing_notice"]
    organ = "西双版纳傣族自治州安全生产委员会办公室"
    html = render_document(doc_type, "版安委办〔2026〕1号", organ, ISSUED_AT, CONTEXTS["non_filing_notice"][0])
    page = PdfReader(io.BytesIO(render_pdf(html, "3" * 64))).pages[0]
    assert page.extract_text(extraction_mode="layout").strip().splitlines()[0] == organ
