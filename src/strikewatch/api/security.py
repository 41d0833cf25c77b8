"""Who may write, and the headers every answer carries.

- The API's write endpoints take a reviewer's token as a bearer header and answer 401 without
  a valid one. The API never reads the session cookie, so a page on another site cannot make a
  signed-in browser write through it.
- The pages' forms go with a browser session (an HttpOnly, SameSite=Strict cookie) and carry the
  session's synchroniser token, checked on every POST.
- Every answer carries a Content-Security-Policy that allows scripts, styles and data from the
  application alone (no inline scripts), and tells browsers not to sniff types, frame the pages
  or send the full address to other sites.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException, Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from strikewatch.store import Reviewer
from strikewatch.store.reviewers import ReviewSession, same_secret

SESSION_COOKIE = "sw_session"
CSRF_FIELD = "csrf_token"


def content_security_policy(tile_origin: str | None = None) -> str:
    """The policy of every page: the application's own scripts, styles, images and data only."""
    images = "'self' data:" + (f" {tile_origin}" if tile_origin else "")
    return "; ".join((
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src {images}",
        "connect-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ))


class SecurityHeaders:
    """ASGI middleware that adds the security headers to every answer."""

    def __init__(self, app: ASGIApp, *, policy: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", policy.encode("ascii")),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in dict(self.headers)]
                headers.extend(self.headers)
                names = {k.lower() for k, _ in headers}
                if b"cache-control" not in names:
                    # Pages hold form tokens and reviewers' names: never cached. Assets may be, briefly.
                    headers.append((b"cache-control", b"public, max-age=3600" if static else b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header, or None."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def unauthorized(message: str) -> HTTPException:
    """A 401 answer that tells the client to send a bearer token."""
    return HTTPException(status_code=401, detail=message, headers={"WWW-Authenticate": 'Bearer realm="strikewatch"'})


@dataclass(frozen=True)
class PageSession:
    """The browser session of a page request, and its cookie value."""

    cookie: str | None
    session: ReviewSession | None

    @property
    def reviewer(self) -> Reviewer | None:
        """The signed-in reviewer, if any."""
        return self.session.reviewer if self.session else None

    @property
    def csrf_token(self) -> str | None:
        """The token the session's forms carry."""
        return self.session.csrf_token if self.session else None


def set_session_cookie(response: Response, request: Request, value: str, *, max_age: int) -> None:
    """Put the session cookie on an answer: HttpOnly, SameSite=Strict, Secure over HTTPS."""
    response.set_cookie(SESSION_COOKIE, value, max_age=max_age, path="/", httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


def clear_session_cookie(response: Response, request: Request) -> None:
    """Remove the session cookie."""
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")


def csrf_ok(session: PageSession, submitted: str | None) -> bool:
    """Whether a submitted form carries its session's synchroniser token."""
    expected = session.csrf_token
    return expected is not None and same_secret(submitted, expected)


def safe_next(target: str | None) -> str:
    """A path on this site to go to after signing in; anything else (another site) becomes "/"."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 32 for c in target):
        return "/"
    return target
