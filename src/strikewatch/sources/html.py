"""HTML pages to Documents: the main text without boilerplate, the title and the publication date.

The main text comes from trafilatura: it is the best-scoring maintained open-source
boilerplate remover in published comparisons, it works offline on a string, keeps the
page's paragraph structure, and reads title, canonical URL and publication date
(through htmldate) from the page's metadata in the same pass.

Pages trafilatura cannot read (libxml2 gives up beyond about 255 levels of nesting, and
very short pages fall under its size thresholds) are read by a fallback built on the
standard library's event-driven ``html.parser``, which keeps all visible text, has no
depth limit and never recurses.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

from strikewatch.model import Document
from strikewatch.sources.document import SourceError, document_from_text, parse_published
from strikewatch.sources.text import decode_bytes

# A charset declared in the first bytes of the page: <meta charset=…> or the http-equiv form.
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE)
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n")


def declared_charset(html: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its start, if any."""
    match = _DECLARED_CHARSET.search(html[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _tidy(text: str) -> str:
    """Paragraphs separated by one blank line, lines without stray spaces."""
    paragraphs = []
    for paragraph in _BLANK_LINES.split(text):
        lines = [_SPACES.sub(" ", line).strip() for line in paragraph.splitlines()]
        lines = [line for line in lines if line]
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _date_params() -> dict[str, Any]:
    from trafilatura.settings import set_date_params

    # Metadata only (meta tags, JSON-LD, <time>, the URL): dates in the body are event dates, not publication.
    return set_date_params(extensive=False)


def _trafilatura(html: str, url: str | None) -> tuple[str, dict[str, str | None]]:
    """Main text and metadata (title, date, url) through trafilatura; empty text when it finds none."""
    import trafilatura
    from trafilatura.xml import xmltotxt

    metadata: dict[str, str | None] = {"title": None, "date": None, "url": None}
    try:
        extracted = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params=_date_params(),
        )
    # A third-party parser on arbitrary pages: any failure means "use the fallback", never a traceback.
    except Exception:
        extracted = None
    if extracted is None:
        try:
            found = trafilatura.extract_metadata(html, default_url=url, date_config=_date_params())
        except Exception:
            return "", metadata
        metadata.update(title=found.title, date=found.date, url=found.url)
        return "", metadata
    metadata.update(title=extracted.title, date=extracted.date, url=extracted.url)
    body = extracted.body
    if body is None:
        return _tidy(extracted.text or ""), metadata
    # One paragraph per top-level element (paragraph, heading, list, quote, table), blank-line separated.
    paragraphs = [xmltotxt(element, False) for element in body]
    return _tidy("\n\n".join(paragraphs)), metadata


class _VisibleText(HTMLParser):
    """Collects the visible text of a page, a blank line at each block element."""

    _BLOCKS = frozenset({
        "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
    })
    _HIDDEN = frozenset({"script", "style", "noscript", "template", "title", "svg", "math"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.hidden = 0  # whatever was left open in the head, the body is visible
        elif tag in self._HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """All visible text of a page, paragraphs blank-line separated, whatever its nesting."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return _tidy("".join(parser.parts))


def document_from_html(
    html: str | bytes,
    *,
    id: str | None = None,
    url: str | None = None,
    published: date | str | None = None,
) -> Document:
    """A Document of a page's main text, with its title and publication date (an explicit one wins)."""
    if isinstance(html, bytes):
        page = decode_bytes(html, declared=declared_charset(html))
    elif isinstance(html, str):
        page = html
    else:
        raise SourceError(f"HTML must be text or bytes, not {type(html).__name__}", input=id)
    if not page.strip():
        raise SourceError("the HTML page is empty", input=id)
    explicit_date = parse_published(published)
    text, metadata = _trafilatura(page, url)
    if not text.strip():
        text = visible_text(page)
    if not text.strip():
        raise SourceError("the HTML page has no text", input=id)
    page_date = None
    if explicit_date is None and metadata["date"]:
        try:
            page_date = parse_published(metadata["date"])
        except SourceError:
            page_date = None  # an unreadable date in the page's metadata is no date
    return document_from_text(
        text,
        id=id,
        published=explicit_date or page_date,
        url=url or metadata["url"],
        title=metadata["title"],
    )
