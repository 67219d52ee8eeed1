"""The PDF of an issued document, rendered on demand from its stored HTML.

The stored HTML is the issued document: its SHA-256 is on the case timeline and it never
changes. The PDF is derived from those bytes by WeasyPrint (A4 and the GB/T 9704 page from the
template's `@page` rule) and is not stored. Its faces are the font files shipped with the project
(`services.document_fonts`, decision 0004), never the host's: a text they cannot draw is refused
before rendering. WeasyPrint writes no creation date, so the same HTML always gives the same PDF
bytes; the PDF carries the HTML's hash in its metadata so a printed copy can be traced to the evidence.
"""

from __future__ import annotations

import functools
import logging
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from services import document_fonts

# WeasyPrint logs every unsupported CSS property (e.g. `@media print` opacity) as a warning.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)

# One font configuration for the process: the shipped fonts are registered once, not copied to a
# temporary folder on every render. WeasyPrint's font configuration is not thread-safe (the web
# renders in a thread pool), hence the lock; a render takes a fraction of a second.
_RENDER_LOCK = threading.Lock()


class _ShippedFontsOnly(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """Fetches the shipped font files and nothing else: a document references nothing outside itself."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        path = Path(url2pathname(parsed.path)) if parsed.scheme == "file" else None
        if path is None or path.parent != document_fonts.FONT_DIR or not path.is_file():
            raise ValueError(f"a document may load only its shipped fonts, not {url}")
        return URLFetcherResponse(url, body=path.read_bytes())


@functools.cache
def _fonts() -> tuple[FontConfiguration, CSS, _ShippedFontsOnly]:
    fetcher = _ShippedFontsOnly()
    config = FontConfiguration()
    return config, CSS(string=document_fonts.font_face_css(), font_config=config, url_fetcher=fetcher), fetcher


def render_pdf(html: str, sha256: str) -> bytes:
    """The document's PDF; cached by the hash, which identifies the immutable HTML.

    Raises:
        InvalidInput: the text has a character none of the shipped faces draws.
    """
    document_fonts.check_renderable(html)
    return _render(sha256, html)


@functools.lru_cache(maxsize=64)
def _render(sha256: str, html: str) -> bytes:
    with _RENDER_LOCK:
        config, faces, fetcher = _fonts()
        marked = html.replace("<head>", f'<head>\n<meta name="keywords" content="sha256:{sha256}">', 1)
        document = HTML(string=marked, url_fetcher=fetcher)
        return bytes(document.write_pdf(stylesheets=[faces], font_config=config))


def content_disposition(number: str, document_id: int) -> str:
    """Open in the browser; saved as the document number (RFC 6266 filename*, ASCII fallback)."""
    return f"inline; filename=\"document-{document_id}.pdf\"; filename*=UTF-8''{quote(number)}.pdf"
