"""The dashboard in a real browser: headless Chromium (Debian's package) driven by Playwright.

The application runs under uvicorn on 127.0.0.1 over a database made by ingesting the bundled
example report and the web fixtures with the real pipeline, plus the hand-made reports of
``web_support`` (one of them hostile). Each test saves screenshots under
test-artifacts/screenshots/. Playwright never downloads a browser here: it drives
/usr/bin/chromium. In CI (CI=true) a missing Chromium or Playwright fails these tests;
elsewhere they are skipped with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from backends import in_ci
from strikewatch.api import create_app
from strikewatch.store import Reviewers, Store
from web_support import IMAGE, ROOT, SCREENSHOTS, SCRIPT, WEB_FIXTURES, LiveServer, fill_store, ingest_reports

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
REVIEWER = "tester"


def _unavailable(reason: str) -> None:
    if in_ci():
        pytest.fail(f"browser tests cannot run in CI: {reason} (scripts/test installs Debian's chromium)")
    pytest.skip(reason)  # only outside CI, on a machine without Chromium; CI fails above instead


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Headless Chromium from Debian, under Playwright."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed: pip install -e '.[webtest]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(pipeline: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    """The application on loopback over the ingested reports, with review on; and a reviewer's token."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'browser.db'}"
    with Store(url, encoder=None) as store:
        assert ingest_reports(store, pipeline, [ROOT / "examples", WEB_FIXTURES / "reports.jsonl"]) > 0
        fill_store(store)
        token = Reviewers(store).create_token(REVIEWER)
    with LiveServer(create_app(url, review=True)) as server:
        yield server, token


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh browser page (its own cookies) that records console errors and dialogs."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.problems = []
    opened.dialogs = []
    opened.on("console", lambda message: opened.problems.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: opened.problems.append(str(error)))

    def dialog(box: Any) -> None:
        opened.dialogs.append(box.message)
        box.dismiss()

    opened.on("dialog", dialog)
    yield opened
    context.close()
    # A script error, a refused resource or a policy violation (CSP reports them here) is a failure.
    assert opened.problems == []
    assert opened.dialogs == []


def api(server: LiveServer, path: str, **params: Any) -> Any:
    answer = httpx.get(server.url + path, params=params, timeout=10)
    answer.raise_for_status()
    return answer.json()


def shot(page: Any, name: str, *, full_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    assert path.stat().st_size > 10_000  # a picture, not a blank page
    return path


def load_dashboard(page: Any, server: LiveServer, query: str = "") -> None:
    page.goto(f"{server.url}/{query}")
    page.wait_for_selector("body[data-loaded=true]", timeout=20_000)
    page.wait_for_selector("#map[data-basemap=loaded]", timeout=20_000)


def test_the_dashboard_shows_markers_timeline_and_table(page: Any, site: tuple[LiveServer, str]) -> None:
    server, _token = site
    load_dashboard(page, server)
    located = api(server, "/api/points")["total"]
    total = api(server, "/api/events", limit=0)["total"]
    assert located >= 10
    assert page.get_attribute("#map", "data-points") == str(located)
    shown = page.locator("#map .sw-marker, #map .sw-cluster")
    assert shown.count() > 0 and shown.first.is_visible()
    assert page.locator(".leaflet-basemap-pane path").count() > 100  # the countries, served by the application
    bars = page.locator("#timeline rect.bar")
    assert bars.count() >= 4
    kinds = set(page.eval_on_selector_all("#timeline rect.bar", "bars => bars.map(b => b.dataset.kind)"))
    assert {"strike", "demonstration"} <= kinds
    assert page.locator("#events tbody tr").count() == min(total, 50)
    assert page.locator("#summary").text_content().startswith(f"{total} events")
    shot(page, "dashboard")


def test_filtering_by_kind_and_sorting(page: Any, site: tuple[LiveServer, str]) -> None:
    server, _token = site
    load_dashboard(page, server)
    page.select_option("#filters select[name=kind]", "demonstration")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**kind=demonstration**")
    page.wait_for_selector("body[data-loaded=true]")
    expected = api(server, "/api/events", kind="demonstration", limit=0)["total"]
    assert expected >= 2
    kinds = page.locator("#events tbody td .kind-chip").all_text_contents()
    assert kinds == ["demonstration"] * expected
    assert page.get_attribute("#map", "data-points") == str(api(server, "/api/points", kind="demonstration")["total"])
    bar_kinds = set(page.eval_on_selector_all("#timeline rect.bar", "bars => bars.map(b => b.dataset.kind)"))
    assert bar_kinds == {"demonstration"}
    page.click("#events th button[data-sort=start_date]")  # already ascending: now descending
    page.wait_for_selector("#events th[aria-sort=descending]")
    page.wait_for_selector("#events tbody[data-sort='-start_date']")
    dates = page.locator("#events tbody td.date").all_text_contents()
    assert [d[:10] for d in dates if d] == sorted((d[:10] for d in dates if d), reverse=True)
    shot(page, "dashboard-demonstrations")


def test_an_event_page_highlights_and_labels_the_evidence(page: Any, site: tuple[LiveServer, str]) -> None:
    server, _token = site
    load_dashboard(page, server, "?kind=demonstration&q=Porto")
    page.locator("#events tbody tr a").first.click()
    page.wait_for_url("**/events/*")
    marks = page.locator("mark.evidence")
    assert marks.count() >= 1
    labels = set(page.locator("mark.evidence .label").all_text_contents())
    assert {"kind", "date", "place", "demand"} <= labels
    first = marks.first
    assert "Porto" in first.text_content()
    colour = first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # visibly highlighted
    page.wait_for_selector("#event-map[data-basemap=loaded]")
    first.scroll_into_view_if_needed()
    shot(page, "event")
    page.locator(".source h3 a").first.click()
    page.wait_for_url("**/documents/*")
    assert page.locator("mark.evidence .label-event").count() >= 1
    shot(page, "document")


def test_report_text_shows_as_text_in_the_browser(page: Any, site: tuple[LiveServer, str]) -> None:
    server, _token = site
    load_dashboard(page, server, "?kind=occupation")
    cell = page.locator("#events tbody td.names a").first
    assert IMAGE in cell.text_content()
    page.locator("#map .sw-marker").first.click()
    page.locator(".popup-summary", has_text="xss-script").wait_for()
    assert SCRIPT in page.locator(".popup-summary").text_content()
    cell.click()
    page.wait_for_url("**/events/*")
    assert SCRIPT in page.locator("h1").text_content() or IMAGE in page.locator("h1").text_content()
    assert IMAGE in page.locator("mark.evidence").first.text_content()
    assert page.locator("img").count() == 0
    # The report whose title and URL are hostile, through the real pipeline.
    found = api(server, "/api/events", kind="hunger_strike")["events"]
    page.goto(f"{server.url}/documents/{found[0]['sources'][0]['document_id']}")
    assert "<script>alert('title')</script>" in page.locator("h1").text_content()
    assert page.locator("a[href^=javascript]").count() == 0
    assert page.locator("img").count() == 0
    shot(page, "hostile-report")


def test_a_reviewer_signs_in_and_corrects_a_field(page: Any, site: tuple[LiveServer, str]) -> None:
    server, token = site
    target = api(server, "/api/events", kind="strike", country="FR", limit=1)["events"][0]
    page.goto(f"{server.url}/events/{target['id']}")
    page.click("header >> text=Sign in")
    page.fill("input[name=token]", token)
    page.click("#signin-form button[type=submit]")
    page.wait_for_url(f"**/events/{target['id']}")
    assert REVIEWER in page.locator(".who").text_content()
    page.locator("#review").scroll_into_view_if_needed()
    shot(page, "review-form")
    page.fill("#edit-form input[name=actor_size]", "321")
    page.fill("#edit-form input[name=location_venue]", "bus depot")
    page.click("#edit-form button[type=submit]")
    page.wait_for_url("**done=edited")
    assert page.locator("dd[data-field=size]").text_content() == "321"
    assert "bus depot" in page.locator("dd[data-field=place]").text_content()
    assert page.locator("#review-state").text_content() == "edited"
    audit = page.locator("#audit").text_content()
    assert REVIEWER in audit and "actor.size" in audit and "321" in audit
    page.click("button.accept")
    page.wait_for_url("**done=accepted")
    assert page.locator("#review-state").text_content() == "accepted"
    stored = api(server, f"/api/events/{target['id']}")
    assert stored["actor"]["size"] == 321 and stored["review_state"] == "accepted"
    assert [edit["who"] for edit in stored["edits"]] == [REVIEWER, REVIEWER]
    shot(page, "edited", full_page=True)


def test_the_pages_fit_a_phone(chromium: Any, site: tuple[LiveServer, str]) -> None:
    server, _token = site
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                   device_scale_factor=2)
    try:
        phone = context.new_page()
        load_dashboard(phone, server)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        assert phone.evaluate("document.getElementById('filter-panel').open") is False
        assert phone.locator("#map").bounding_box()["width"] <= 390
        shot(phone, "phone-dashboard")
        phone.goto(f"{server.url}/events/{api(server, '/api/events', limit=1)['events'][0]['id']}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        shot(phone, "phone-event")
    finally:
        context.close()


def test_the_api_documentation_works_offline(page: Any, site: tuple[LiveServer, str]) -> None:
    server, _token = site
    page.goto(f"{server.url}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".swagger-ui .opblock").count() >= 10
    shot(page, "api-docs")
