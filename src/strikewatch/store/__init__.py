"""The event database on SQLite or PostgreSQL: documents, events merged across them, their sources, reviews."""

from strikewatch.store.edits import EDITABLE_FIELDS, FieldEdit
from strikewatch.store.repository import (
    DATABASE_URL_ENV,
    DEFAULT_DATABASE_URL,
    AddResult,
    AuditEntry,
    EventFilter,
    EventSource,
    FieldHistory,
    MergeReason,
    SplitResult,
    Store,
    StoredDocument,
    StoredEvent,
    StoreError,
    current_user,
    database_url,
    parse_date_bound,
)
from strikewatch.store.reviewers import Reviewer, Reviewers
from strikewatch.store.schema import REVIEW_STATES

__all__ = [
    "DATABASE_URL_ENV",
    "DEFAULT_DATABASE_URL",
    "EDITABLE_FIELDS",
    "REVIEW_STATES",
    "AddResult",
    "AuditEntry",
    "EventFilter",
    "EventSource",
    "FieldEdit",
    "FieldHistory",
    "MergeReason",
    "Reviewer",
    "Reviewers",
    "SplitResult",
    "Store",
    "StoreError",
    "StoredDocument",
    "StoredEvent",
    "current_user",
    "database_url",
    "parse_date_bound",
]
