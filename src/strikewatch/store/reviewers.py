"""Reviewers, their tokens and their signed-in browser sessions.

A reviewer is a name and a token. The token is shown once, when it is made, and only its
SHA-256 digest is stored: a token is 256 random bits, so a plain digest cannot be searched
back to it, and a stolen database gives no way in. A browser session is a random id in an
HttpOnly cookie (stored as a digest too) with the synchroniser token its forms carry against
cross-site request forgery; a session that has not signed in yet carries a token all the same,
so that the sign-in form is protected as well.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, Integer, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from strikewatch.store.schema import Base, utc_now

if TYPE_CHECKING:
    from strikewatch.store.repository import Store

TOKEN_PREFIX = "swr_"
MAX_NAME = 100
# A browser session lasts this long after sign-in; an unsigned one (the sign-in form) far less.
SESSION_HOURS = 12
ANONYMOUS_SESSION_MINUTES = 30


class ReviewerRow(Base):
    """A person who may review: a name and the digest of their token."""

    __tablename__ = "reviewers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReviewSessionRow(Base):
    """A browser session: the digest of its cookie, its reviewer once signed in, its form token."""

    __tablename__ = "review_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


@dataclass(frozen=True)
class Reviewer:
    """A reviewer as the application sees one: id and name."""

    id: int
    name: str


@dataclass(frozen=True)
class ReviewSession:
    """A browser session: its reviewer (None before sign-in) and the token its forms must carry."""

    reviewer: Reviewer | None
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class OpenedSession:
    """A new browser session: the cookie value (shown once) and the session itself."""

    cookie: str
    session: ReviewSession


def digest(secret: str) -> str:
    """The stored form of a token or session id."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same_secret(given: str | None, expected: str) -> bool:
    """Whether a submitted secret equals the expected one, compared in constant time."""
    return given is not None and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def check_name(name: str) -> str:
    """A reviewer name as stored: trimmed, printable, 1 to 100 characters; ValueError otherwise."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("a reviewer name must not be empty")
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"a reviewer name has at most {MAX_NAME} characters")
    if any(unicodedata.category(c).startswith("C") for c in cleaned):
        raise ValueError("a reviewer name must not hold control characters")
    return cleaned


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Reviewers:
    """Reviewer tokens and browser sessions, kept in a store's database."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # ---- tokens ---------------------------------------------------------------------------

    def create_token(self, name: str) -> str:
        """A new token for reviewer ``name`` (created if new); an earlier token of theirs stops working."""
        name = check_name(name)
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)

        def work(session: Session) -> None:
            row = session.scalars(select(ReviewerRow).where(ReviewerRow.name == name)).first()
            if row is None:
                session.add(ReviewerRow(name=name, token_hash=digest(token)))
                return
            row.token_hash = digest(token)
            row.created_at = utc_now()
            row.revoked_at = None
            # Signed-in browsers of the old token are signed out with it.
            session.execute(delete(ReviewSessionRow).where(ReviewSessionRow.reviewer_id == row.id))

        self.store.run_in_transaction(f"create a token for {name!r}", work)
        return token

    def revoke(self, name: str) -> bool:
        """Stop a reviewer's token from working and sign out their browsers; whether they existed."""
        name = check_name(name)

        def work(session: Session) -> bool:
            row = session.scalars(select(ReviewerRow).where(ReviewerRow.name == name)).first()
            if row is None:
                return False
            row.revoked_at = utc_now()
            session.execute(delete(ReviewSessionRow).where(ReviewSessionRow.reviewer_id == row.id))
            return True

        return self.store.run_in_transaction(f"revoke the token of {name!r}", work)

    def names(self) -> list[tuple[str, datetime, bool]]:
        """Every reviewer: name, when their token was made, and whether it still works."""
        with self.store.read_session() as session:
            rows = session.scalars(select(ReviewerRow).order_by(ReviewerRow.name))
            return [(row.name, _aware(row.created_at), row.revoked_at is None) for row in rows]

    def for_token(self, token: str | None) -> Reviewer | None:
        """The reviewer whose token this is, or None for a missing, unknown or revoked token."""
        if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        with self.store.read_session() as session:
            row = session.scalars(
                select(ReviewerRow).where(ReviewerRow.token_hash == digest(token), ReviewerRow.revoked_at.is_(None))
            ).first()
            return Reviewer(id=row.id, name=row.name) if row else None

    # ---- browser sessions -----------------------------------------------------------------

    def open_session(self, reviewer: Reviewer | None) -> OpenedSession:
        """A new browser session, signed in as ``reviewer`` or not yet; expired sessions are cleared."""
        cookie = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        lasts = timedelta(hours=SESSION_HOURS) if reviewer else timedelta(minutes=ANONYMOUS_SESSION_MINUTES)
        expires = utc_now() + lasts

        def work(session: Session) -> None:
            session.execute(delete(ReviewSessionRow).where(ReviewSessionRow.expires_at < utc_now()))
            session.add(ReviewSessionRow(session_hash=digest(cookie), reviewer_id=reviewer.id if reviewer else None,
                                         csrf_token=csrf, expires_at=expires))

        self.store.run_in_transaction("open a browser session", work)
        return OpenedSession(cookie=cookie, session=ReviewSession(reviewer=reviewer, csrf_token=csrf,
                                                                  expires_at=expires))

    def session(self, cookie: str | None) -> ReviewSession | None:
        """The live session of a cookie value, or None (missing, unknown, expired, or its reviewer revoked)."""
        if not cookie or len(cookie) > 200:
            return None
        with self.store.read_session() as session:
            found = session.execute(
                select(ReviewSessionRow, ReviewerRow)
                .outerjoin(ReviewerRow, ReviewerRow.id == ReviewSessionRow.reviewer_id)
                .where(ReviewSessionRow.session_hash == digest(cookie))
            ).first()
        if found is None:
            return None
        row, reviewer_row = found
        if _aware(row.expires_at) < utc_now():
            return None
        if row.reviewer_id is not None and (reviewer_row is None or reviewer_row.revoked_at is not None):
            return None
        reviewer = Reviewer(id=reviewer_row.id, name=reviewer_row.name) if reviewer_row is not None else None
        return ReviewSession(reviewer=reviewer, csrf_token=row.csrf_token, expires_at=_aware(row.expires_at))

    def close_session(self, cookie: str | None) -> None:
        """End a browser session (signing out); an unknown cookie is no error."""
        if not cookie:
            return

        def work(session: Session) -> None:
            session.execute(delete(ReviewSessionRow).where(ReviewSessionRow.session_hash == digest(cookie)))

        self.store.run_in_transaction("close a browser session", work)
