"""The faces of the official documents, shipped with the project, and the check that they cover a text.

A document's PDF is set only in the font files of `web/views/documents/fonts` (decision 0004):
FandolFang (仿宋) for the body, Noto Serif CJK SC Regular for what FandolFang lacks, and Noto Serif
CJK SC Bold for the issuing organ and the title (小标宋). They reach WeasyPrint through `@font-face`
rules with file URLs, so the host's fontconfig fonts never matter. A character none of them covers
would print as an empty box; `check_renderable` refuses such a text instead.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from fontTools.ttLib import TTFont

from domain.errors import InvalidInput

FONT_DIR = Path(__file__).resolve().parent.parent / "web" / "views" / "documents" / "fonts"


@dataclass(frozen=True)
class Face:
    family: str  # the CSS family the templates name
    file: str
    weight: int = 400


# The families the templates ask for first; "FangSong" and "Noto Serif CJK SC" are what the
# documents issued before decision 0004 ask for (their stored HTML never changes).
FACES = (
    Face("Gongwen FangSong", "FandolFang-Regular.otf"),
    Face("Gongwen Song", "NotoSerifCJKsc-Regular.otf"),
    Face("Gongwen Song", "NotoSerifCJKsc-Bold.otf", 700),
    Face("FangSong", "FandolFang-Regular.otf"),
    Face("Noto Serif CJK SC", "NotoSerifCJKsc-Regular.otf"),
    Face("Noto Serif CJK SC", "NotoSerifCJKsc-Bold.otf", 700),
)
FONT_FILES = tuple(dict.fromkeys(face.file for face in FACES))

# Characters that print nothing: controls, format characters (zero-width space, joiners) and
# variation selectors. Pango needs no glyph for them.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0), range(0x180B, 0x1810))


def font_path(file: str) -> Path:
    path = FONT_DIR / file
    if not path.is_file():
        raise RuntimeError(f"the document font {path} is missing; it ships with the project (git checkout)")
    return path


def font_face_css() -> str:
    """The `@font-face` rules that bind the templates' families to the shipped files."""
    rules = (
        f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
        f'src: url("{font_path(face.file).as_uri()}"); }}'
        for face in FACES
    )
    return "\n".join(rules)


@functools.cache
def covered_code_points() -> frozenset[int]:
    """Every character at least one shipped face draws."""
    covered: set[int] = set()
    for file in FONT_FILES:
        font = TTFont(str(font_path(file)), lazy=True)
        covered.update(font.getBestCmap())
        font.close()
    return frozenset(covered)


def _prints_nothing(char: str) -> bool:
    code = ord(char)
    if char in " \t\n\r" or unicodedata.category(char) in _INVISIBLE_CATEGORIES:
        return True
    return any(code in selectors for selectors in _VARIATION_SELECTORS)


def unrenderable_characters(text: str) -> list[str]:
    """The characters of `text` that no shipped face draws, each once, in order of appearance."""
    covered = covered_code_points()
    return list(dict.fromkeys(c for c in text if ord(c) not in covered and not _prints_nothing(c)))


class _VisibleText(HTMLParser):
    """The text a document prints: its body, not its style, script or title."""

    _HIDDEN = frozenset({"head", "style", "script", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def describe(chars: Iterable[str]) -> str:
    """𠀾（U+2003E）、😀（U+1F600）: the character and its code point, which a handler can look up."""
    return "、".join(f"{c}（U+{ord(c):04X}）" for c in chars)


def check_renderable(html: str) -> None:
    """Refuse a document whose text has a character the shipped faces cannot draw (no empty boxes)."""
    missing = unrenderable_characters(visible_text(html))
    if missing:
        raise InvalidInput(f"文书中含有无法排版的字符：{describe(missing)}，无法生成PDF")
