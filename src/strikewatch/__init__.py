"""strikewatch: news reports about strikes and protests in, a sourced database of events out."""

from __future__ import annotations

from datetime import date

from strikewatch.model import Actor, Demand, Document, Event, Place, Span

__all__ = ["Actor", "Demand", "Document", "Event", "Place", "Span", "extract"]
__version__ = "0.1.0"


def extract(text: str, published: date | str | None = None, url: str | None = None) -> list[Event]:
    """Extract the events of one plain-text report."""
    from strikewatch.pipeline import default_pipeline
    from strikewatch.sources import document_from_text

    document = document_from_text(text, published=published, url=url)
    return default_pipeline().extract(document)
