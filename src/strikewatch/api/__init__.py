"""The web application: REST API, dashboard, event and document pages, and review by a person."""

from strikewatch.api.app import create_app

__all__ = ["create_app"]
