"""The event database: documents, events, their sources, reviews (SQLite now, PostgreSQL later)."""

from strikewatch.store.repository import (
    DATABASE_URL_ENV,
    DEFAULT_DATABASE_URL,
    AddResult,
    EventFilter,
    EventSource,
    Store,
    StoredDocument,
    StoredEvent,
    StoreError,
    database_url,
    parse_date_bound,
)
from strikewatch.store.schema import REVIEW_STATES

__all__ = [
    "DATABASE_URL_ENV",
    "DEFAULT_DATABASE_URL",
    "REVIEW_STATES",
    "AddResult",
    "EventFilter",
    "EventSource",
    "Store",
    "StoreError",
    "StoredDocument",
    "StoredEvent",
    "database_url",
    "parse_date_bound",
]
