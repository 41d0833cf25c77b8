"""Everything shown about one event or one document, gathered once for the API and the pages alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from strikewatch.api.evidence import LabelledSpan, label_spans
from strikewatch.store import (
    AuditEntry,
    EventSource,
    FieldEdit,
    FieldHistory,
    MergeReason,
    Store,
    StoredDocument,
    StoredEvent,
    queries,
)


@dataclass(frozen=True)
class SourceDetail:
    """One source of an event: the document, its labelled evidence, and why it was merged."""

    number: int
    source: EventSource
    document: StoredDocument | None
    evidence: list[LabelledSpan]
    reason: MergeReason | None

    def to_dict(self) -> dict[str, Any]:
        """The source as plain JSON values."""
        return {
            **self.source.to_dict(),
            "evidence": [span.to_dict() for span in self.evidence],
            "origin": self.source.origin,
            "merged_with_document": self.reason.closest_document_id if self.reason else None,
            "merge_reason": self.reason.describe() if self.reason else None,
        }


@dataclass(frozen=True)
class EventDetail:
    """An event with its sources, the history of its fields, people's corrections and the audit log."""

    stored: StoredEvent
    sources: list[SourceDetail]
    history: list[FieldHistory]
    edits: list[FieldEdit]
    audit: list[AuditEntry]

    def to_dict(self) -> dict[str, Any]:
        """The whole detail as plain JSON values."""
        return {
            **event_dict(self.stored),
            "sources": [source.to_dict() for source in self.sources],
            "history": [step.to_dict() for step in self.history],
            "edits": [edit.to_dict() for edit in self.edits],
            "audit": [audit_dict(entry) for entry in self.audit],
        }


@dataclass(frozen=True)
class DocumentEvent:
    """An event a document tells: the stored event (None if gone) and the document's evidence for it."""

    event_id: int
    stored: StoredEvent | None
    evidence: list[LabelledSpan]


@dataclass(frozen=True)
class DocumentDetail:
    """A stored document and the events it tells."""

    stored: StoredDocument
    events: list[DocumentEvent]

    def to_dict(self) -> dict[str, Any]:
        """The document as plain JSON values."""
        document = self.stored.document
        return {
            "id": self.stored.id,
            "doc_key": document.id,
            "title": document.title,
            "url": document.url,
            "published": document.published.isoformat() if document.published else None,
            "languages": document.languages,
            "blocks": [{"start": b.start, "end": b.end, "language": b.language} for b in document.blocks],
            "text": document.text,
            "ingested_at": self.stored.ingested_at.isoformat(),
            "events": [
                {"event_id": item.event_id, "kind": item.stored.event.kind if item.stored else "",
                 "summary": item.stored.event.summary if item.stored else "",
                 "evidence": [span.to_dict() for span in item.evidence]}
                for item in self.events
            ],
        }


def event_dict(stored: StoredEvent) -> dict[str, Any]:
    """An event in the API's form: the interchange format with id, review state, sources and update time."""
    return {**stored.to_dict(), "updated_at": stored.updated_at.isoformat()}


def audit_dict(entry: AuditEntry) -> dict[str, Any]:
    """An audit log entry as plain JSON values."""
    return {"id": entry.id, "actor": entry.actor, "at": entry.at.isoformat(), "action": entry.action,
            "event_id": entry.event_id, "before": entry.before, "after": entry.after}


def event_detail(store: Store, event_id: int) -> EventDetail | None:
    """Everything about one event, or None if there is no such event."""
    stored = store.event(event_id)
    if stored is None:
        return None
    told = queries.mentions(store, event_id)
    reasons = {reason.document_id: reason for reason in store.merge_reasons(event_id)}
    sources = []
    for number, source in enumerate(stored.sources, start=1):
        document = store.document(source.document_id)
        # Each sentence is searched for the values its own report gave, and the event's current ones.
        versions = [v for v in (told.get(source.mention_key), stored.event) if v is not None]
        evidence = label_spans(document.document.text, source.evidence, versions) if document else []
        sources.append(SourceDetail(number=number, source=source, document=document, evidence=evidence,
                                    reason=reasons.get(source.document_id)))
    return EventDetail(stored=stored, sources=sources, history=store.history(event_id),
                       edits=queries.field_edits(store, event_id), audit=store.audit(event_id))


def document_detail(store: Store, document_id: int) -> DocumentDetail | None:
    """A document with the events it tells and its labelled evidence for each, or None."""
    stored = store.document(document_id)
    if stored is None:
        return None
    events = []
    for mention in queries.document_mentions(store, document_id):
        current = store.event(mention.event_id)
        versions = [mention.extracted] + ([current.event] if current else [])
        evidence = label_spans(stored.document.text, mention.evidence, versions, event_ids=(mention.event_id,))
        events.append(DocumentEvent(event_id=mention.event_id, stored=current, evidence=evidence))
    return DocumentDetail(stored=stored, events=events)
