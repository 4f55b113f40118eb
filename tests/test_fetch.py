"""Fetching an article from a URL: public addresses only, every redirect re-checked, bounded."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from factcheck import fetch

ARTICLE_HTML = (
    b"<html><head><title>Budget passed</title></head><body><article><h1>Budget passed</h1>"
    b"<p>The council approved a budget of 4.2 million euros on 3 March 2021, officials said.</p>"
    b"<p>It is the largest budget in the town's history, according to the mayor.</p>"
    b"</article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        routes = {
            "/article": (200, "text/html; charset=utf-8", ARTICLE_HTML),
            "/text": (
                200,
                "text/plain",
                b"Plain headline\n\nThe mayor said 300 buses were bought.",
            ),
            "/pdf": (200, "application/pdf", b"%PDF-1.4"),
            "/missing": (404, "text/html", b"nope"),
            "/big": (200, "text/html", b"<p>" + b"x" * 5000 + b"</p>"),
        }
        if self.path == "/redirect-local":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
            return
        if self.path == "/redirect-private":
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.1/secret")
            self.end_headers()
            return
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(20):
                self.wfile.write(b"<p>slow</p>")
                self.wfile.flush()
                time.sleep(0.1)
            return
        status, ctype, body = routes.get(self.path, (404, "text/plain", b"?"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if self.path != "/big":
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_it_fetches_html_from_an_allowed_address(server):
    result = fetch.fetch(f"{server}/article", allow_private=True)
    assert result.content == ARTICLE_HTML
    assert result.content_type == "text/html"


def test_it_follows_redirects_and_reports_the_final_url(server):
    result = fetch.fetch(f"{server}/redirect-local", allow_private=True)
    assert result.url == f"{server}/article"


def test_loopback_is_refused_by_default(server):
    with pytest.raises(fetch.FetchError, match="not a public"):
        fetch.fetch(f"{server}/article")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(url):
    with pytest.raises(fetch.FetchError):
        fetch.fetch(url)


def test_a_redirect_to_a_private_address_is_refused(server, monkeypatch):
    # The first hop is allowed (as if the test server were public); the redirect target is re-checked.
    real = fetch._public_address

    def first_hop_public(host, port, *, allow_private):
        return real(host, port, allow_private=(host == "127.0.0.1"))

    monkeypatch.setattr(fetch, "_public_address", first_hop_public)
    with pytest.raises(fetch.FetchError, match="not a public"):
        fetch.fetch(f"{server}/redirect-private")


def test_dns_answers_are_pinned_for_the_connection(monkeypatch):
    """A host that resolves to a private address is refused before any connection is made."""
    import socket

    def rebinding(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with pytest.raises(fetch.FetchError, match=r"10\.0\.0\.7"):
        fetch.fetch("http://news.example/article")


@pytest.mark.parametrize(
    ("path", "message"),
    [("/pdf", "application/pdf"), ("/missing", "404"), ("/big", "limit"), ("/loop", "redirected")],
)
def test_bad_responses_are_refused_with_a_reason(server, path, message):
    with pytest.raises(fetch.FetchError, match=message):
        fetch.fetch(f"{server}{path}", allow_private=True, max_bytes=1000)


def test_slow_sites_time_out(server):
    started = time.monotonic()
    with pytest.raises(fetch.FetchError, match="seconds"):
        fetch.fetch(f"{server}/slow", allow_private=True, timeout=0.5)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "url", ["ftp://example.org/a", "file:///etc/passwd", "javascript:alert(1)"]
)
def test_only_http_urls_are_fetched(url):
    with pytest.raises(fetch.FetchError, match="http"):
        fetch.fetch(url)
