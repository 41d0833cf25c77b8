"""The web application: REST API, dashboard pages and static assets over one store.

``create_app(db_url)`` opens the store once (its schema brought up to date) and serves it
read-only; with ``review=True`` reviewers may sign in with their tokens and correct events,
and the API's write endpoints accept their tokens. Requests are answered by plain functions
run in a thread pool, each with its own database session.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.middleware.gzip import GZipMiddleware

from strikewatch.api.security import SecurityHeaders, content_security_policy
from strikewatch.store import Reviewers, Store, StoreError

PACKAGE_DIR = Path(str(resources.files("strikewatch.api")))
STATIC_DIR = PACKAGE_DIR / "static"
TEMPLATE_DIR = PACKAGE_DIR / "templates"


@dataclass(frozen=True)
class Settings:
    """How the application runs: review on or off, and an optional online tile layer."""

    review: bool = False
    tiles_url: str | None = None
    tiles_attribution: str | None = None


@dataclass
class Context:
    """What every request handler shares: the store, the reviewers, the settings and the templates."""

    store: Store
    reviewers: Reviewers
    settings: Settings
    templates: Environment


def context(request: Request) -> Context:
    """The application's shared context (a FastAPI dependency)."""
    return request.app.state.context  # type: ignore[no-any-return]


def _version() -> str:
    try:
        return version("strikewatch")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without installing
        return "0"


def _tile_origin(tiles_url: str | None) -> str | None:
    """The origin a tile URL template loads from, for the page's content security policy."""
    if not tiles_url:
        return None
    parts = urlsplit(tiles_url.replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"tiles URL {tiles_url!r} is not an http(s) URL template such as "
                         "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in tiles_url else parts.netloc
    return f"{parts.scheme}://{host}"


def templates() -> Environment:
    """The page templates; everything put into them is escaped unless marked safe."""
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment


def create_app(db_url: str, *, review: bool = False, tiles_url: str | None = None,
               tiles_attribution: str | None = None) -> FastAPI:
    """The web application over the database at ``db_url``; reviewers may correct events when ``review``."""
    from strikewatch.api import pages, rest

    store = Store(db_url, encoder=None)
    settings = Settings(review=review, tiles_url=tiles_url, tiles_attribution=tiles_attribution)
    tile_origin = _tile_origin(tiles_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="strikewatch",
        version=_version(),
        description=(
            "Strikes and protests found in news reports, with their sources and evidence. "
            "Read endpoints are open; write endpoints need a reviewer's token as a bearer header "
            "(`strikewatch token create NAME`) and a server started with `--review`."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.context = Context(store=store, reviewers=Reviewers(store), settings=settings,
                                templates=templates())
    # Level 5: a map of 100,000 events (5 MB of JSON) shrinks to a quarter in a tenth of a second;
    # level 9 (the default) would take half a second for 5% less.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=5)
    app.add_middleware(SecurityHeaders, policy=content_security_policy(tile_origin))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(rest.router)
    app.include_router(pages.router)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return _error(request, 503, f"the database could not be read: {exc}")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception) -> Response:
        detail = exc.detail if isinstance(exc, HTTPException) else "not found"
        return _error(request, 404, str(detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": jsonable_errors(exc)}, status_code=422)
        return _error(request, 400, "; ".join(_describe(e) for e in exc.errors()))

    return app


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, object]]:
    """Validation errors as JSON values (without the input, which may be large)."""
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]


def _describe(error: dict[str, object]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body", "path"))  # type: ignore[union-attr]
    return f"{where}: {error.get('msg', '')}" if where else str(error.get("msg", ""))


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """An error as JSON for the API, as a page for a browser."""
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    from strikewatch.api.pages import error_page

    return error_page(request, status, message, headers=headers)
