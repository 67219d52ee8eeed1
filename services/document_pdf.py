"""The PDF of an issued document, rendered on demand from its stored HTML.

The stored HTML is the issued document: its SHA-256 is on the case timeline and it never
changes. The PDF is derived from those bytes by WeasyPrint (A4 from the template's `@page`
rule; Chinese glyphs from the Noto CJK fonts found through fontconfig) and is not stored.
WeasyPrint writes no creation date, so the same HTML always gives the same PDF bytes; the
PDF carries the HTML's hash in its metadata so a printed copy can be traced to the evidence.
"""

from __future__ import annotations

import functools
import logging
from urllib.parse import quote

from weasyprint import HTML

# WeasyPrint logs every unsupported CSS property (e.g. `@media print` opacity) as a warning.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def render_pdf(html: str, sha256: str) -> bytes:
    """The document's PDF; cached by the hash, which identifies the immutable HTML."""
    return _render(sha256, html)


@functools.lru_cache(maxsize=64)
def _render(sha256: str, html: str) -> bytes:
    # No base_url: a document references nothing outside itself (its CSP allows no fetch either).
    document = HTML(string=html.replace("<head>", f'<head>\n<meta name="keywords" content="sha256:{sha256}">', 1))
    return bytes(document.write_pdf())


def content_disposition(number: str, document_id: int) -> str:
    """Open in the browser; saved as the document number (RFC 6266 filename*, ASCII fallback)."""
    return f"inline; filename=\"document-{document_id}.pdf\"; filename*=UTF-8''{quote(number)}.pdf"
