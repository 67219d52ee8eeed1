"""Rebuilds the fonts of the official documents (web/views/documents/fonts) from Debian's packages.

Run as root on Debian 12 (it uses `apt-get download`, which fetches without installing):
    .venv/bin/python scripts/document_fonts.py
FandolFang is copied as it is. Noto Serif CJK SC is taken out of Debian's TTC (which holds the JP,
KR, SC, TC and HK faces over one glyph set) and keeps every character of its cmap but only the
glyphs the SC face draws by default: no locale variants of the other four faces. Takes ~3 minutes.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

FONTS = Path(__file__).resolve().parent.parent / "web" / "views" / "documents" / "fonts"
PACKAGES = ("texlive-lang-chinese", "fonts-noto-cjk")
FANDOL = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf"
NOTO = "usr/share/fonts/opentype/noto/NotoSerifCJK-{weight}.ttc"


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        subprocess.run(["apt-get", "download", *PACKAGES], cwd=root, check=True)
        for deb in root.glob("*.deb"):
            subprocess.run(["dpkg-deb", "-x", str(deb), str(root / "x")], check=True)
        (FONTS / "FandolFang-Regular.otf").write_bytes((root / "x" / FANDOL).read_bytes())
        for weight in ("Regular", "Bold"):
            collection = TTCollection(str(root / "x" / NOTO.format(weight=weight)))
            font = next(f for f in collection.fonts if " SC" in f["name"].getDebugName(4))
            options = subset.Options()
            # No 'locl': it would keep the JP/KR/TC/HK glyphs the SC face never draws.
            options.layout_features = ["ccmp", "kern", "liga", "palt", "halt", "vert", "vrt2"]
            options.name_IDs = ["*"]
            options.name_languages = ["*"]
            options.notdef_outline = True
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=list(font.getBestCmap()))
            subsetter.subset(font)
            font.save(str(FONTS / f"NotoSerifCJKsc-{weight}.otf"))


if __name__ == "__main__":
    main()
