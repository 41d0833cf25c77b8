"""Document → events: the whole extraction, built once and reused (CLI, web, Spark partition)."""

from __future__ import annotations

from functools import lru_cache

from strikewatch.model import Document, DocumentResult, Event


class Pipeline:
    """Holds the loaded language pipelines, lexicons and gazetteer; extracts events from documents."""

    def __init__(self) -> None:
        from strikewatch.extraction.assemble import Extractor

        self._extractor = Extractor()

    def extract(self, document: Document) -> list[Event]:
        """The events of one document, merged within it (report and translation included)."""
        return self._extractor.extract(document)

    def run(self, document: Document) -> DocumentResult:
        """One line of results: the document and its events."""
        return DocumentResult(document=document, events=self.extract(document))


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The process-wide pipeline, built on first use."""
    return Pipeline()
