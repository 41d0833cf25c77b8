"""Bytes to text: byte-order marks, UTF-8, a declared charset, else charset detection.

Encodings are detected with charset-normalizer: it is maintained, pure Python with
optional speed-ups, already a dependency of trafilatura and requests, and it judges
candidates by how plausible the decoded text is (its "mess" measure), so that
windows-1251 Russian or latin-1 French comes out right and random bytes come out as
nothing at all.
"""

from __future__ import annotations

import codecs
import re

from strikewatch.sources.document import SourceError

# Longest first: the UTF-32 little-endian mark begins with the UTF-16 one.
_BYTE_ORDER_MARKS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters (C0 and C1) other than the tab and line breaks ordinary text holds.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Text with a larger share of such characters is taken for binary data.
MAX_CONTROL_SHARE = 0.05
NOT_TEXT = "not valid text in any known encoding"


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode bytes to text (BOM, UTF-8, the declared charset, then detection); SourceError if not text."""
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return check_text(data.decode(codec))
            except UnicodeDecodeError:
                message = f"{NOT_TEXT} (it starts with a {codec} byte-order mark but is not {codec})"
                raise SourceError(message) from None
    if b"\x00" in data:
        raise SourceError("binary data (contains NUL bytes), not text")
    try:
        return check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return check_text(data.decode(declared))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: detect instead
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SourceError(NOT_TEXT)
    return check_text(str(best))


def check_text(text: str) -> str:
    """The text itself, or SourceError when it is mostly control characters (binary data)."""
    if text and len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise SourceError("binary data (mostly control characters), not text")
    return text
