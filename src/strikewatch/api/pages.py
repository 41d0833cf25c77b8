"""The pages: the dashboard, an event with its sources, a document, sign-in, and the review forms.

Pages are rendered on the server with Jinja2, which escapes every value put into them; the
dashboard's map, timeline and table are drawn by a small script from the API. Review forms
are plain HTML forms that post back to the page they are on, each with the session's
synchroniser token.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from strikewatch.api.app import Context, context
from strikewatch.api.details import document_detail, event_detail
from strikewatch.api.evidence import LABELS, passages
from strikewatch.api.params import FILTER_NAMES, REVIEW_CHOICES, make_filters
from strikewatch.api.security import (
    CSRF_FIELD,
    SESSION_COOKIE,
    PageSession,
    clear_session_cookie,
    csrf_ok,
    safe_next,
    set_session_cookie,
)
from strikewatch.model import DEMAND_CATEGORIES, GROUPS, KINDS, PRECISIONS, SECTORS, STATUSES, Event
from strikewatch.store import StoreError
from strikewatch.store.edits import check_value, field_value
from strikewatch.store.queries import SORTS
from strikewatch.store.reviewers import ANONYMOUS_SESSION_MINUTES, SESSION_HOURS

router = APIRouter(include_in_schema=False)

Ctx = Annotated[Context, Depends(context)]
EventId = Annotated[int, Path(ge=1)]
_DEMAND_LINE = re.compile(r"^\s*([a-z_]+)\s*(?::\s*(.*?))?\s*(?:\(\s*(\d+(?:[.,]\d+)?)\s*%\s*\))?\s*$")


def page_session(request: Request, ctx: Ctx) -> PageSession:
    """The browser session of a request (only looked up when review is on)."""
    if not ctx.settings.review:
        return PageSession(cookie=None, session=None)
    cookie = request.cookies.get(SESSION_COOKIE)
    return PageSession(cookie=cookie, session=ctx.reviewers.session(cookie))


SessionDep = Annotated[PageSession, Depends(page_session)]


def http_url(value: str | None) -> str | None:
    """A URL fit for a link: http or https only (a report's "javascript:" URL is shown, never linked)."""
    if not value:
        return None
    scheme = urlsplit(value.strip()).scheme.lower()
    return value.strip() if scheme in ("http", "https") else None


def render(request: Request, template: str, *, status: int = 200, session: PageSession | None = None,
           headers: Mapping[str, str] | None = None, **values: Any) -> HTMLResponse:
    """A page from a template, with what every page needs."""
    ctx: Context = request.app.state.context
    session = session or PageSession(cookie=None, session=None)
    page = ctx.templates.get_template(template).render(
        request_path=request.url.path,
        here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        review=ctx.settings.review,
        reviewer=session.reviewer,
        csrf_field=CSRF_FIELD,
        csrf_token=session.csrf_token,
        http_url=http_url,
        labels=LABELS,
        **values,
    )
    return HTMLResponse(page, status_code=status, headers=dict(headers or {}))


def error_page(request: Request, status: int, message: str, headers: Mapping[str, str] | None = None) -> HTMLResponse:
    """An error as a page."""
    return render(request, "error.html", status=status, headers=headers, status_code=status, message=message)


# ---- the dashboard ---------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, ctx: Ctx, session: SessionDep) -> HTMLResponse:
    """The map, the timeline, the filters and the table of events."""
    values = {name: request.query_params.get(name) for name in FILTER_NAMES}
    problem = None
    try:
        filters = make_filters(**values)
    except HTTPException as exc:
        problem = str(exc.detail)
        filters = make_filters()
    sort = request.query_params.get("sort") or "start_date"
    if sort.removeprefix("-") not in SORTS:
        sort = "start_date"
    downloads = [(label, f"/api/export?{filters.query_string(format=fmt)}")
                 for label, fmt in (("CSV", "csv"), ("GeoJSON", "geojson"), ("ACLED-style CSV", "acled"))]
    return render(
        request, "dashboard.html", session=session, status=400 if problem else 200, problem=problem,
        filters=filters.given, api_query=filters.query_string(), sort=sort, downloads=downloads,
        kinds=KINDS, statuses=STATUSES, sectors=SECTORS, demands=DEMAND_CATEGORIES, reviews=REVIEW_CHOICES,
        tiles_url=ctx.settings.tiles_url or "", tiles_attribution=ctx.settings.tiles_attribution or "",
    )


# ---- an event and a document ---------------------------------------------------------------


def _event_page(request: Request, ctx: Ctx, session: PageSession, event_id: int, *, status: int = 200,
                problem: str | None = None, done: str | None = None) -> HTMLResponse:
    detail = event_detail(ctx.store, event_id)
    if detail is None:
        return error_page(request, 404, f"no event with id {event_id}")
    texts = [
        passages(source.document.document.text, source.evidence) if source.document else []
        for source in detail.sources
    ]
    return render(
        request, "event.html", session=session, status=status, detail=detail, item=detail.stored.event,
        texts=texts, problem=problem, done=done, kinds=KINDS, statuses=STATUSES, groups=GROUPS, sectors=SECTORS,
        precisions=PRECISIONS, demand_categories=DEMAND_CATEGORIES, demand_lines=_demand_lines(detail.stored.event),
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, ctx: Ctx, session: SessionDep, event_id: EventId) -> HTMLResponse:
    """An event: its fields, its sources with the evidence highlighted and labelled, its history."""
    done = request.query_params.get("done")
    return _event_page(request, ctx, session, event_id, done=_DONE.get(done or ""))


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, ctx: Ctx, session: SessionDep,
                  document_id: Annotated[int, Path(ge=1)]) -> HTMLResponse:
    """A report: its text with the evidence of every event it tells highlighted."""
    detail = document_detail(ctx.store, document_id)
    if detail is None:
        return error_page(request, 404, f"no document with id {document_id}")
    spans = [span for item in detail.events for span in item.evidence]
    return render(request, "document.html", session=session, detail=detail,
                  document=detail.stored.document, text=passages(detail.stored.document.text, spans))


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API's interactive documentation (Swagger UI, served from this application)."""
    return render(request, "docs.html")


# ---- signing in and out --------------------------------------------------------------------


def _require_review(ctx: Context) -> None:
    if not ctx.settings.review:
        raise HTTPException(status_code=404, detail="review is off on this server (start it with --review)")


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request, ctx: Ctx, session: SessionDep) -> HTMLResponse:
    """The sign-in form; a browser without a session gets one, so that the form carries a token."""
    _require_review(ctx)
    target = safe_next(request.query_params.get("next"))
    if session.session is not None:
        return render(request, "signin.html", session=session, next=target)
    opened = ctx.reviewers.open_session(None)
    fresh = PageSession(cookie=opened.cookie, session=opened.session)
    response = render(request, "signin.html", session=fresh, next=target)
    set_session_cookie(response, request, opened.cookie, max_age=ANONYMOUS_SESSION_MINUTES * 60)
    return response


def _refused(request: Request) -> HTMLResponse:
    return error_page(request, 403, "This form has expired or did not come from this site: "
                                    "reload the page and send it again.")


@router.post("/signin", response_class=HTMLResponse)
def signin(request: Request, ctx: Ctx, session: SessionDep, token: Annotated[str, Form(max_length=200)] = "",
           csrf_token: Annotated[str, Form(max_length=200)] = "",
           next: Annotated[str, Form(max_length=2000)] = "/") -> Response:
    """Check a reviewer's token and sign the browser in with a new session."""
    _require_review(ctx)
    if not csrf_ok(session, csrf_token):
        return _refused(request)
    reviewer = ctx.reviewers.for_token(token.strip())
    if reviewer is None:
        return render(request, "signin.html", session=session, status=401, next=safe_next(next),
                      problem="That token is not valid. Ask for a new one (strikewatch token create NAME).")
    # A new session id on sign-in, so that a session id known before it is worth nothing after.
    ctx.reviewers.close_session(session.cookie)
    opened = ctx.reviewers.open_session(reviewer)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(response, request, opened.cookie, max_age=SESSION_HOURS * 3600)
    return response


@router.post("/signout")
def signout(request: Request, ctx: Ctx, session: SessionDep,
            csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    """End the browser's session."""
    _require_review(ctx)
    if not csrf_ok(session, csrf_token):
        return _refused(request)
    ctx.reviewers.close_session(session.cookie)
    response = RedirectResponse("/", status_code=303)
    clear_session_cookie(response, request)
    return response


# ---- review forms --------------------------------------------------------------------------

_DONE = {"accepted": "Accepted.", "rejected": "Rejected.", "unreviewed": "Marked as not reviewed.",
         "edited": "Your corrections are saved.", "unchanged": "Nothing was changed.",
         "merged": "The events are merged.", "split": "The source is split off."}


def _reviewer_or_refusal(request: Request, ctx: Context, session: PageSession, submitted: str) -> Response | None:
    """None when the form may go on; else the answer that stops it."""
    _require_review(ctx)
    if not csrf_ok(session, submitted):
        return _refused(request)
    if session.reviewer is None:
        return error_page(request, 401, "Sign in as a reviewer to change events.")
    return None


def _back(event_id: int, done: str) -> RedirectResponse:
    return RedirectResponse(f"/events/{event_id}?done={quote(done)}", status_code=303)


@router.post("/events/{event_id}/review")
def review_form(request: Request, ctx: Ctx, session: SessionDep, event_id: EventId,
                csrf_token: Annotated[str, Form(max_length=200)] = "",
                state: Annotated[str, Form(max_length=20)] = "") -> Response:
    """Accept or reject an event, or mark it as not reviewed."""
    refusal = _reviewer_or_refusal(request, ctx, session, csrf_token)
    if refusal is not None:
        return refusal
    assert session.reviewer is not None
    if state not in ("accepted", "rejected", "unreviewed"):
        return _event_page(request, ctx, session, event_id, status=400, problem=f"unknown review state {state!r}")
    try:
        ctx.store.set_review_state(event_id, state, who=session.reviewer.name)
    except StoreError as exc:
        return error_page(request, 404, str(exc))
    return _back(event_id, state)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _number(name: str, text: str, *, whole: bool) -> int | float | None:
    text = text.strip().replace(",", ".") if not whole else text.strip()
    if not text:
        return None
    try:
        return int(text) if whole else float(text)
    except ValueError:
        raise ValueError(f"{name}: write a {'whole number' if whole else 'number'}, not {text!r}") from None


def _demand_lines(item: Event) -> str:
    """The demands as the edit form shows them: "category: text (12%)", one a line."""
    lines = []
    for demand in item.demands:
        line = demand.category + (f": {demand.text}" if demand.text else "")
        if demand.percent is not None:
            line += f" ({demand.percent:g}%)"
        lines.append(line)
    return "\n".join(lines)


def _parse_demands(text: str) -> list[dict[str, Any]]:
    demands = []
    for line in _lines(text):
        match = _DEMAND_LINE.match(line)
        if match is None:
            raise ValueError(f"demands: write each as 'category: words (12%)', not {line!r}")
        percent = match.group(3)
        demands.append({"category": match.group(1), "text": match.group(2) or "",
                        "percent": float(percent.replace(",", ".")) if percent else None})
    return demands


def form_changes(form: Mapping[str, str], current: Event) -> dict[str, Any]:
    """The fields a submitted edit form changes, as the store's field changes."""

    def given(name: str) -> str:
        return str(form.get(name, "") or "")

    submitted: dict[str, Any] = {
        "kind": given("kind"), "status": given("status"),
        "start_date": given("start_date").strip() or None, "end_date": given("end_date").strip() or None,
        "summary": given("summary"),
        "actor.group": given("actor_group") or None, "actor.sector": given("actor_sector") or None,
        "actor.size": _number("size", given("actor_size"), whole=True),
        "actor.organizations": _lines(given("organizations")), "actor.unions": _lines(given("unions")),
        "targets": _lines(given("targets")), "demands": _parse_demands(given("demands")),
        "fatalities": _number("fatalities", given("fatalities"), whole=True),
        "arrests": _number("arrests", given("arrests"), whole=True),
        "injuries": _number("injuries", given("injuries"), whole=True),
    }
    name = given("location_name").strip()
    place = current.location
    if name:
        country = given("location_country").strip().upper() or None
        same_place = place is not None and place.name == name and (place.country or None) == country
        submitted["location"] = {
            "name": name, "venue": given("location_venue").strip() or None,
            "admin1": given("location_admin1").strip() or None, "country": country,
            "lat": _number("latitude", given("location_lat"), whole=False),
            "lon": _number("longitude", given("location_lon"), whole=False),
            "precision": given("location_precision") or "city",
            # The gazetteer entry stays only while the place is the same one.
            "geonameid": place.geonameid if same_place and place is not None else None,
        }
    elif any(given(f"location_{part}").strip() for part in ("venue", "admin1", "country", "lat", "lon")):
        raise ValueError("location: a place needs a name (leave every place field empty to remove the place)")
    else:
        submitted["location"] = None
    changes = {}
    for field_name, value in submitted.items():
        checked = check_value(field_name, value)
        old = field_value(current, field_name)
        try:
            old_checked = check_value(field_name, old)
        except ValueError:
            old_checked = old
        # A value that only differs in spacing as the form shows it is no change.
        if checked != old and checked != old_checked:
            changes[field_name] = checked
    return changes


@router.post("/events/{event_id}/edit")
async def edit_form(request: Request, ctx: Ctx, session: SessionDep, event_id: EventId) -> Response:
    """Correct an event's fields from the edit form."""
    form = await request.form()
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    # The store works synchronously: off the event loop, like every other handler.
    return await run_in_threadpool(_edit, request, ctx, session, event_id, values)


def _edit(request: Request, ctx: Context, session: PageSession, event_id: int, values: dict[str, str]) -> Response:
    refusal = _reviewer_or_refusal(request, ctx, session, values.get(CSRF_FIELD, ""))
    if refusal is not None:
        return refusal
    assert session.reviewer is not None
    stored = ctx.store.event(event_id)
    if stored is None:
        return error_page(request, 404, f"no event with id {event_id}")
    try:
        changes = form_changes(values, stored.event)
        if not changes:
            return _back(event_id, "unchanged")
        ctx.store.edit_event(event_id, changes, who=session.reviewer.name)
    except ValueError as exc:
        return _event_page(request, ctx, session, event_id, status=400, problem=str(exc))
    return _back(event_id, "edited")


@router.post("/events/{event_id}/merge")
def merge_form(request: Request, ctx: Ctx, session: SessionDep, event_id: EventId,
               csrf_token: Annotated[str, Form(max_length=200)] = "",
               other_id: Annotated[str, Form(max_length=20)] = "") -> Response:
    """Merge another event into this one."""
    refusal = _reviewer_or_refusal(request, ctx, session, csrf_token)
    if refusal is not None:
        return refusal
    assert session.reviewer is not None
    if not other_id.strip().isdigit():
        return _event_page(request, ctx, session, event_id, status=400,
                           problem="merge: give the id of the other event (a number)")
    try:
        merged = ctx.store.merge_events(event_id, int(other_id), who=session.reviewer.name)
    except StoreError as exc:
        return _event_page(request, ctx, session, event_id, status=409, problem=f"merge: {exc}")
    return _back(merged.id, "merged")


@router.post("/events/{event_id}/split")
def split_form(request: Request, ctx: Ctx, session: SessionDep, event_id: EventId,
               csrf_token: Annotated[str, Form(max_length=200)] = "",
               document_id: Annotated[str, Form(max_length=20)] = "") -> Response:
    """Take one source out of this event."""
    refusal = _reviewer_or_refusal(request, ctx, session, csrf_token)
    if refusal is not None:
        return refusal
    assert session.reviewer is not None
    if not document_id.strip().isdigit():
        return _event_page(request, ctx, session, event_id, status=400, problem="split: choose a source")
    try:
        result = ctx.store.split_source(event_id, int(document_id), who=session.reviewer.name)
    except StoreError as exc:
        return _event_page(request, ctx, session, event_id, status=409, problem=f"split: {exc}")
    return _back(result.remaining.id, "split")

