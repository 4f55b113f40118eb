"""Other fact-checkers' feeds: fetched with the safe fetcher, imported, re-imported on a schedule
that two workers never double."""

import gzip
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from factcheck import services, tasks
from factcheck.models import OutsideFactCheck
from tests.matching.conftest import CLAIMS, review

FEED = json.dumps(
    {"@type": "DataFeed", "dataFeedElement": [review(i, c) for i, c in enumerate(CLAIMS)]}
).encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        status, ctype, body = {
            "/feed.json": (200, "application/json", FEED),
            "/feed.json.gz": (200, "application/gzip", gzip.compress(FEED)),
            "/page": (200, "image/png", b"\x89PNG"),
        }.get(self.path, (404, "text/plain", b"?"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server(settings):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = True
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_feeds_are_fetched_and_imported_and_a_bad_one_fails_alone(db, server):
    urls = [f"{server}/feed.json", f"{server}/page", f"{server}/missing", f"{server}/feed.json.gz"]
    reports = services.feeds_import(urls=urls)
    assert (reports[urls[0]].created, reports[urls[3]].updated) == (3, 3)
    assert "not a feed" in str(reports[urls[1]].problems[0])
    assert "404" in str(reports[urls[2]].problems[0])
    assert OutsideFactCheck.objects.get(claim_reviewed=CLAIMS[0]).source == urls[3]


def test_private_addresses_stay_refused_in_production(db, server, settings):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = False
    [report] = services.feeds_import(urls=[f"{server}/feed.json"]).values()
    assert "not a public internet address" in str(report.problems[0])
    assert not OutsideFactCheck.objects.exists()


def test_the_command_imports_the_configured_feeds(db, server, settings, capsys):
    settings.FACTCHECK_FEED_URLS = [f"{server}/feed.json"]
    call_command("import_feeds")
    assert "3 imported, 0 updated, 0 problem(s)" in capsys.readouterr().out
    settings.FACTCHECK_FEED_URLS = []
    with pytest.raises(CommandError, match="FACTCHECK_FEED_URLS"):
        call_command("import_feeds")


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.FACTCHECK_FEED_URLS = ["https://feeds.example/claimreview.json"]
    settings.FACTCHECK_FEED_INTERVAL_MINUTES = 60


def test_the_next_run_is_scheduled_once_whoever_asks(db, database_tasks):
    from django_tasks_db.models import DBTaskResult

    now = datetime(2026, 3, 1, 10, 20, tzinfo=UTC)
    assert tasks.schedule_feeds(now) == datetime(2026, 3, 1, 11, 0, tzinfo=UTC)
    # A second worker finishing at the same time, or the command run again, adds nothing.
    assert tasks.schedule_feeds(now) is None
    [scheduled] = DBTaskResult.objects.all()
    assert scheduled.run_after == datetime(2026, 3, 1, 11, 0, tzinfo=UTC)
    assert scheduled.task_path.endswith("import_feeds")
    # The run at 11:00 schedules 12:00.
    assert tasks.schedule_feeds(datetime(2026, 3, 1, 11, 0, 5, tzinfo=UTC)).hour == 12


def test_nothing_is_scheduled_without_feeds_or_a_backend_that_defers(db, settings):
    settings.FACTCHECK_FEED_URLS = []
    assert tasks.schedule_feeds() is None
    settings.FACTCHECK_FEED_URLS = ["https://feeds.example/f.json"]
    assert tasks.schedule_feeds() is None  # the suite's immediate backend cannot defer
