"""Web pages fetched safely and politely, and read into Documents.

Safety model (see docs/fetching.md):

- Only ``http`` and ``https`` URLs are fetched, on every hop of a redirect chain; redirects are
  followed one by one here, never inside the HTTP client, so each hop is checked.
- Every connection goes through ``GuardedTransport``: its network backend resolves the host name
  itself, refuses the connection when any resolved address is loopback, private, link-local,
  multicast, reserved, unspecified, shared (carrier-grade NAT), a cloud metadata address, or
  not globally routable (IPv4 embedded in IPv6 is checked as IPv4), and then connects to the
  very address it checked. There is no second name lookup between the check and the connect,
  so a host name whose DNS answer changes (DNS rebinding) cannot slip a private address in; a
  kept-alive connection is reused only for the origin it was checked for. Proxies from the
  environment are ignored, since a proxy would resolve names out of sight of the check.
- Host names named in ``FetchSettings.allow_hosts`` skip the address check (an intranet news
  site, a test server on 127.0.0.1); only the names as written, not what else resolves to
  the same address.
- A size limit on the decoded body (Content-Length is checked first, then every chunk as it
  arrives, so a compressed body cannot expand past it), connect and read timeouts and a total
  time limit per attempt, and a content-type check before the body is read.
- Politeness: robots.txt is read once per site and obeyed (its Crawl-delay too), requests to
  one host are spaced by a delay, 5xx answers and timeouts are retried with exponential
  backoff (Retry-After honoured within bounds), and conditional requests (ETag,
  Last-Modified) let unchanged pages answer 304.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from strikewatch import __version__
from strikewatch.model import Document
from strikewatch.sources.document import SourceError, document_from_text, size_label
from strikewatch.sources.html import declared_charset, document_from_html
from strikewatch.sources.text import decode_bytes

DEFAULT_USER_AGENT = f"strikewatch/{__version__} (news reports of strikes and protests)"
ROBOTS_AGENT = "strikewatch"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt; the rest is ignored.
ROBOTS_MAX_BYTES = 512 * 1024
# A Crawl-delay or Retry-After larger than this is capped, so that one site cannot stall a run.
MAX_SERVER_DELAY = 120.0
# How long robots.txt answers are kept: a good one for a day, a failed one briefly.
ROBOTS_TTL = 24 * 3600.0
ROBOTS_FAILURE_TTL = 600.0
SCHEMES = ("http", "https")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
    "application/x-rss+xml", "application/x-atom+xml", "text/rss+xml", "text/atom+xml", "text/rdf+xml",
})
# What each kind of request accepts; a response of another type is refused before its body is read.
ACCEPTED_TYPES: dict[str, frozenset[str]] = {
    "page": HTML_TYPES | TEXT_TYPES,
    "feed": FEED_TYPES | HTML_TYPES | TEXT_TYPES,  # HTML: a site's page that links to its feed
    "robots": TEXT_TYPES | HTML_TYPES,
}
_ACCEPT_HEADER = {
    "page": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,text/html;q=0.5",
    "robots": "text/plain",
}

# Addresses where clouds serve instance credentials; most are link-local or private anyway,
# named here so that the refusal says what they are.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(address) for address in (
    "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean …
    "169.254.170.2",  # AWS container credentials
    "fd00:ec2::254",  # AWS over IPv6
    "100.100.100.200",  # Alibaba Cloud
    "192.0.0.192",  # Oracle Cloud
))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

Resolver = Callable[[str, int, float | None], list[str]]


class FetchError(SourceError):
    """A URL that could not be fetched or read; the message says why and what to do about it."""

    def __init__(
        self, message: str, url: str | None = None, *, retryable: bool = False, status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, input=url)
        self.url = url
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after

    def _copy(self, message: str, url: str | None) -> FetchError:
        return type(self)(message, url, retryable=self.retryable, status=self.status, retry_after=self.retry_after)

    def at(self, url: str) -> FetchError:
        """The same error naming ``url``, when it names none yet."""
        return self if self.url else self._copy(self.message, url)

    def noted(self, note: str) -> FetchError:
        """The same error with a note at the end of its message."""
        return self._copy(f"{self.message} {note}", self.url)


class AddressRefused(FetchError):
    """A connection refused because the host resolves to an address that is not public."""


@dataclass(frozen=True)
class FetchSettings:
    """How to fetch: which private hosts are allowed, limits, timeouts, delays, retries."""

    allow_hosts: frozenset[str] = frozenset()
    max_bytes: int = DEFAULT_MAX_BYTES
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    host_delay: float = 2.0
    retries: int = 2
    backoff: float = 1.0
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ValueError(f"the size limit must be positive, not {self.max_bytes}")
        for name in ("connect_timeout", "read_timeout", "total_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name.replace('_', ' ')} must be positive, not {getattr(self, name)}")
        for name in ("host_delay", "backoff"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name.replace('_', ' ')} must be zero or more, not {getattr(self, name)}")
        if self.retries < 0 or self.max_redirects < 0:
            raise ValueError("retries and redirects must be zero or more")
        object.__setattr__(self, "allow_hosts", frozenset(normalise_host(host) for host in self.allow_hosts))


@dataclass(frozen=True)
class WebResponse:
    """A fetched resource: where it was asked for and where it ended, its body and validators."""

    url: str
    final_url: str
    status: int
    content: bytes = b""
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """Whether the server answered 304: the copy we have is current."""
        return self.status == 304


# ---------------------------------------------------------------------------------------------
# Addresses and names


def normalise_host(host: str) -> str:
    """A host name as connections see it: lower case, IDNA (punycode), no IPv6 brackets or final dot."""
    host = host.strip().strip("[]").rstrip(".").lower()
    if not host:
        return host
    try:
        ipaddress.ip_address(host.split("%")[0])
        return host
    except ValueError:
        pass
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo client, NAT64), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_problem(address: str) -> str | None:
    """Why connecting to this IP address is refused ("a loopback address" …), or None for a public one."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            problem = address_problem(str(embedded))
            if problem:
                return f"{problem} inside an IPv6 address"
    # Most specific first: Python counts loopback and link-local addresses as private too.
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "a non-public address"
    return None


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return True


def system_resolver(host: str, port: int, timeout: float | None) -> list[str]:
    """The addresses of a host from the system resolver, given up on after ``timeout`` seconds."""
    found: list[Any] = []
    failure: list[OSError] = []

    def look_up() -> None:
        try:
            found.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as exc:
            failure.append(exc)

    # getaddrinfo has no timeout of its own: it runs in a daemon thread that is left behind if slow.
    worker = threading.Thread(target=look_up, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise httpcore.ConnectTimeout(f"looking up {host} took longer than {timeout:g} s")
    if failure:
        exc = failure[0]
        if isinstance(exc, socket.gaierror) and exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)):
            raise FetchError(f"no such host: {host}")
        raise httpcore.ConnectError(f"cannot look up {host}: {exc.strerror or exc}")
    return list(dict.fromkeys(str(info[4][0]) for info in found))


class _GuardedBackend(httpcore.SyncBackend):
    """A network backend that resolves a host, checks every address, and connects to a checked one."""

    def __init__(self, allow_hosts: frozenset[str], resolver: Resolver) -> None:
        self._allow_hosts = allow_hosts
        self._resolver = resolver

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        name = normalise_host(host)
        addresses = [name] if _is_ip_literal(name) else self._resolver(name, port, timeout)
        if not addresses:
            raise FetchError(f"no address found for {name}")
        if name not in self._allow_hosts:
            for address in addresses:
                problem = address_problem(address)
                if problem:
                    shown = name if name == address else f"{name} resolves to {address}, which"
                    raise AddressRefused(
                        f"refused: {shown} is {problem} "
                        f"(fetch it only if you trust it: --allow-host {name})"
                    )
        failure: Exception | None = None
        for address in addresses:
            try:
                # The checked address itself, not the name: no second lookup can answer differently.
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure


class GuardedTransport(httpx.HTTPTransport):
    """An httpx transport whose every connection goes to a resolved address that passed the check."""

    def __init__(
        self,
        *,
        allow_hosts: Iterable[str] = (),
        resolver: Resolver | None = None,
        limits: httpx.Limits | None = None,
    ) -> None:
        limits = limits or httpx.Limits(max_connections=10, max_keepalive_connections=5, keepalive_expiry=30.0)
        super().__init__(trust_env=False, limits=limits)
        # httpx offers no parameter for the network backend, so the pool is built again with the
        # same settings and the guarded backend; tests prove every connection goes through it.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(
                frozenset(normalise_host(host) for host in allow_hosts), resolver or system_resolver,
            ),
        )


# ---------------------------------------------------------------------------------------------
# URLs


def check_url(url: str) -> str:
    """The URL without its fragment, if it is an http or https URL with a host; else FetchError."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError as exc:
        raise FetchError(f"not a valid URL ({exc})", url) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme!r} URLs" if scheme else "URLs without a scheme (write http:// or https://)"
        raise FetchError(f"refused: only http and https URLs are fetched, not {shown}", url)
    if not parts.hostname:
        raise FetchError("not a valid URL (no host name)", url)
    return urlunsplit(parts._replace(scheme=scheme, fragment=""))


def canonical_url(url: str) -> str:
    """The URL that names a page: lower-case scheme and host, no default port, fragment or trackers, sorted query."""
    from courlan import normalize_url

    text = url.strip()
    try:
        parts = urlsplit(text)
        # The fragment never reaches the server: "#comments" is the same article.
        return normalize_url(urlunsplit(parts._replace(fragment="")), strict=False, trailing_slash=True)
    except ValueError:
        return text


def _same_site(first: str, second: str) -> bool:
    """Whether two URLs are on the same host, give or take a leading "www."."""
    def host(url: str) -> str:
        return normalise_host(urlsplit(url).hostname or "").removeprefix("www.")

    return host(first) == host(second) != ""


def page_url(final_url: str, declared: str | None) -> str:
    """The canonical URL of a fetched page: its own canonical link when on the same site, else where it was found."""
    if declared:
        try:
            resolved = urljoin(final_url, declared.strip())
            scheme = urlsplit(resolved).scheme.lower()
        except ValueError:
            resolved, scheme = "", ""
        # A page may not claim another site's address: that would let it shadow an article elsewhere.
        if scheme in SCHEMES and _same_site(final_url, resolved):
            return canonical_url(resolved)
    return canonical_url(final_url)


# ---------------------------------------------------------------------------------------------
# Fetching


def _media_type(header: str | None) -> tuple[str | None, str | None]:
    """The media type and charset parameter of a Content-Type header."""
    if not header:
        return None, None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower() or None, charset


def _retry_after(header: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not header:
        return None
    header = header.strip()
    if header.isdigit():
        return float(header)
    try:
        moment = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


@dataclass
class _Robots:
    """robots.txt rules of one site, why they could not be read (if so), and until when they hold."""

    parser: RobotFileParser
    expires: float
    failure: str | None = None


class WebFetcher:
    """Fetches URLs safely (address guard, limits, timeouts) and politely (robots.txt, delays, retries)."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        resolver: Resolver | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """A fetcher with its own connection pool; ``resolver`` replaces the system's name lookup."""
        self.settings = settings or FetchSettings()
        self._sleep = sleep
        self._clock = clock
        self._client = httpx.Client(
            transport=GuardedTransport(allow_hosts=self.settings.allow_hosts, resolver=resolver),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": self.settings.user_agent},
        )
        self._robots: dict[str, _Robots] = {}
        self._last_request: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}
        self.requests = 0

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def __enter__(self) -> WebFetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- politeness ---------------------------------------------------------------------------

    def _wait_for_host(self, host: str) -> None:
        """Sleep until the host's delay has passed since the end of the last request to it."""
        last = self._last_request.get(host)
        if last is None:
            return
        delay = max(self.settings.host_delay, self._crawl_delay.get(host, 0.0))
        remaining = last + delay - self._clock()
        if remaining > 0:
            self._sleep(remaining)

    def _robots_for(self, url: str) -> _Robots:
        """The robots.txt rules of the URL's site, fetched once and kept for a while."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        cached = self._robots.get(origin)
        if cached is not None and cached.expires > self._clock():
            return cached
        parser = RobotFileParser(origin + "/robots.txt")
        rules = _Robots(parser, self._clock() + ROBOTS_TTL)
        try:
            response = self._get(origin + "/robots.txt", kind="robots", attempts=1,
                                 max_bytes=ROBOTS_MAX_BYTES, truncate=True, robots=False)
        except AddressRefused as exc:
            raise AddressRefused(exc.message, url) from None
        except FetchError as exc:
            # RFC 9309: a site whose robots.txt is missing (4xx) may be crawled; one whose robots.txt
            # cannot be reached (5xx, network errors) is taken as disallowing everything for a while.
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                parser.allow_all = True
            else:
                parser.disallow_all = True
                rules.failure = exc.message
                rules.expires = self._clock() + ROBOTS_FAILURE_TTL
        else:
            text = response.content.decode("utf-8", errors="replace")
            parser.parse(text.splitlines())
            delay = parser.crawl_delay(ROBOTS_AGENT)
            if delay is not None:
                self._crawl_delay[normalise_host(parts.hostname or "")] = min(float(delay), MAX_SERVER_DELAY)
        self._robots[origin] = rules
        return rules

    def allowed_by_robots(self, url: str) -> bool:
        """Whether the site's robots.txt lets strikewatch fetch this URL (False when it cannot be read)."""
        rules = self._robots_for(url)
        if rules.parser.disallow_all:
            return False
        return rules.parser.allow_all or rules.parser.can_fetch(ROBOTS_AGENT, url)

    def _check_robots(self, url: str) -> None:
        """FetchError unless the site's robots.txt lets strikewatch fetch this URL."""
        if self.allowed_by_robots(url):
            return
        failure = self._robots_for(url).failure
        if failure:
            raise FetchError(f"the site's robots.txt could not be read ({failure}); the site is skipped for "
                             f"{ROBOTS_FAILURE_TTL / 60:g} minutes", url)
        raise FetchError("disallowed by the site's robots.txt", url)

    # -- requests -----------------------------------------------------------------------------

    def get(
        self, url: str, *, kind: str = "page", etag: str | None = None, last_modified: str | None = None,
    ) -> WebResponse:
        """Fetch a page or a feed (``kind``), conditionally when validators are given; FetchError if it fails."""
        if kind not in ACCEPTED_TYPES:
            raise ValueError(f"unknown kind of request {kind!r}")
        return self._get(check_url(url), kind=kind, etag=etag, last_modified=last_modified,
                         attempts=self.settings.retries + 1)

    def _get(
        self, url: str, *, kind: str, attempts: int, etag: str | None = None, last_modified: str | None = None,
        max_bytes: int | None = None, truncate: bool = False, robots: bool = True,
    ) -> WebResponse:
        """One logical request: retried with backoff on timeouts, network faults and 5xx answers."""
        for attempt in range(attempts):
            try:
                return self._follow(url, kind=kind, etag=etag, last_modified=last_modified,
                                    max_bytes=max_bytes or self.settings.max_bytes, truncate=truncate, robots=robots)
            except FetchError as exc:
                if not exc.retryable or attempt + 1 >= attempts:
                    if exc.retryable and attempts > 1:
                        raise exc.noted(f"(after {attempts} tries)") from None
                    raise
                wait = self.settings.backoff * 2**attempt
                if exc.retry_after is not None:
                    wait = max(wait, min(exc.retry_after, MAX_SERVER_DELAY))
                self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _follow(
        self, url: str, *, kind: str, etag: str | None, last_modified: str | None, max_bytes: int,
        truncate: bool, robots: bool,
    ) -> WebResponse:
        """Follow redirects hop by hop, each hop checked like the first; the total time limit spans them all."""
        deadline = self._clock() + self.settings.total_timeout
        headers = {"Accept": _ACCEPT_HEADER[kind]}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            current = check_url(current)
            if robots:
                self._check_robots(current)
            location = self._request(current, url, kind=kind, headers=headers, deadline=deadline,
                                     max_bytes=max_bytes, truncate=truncate)
            if isinstance(location, WebResponse):
                return location
            current = location
        raise FetchError(f"too many redirects (more than {self.settings.max_redirects})", url)

    def _timeout(self, deadline: float) -> httpx.Timeout:
        remaining = max(0.001, deadline - self._clock())
        settings = self.settings
        return httpx.Timeout(
            connect=min(settings.connect_timeout, remaining), read=min(settings.read_timeout, remaining),
            write=min(settings.read_timeout, remaining), pool=min(settings.connect_timeout, remaining),
        )

    def _request(
        self, url: str, asked: str, *, kind: str, headers: dict[str, str], deadline: float, max_bytes: int,
        truncate: bool,
    ) -> WebResponse | str:
        """One HTTP exchange: a response, or the next URL of a redirect."""
        host = normalise_host(urlsplit(url).hostname or "")
        self._wait_for_host(host)
        if self._clock() >= deadline:
            raise FetchError(f"timed out (over the total limit of {self.settings.total_timeout:g} s)", asked,
                             retryable=True)
        self.requests += 1
        try:
            with self._client.stream("GET", url, headers=headers, timeout=self._timeout(deadline)) as response:
                return self._read(response, url, asked, kind=kind, deadline=deadline, max_bytes=max_bytes,
                                  truncate=truncate)
        except FetchError as exc:
            raise exc.at(url) from None
        except httpx.TimeoutException as exc:
            phase = {httpx.ConnectTimeout: "connecting", httpx.PoolTimeout: "connecting"}.get(type(exc), "reading")
            limit = self.settings.connect_timeout if phase == "connecting" else self.settings.read_timeout
            raise FetchError(f"timed out {phase} ({phase} limit {limit:g} s)", url, retryable=True) from None
        except httpx.DecodingError:
            raise FetchError("the server sent corrupt compressed data", url) from None
        except (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError,
                httpx.LocalProtocolError) as exc:
            raise FetchError(f"network error: {_describe(exc)}", url, retryable=True) from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, UnicodeError) as exc:
            raise FetchError(f"not a valid URL ({_describe(exc)})", url) from None
        finally:
            self._last_request[host] = self._clock()

    def _read(
        self, response: httpx.Response, url: str, asked: str, *, kind: str, deadline: float, max_bytes: int,
        truncate: bool,
    ) -> WebResponse | str:
        status = response.status_code
        if status in REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"redirect ({status}) without a Location header", url)
            try:
                return urljoin(url, location.strip())
            except ValueError:
                raise FetchError(f"redirect to a malformed URL {location!r}", url) from None
        if status == 304:
            return WebResponse(url=asked, final_url=url, status=304,
                               etag=response.headers.get("etag"),
                               last_modified=response.headers.get("last-modified"))
        if status >= 400 or status < 200 or status == 204:
            retryable = status in RETRY_STATUSES
            words = f"{'server error: ' if status >= 500 else ''}HTTP {status} {response.reason_phrase or ''}"
            raise FetchError(words.strip(), url, retryable=retryable, status=status,
                             retry_after=_retry_after(response.headers.get("retry-after")))
        media_type, charset = _media_type(response.headers.get("content-type"))
        if media_type is not None and media_type not in ACCEPTED_TYPES[kind] and not media_type.endswith("+xml"):
            expected = {"page": "an HTML or plain-text page", "feed": "an RSS or Atom feed or an HTML page",
                        "robots": "plain text"}[kind]
            raise FetchError(f"content type {media_type} is not {expected}; not downloaded", url)
        declared_length = response.headers.get("content-length", "")
        if declared_length.isdigit() and int(declared_length) > max_bytes and not truncate:
            raise FetchError(
                f"too large: {int(declared_length):,} bytes declared, over the {size_label(max_bytes)} limit "
                "(raise it with --max-size)", url)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                if truncate:
                    chunks.append(chunk[: max_bytes - (size - len(chunk))])
                    break
                raise FetchError(f"too large: more than {size_label(max_bytes)} (raise the limit with --max-size)",
                                 url)
            chunks.append(chunk)
            if self._clock() > deadline:
                raise FetchError(f"timed out (over the total limit of {self.settings.total_timeout:g} s)", url,
                                 retryable=True)
        return WebResponse(
            url=asked, final_url=str(response.url), status=status, content=b"".join(chunks),
            content_type=media_type, charset=charset, etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__


# ---------------------------------------------------------------------------------------------
# Responses to documents


_XML_START = re.compile(rb"^\s*(?:<\?xml|<rss|<feed|<rdf:RDF)", re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    """Whether bytes of unknown type look like an HTML page."""
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<p>" in head


def response_text(response: WebResponse) -> str:
    """The body as text: byte-order mark, UTF-8, the declared charset (header, then <meta>), else detection."""
    declared = response.charset
    if declared is None and (response.content_type in HTML_TYPES or response.content_type is None):
        declared = declared_charset(response.content)
    try:
        return decode_bytes(response.content, declared=declared)
    except SourceError as exc:
        raise FetchError(exc.message, response.final_url) from None


def document_from_response(
    response: WebResponse, *, published: date | None = None, title: str | None = None,
) -> Document:
    """A Document of a fetched page, named by its canonical URL; its own publication date wins over ``published``."""
    where = response.final_url
    if response.not_modified:
        raise FetchError("not modified: there is no new body to read", where)
    if not response.content.strip():
        raise FetchError("the page is empty", where)
    text = response_text(response)
    is_html = response.content_type in HTML_TYPES or (
        response.content_type is None and looks_like_html(response.content))
    try:
        if is_html:
            # No URL given: the page's own canonical link comes back in document.url, to be checked.
            document = document_from_html(text)
            url = page_url(where, document.url)
            return replace(document, id=url, url=url, published=document.published or published,
                           title=document.title or title)
        if _XML_START.match(response.content):
            raise FetchError("an XML document, not a web page (is it a feed? use strikewatch watch)", where)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        url = canonical_url(where)
        return document_from_text(text, id=url, url=url, published=published, title=title)
    except FetchError:
        raise
    except SourceError as exc:
        raise FetchError(exc.message, where) from None


__all__ = [
    "ACCEPTED_TYPES",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_USER_AGENT",
    "METADATA_ADDRESSES",
    "AddressRefused",
    "FetchError",
    "FetchSettings",
    "GuardedTransport",
    "WebFetcher",
    "WebResponse",
    "address_problem",
    "canonical_url",
    "check_url",
    "document_from_response",
    "looks_like_html",
    "normalise_host",
    "page_url",
    "response_text",
    "system_resolver",
]
