"""Fetch an article from a URL on behalf of a user, without letting the URL reach inside our network.

Every hop (the first request and each redirect) resolves the host once, refuses private, loopback,
link-local, multicast and reserved addresses, and then connects to exactly the address it checked, so a
DNS answer that changes between the check and the connection (DNS rebinding) cannot redirect it. The
response is limited in size, time and content type.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

ALLOWED_TYPES = ("text/html", "text/plain", "application/xhtml+xml", "text/markdown")
# Other fact-checkers' ClaimReview feeds (factcheck.services.factchecks.feeds_import).
FEED_TYPES = (
    "application/json",
    "application/ld+json",
    "application/x-ndjson",
    "application/jsonl",
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream",
    "text/plain",
)
MAX_REDIRECTS = 5
USER_AGENT = "Factcheck/0.1 (+article ingestion)"


class FetchError(ValueError):
    """The URL cannot be fetched; the message says why, for the person who gave it."""


@dataclass(frozen=True)
class Fetched:
    url: str  # the final URL after redirects
    content: bytes
    content_type: str


def _public_address(host: str, port: int, *, allow_private: bool) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"The host {host!r} could not be found.") from exc
    for info in infos:
        address = info[4][0]
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if (not allow_private and not ip.is_global) or ip.is_multicast or ip.is_unspecified:
            raise FetchError(
                f"The address of {host!r} ({ip}) is not a public internet address; it is refused."
            )
    return infos[0][4][0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def fetch(
    url: str,
    *,
    max_bytes: int = 1_000_000,
    timeout: float = 10.0,
    allow_private: bool = False,
    allowed_types: tuple[str, ...] = ALLOWED_TYPES,
) -> Fetched:
    """GET `url`, following up to five redirects, each checked like the first.

    Raises FetchError for a non-http(s) URL, a private or unresolvable address, a non-2xx status,
    a content type not in `allowed_types` (HTML or text unless told otherwise), a body over
    `max_bytes`, or a total time over `timeout`.
    """
    deadline = time.monotonic() + timeout
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("Only http:// and https:// addresses can be fetched.")
        if parts.username or parts.password:
            raise FetchError("Addresses with a user name or password are refused.")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = _public_address(parts.hostname, port, allow_private=allow_private)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"The site did not answer within {timeout:g} seconds.")
        cls = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        conn = cls(parts.hostname, port, address, remaining)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            conn.request(
                "GET",
                path,
                headers={"User-Agent": USER_AGENT, "Accept": ", ".join(allowed_types)},
            )
            sock = conn.sock  # the response may detach it from the connection; keep it for timeouts
            response = conn.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError("The site redirected without saying where to.")
                url = urljoin(url, location)
                continue
            if not 200 <= response.status < 300:
                raise FetchError(f"The site answered {response.status} {response.reason}.")
            content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
            if content_type not in allowed_types:
                what = "an HTML or text article" if allowed_types == ALLOWED_TYPES else "a feed"
                raise FetchError(
                    f"The address serves {content_type or 'an unknown type'}, not {what}."
                )
            declared = response.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"The page is larger than the limit of {max_bytes:,} bytes.")
            chunks, size = [], 0
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise FetchError(f"The site did not finish within {timeout:g} seconds.")
                # read1 returns what has arrived, so a trickling server cannot hold us past the deadline.
                sock.settimeout(left)
                chunk = response.read1(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"The page is larger than the limit of {max_bytes:,} bytes.")
                chunks.append(chunk)
            return Fetched(url=url, content=b"".join(chunks), content_type=content_type)
        except TimeoutError as exc:
            raise FetchError(f"The site did not answer within {timeout:g} seconds.") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(f"The page could not be fetched: {exc}.") from exc
        finally:
            conn.close()
    raise FetchError(f"The site redirected more than {MAX_REDIRECTS} times.")
