"""Reading rendered PDFs in tests: which font programs they embed, and the text of each page."""

from __future__ import annotations

import io
import re
from typing import Any

from fontTools.ttLib import TTFont
from pypdf import PdfReader

# The families of the font files in web/views/documents/fonts, as their name tables give them.
SHIPPED_FAMILIES = frozenset({"FandolFang R", "Noto Serif CJK SC"})


def embedded_font_families(reader: PdfReader) -> set[str]:
    """The family (name ID 1) of every font program embedded in the PDF."""
    families: set[str] = set()
    for page in reader.pages:
        fonts: Any = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            ).get_object()
            program = next(descriptor[k] for k in ("/FontFile3", "/FontFile2", "/FontFile") if k in descriptor)
            families.add(str(TTFont(io.BytesIO(program.get_object().get_data()))["name"].getDebugName(1)))
    return families


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text without any whitespace (pypdf breaks lines where the PDF does)."""
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
