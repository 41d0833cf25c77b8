"""Safe fetching against a real HTTP server on 127.0.0.1 (the only address these tests ever reach)."""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpcore
import pytest

from local_server import LocalServer, keep_to_loopback
from strikewatch.sources import web
from strikewatch.sources.web import (
    AddressRefused,
    FetchError,
    FetchSettings,
    WebFetcher,
    address_problem,
    canonical_url,
    check_url,
    document_from_response,
    page_url,
)

ARTICLE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Bus drivers strike over unpaid wages | City Courier</title>
<meta property="article:published_time" content="2024-03-05T08:30:00+00:00">
<link rel="canonical" href="{canonical}">
</head><body>
<nav><a href="/">Home</a> | <a href="/city">City</a> | <a href="/sport">Sport</a> | <a href="/weather">Weather</a></nav>
<article>
<h1>Bus drivers strike over unpaid wages</h1>
<p>Bus drivers at the municipal transport company walked off the job on Monday, demanding the payment of
two months of wage arrears and a pay rise of fifteen percent, their union said.</p>
<p>About four hundred drivers gathered outside the depot in the morning. Most city routes did not run,
and commuters queued for taxis at the main railway station.</p>
<p>The company said it would pay the arrears by the end of the month and called the strike unlawful.</p>
</article>
<footer>© 2024 City Courier. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>"""

RUSSIAN = """<html><head><title>Забастовка водителей автобусов</title></head><body>
<article>
<h1>Водители автобусов объявили забастовку</h1>
<p>Водители городского автобусного парка в понедельник прекратили работу, требуя погасить долги по
заработной плате за два месяца и повысить зарплату на пятнадцать процентов.</p>
<p>Около четырёхсот водителей собрались у ворот автопарка. Профсоюз заявил, что забастовка продолжится,
пока администрация не выполнит требования работников.</p>
</article></body></html>"""

PLAIN = ("Teachers in three districts held a rally on Friday outside the regional education office, "
         "demanding higher salaries and smaller classes.\n\nThe union said more rallies would follow.")


@pytest.fixture(autouse=True)
def _only_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    keep_to_loopback(monkeypatch)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    local.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    local.page("/news/bus-strike", ARTICLE.format(canonical=local.url("/news/bus-strike")))
    yield local
    local.stop()


def make_fetcher(**overrides: Any) -> WebFetcher:
    options: dict[str, Any] = {
        "allow_hosts": frozenset({"127.0.0.1"}), "host_delay": 0.0, "retries": 0, "backoff": 0.0,
        "connect_timeout": 2.0, "read_timeout": 2.0, "total_timeout": 5.0,
    }
    options.update(overrides)
    resolver = options.pop("resolver", None)
    sleep = options.pop("sleep", time.sleep)
    return WebFetcher(FetchSettings(**options), resolver=resolver, sleep=sleep)


@pytest.fixture
def fetcher() -> Iterator[WebFetcher]:
    with make_fetcher() as client:
        yield client


# -- pages ------------------------------------------------------------------------------------


def test_a_page_becomes_a_document_with_its_own_date_title_and_canonical_url(
        server: LocalServer, fetcher: WebFetcher) -> None:
    response = fetcher.get(server.url("/news/bus-strike?utm_source=feed&utm_medium=rss#comments"))
    document = document_from_response(response, published=date(2024, 3, 9), title="From the feed")
    assert response.status == 200 and response.content_type == "text/html"
    assert document.url == document.id == server.url("/news/bus-strike")
    assert document.published == date(2024, 3, 5)  # the page's own date wins over the feed's
    assert document.title is not None and document.title.startswith("Bus drivers strike over unpaid wages")
    assert "wage arrears" in document.text
    assert "Subscribe to our newsletter" not in document.text and "Sport" not in document.text
    assert document.languages == ["en"]


def test_a_page_without_a_date_takes_the_date_it_was_given(server: LocalServer, fetcher: WebFetcher) -> None:
    server.page("/plain", PLAIN, "text/plain; charset=utf-8")
    document = document_from_response(fetcher.get(server.url("/plain")), published=date(2024, 3, 8))
    assert document.text == PLAIN and document.published == date(2024, 3, 8)
    assert document.url == server.url("/plain")


def test_a_page_never_gets_todays_date(server: LocalServer, fetcher: WebFetcher) -> None:
    server.page("/plain", PLAIN, "text/plain")
    assert document_from_response(fetcher.get(server.url("/plain"))).published is None


@pytest.mark.parametrize("declared", ["text/html; charset=windows-1251", "text/html"])
def test_a_windows_1251_page_is_read_right_declared_or_not(
        server: LocalServer, fetcher: WebFetcher, declared: str) -> None:
    server.page("/ru", RUSSIAN.encode("windows-1251"), declared)
    document = document_from_response(fetcher.get(server.url("/ru")))
    assert "Водители городского автобусного парка" in document.text
    assert "забастовка продолжится" in document.text
    assert document.languages == ["ru"]


def test_a_charset_declared_in_a_meta_tag_is_used(server: LocalServer, fetcher: WebFetcher) -> None:
    page = RUSSIAN.replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">')
    server.page("/koi8", page.encode("koi8-r"), "text/html")
    assert "Водители автобусов" in document_from_response(fetcher.get(server.url("/koi8"))).text


def test_redirects_are_followed_and_the_document_is_named_by_where_they_end(
        server: LocalServer, fetcher: WebFetcher) -> None:
    server.redirect("/old", "/chain", 301)
    server.redirect("/chain", server.url("/news/bus-strike"), 307)
    response = fetcher.get(server.url("/old"))
    assert response.url == server.url("/old") and response.final_url == server.url("/news/bus-strike")
    assert document_from_response(response).url == server.url("/news/bus-strike")


def test_a_redirect_loop_is_cut_short(server: LocalServer) -> None:
    server.redirect("/loop", "/loop")
    with make_fetcher(max_redirects=3) as fetcher, pytest.raises(FetchError, match=r"too many redirects \(more than 3"):
        fetcher.get(server.url("/loop"))
    assert len(server.hits_of("/loop")) == 4


def test_a_redirect_without_location_is_an_error(server: LocalServer, fetcher: WebFetcher) -> None:
    server.redirect("/nowhere", None)
    with pytest.raises(FetchError, match="without a Location header"):
        fetcher.get(server.url("/nowhere"))


def test_conditional_requests_answer_not_modified(server: LocalServer, fetcher: WebFetcher) -> None:
    server.page("/etag", ARTICLE.format(canonical="/etag"), etag='"v1"', last_modified="Tue, 05 Mar 2024 08:30:00 GMT")
    first = fetcher.get(server.url("/etag"))
    assert first.status == 200 and first.etag == '"v1"'
    second = fetcher.get(server.url("/etag"), etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.content == b""
    assert server.hits_of("/etag")[1].headers["if-none-match"] == '"v1"'
    assert server.hits_of("/etag")[1].headers["if-modified-since"] == "Tue, 05 Mar 2024 08:30:00 GMT"
    with pytest.raises(FetchError, match="not modified"):
        document_from_response(second)


def test_requests_say_who_is_asking(server: LocalServer, fetcher: WebFetcher) -> None:
    fetcher.get(server.url("/news/bus-strike"))
    assert server.hits_of("/news/bus-strike")[0].headers["user-agent"].startswith("strikewatch/")


# -- robots.txt and politeness ---------------------------------------------------------------


def test_robots_txt_is_obeyed_and_read_once_per_site(server: LocalServer, fetcher: WebFetcher) -> None:
    server.page("/private/minutes", ARTICLE.format(canonical="/private/minutes"))
    with pytest.raises(FetchError, match=r"disallowed by the site's robots.txt"):
        fetcher.get(server.url("/private/minutes"))
    fetcher.get(server.url("/news/bus-strike"))
    assert server.hits_of("/private/minutes") == []
    assert len(server.hits_of("/robots.txt")) == 1


def test_a_redirect_into_a_disallowed_path_is_refused(server: LocalServer, fetcher: WebFetcher) -> None:
    server.redirect("/teaser", "/private/minutes")
    with pytest.raises(FetchError, match=r"robots.txt"):
        fetcher.get(server.url("/teaser"))


def test_a_missing_robots_txt_allows_everything(fetcher: WebFetcher) -> None:
    local = LocalServer()
    try:
        local.page("/page", PLAIN, "text/plain")
        assert fetcher.get(local.url("/page")).status == 200
    finally:
        local.stop()


def test_a_failing_robots_txt_keeps_the_site_off_limits_for_a_while(fetcher: WebFetcher) -> None:
    local = LocalServer()
    try:
        local.page("/robots.txt", "down", "text/plain", status=503)
        local.page("/page", PLAIN, "text/plain")
        with pytest.raises(FetchError, match=r"robots.txt could not be read \(server error: HTTP 503"):
            fetcher.get(local.url("/page"))
        assert local.hits_of("/page") == []
    finally:
        local.stop()


def test_requests_to_one_host_are_spaced_by_the_delay(server: LocalServer) -> None:
    server.page("/a", PLAIN, "text/plain")
    server.page("/b", PLAIN, "text/plain")
    with make_fetcher(host_delay=0.3) as fetcher:
        for path in ("/a", "/b", "/a"):
            fetcher.get(server.url(path))
    times = [hit.at for hit in server.hits]  # robots.txt, /a, /b, /a
    assert len(times) == 4
    assert all(later - earlier >= 0.28 for earlier, later in itertools.pairwise(times))


def test_a_crawl_delay_in_robots_txt_lengthens_the_delay(server: LocalServer) -> None:
    server.page("/robots.txt", "User-agent: strikewatch\nCrawl-delay: 1\nDisallow:\n", "text/plain")
    server.page("/a", PLAIN, "text/plain")
    waits: list[float] = []
    with make_fetcher(host_delay=0.05, sleep=lambda seconds: (waits.append(seconds), time.sleep(seconds))) as fetcher:
        fetcher.get(server.url("/a"))
        fetcher.get(server.url("/a"))
    assert waits and max(waits) > 0.9  # robots.txt delays are whole seconds


# -- faults: retries, timeouts, sizes, types --------------------------------------------------


def test_a_500_is_retried_with_backoff_then_reported(server: LocalServer) -> None:
    server.page("/broken", "oops", "text/plain", status=500)
    waits: list[float] = []
    with make_fetcher(retries=2, backoff=0.05, sleep=lambda seconds: (waits.append(seconds), time.sleep(seconds))) \
            as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(server.url("/broken"))
    assert len(server.hits_of("/broken")) == 3
    assert waits == [0.05, 0.1]
    assert str(caught.value) == f"{server.url('/broken')}: server error: HTTP 500 Internal Server Error (after 3 tries)"


def test_a_passing_503_is_retried_until_it_answers(server: LocalServer) -> None:
    server.sequence("/busy", [(503, b"busy", "text/plain"), (200, PLAIN.encode(), "text/plain")])
    with make_fetcher(retries=2) as fetcher:
        assert fetcher.get(server.url("/busy")).status == 200
    assert len(server.hits_of("/busy")) == 2


def test_a_404_is_not_retried(server: LocalServer) -> None:
    with make_fetcher(retries=2) as fetcher, pytest.raises(FetchError, match="HTTP 404 Not Found"):
        fetcher.get(server.url("/missing"))
    assert len(server.hits_of("/missing")) == 1


def test_a_server_that_does_not_answer_times_out_and_is_retried(server: LocalServer) -> None:
    server.slow_headers("/slow", 5.0)
    started = time.monotonic()
    with make_fetcher(read_timeout=0.4, retries=1) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(server.url("/slow"))
    assert "timed out reading (reading limit 0.4 s) (after 2 tries)" in str(caught.value)
    assert len(server.hits_of("/slow")) == 2
    assert time.monotonic() - started < 3


def test_a_trickling_page_hits_the_total_time_limit(server: LocalServer) -> None:
    server.trickle("/trickle", seconds=10.0, every=0.1)
    started = time.monotonic()
    with make_fetcher(read_timeout=1.0, total_timeout=0.8) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(server.url("/trickle"))
    assert "over the total limit of 0.8 s" in str(caught.value)
    assert time.monotonic() - started < 3


def test_a_page_over_the_size_limit_is_cut_off(server: LocalServer) -> None:
    server.stream("/huge", total=3 * 1024 * 1024)
    with make_fetcher(max_bytes=1024 * 1024) as fetcher, pytest.raises(FetchError, match=r"too large: more than 1 MB"):
        fetcher.get(server.url("/huge"))


def test_fifty_megabytes_of_text_stop_at_the_default_limit(server: LocalServer) -> None:
    server.stream("/fifty", total=50 * 1024 * 1024)
    with make_fetcher(max_bytes=web.DEFAULT_MAX_BYTES) as fetcher, \
            pytest.raises(FetchError, match="too large: more than 10 MB"):
        fetcher.get(server.url("/fifty"))


def test_a_declared_length_over_the_limit_is_refused_before_reading(server: LocalServer) -> None:
    server.stream("/declared", total=5 * 1024 * 1024, declare_length=True)
    with make_fetcher(max_bytes=1024 * 1024) as fetcher, \
            pytest.raises(FetchError, match=r"5,242,880 bytes declared, over the 1 MB limit"):
        fetcher.get(server.url("/declared"))


@pytest.mark.parametrize(("content_type", "kind"), [("image/png", "page"), ("application/pdf", "page"),
                                                    ("application/octet-stream", "feed")])
def test_a_response_of_the_wrong_type_is_not_downloaded(
        server: LocalServer, fetcher: WebFetcher, content_type: str, kind: str) -> None:
    server.page("/thing", b"\x89PNG\r\n\x1a\n" + bytes(1000), content_type)
    with pytest.raises(FetchError, match=f"content type {content_type} is not"):
        fetcher.get(server.url("/thing"), kind=kind)


# -- bad bodies -------------------------------------------------------------------------------


def test_binary_bytes_served_as_html_are_a_clear_error(server: LocalServer, fetcher: WebFetcher) -> None:
    noise = random.Random(7).randbytes(20_000)
    server.page("/noise", noise, "text/html")
    with pytest.raises(FetchError) as caught:
        document_from_response(fetcher.get(server.url("/noise")))
    assert str(caught.value).startswith(server.url("/noise") + ": binary data")


def test_an_empty_page_is_a_clear_error(server: LocalServer, fetcher: WebFetcher) -> None:
    server.page("/empty", b"")
    with pytest.raises(FetchError, match="the page is empty"):
        document_from_response(fetcher.get(server.url("/empty")))


def test_a_page_of_markup_without_text_is_a_clear_error(server: LocalServer, fetcher: WebFetcher) -> None:
    server.page("/bare", "<html><head><script>var x = 1;</script></head><body><div></div></body></html>")
    with pytest.raises(FetchError, match="has no text"):
        document_from_response(fetcher.get(server.url("/bare")))


def test_a_page_nested_ten_thousand_levels_deep_is_read(server: LocalServer, fetcher: WebFetcher) -> None:
    body = "<html><body>" + "<div>" * 10_000 + "Nurses held a rally outside the hospital on Tuesday." \
        + "</div>" * 10_000 + "</body></html>"
    server.page("/deep", body)
    document = document_from_response(fetcher.get(server.url("/deep")))
    assert document.text == "Nurses held a rally outside the hospital on Tuesday."


def test_invalid_utf8_in_a_page_declared_utf8_does_not_crash(server: LocalServer, fetcher: WebFetcher) -> None:
    body = ARTICLE.format(canonical="/bad-bytes").encode("utf-8").replace(b"walked off", b"walked \xff\xfe off")
    server.page("/bad-bytes", body, "text/html; charset=utf-8")
    document = document_from_response(fetcher.get(server.url("/bad-bytes")))
    assert "wage arrears" in document.text


def test_an_xml_document_is_not_taken_for_a_page(server: LocalServer, fetcher: WebFetcher) -> None:
    server.page("/data.xml", '<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "text/plain")
    with pytest.raises(FetchError, match="an XML document, not a web page"):
        document_from_response(fetcher.get(server.url("/data.xml")))


# -- the address guard ------------------------------------------------------------------------


@pytest.mark.parametrize(("location", "words"), [
    ("http://10.0.0.7/admin", "10.0.0.7 is a private address"),
    ("http://192.168.1.1/", "192.168.1.1 is a private address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
    ("http://[fd00:ec2::254]/latest/meta-data/", "fd00:ec2::254 is a cloud metadata address"),
    ("http://100.100.100.200/latest/meta-data/", "100.100.100.200 is a cloud metadata address"),
    ("http://[::1]:8080/", "::1 is a loopback address"),
    ("http://[::ffff:10.0.0.1]/", "a private address inside an IPv6 address"),
    ("http://0.0.0.0:9000/", "0.0.0.0 is an unspecified address"),
    ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
    ("http://100.64.0.1/", "100.64.0.1 is a non-public address"),
    ("http://127.0.0.2/", "127.0.0.2 is a loopback address"),
])
def test_a_redirect_to_a_non_public_address_is_refused(
        server: LocalServer, fetcher: WebFetcher, location: str, words: str) -> None:
    server.redirect("/jump", location)
    with pytest.raises(AddressRefused) as caught:
        fetcher.get(server.url("/jump"))
    assert words in str(caught.value)
    assert "--allow-host" in str(caught.value)


def test_a_redirect_to_a_name_of_loopback_is_refused_unless_that_name_is_allowed(server: LocalServer) -> None:
    server.redirect("/to-localhost", f"http://localhost:{server.port}/news/bus-strike")
    with make_fetcher() as fetcher, pytest.raises(AddressRefused, match=r"localhost resolves to 127.0.0.1"):
        fetcher.get(server.url("/to-localhost"))
    with make_fetcher(allow_hosts=frozenset({"127.0.0.1", "LOCALHOST"})) as fetcher:
        assert fetcher.get(server.url("/to-localhost")).status == 200


def test_loopback_itself_is_refused_by_default(server: LocalServer) -> None:
    with make_fetcher(allow_hosts=frozenset()) as fetcher, pytest.raises(AddressRefused, match="loopback"):
        fetcher.get(server.url("/news/bus-strike"))
    assert server.hits == []


@pytest.mark.parametrize(("url", "words"), [
    ("file:///etc/passwd", "only http and https URLs are fetched, not 'file' URLs"),
    ("ftp://example.org/file.txt", "not 'ftp' URLs"),
    ("gopher://example.org/", "not 'gopher' URLs"),
    ("example.org/news", "URLs without a scheme"),
    ("http:///news", "no host name"),
    ("http://example.org:99999/", "not a valid URL"),
])
def test_only_http_and_https_urls_with_a_host_are_fetched(fetcher: WebFetcher, url: str, words: str) -> None:
    with pytest.raises(FetchError, match=words):
        fetcher.get(url)


def test_a_redirect_to_another_scheme_is_refused(server: LocalServer, fetcher: WebFetcher) -> None:
    server.redirect("/to-file", "file:///etc/passwd")
    with pytest.raises(FetchError, match="only http and https"):
        fetcher.get(server.url("/to-file"))


def fake_resolver(table: dict[str, list[str]], calls: list[str] | None = None) -> web.Resolver:
    def resolve(host: str, port: int, timeout: float | None) -> list[str]:
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise FetchError(f"no such host: {host}")
        return table[host]
    return resolve


def test_the_connection_goes_to_the_address_that_was_checked(server: LocalServer) -> None:
    calls: list[str] = []
    resolver = fake_resolver({"news.test": ["127.0.0.1"]}, calls)
    with make_fetcher(allow_hosts=frozenset({"news.test"}), resolver=resolver) as fetcher:
        response = fetcher.get(f"http://news.test:{server.port}/news/bus-strike")
    assert response.status == 200
    # The system resolver could not have found news.test: the connection went to our answer.
    assert server.hits_of("/news/bus-strike")[0].headers["host"] == f"news.test:{server.port}"
    # One lookup per connection (this server closes each one), each of the name asked for.
    assert calls == ["news.test"] * len(server.hits)


def test_a_name_with_any_private_address_is_refused(server: LocalServer) -> None:
    resolver = fake_resolver({"mixed.test": ["93.184.216.34", "10.1.2.3"], "inside.test": ["fd12:3456::1"]})
    server.redirect("/mixed", "http://mixed.test/")
    server.redirect("/inside", "http://inside.test/")
    with make_fetcher(resolver=resolver) as fetcher:
        with pytest.raises(AddressRefused, match=r"mixed.test resolves to 10.1.2.3, which is a private address"):
            fetcher.get(server.url("/mixed"))
        with pytest.raises(AddressRefused, match=r"inside.test resolves to fd12:3456::1"):
            fetcher.get(server.url("/inside"))


def test_an_unknown_host_is_a_clear_error() -> None:
    with make_fetcher(resolver=fake_resolver({})) as fetcher, \
            pytest.raises(FetchError, match=r"no such host: nowhere\.test"):
        fetcher.get("http://nowhere.test/")


def test_dns_rebinding_cannot_swap_the_address_after_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """One lookup per connection, and the connection goes to the address that lookup gave."""
    answers = iter([["93.184.216.34"], ["10.0.0.7"]])
    lookups: list[str] = []
    connected: list[str] = []

    def rebinding(host: str, port: int, timeout: float | None) -> list[str]:
        lookups.append(host)
        return next(answers)

    def record(self: object, host: str, port: int, *args: object, **kwargs: object) -> None:
        connected.append(host)
        raise httpcore.ConnectError("recorded, not connected")

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", record)
    backend = web._GuardedBackend(frozenset(), rebinding)
    with pytest.raises(httpcore.ConnectError):
        backend.connect_tcp("rebind.test", 80, timeout=1.0)
    assert lookups == ["rebind.test"] and connected == ["93.184.216.34"]
    with pytest.raises(AddressRefused, match=r"10.0.0.7"):
        backend.connect_tcp("rebind.test", 80, timeout=1.0)
    assert connected == ["93.184.216.34"]


def test_a_slow_name_lookup_is_a_connect_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    def never_answers(*args: object, **kwargs: object) -> list[object]:
        time.sleep(1)
        return []

    monkeypatch.setattr(web.socket, "getaddrinfo", never_answers)
    with pytest.raises(httpcore.ConnectTimeout, match=r"looking up slow.test took longer than 0.2 s"):
        web.system_resolver("slow.test", 80, 0.2)


@pytest.mark.parametrize(("address", "problem"), [
    ("8.8.8.8", None), ("2a00:1450:4001:81b::200e", None), ("93.184.216.34", None),
    ("127.0.0.1", "a loopback address"), ("10.255.255.255", "a private address"),
    ("172.16.0.1", "a private address"), ("192.168.0.1", "a private address"),
    ("169.254.1.1", "a link-local address"), ("fe80::1", "a link-local address"),
    ("fe80::1%eth0", "a link-local address"), ("fc00::1", "a private address"),
    ("ff02::1", "a multicast address"), ("240.0.0.1", "a reserved address"), ("::", "an unspecified address"),
    ("2002:a00:1::", "a private address inside an IPv6 address"),  # 6to4 of 10.0.0.1
    ("64:ff9b::a9fe:a9fe", "a cloud metadata address inside an IPv6 address"),  # NAT64 of 169.254.169.254
    ("198.18.0.1", "a private address"), ("192.0.2.1", "a private address"),
])
def test_address_problems(address: str, problem: str | None) -> None:
    assert address_problem(address) == problem


# -- URLs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("first", "second"), [
    ("https://News.Example.org:443/a/story?b=2&a=1", "https://news.example.org/a/story?a=1&b=2"),
    ("http://example.org/story#comments", "http://example.org/story"),
    ("http://example.org/story?utm_source=rss&utm_medium=feed", "http://example.org/story"),
    ("http://example.org/story?id=7&fbclid=abc", "http://example.org/story?id=7"),
    ("http://example.org:80/story", "http://example.org/story"),
])
def test_one_article_under_two_urls_has_one_canonical_url(first: str, second: str) -> None:
    assert canonical_url(first) == canonical_url(second)


def test_different_articles_keep_different_urls() -> None:
    assert canonical_url("http://example.org/story?id=7") != canonical_url("http://example.org/story?id=8")
    assert canonical_url("http://example.org/a") != canonical_url("http://example.org/b")


def test_a_page_may_not_claim_another_sites_address() -> None:
    assert page_url("https://news.example.org/x?utm_source=a", "https://other.example.com/y") == \
        "https://news.example.org/x"
    assert page_url("https://news.example.org/x", "https://www.news.example.org/story") == \
        "https://www.news.example.org/story"
    assert page_url("https://news.example.org/x", "/story-canonical") == "https://news.example.org/story-canonical"
    assert page_url("https://news.example.org/x", "javascript:alert(1)") == "https://news.example.org/x"


def test_check_url_drops_the_fragment() -> None:
    assert check_url(" HTTPS://example.org/a#b ") == "https://example.org/a"


@pytest.mark.parametrize("bad", [
    {"max_bytes": 0}, {"connect_timeout": 0}, {"total_timeout": -1}, {"host_delay": -1}, {"retries": -1},
])
def test_bad_settings_say_what_is_wrong(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        FetchSettings(**bad)
