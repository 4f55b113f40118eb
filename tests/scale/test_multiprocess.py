"""More than one machine, on one machine: two gunicorn instances on two ports and two `db_worker`
processes against one PostgreSQL database and one Redis (bench/cluster.py).

- the anonymous API throttle trips at its configured rate across both instances together;
- a user signed in through one instance is signed in on the other; a lockout on one holds on the other;
- a batch import of 50 files across two workers ingests each file exactly once;
- a worker killed with SIGKILL mid-batch does not lose the batch: another worker takes it over and
  finishes it, each file still ingested once;
- behind nginx with config/nginx.conf (when nginx is installed): anonymous public pages are kept by
  the proxy and signed-in ones never are, and the site stays up when one web instance dies.

Runs in the PostgreSQL pass of the suite (CI starts Redis and PostgreSQL); skipped elsewhere, with the
reason. A few minutes, most of it migrating the cluster's own database.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from bench.cluster import Cluster, free_ports, server_url
from bench.scale import nginx_conf

pytestmark = [pytest.mark.multiprocess, pytest.mark.redis]

ANON_RATE = 20
PASSWORD = "cluster-password-1234"


@pytest.fixture(scope="module")
def cluster(redis_url):
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        pytest.skip("runs in the PostgreSQL pass of the suite (DATABASE_URL=postgres://...)")
    with Cluster(
        database=f"fc_cluster_{os.getpid()}",
        pg=server_url(database_url),
        redis_url=redis_url,
        # Free ports, not fixed ones: other runs of the suite may share this machine.
        web_ports=free_ports(2),
        workers=2,
        env={
            "FACTCHECK_API_ANON_RATE": f"{ANON_RATE}/min",
            "FACTCHECK_WORKER_HEARTBEAT_SECONDS": "1",
            "FACTCHECK_WORKER_LEASE_SECONDS": "4",
            "FACTCHECK_LOGIN_FAILURES": "3",
        },
    ) as cluster:
        cluster.manage(
            "shell",
            "-c",
            "from django.contrib.auth.models import Group, User;"
            f"u = User.objects.create_user('elena', password='{PASSWORD}');"
            "u.groups.add(Group.objects.get(name='Editor'));"
            f"User.objects.create_user('mallory-target', password='{PASSWORD}')",
        )
        yield cluster


class Browser:
    """Cookies, CSRF tokens and form posts over urllib; redirects are not followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirect()
        )

    def request(self, url, data=None, headers=None):
        req = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def csrf_token(self, url) -> str:
        status, _, body = self.request(url)
        assert status == 200, (url, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)

    def sign_in(self, cluster, instance, username, password):
        url = cluster.url(instance, "/accounts/login/")
        form = {"csrfmiddlewaretoken": self.csrf_token(url), "username": username}
        form["password"] = password
        return self.request(url, urllib.parse.urlencode(form).encode(), {"Referer": url})

    def upload(self, url, files, token):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
            f"\r\n\r\n{token}\r\n".encode()
        ]
        for name, content in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                f'filename="{name}"\r\nContent-Type: text/plain\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": url}
        return self.request(url, b"".join(parts), headers)


def story(n: int, tag: str) -> bytes:
    """An article of about 12 KB, different for every n (extraction takes a little while)."""
    paragraphs = [f"Budget review {tag} number {n}"]
    for i in range(40):
        paragraphs.append(
            f"The council of district {n} spent {n * 7 + i} million on roads in {1990 + i}, "
            f"according to the {tag} audit office. Officials said the figure for item {i} rose by "
            f"{(n + i) % 90 + 3} percent compared with the year before, and residents disputed it."
        )
    return "\n\n".join(paragraphs).encode()


def _import(cluster, browser, files) -> int:
    url = cluster.url(0, "/imports/new/")
    status, headers, _ = browser.upload(url, files, browser.csrf_token(url))
    assert status == 302, status
    return int(re.search(r"/imports/(\d+)/", headers["Location"]).group(1))


def _batch(cluster, batch_id) -> tuple[str, int, int]:
    return cluster.sql(
        "SELECT status, done, total FROM factcheck_importbatch WHERE id = %s", [batch_id]
    )[0]


def _items(cluster, batch_id) -> list[tuple]:
    return cluster.sql(
        "SELECT status, claimed_by, article_id, attempts FROM factcheck_importitem "
        "WHERE batch_id = %s ORDER BY id",
        [batch_id],
    )


def test_the_anonymous_throttle_counts_both_instances_together(cluster):
    statuses = []
    for i in range(ANON_RATE * 2):
        status, _, _ = Browser().request(cluster.url(i % 2, "/api/v1/verdicts/?page_size=1"))
        statuses.append(status)
    # One client, one rate: not ANON_RATE per instance.
    assert statuses.count(200) == ANON_RATE, statuses
    assert statuses.count(429) == ANON_RATE


def test_signed_in_through_one_instance_is_signed_in_on_the_other(cluster):
    browser = Browser()
    status, headers, _ = browser.sign_in(cluster, 0, "elena", PASSWORD)
    assert status == 302 and headers["Location"] == "/work/"
    status, _, body = browser.request(cluster.url(1, "/work/"))
    assert status == 200 and "elena" in body
    # Signing out on the second ends the session on the first too.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    logout = cluster.url(1, "/accounts/logout/")
    browser.request(logout, f"csrfmiddlewaretoken={token}".encode(), {"Referer": logout})
    status, headers, _ = browser.request(cluster.url(0, "/work/"))
    assert status == 302 and "/accounts/login/" in headers["Location"]


def test_a_lockout_on_one_instance_holds_on_the_other(cluster):
    for i in range(3):
        status, _, _ = Browser().sign_in(cluster, i % 2, "mallory-target", "wrong-password")
    # The right password, through the other instance, after three failures: still locked out.
    status, headers, body = Browser().sign_in(cluster, 1, "mallory-target", PASSWORD)
    assert status != 302 and "locked" in body.lower(), (status, headers)


def test_a_batch_of_50_files_across_two_workers_ingests_each_file_once(cluster):
    browser = Browser()
    assert browser.sign_in(cluster, 0, "elena", PASSWORD)[0] == 302
    files = [(f"budget-{n}.txt", story(n, "first")) for n in range(50)]
    batch_id = _import(cluster, browser, files)
    cluster.wait_until("the batch to finish", lambda: _batch(cluster, batch_id)[0] == "done")
    items = _items(cluster, batch_id)
    assert [status for status, *_ in items] == ["ingested"] * 50
    articles = [article for _, _, article, _ in items]
    assert len(set(articles)) == 50  # fifty articles, none stored twice
    assert all(attempts == 1 for *_, attempts in items)  # each file started once
    assert _batch(cluster, batch_id) == ("done", 50, 50)
    # Both workers took part: the batch was shared, not queued behind one of them.
    workers = {cluster.worker_id(w) for w in cluster.workers}
    assert {claimed_by for _, claimed_by, _, _ in items} == workers
    # The batch's page, on the other instance, says it is done.
    status, _, body = browser.request(cluster.url(1, f"/imports/{batch_id}/"))
    assert status == 200 and "Done" in body and "50 of 50" in body


def test_a_worker_killed_mid_batch_does_not_lose_the_batch(cluster):
    browser = Browser()
    assert browser.sign_in(cluster, 0, "elena", PASSWORD)[0] == 302
    files = [(f"audit-{n}.txt", story(n, "second")) for n in range(60)]
    batch_id = _import(cluster, browser, files)
    cluster.wait_until(
        "a few files to be ingested", lambda: _batch(cluster, batch_id)[1] >= 7, every=0.05
    )
    # Kill a worker while it holds a file, without warning. (A worker may finish its file between
    # the look and the kill: then another try, with a fresh worker in its place.)
    held_at_death = []
    for _ in range(3):
        holding = {
            claimed_by
            for status, claimed_by, *_ in _items(cluster, batch_id)
            if status == "processing"
        }
        victim = next(
            (w for w in cluster.workers if w.poll() is None and cluster.worker_id(w) in holding),
            None,
        )
        if victim is None:
            time.sleep(0.05)
            continue
        cluster.kill_worker(victim)
        dead = cluster.worker_id(victim)
        held_at_death = [
            item_id
            for item_id, status, claimed_by in cluster.sql(
                "SELECT id, status, claimed_by FROM factcheck_importitem WHERE batch_id = %s",
                [batch_id],
            )
            if status == "processing" and claimed_by == dead
        ]
        if held_at_death:
            break
        cluster.start_worker()
    assert held_at_death, "no worker was caught holding a file: use larger files"
    killed_at = time.monotonic()
    done_when_killed = _batch(cluster, batch_id)[1]
    assert done_when_killed < 60, "the batch finished before the kill: use larger files"
    # The survivor carries on; and a restarted worker (a new process) joins, as after a reboot.
    cluster.start_worker()
    cluster.wait_until("the batch to finish", lambda: _batch(cluster, batch_id)[0] == "done")
    assert time.monotonic() - killed_at < 60
    items = _items(cluster, batch_id)
    assert [status for status, *_ in items] == ["ingested"] * 60
    assert len({article for _, _, article, _ in items}) == 60
    assert _batch(cluster, batch_id) == ("done", 60, 60)
    # The file the dead worker held was taken back and ingested by another, once.
    ((attempts, claimed_by),) = cluster.sql(
        "SELECT attempts, claimed_by FROM factcheck_importitem WHERE id = %s", held_at_death
    )
    assert attempts == 2 and claimed_by != dead
    # No task is left running for the dead worker: retried (or failed), never lost.
    stuck = cluster.sql(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE status = 'RUNNING' AND worker_ids->>-1 = %s",
        [dead],
    )[0][0]
    assert stuck == 0


# --- Behind the reverse proxy ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def proxy(cluster, tmp_path_factory):
    """nginx with the repository's config/nginx.conf in front of both instances (as compose's
    `proxy` is in front of every `web`), its micro-cache on."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        pytest.skip("no nginx here (apt-get install nginx-light)")
    (port,) = free_ports(1)
    directory = tmp_path_factory.mktemp("nginx")
    conf = nginx_conf(directory, cluster.web_ports, proxy_cache=True, listen_port=port)
    process = subprocess.Popen([nginx, "-c", str(conf), "-g", "daemon off;"])
    try:
        cluster.wait_for_url(f"http://127.0.0.1:{port}/nginx-health", timeout=20)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=10)


def test_behind_nginx_anonymous_public_pages_are_shared_and_signed_in_ones_never(cluster, proxy):
    url = f"{proxy}/verdicts/?q=proxy-{uuid.uuid4().hex[:8]}"  # asked for the first time
    status, headers, first = Browser().request(url)
    assert status == 200 and headers["X-Proxy-Cache"] == "MISS"
    assert headers["Cache-Control"].startswith("public")
    status, headers, again = Browser().request(url)
    assert status == 200 and headers["X-Proxy-Cache"] == "HIT" and again == first
    # A signed-in reviewer's page is never taken from, nor put in, the shared cache.
    browser = Browser()
    assert browser.sign_in(cluster, 0, "elena", PASSWORD)[0] == 302
    status, headers, mine = browser.request(url)
    assert status == 200 and headers["X-Proxy-Cache"] == "BYPASS"
    assert "private" in headers["Cache-Control"] and "Sign out" in mine
    assert "Sign out" not in Browser().request(url)[2]


def test_behind_nginx_the_site_stays_up_when_one_web_instance_dies(cluster, proxy):
    victim = cluster.webs[0]
    victim.send_signal(signal.SIGKILL)  # the gunicorn master: its worker exits with it
    victim.wait()

    def closed() -> bool:
        try:
            Browser().request(cluster.url(0, "/healthz"))
        except urllib.error.URLError:
            return True
        return False

    cluster.wait_until("the dead instance to stop answering", closed, timeout=30)
    statuses = [Browser().request(f"{proxy}/accounts/login/")[0] for _ in range(6)]
    assert statuses == [200] * 6
    cluster.restart_webs()
