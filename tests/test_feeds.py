"""Feeds and the watch, against a real HTTP server on 127.0.0.1: RSS, Atom, sites, state, runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from local_server import LocalServer, keep_to_loopback
from strikewatch import cli
from strikewatch.model import Document
from strikewatch.sources import SourceError, SourceProblem
from strikewatch.sources.feeds import (
    FetchRecord,
    Harvester,
    RunSummary,
    WatchState,
    discover_feeds,
    parse_feed,
    read_feed_list,
)
from strikewatch.sources.web import FetchSettings, WebFetcher
from strikewatch.store import Store, StoreError

runner = CliRunner()

BUS_STRIKE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Bus drivers strike over unpaid wages</title>
<meta property="article:published_time" content="2024-03-05T08:30:00+00:00">
<link rel="canonical" href="/news/bus-strike">
</head><body><nav><a href="/">Home</a> <a href="/city">City</a></nav><article>
<h1>Bus drivers strike over unpaid wages</h1>
<p>Bus drivers at the municipal transport company walked off the job on Monday, demanding the payment of
two months of wage arrears and a pay rise of fifteen percent, their union said.</p>
<p>About four hundred drivers gathered outside the depot. Most city routes did not run.</p>
</article><footer>Subscribe to our newsletter.</footer></body></html>"""

TEACHERS = """<html><head><title>Teachers rally for higher salaries</title></head><body><article>
<h1>Teachers rally for higher salaries</h1>
<p>Hundreds of teachers held a rally on Thursday outside the regional education office, demanding higher
salaries and smaller classes, the teachers' union said.</p>
<p>The union said more rallies would follow if the office did not answer within two weeks.</p>
</article></body></html>"""

NURSES = """<html><head><title>Nurses stage sit-in at the hospital</title>
<meta name="date" content="2024-03-04"></head><body><article>
<h1>Nurses stage sit-in at the hospital</h1>
<p>Nurses at the regional hospital began a sit-in on Monday in the administration building, demanding
safer staffing levels and the payment of overtime.</p>
<p>Hospital managers said talks with the nurses' union would resume on Wednesday.</p>
</article></body></html>"""

NOTE = ("Dock workers at the container terminal held a two-hour warning strike on Wednesday over shift "
        "patterns, the dockers' union said.\n\nA full strike was announced for next week.")


def rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>City Courier</title><link>{base}/</link>
<description>News of the city</description>
<item><title>Bus drivers strike over unpaid wages</title>
<link>{base}/news/bus-strike?utm_source=rss&amp;utm_medium=feed</link>
<pubDate>Sat, 09 Mar 2024 10:00:00 GMT</pubDate></item>
<item><title>Teachers rally for higher salaries</title><link>{base}/news/teachers-rally</link>
<pubDate>Thu, 07 Mar 2024 18:00:00 GMT</pubDate></item>
<item><title>Bus strike: comments</title><link>{base}/news/bus-strike#comments</link></item>
<item><title>Internal memo</title><link>http://10.0.0.7/internal/memo</link></item>
<item><title>Dockers warn of strike</title><link>/news/dock-note</link>
<pubDate>Wed, 06 Mar 2024 07:00:00 GMT</pubDate></item>
<item><title>An item without a link</title><description>Nothing to fetch here.</description></item>
</channel></rss>"""


def atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Health and labour</title><id>{base}/atom</id>
<updated>2024-03-05T12:00:00Z</updated>
<entry><title>Nurses stage sit-in at the hospital</title><id>urn:uuid:1</id>
<link rel="alternate" href="{base}/news/nurses-sit-in"/><updated>2024-03-05T12:00:00Z</updated></entry>
<entry><title>Bus drivers strike</title><id>urn:uuid:2</id>
<link rel="alternate" href="{base}/news/bus-strike"/><updated>2024-03-05T09:00:00Z</updated></entry>
</feed>"""


SITE = """<html><head><title>Health and labour</title>
<link rel="alternate" type="application/atom+xml" title="Feed" href="/atom.xml"></head>
<body><p>Latest news on health workers and labour.</p></body></html>"""


@pytest.fixture(autouse=True)
def _only_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    keep_to_loopback(monkeypatch)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    base = local.url("")
    local.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    local.page("/rss.xml", rss(base), "application/rss+xml", etag='"rss-1"')
    local.page("/atom.xml", atom(base), "application/atom+xml; charset=utf-8", etag='"atom-1"')
    local.page("/site", SITE)
    local.page("/news/bus-strike", BUS_STRIKE)
    local.page("/news/teachers-rally", TEACHERS)
    local.page("/news/nurses-sit-in", NURSES)
    local.page("/news/dock-note", NOTE, "text/plain; charset=utf-8")
    yield local
    local.stop()


def fast_options() -> list[str]:
    return ["--allow-host", "127.0.0.1", "--delay", "0", "--retries", "0", "--timeout", "10"]


# -- the watch command end to end ------------------------------------------------------------


def test_watch_stores_each_article_once_and_asks_conditionally_next_time(
        server: LocalServer, tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# city news\n{server.url('/rss.xml')}\n\n{server.url('/site')}\nnot a url\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    result = runner.invoke(cli.app, ["watch", str(feeds), "--runs", "2", "--every", "1s", "--db", db,
                                     *fast_options()])
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2, result.output
    # Run 1: the RSS feed, 3 of its articles, the site page, its Atom feed and 1 more article were fetched.
    assert lines[0].endswith("run 1: fetched: 7, new: 4, unchanged: 2, failed: 2")
    # Run 2: the RSS feed again (one entry is still failing, so its validators were not kept), every
    # article already known, the Atom feed answers 304.
    assert lines[1].endswith("run 2: fetched: 1, new: 0, unchanged: 5, failed: 2")
    assert f"{feeds}:5: refused: only http and https URLs are fetched" in result.stderr
    assert "http://10.0.0.7/internal/memo: refused: 10.0.0.7 is a private address" in result.stderr
    assert result.exit_code == 1
    assert server.hits_of("/atom.xml")[1].headers["if-none-match"] == '"atom-1"'
    assert len(server.hits_of("/news/bus-strike")) == 1
    assert len(server.hits_of("/robots.txt")) == 1

    with Store(db) as store:
        assert store.count_documents() == 4
        stored = {document.document.url: document.document
                  for document in (store.document(number) for number in range(1, 5)) if document}
    base = server.url("")
    assert set(stored) == {f"{base}/news/bus-strike", f"{base}/news/teachers-rally", f"{base}/news/nurses-sit-in",
                           f"{base}/news/dock-note"}
    assert stored[f"{base}/news/bus-strike"].published == date(2024, 3, 5)  # the page's date, not the feed's
    assert stored[f"{base}/news/teachers-rally"].published == date(2024, 3, 7)  # no date on the page: the feed's
    assert stored[f"{base}/news/nurses-sit-in"].published == date(2024, 3, 4)
    assert stored[f"{base}/news/dock-note"].published == date(2024, 3, 6)
    assert stored[f"{base}/news/teachers-rally"].title == "Teachers rally for higher salaries"


def test_watch_options_are_checked(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("http://127.0.0.1:9/feed\n")
    for options, words in ((["--every", "soon"], "--every: 'soon' is not a duration"),
                           (["--every", "0.5s"], "too short"), (["--runs", "0"], "--runs must be 1 or more"),
                           (["--max-size", "lots"], "--max-size: 'lots' is not a size"),
                           (["--timeout", "0"], "total timeout must be positive")):
        result = runner.invoke(cli.app, ["watch", str(feeds), *options, "--db", f"sqlite:///{tmp_path / 'x.db'}"])
        assert result.exit_code == 2, options
        assert words in result.stderr


def test_watch_a_missing_feed_list_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(cli.app, ["watch", str(tmp_path / "none.txt"), "--runs", "1",
                                     "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("error: ") and "cannot read the feed list" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# -- the fetch command ------------------------------------------------------------------------


def test_fetch_stores_one_document_for_one_article_under_two_urls(server: LocalServer, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'fetch.db'}"
    urls = [server.url("/news/bus-strike?utm_source=share"), server.url("/news/bus-strike#top"),
            "http://169.254.169.254/latest/meta-data/", server.url("/private/report")]
    result = runner.invoke(cli.app, ["fetch", *urls, "--db", db, *fast_options()])
    assert result.stdout.strip() == "fetched: 2, new: 1, unchanged: 1, failed: 2"
    assert "169.254.169.254 is a cloud metadata address" in result.stderr
    assert "/private/report: disallowed by the site's robots.txt" in result.stderr
    assert result.exit_code == 1
    with Store(db) as store:
        assert store.count_documents() == 1
        events = store.events()
    assert events and all(event.sources[0].url == server.url("/news/bus-strike") for event in events)


def test_fetching_again_asks_conditionally(server: LocalServer, tmp_path: Path) -> None:
    server.page("/news/bus-strike", BUS_STRIKE, etag='"bus-1"')
    db = f"sqlite:///{tmp_path / 'fetch.db'}"
    first = runner.invoke(cli.app, ["fetch", server.url("/news/bus-strike"), "--db", db, *fast_options()])
    second = runner.invoke(cli.app, ["fetch", server.url("/news/bus-strike"), "--db", db, *fast_options()])
    assert first.stdout.strip() == "fetched: 1, new: 1, unchanged: 0, failed: 0" and first.exit_code == 0
    assert second.stdout.strip() == "fetched: 0, new: 0, unchanged: 1, failed: 0" and second.exit_code == 0
    assert server.hits_of("/news/bus-strike")[1].headers["if-none-match"] == '"bus-1"'


def test_fetch_with_an_unopenable_database(tmp_path: Path) -> None:
    result = runner.invoke(cli.app, ["fetch", "http://127.0.0.1:9/", "--db", "nosuchdb://x"])
    assert result.exit_code == 1 and result.stderr.startswith("error: cannot use database URL")


# -- the harvester: failures, giving up, interruptions ----------------------------------------


class Kept:
    """Stands in for the store: remembers documents by URL; can be told to stop at the n-th."""

    def __init__(self, interrupt_at: int | None = None) -> None:
        self.documents: dict[str, Document] = {}
        self.calls = 0
        self.interrupt_at = interrupt_at

    def __call__(self, document: Document) -> bool:
        self.calls += 1
        if self.interrupt_at is not None and self.calls == self.interrupt_at:
            raise KeyboardInterrupt
        new = document.url not in self.documents
        self.documents.setdefault(document.url or document.id, document)
        return new


def harvester(tmp_path: Path, keep: Kept, problems: list[SourceProblem] | None = None) -> Harvester:
    settings = FetchSettings(allow_hosts=frozenset({"127.0.0.1"}), host_delay=0, retries=0, total_timeout=10)
    state = WatchState(f"sqlite:///{tmp_path / 'state.db'}")
    report = problems.append if problems is not None else None
    return Harvester(WebFetcher(settings), state, keep, report=report)


def close(harvest: Harvester) -> None:
    harvest.fetcher.close()
    harvest.state.close()


def test_a_failing_entry_is_retried_then_given_up(server: LocalServer, tmp_path: Path) -> None:
    base = server.url("")
    server.page("/small.xml", f"""<rss version="2.0"><channel><title>t</title>
<item><title>a</title><link>{base}/news/teachers-rally</link></item>
<item><title>b</title><link>{base}/news/gone</link></item></channel></rss>""", "application/rss+xml",
                etag='"small-1"')
    problems: list[SourceProblem] = []
    harvest = harvester(tmp_path, Kept(), problems)
    try:
        summaries = [harvest.watch([server.url("/small.xml")]) for _ in range(4)]
    finally:
        close(harvest)
    assert [str(summary) for summary in summaries] == [
        "fetched: 2, new: 1, unchanged: 0, failed: 1",
        "fetched: 1, new: 0, unchanged: 1, failed: 1",
        "fetched: 1, new: 0, unchanged: 1, failed: 1",
        "fetched: 0, new: 0, unchanged: 1, failed: 0",  # the entry was given up: the feed's 304 is kept
    ]
    assert len(server.hits_of("/news/gone")) == 3
    assert [problem.message for problem in problems][-1] == \
        "HTTP 404 Not Found (failed 3 runs in a row: not tried again)"


def test_an_interrupted_run_is_taken_up_by_the_next(server: LocalServer, tmp_path: Path) -> None:
    keep = Kept(interrupt_at=2)
    harvest = harvester(tmp_path, keep)
    try:
        with pytest.raises(KeyboardInterrupt):
            harvest.watch([server.url("/rss.xml")])
        assert len(keep.documents) == 1
        summary = harvest.watch([server.url("/rss.xml")])
    finally:
        close(harvest)
    # The feed's validators were not saved by the interrupted run: it is read again in full.
    assert server.hits_of("/rss.xml")[1].headers.get("if-none-match") is None
    assert summary.new == 2 and len(keep.documents) == 3
    assert len(server.hits_of("/news/bus-strike")) == 1


def test_a_page_that_trips_the_keeper_is_reported_and_the_run_goes_on(server: LocalServer, tmp_path: Path) -> None:
    class Tripping(Kept):
        def __call__(self, document: Document) -> bool:
            if "Teachers" in document.text:
                raise RuntimeError("the keeper tripped")
            return super().__call__(document)

    problems: list[SourceProblem] = []
    harvest = harvester(tmp_path, Tripping(), problems)
    try:
        summary = harvest.fetch_pages([server.url("/news/teachers-rally"), server.url("/news/nurses-sit-in")])
    finally:
        close(harvest)
    assert (summary.new, summary.failed) == (1, 1)
    assert problems[0].message == "unexpected error: RuntimeError: the keeper tripped"


def test_a_site_without_a_feed_and_a_non_feed(server: LocalServer, tmp_path: Path) -> None:
    server.page("/bare-site", "<html><body><p>No feed here, only words.</p></body></html>")
    server.page("/not-a-feed.xml", "<?xml version='1.0'?><catalog><book>t</book></catalog>", "application/xml")
    server.page("/feed.json", '{"items": []}', "application/json")
    problems: list[SourceProblem] = []
    harvest = harvester(tmp_path, Kept(), problems)
    try:
        summary = harvest.watch([server.url(path) for path in ("/bare-site", "/not-a-feed.xml", "/feed.json")])
    finally:
        close(harvest)
    assert summary.failed == 3
    messages = [problem.message for problem in problems]
    assert messages[0] == "an HTML page that links to no RSS or Atom feed"
    assert messages[1].startswith("not an RSS or Atom feed")
    assert messages[2].startswith("content type application/json is not an RSS or Atom feed")


# -- feeds, discovery, feed lists -------------------------------------------------------------


def test_rss_entries_with_links_dates_and_titles() -> None:
    feed = parse_feed(rss("https://courier.example").encode(), "https://courier.example/rss.xml",
                      "application/rss+xml")
    assert feed.title == "City Courier"
    assert [entry.url for entry in feed.entries] == [
        "https://courier.example/news/bus-strike?utm_source=rss&utm_medium=feed",
        "https://courier.example/news/teachers-rally", "https://courier.example/news/bus-strike#comments",
        "http://10.0.0.7/internal/memo", "https://courier.example/news/dock-note",  # relative link resolved
    ]
    assert feed.entries[0].published == date(2024, 3, 9) and feed.entries[2].published is None
    assert feed.entries[1].title == "Teachers rally for higher salaries"


def test_atom_entries() -> None:
    feed = parse_feed(atom("https://health.example").encode(), "https://health.example/atom.xml")
    assert [(entry.url, entry.published) for entry in feed.entries] == [
        ("https://health.example/news/nurses-sit-in", date(2024, 3, 5)),
        ("https://health.example/news/bus-strike", date(2024, 3, 5)),
    ]


def test_a_feed_in_windows_1251_is_read() -> None:
    body = """<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Новости труда</title>
<item><title>Забастовка водителей</title><link>https://news.example/zabastovka</link></item></channel></rss>"""
    feed = parse_feed(body.encode("windows-1251"), "https://news.example/rss")
    assert feed.title == "Новости труда" and feed.entries[0].title == "Забастовка водителей"


def test_a_truncated_feed_gives_what_it_has() -> None:
    body = rss("https://courier.example").encode()
    feed = parse_feed(body[: body.index(b"<item><title>Bus strike: comments")], "https://courier.example/rss.xml")
    assert len(feed.entries) == 2


@pytest.mark.parametrize("body", [b"", b"\x00\x01\x02binary", b"<html><body>a page</body></html>",
                                  b'{"json": true}', b"plain words, no markup"])
def test_bytes_that_are_no_feed_are_a_clear_error(body: bytes) -> None:
    with pytest.raises(SourceError) as caught:
        parse_feed(body, "https://courier.example/feed")
    assert str(caught.value).startswith("https://courier.example/feed: not an RSS or Atom feed")


def test_entity_expansion_and_external_entities_do_no_harm() -> None:
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    body = f"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{laughs}
<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&l9;&secret;</title>
<item><title>a</title><link>https://courier.example/a</link></item></channel></rss>"""
    feed = parse_feed(body.encode(), "https://courier.example/feed")
    assert [entry.url for entry in feed.entries] == ["https://courier.example/a"]
    assert len(feed.title or "") < 1000 and "root:" not in (feed.title or "")


def test_a_site_page_names_its_feed() -> None:
    assert discover_feeds(SITE, "https://health.example/site") == ["https://health.example/atom.xml"]
    assert discover_feeds("<html><body><p>nothing</p></body></html>", "https://health.example/") == []
    assert discover_feeds("\x00\x00", "https://health.example/") == []


def test_a_feed_list_skips_comments_and_duplicates_and_names_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text("# feeds\n\nhttps://a.example/rss\nhttps://A.example/rss#x\n  https://b.example/feed  \n"
                    "ftp://c.example/feed\nnews\n", encoding="utf-8")
    urls, problems = read_feed_list(path)
    assert urls == ["https://a.example/rss", "https://b.example/feed"]
    assert [str(problem) for problem in problems] == [
        f"{path}:6: refused: only http and https URLs are fetched, not 'ftp' URLs",
        f"{path}:7: refused: only http and https URLs are fetched, not URLs without a scheme "
        "(write http:// or https://)",
    ]


def test_an_empty_or_binary_feed_list(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n")
    assert read_feed_list(empty) == ([], [SourceProblem(str(empty), "the feed list names no URL (one feed or site "
                                                                     "a line)")])
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(SourceError, match="the feed list is not text"):
        read_feed_list(binary)


# -- the state --------------------------------------------------------------------------------


def test_the_state_remembers_by_canonical_url(tmp_path: Path) -> None:
    moment = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
    with WatchState(f"sqlite:///{tmp_path / 'state.db'}") as state:
        assert state.get("https://a.example/rss") is None
        state.save(FetchRecord(url="https://A.example/rss?utm_source=x", kind="feed", status="ok",
                               checked_at=moment, etag='"1"'))
        state.save(FetchRecord(url="https://a.example/rss", kind="feed", status="ok", checked_at=moment,
                               etag='"2"', last_modified="Tue, 05 Mar 2024 12:00:00 GMT"))
        record = state.get("https://a.example/rss#top")
        assert record is not None and record.etag == '"2"' and record.checked_at == moment
        assert [r.url for r in state.records()] == ["https://a.example/rss"]


def test_the_state_lives_beside_the_documents(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'both.db'}"
    with Store(db) as store, WatchState(db) as state:
        state.save(FetchRecord(url="https://a.example/", kind="page", status="ok", checked_at=datetime.now(UTC)))
        assert store.count_documents() == 0
    import sqlite3

    tables = {row[0] for row in sqlite3.connect(tmp_path / "both.db").execute("SELECT name FROM sqlite_master")}
    assert {"documents", "events", "fetch_state"} <= tables


def test_an_unusable_state_database_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot use database URL"):
        WatchState("nosuchdb://x")
    with pytest.raises(StoreError, match="cannot open the fetch state"):
        WatchState(f"sqlite:///{tmp_path / 'missing' / 'folder' / 'state.db'}")


def test_run_summary_reads_as_one_line() -> None:
    summary = RunSummary(fetched=3, new=1, unchanged=2, failed=0)
    assert str(summary) == "fetched: 3, new: 1, unchanged: 2, failed: 0"
