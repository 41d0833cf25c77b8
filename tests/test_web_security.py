"""Security of the web application: escaping, forgery protection, tokens, hostile filters, headers."""

from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from strikewatch.api import create_app
from strikewatch.api.app import STATIC_DIR, templates
from strikewatch.api.security import SESSION_COOKIE
from strikewatch.store import Reviewers, Store
from web_support import HOSTILE, IMAGE, SCRIPT, fill_store

RAW_PAYLOADS = ("<script>alert(", "<img src=x", "<img")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[TestClient, Store, str, dict[str, int], Path]]:
    """A database of hand-made reports served with review on, its store, a token, event ids, the file."""
    path = tmp_path / "web.db"
    url = f"sqlite:///{path}"
    store = Store(url, encoder=None)
    ids = fill_store(store)
    token = Reviewers(store).create_token("ana")
    with TestClient(create_app(url, review=True)) as client:
        yield client, store, token, ids, path
    store.close()


def signed_in(client: TestClient, token: str) -> str:
    """Sign the client in through the form; the session's form token."""
    form = client.get("/signin")
    csrf = form_token(form.text)
    answer = client.post("/signin", data={"token": token, "csrf_token": csrf, "next": "/"}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return form_token(client.get("/").text)


def form_token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the page has no form token"
    return match.group(1)


class Elements(HTMLParser):
    """The elements of a page as a browser's parser sees them, and the text inside scripts."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.script_text = ""
        self._in_script = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text += data


def assert_escaped(page: str) -> None:
    """The page holds no element, handler, script or link that came from report text."""
    for raw in RAW_PAYLOADS:
        assert raw not in page, f"unescaped {raw!r} in the page"
    parsed = Elements(page)
    assert "img" not in {tag for tag, _ in parsed.found}
    for tag, attributes in parsed.found:
        assert not [name for name in attributes if name.startswith("on")], (tag, attributes)
        assert not (attributes.get("href") or "").lower().startswith("javascript:"), (tag, attributes)
        if tag == "script":
            assert (attributes.get("src") or "").startswith("/static/"), attributes
    assert parsed.script_text.strip() == ""


# ---- escaping -------------------------------------------------------------------------------


def test_report_text_shows_as_text_on_the_event_page(served: tuple) -> None:
    client, _store, token, ids, _path = served
    signed_in(client, token)  # the review form repeats every field in inputs and text areas
    page = client.get(f"/events/{ids['web-hostile']}").text
    assert_escaped(page)
    assert str(escape(SCRIPT)) in page and str(escape(IMAGE)) in page
    # The document's "javascript:" URL is shown, never made a link.
    assert 'href="javascript' not in page.lower()
    assert str(escape("javascript:alert('xss-url')")) in page


def test_report_text_shows_as_text_on_the_document_page_and_dashboard(served: tuple) -> None:
    client, _store, _token, ids, _path = served
    event = client.get(f"/api/events/{ids['web-hostile']}").json()
    document_page = client.get(f"/documents/{event['sources'][0]['document_id']}").text
    assert_escaped(document_page)
    assert str(escape(f"Sit-in {HOSTILE}")) in document_page
    dashboard = client.get("/", params={"q": HOSTILE, "org": SCRIPT}).text
    assert_escaped(dashboard)


def test_the_api_returns_report_text_as_data(served: tuple) -> None:
    client, _store, _token, ids, _path = served
    answer = client.get(f"/api/events/{ids['web-hostile']}")
    assert answer.headers["content-type"] == "application/json"
    assert answer.json()["actor"]["organizations"] == [f"Acme {IMAGE} Ltd"]


def test_templates_escape_by_default() -> None:
    environment = templates()
    assert environment.from_string("{{ value }}").render(value=SCRIPT) == str(escape(SCRIPT))
    for name in environment.list_templates():
        assert "|safe" not in (STATIC_DIR.parent / "templates" / name).read_text()


def test_page_scripts_never_write_markup() -> None:
    """Report text reaches the page through textContent only."""
    for script in (STATIC_DIR / "js").glob("*.js"):
        source = script.read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in source, f"{script.name} uses {sink}"


# ---- forgery -------------------------------------------------------------------------------


def test_sign_in_without_or_with_a_wrong_form_token_is_refused(served: tuple) -> None:
    client, _store, token, _ids, _path = served
    client.get("/signin")
    assert client.post("/signin", data={"token": token}, follow_redirects=False).status_code == 403
    answer = client.post("/signin", data={"token": token, "csrf_token": "forged"}, follow_redirects=False)
    assert answer.status_code == 403
    assert SESSION_COOKIE not in answer.cookies


def test_review_forms_without_or_with_a_wrong_token_are_refused(served: tuple) -> None:
    client, store, token, ids, _path = served
    csrf = signed_in(client, token)
    event_id = ids["web-marseille-dockers"]
    forms = [
        (f"/events/{event_id}/review", {"state": "accepted"}),
        (f"/events/{event_id}/edit", {"kind": "riot", "status": "occurred"}),
        (f"/events/{event_id}/merge", {"other_id": str(ids["web-torino-insegnanti"])}),
        (f"/events/{event_id}/split", {"document_id": "1"}),
        ("/signout", {}),
    ]
    for path, data in forms:
        assert client.post(path, data=data, follow_redirects=False).status_code == 403, path
        assert client.post(path, data={**data, "csrf_token": csrf[:-2] + "xx"},
                           follow_redirects=False).status_code == 403, path
    assert store.audit() == []
    assert store.event(event_id).review_state == "unreviewed"
    answer = client.post(f"/events/{event_id}/review", data={"state": "accepted", "csrf_token": csrf},
                         follow_redirects=False)
    assert answer.status_code == 303
    assert store.event(event_id).review_state == "accepted"


def test_another_sessions_form_token_is_refused(served: tuple) -> None:
    client, store, token, ids, _path = served
    signed_in(client, token)
    with TestClient(client.app) as other:
        foreign = signed_in(other, token)
    answer = client.post(f"/events/{ids['web-marseille-dockers']}/review",
                         data={"state": "rejected", "csrf_token": foreign}, follow_redirects=False)
    assert answer.status_code == 403
    assert store.audit() == []


def test_forms_need_a_signed_in_reviewer(served: tuple) -> None:
    client, store, _token, ids, _path = served
    csrf = form_token(client.get("/signin").text)  # a session, but not signed in
    answer = client.post(f"/events/{ids['web-marseille-dockers']}/review",
                         data={"state": "accepted", "csrf_token": csrf}, follow_redirects=False)
    assert answer.status_code == 401
    assert store.audit() == []


def test_an_edit_form_corrects_fields_and_audits_the_reviewer(served: tuple) -> None:
    client, store, token, ids, _path = served
    csrf = signed_in(client, token)
    event_id = ids["web-marseille-dockers"]
    page = client.get(f"/events/{event_id}").text
    fields = dict(re.findall(r'<input name="([a-z_0-9]+)" value="([^"]*)"', page))
    form = {**{k: html.unescape(v) for k, v in fields.items()}, "csrf_token": csrf, "kind": "strike",
            "status": "occurred", "location_precision": "venue", "actor_group": "workers",
            "actor_sector": "transport", "actor_size": "650", "organizations": "Portuaire Phocéenne",
            "unions": "Dockers Union", "demands": "wages: pay rise (12%)", "targets": "", "arrests": "3",
            "fatalities": "", "injuries": "", "summary": store.event(event_id).event.summary}
    answer = client.post(f"/events/{event_id}/edit", data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    (entry,) = store.audit(event_id)
    assert entry.actor == "ana" and entry.action == "edit"
    assert entry.before == {"actor.size": 600} and entry.after == {"actor.size": 650}
    assert store.event(event_id).review_state == "edited"


# ---- tokens and sessions -------------------------------------------------------------------


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer swr_not-a-real-token"}, {"Authorization": "Basic YW5hOmFuYQ=="},
    {"Authorization": "Bearer "},
])
def test_writes_without_a_valid_token_are_401(served: tuple, headers: dict[str, str]) -> None:
    client, store, _token, ids, _path = served
    event_id = ids["web-marseille-dockers"]
    calls = [
        client.patch(f"/api/events/{event_id}", json={"kind": "riot"}, headers=headers),
        client.post(f"/api/events/{event_id}/review", json={"state": "accepted"}, headers=headers),
        client.post(f"/api/events/{event_id}/merge", json={"other_id": ids["web-torino-insegnanti"]},
                    headers=headers),
        client.post(f"/api/events/{event_id}/split", json={"document_id": 1}, headers=headers),
        client.get("/api/reviewer", headers=headers),
    ]
    for answer in calls:
        assert answer.status_code == 401, answer.text
        assert answer.headers["www-authenticate"].startswith("Bearer")
    assert store.audit() == []
    assert store.event(event_id).event.kind == "strike"


def test_the_api_ignores_the_session_cookie(served: tuple) -> None:
    client, _store, token, ids, _path = served
    signed_in(client, token)
    answer = client.patch(f"/api/events/{ids['web-marseille-dockers']}", json={"kind": "riot"})
    assert answer.status_code == 401


def test_a_revoked_token_stops_working(served: tuple) -> None:
    client, store, token, ids, _path = served
    signed_in(client, token)
    Reviewers(store).revoke("ana")
    answer = client.patch(f"/api/events/{ids['web-marseille-dockers']}", json={"kind": "riot"},
                          headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401
    assert "Signed in as" not in client.get("/").text


def test_the_session_cookie_is_http_only_and_strict(served: tuple) -> None:
    client, _store, token, _ids, path = served
    before = client.get("/signin")
    first = before.cookies.get(SESSION_COOKIE)
    assert "httponly" in before.headers["set-cookie"].lower()
    assert "samesite=strict" in before.headers["set-cookie"].lower()
    answer = client.post("/signin", data={"token": token, "csrf_token": form_token(before.text)},
                         follow_redirects=False)
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    # A new session id on sign-in; neither it nor the token is stored as such.
    assert answer.cookies.get(SESSION_COOKIE) not in (None, first)
    stored = path.read_bytes() + (path.with_name(path.name + "-wal").read_bytes()
                                  if path.with_name(path.name + "-wal").exists() else b"")
    assert token.encode() not in stored
    assert answer.cookies.get(SESSION_COOKIE).encode() not in stored


def test_signing_out_ends_the_session(served: tuple) -> None:
    client, _store, token, _ids, _path = served
    csrf = signed_in(client, token)
    cookie = client.cookies.get(SESSION_COOKIE)
    assert client.post("/signout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    client.cookies.set(SESSION_COOKIE, cookie)  # a stolen copy of the cookie is worth nothing now
    assert "Signed in as" not in client.get("/").text


def test_a_wrong_token_is_refused_at_sign_in(served: tuple) -> None:
    client, _store, _token, _ids, _path = served
    csrf = form_token(client.get("/signin").text)
    answer = client.post("/signin", data={"token": "swr_guess", "csrf_token": csrf}, follow_redirects=False)
    assert answer.status_code == 401 and "not valid" in answer.text


@pytest.mark.parametrize("target", ["//elsewhere.example/x", "https://elsewhere.example/", "/\\elsewhere.example",
                                    "javascript:alert(1)"])
def test_sign_in_never_sends_the_browser_elsewhere(served: tuple, target: str) -> None:
    client, _store, token, _ids, _path = served
    csrf = form_token(client.get("/signin").text)
    answer = client.post("/signin", data={"token": token, "csrf_token": csrf, "next": target},
                         follow_redirects=False)
    assert answer.headers["location"] == "/"


# ---- hostile filters ------------------------------------------------------------------------


@pytest.mark.parametrize("params", [
    {"q": "' OR 1=1 --"},
    {"q": "%%%"},
    {"org": "%' OR '1'='1"},
    {"region": "x'; DROP TABLE events; --"},
    {"q": "\") UNION SELECT name FROM sqlite_master --"},
    {"q": "__________"},
])
def test_sql_looking_filters_are_only_text(served: tuple, params: dict[str, str]) -> None:
    client, _store, _token, _ids, path = served
    answer = client.get("/api/events", params=params)
    assert answer.status_code == 200
    # No stored event holds these characters (and "%" or "_" are no wildcards here: they would match all).
    assert answer.json()["total"] == 0
    assert client.get("/api/stats", params=params).json()["total"] == 0
    assert client.get("/", params=params).status_code == 200
    with sqlite3.connect(path) as connection:
        assert connection.execute("select count(*) from events").fetchone()[0] == 5


def test_a_literal_percent_sign_matches_only_itself(served: tuple) -> None:
    client, _store, _token, _ids, _path = served
    assert client.get("/api/events", params={"q": "12%"}).json()["total"] == 0
    assert client.get("/api/events", params={"q": "dockers"}).json()["total"] == 1


# ---- headers -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/events/1", "/docs", "/api/events", "/openapi.json", "/static/app.css",
                                  "/static/js/dashboard.js", "/events/9999", "/signin"])
def test_every_answer_carries_the_security_headers(served: tuple, path: str) -> None:
    client = served[0]
    answer = client.get(path)
    policy = answer.headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'" and directives["default-src"] == "'none'"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["referrer-policy"] == "same-origin"


def test_pages_are_not_cached_and_carry_no_inline_script(served: tuple) -> None:
    client, _store, token, ids, _path = served
    signed_in(client, token)
    for path in ("/", f"/events/{ids['web-marseille-dockers']}", "/signin", "/docs"):
        answer = client.get(path)
        assert answer.headers["cache-control"] == "no-store"
        for tag in re.findall(r"<script\b[^>]*>", answer.text):
            assert 'src="/static/' in tag, tag
        assert not re.search(r"<script\b[^>]*>[^<]+</script>", answer.text)
        assert not re.search(r"<[a-z]+[^>]*\son[a-z]+=", answer.text)  # no inline event handlers


def test_pages_load_nothing_from_other_sites(served: tuple) -> None:
    client, _store, _token, ids, _path = served
    for path in ("/", f"/events/{ids['web-marseille-dockers']}", "/docs"):
        page = client.get(path).text
        loaded = re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"', page)
        assert loaded and all(url.startswith("/static/") for url in loaded), loaded


def test_online_tiles_are_allowed_only_from_their_own_origin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tiles.db'}"
    app = create_app(url, tiles_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png", tiles_attribution="© Example")
    with TestClient(app) as client:
        page = client.get("/")
    assert "img-src 'self' data: https://*.tiles.example.org" in page.headers["content-security-policy"]
    assert 'data-tiles="https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in page.text
