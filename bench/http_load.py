"""HTTP load on the desk's pages at two desk sizes, beside a trivial health check, on PostgreSQL.

    .venv/bin/python bench/http_load.py [--sizes 1000,50000] [--duration 10] [--connections 8]

For each size: a PostgreSQL database `fc_bench_<size>` filled by `bench/generate_bench_data.py` (reused
when it already holds that desk), gunicorn with 2 workers on 127.0.0.1, and wrk (Debian's package) from a
second process, one run per page and size, the sizes interleaved page by page (all servers up, one
loaded at a time): p50/p95/p99 latency and requests/s. Prints a Markdown table and the
two targets: p95 at the large size within 1.5x of the small size, and each page's p95 within 10x the
health check's p95 in the same run. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def sh(*args, env=None, check=True, capture=False):
    return subprocess.run(
        args,
        cwd=ROOT,
        env=env,
        check=check,
        text=True,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.PIPE if capture else None,
    )


def django_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FACTCHECK_"))}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_MANIFEST="0",
        FACTCHECK_API_ANON_RATE="1000000/min",
        FACTCHECK_API_USER_RATE="1000000/min",
        PYTHONWARNINGS="ignore",
    )
    return env


def ensure_desk(size: int, env: dict) -> None:
    name = f"fc_bench_{size}"
    exists = (
        sh(
            "psql",
            f"{PG}/postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{name}'",
            capture=True,
        ).stdout.strip()
        == "1"
    )
    if exists:
        count = sh(
            "psql",
            f"{PG}/{name}",
            "-tAc",
            "SELECT count(*) FROM factcheck_article WHERE title LIKE '[bench]%'",
            capture=True,
            check=False,
        ).stdout.strip()
        if count == str(size):
            print(f"# reusing {name} ({size:,} articles)", flush=True)
            sh(PYTHON, "manage.py", "migrate", "-v0", env=env)
            vacuum(name)
            return
        sh("dropdb", "-h", "127.0.0.1", "-U", "postgres", name)
    sh("createdb", "-h", "127.0.0.1", "-U", "postgres", name)
    sh(PYTHON, "manage.py", "migrate", "-v0", env=env)
    started = time.perf_counter()
    sh(PYTHON, "bench/generate_bench_data.py", "--articles", str(size), env=env)
    print(f"# generated {size:,} articles in {time.perf_counter() - started:,.0f} s", flush=True)
    vacuum(name)


def vacuum(name: str) -> None:
    """VACUUM (ANALYZE) a desk that was never vacuumed: a production database is (autovacuum), and
    without it the rows the generator updated stay dead and no index-only scan is possible, so the
    pages would be measured on a state no real desk is in. Servers may run with autovacuum off (this
    machine's does), hence an explicit one, once."""
    never = sh(
        "psql",
        f"{PG}/{name}",
        "-tAc",
        "SELECT last_vacuum IS NULL AND last_autovacuum IS NULL FROM pg_stat_user_tables "
        "WHERE relname = 'factcheck_claim'",
        capture=True,
        check=False,
    ).stdout.strip()
    if never == "t":
        started = time.perf_counter()
        sh("psql", f"{PG}/{name}", "-qc", "VACUUM (ANALYZE)")
        print(f"# vacuumed {name} in {time.perf_counter() - started:,.0f} s", flush=True)


SETUP = r"""
import json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from factcheck.models import Article, Claim, Verdict
User = get_user_model()
def session(username):
    user = User.objects.get(username=username)
    s = SessionStore()
    s["_auth_user_id"] = str(user.pk)
    s["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    s["_auth_user_hash"] = user.get_session_auth_hash()
    s.create()
    return s.session_key
ids = list(Article.objects.filter(title__startswith="[bench]").order_by("pk").values_list("pk", flat=True))
article = ids[len(ids) // 2]
claim = Claim.objects.filter(article_id=article, status="selected").order_by("start").first() \
    or Claim.objects.filter(article_id=article).order_by("start").first()
verdict = Verdict.objects.filter(is_current=True).order_by("pk")[len(ids) // 4]
print(json.dumps({
    "editor": session("bench-editor-0"), "reviewer": session("bench-reviewer-00"),
    "article": article, "claim": claim.pk, "verdict": verdict.get_absolute_url(),
}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server at {url} did not start")


def wrk(url: str, *, duration: int, connections: int, headers: dict) -> dict:
    args = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench/wrk_report.lua"),
    ]
    for k, v in headers.items():
        args += ["-H", f"{k}: {v}"]
    out = sh(*args, url, capture=True).stdout
    match = re.search(r"RESULT (.*)", out)
    if not match:
        raise SystemExit(f"wrk gave no result for {url}:\n{out}")
    return {k: float(v) for k, v in (kv.split("=") for kv in match.group(1).split())}


class Desk:
    """One desk size served by its own gunicorn (2 workers) on a free port of 127.0.0.1."""

    def __init__(self, size: int):
        import json

        self.size = size
        env = django_env(f"{PG}/fc_bench_{size}")
        ensure_desk(size, env)
        info = json.loads(
            sh(PYTHON, "manage.py", "shell", "-c", SETUP, env=env, capture=True)
            .stdout.strip()
            .splitlines()[-1]
        )
        port = free_port()
        self.server = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "config.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{port}"
        wait_ready(f"{self.base}/healthz")
        editor = {"Cookie": f"sessionid={info['editor']}"}
        reviewer = {"Cookie": f"sessionid={info['reviewer']}"}
        self.pages = {
            "health check": ("/healthz", {}),
            "my work (editor)": ("/work/", editor),
            "my work (reviewer)": ("/work/", reviewer),
            "article list": ("/articles/", editor),
            "article workspace": (f"/articles/{info['article']}/", editor),
            "claim panel (htmx)": (f"/claims/{info['claim']}/", {**editor, "HX-Request": "true"}),
            "search": ("/articles/?q=hospital+beds", editor),
            "public verdict page": (info["verdict"], {}),
            "API verdict list": ("/api/v1/verdicts/", {}),
        }

    def load(self, name: str, args) -> dict:
        path, headers = self.pages[name]
        urllib.request.urlopen(urllib.request.Request(self.base + path, headers=headers)).read()
        r = wrk(
            self.base + path, duration=args.duration, connections=args.connections, headers=headers
        )
        print(
            f"# {self.size:>6} {name:<22} p50 {r['p50_ms']:7.2f} p95 {r['p95_ms']:7.2f} "
            f"p99 {r['p99_ms']:7.2f} ms  {r['rps']:8.1f} req/s  errors {r['errors']:.0f}",
            flush=True,
        )
        return r

    def stop(self) -> None:
        os.killpg(self.server.pid, signal.SIGTERM)
        self.server.wait(timeout=20)


def run_sizes(sizes: list[int], args) -> dict[int, dict[str, dict]]:
    """Every size's server up at once, and each page loaded at every size in turn before the next
    page: a machine that gets busier or quieter during the run shifts all sizes alike, so the ratio
    between sizes is measured in one stretch of time. Only one server is under load at a time."""
    desks = []
    try:
        for size in sizes:
            desks.append(Desk(size))
        by_size: dict[int, dict[str, dict]] = {size: {} for size in sizes}
        for name in desks[0].pages:
            for desk in desks:
                by_size[desk.size][name] = desk.load(name, args)
        return by_size
    finally:
        for desk in desks:
            desk.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,50000")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    sizes = [int(s) for s in args.sizes.split(",")]
    by_size = run_sizes(sizes, args)
    small, large = sizes[0], sizes[-1]
    print(
        f"\n### HTTP latency under load (gunicorn, 2 workers; wrk -t2 -c{args.connections}, "
        f"{args.duration} s per page)\n"
    )
    header = (
        "| page | "
        + " | ".join(f"p50 / p95 / p99 ms @ {s:,} | req/s @ {s:,}" for s in sizes)
        + f" | p95 {large:,} ÷ {small:,} | p95 ÷ health p95 @ {large:,} |"
    )
    print(header)
    print("|" + "---|" * (2 + 2 * len(sizes) + 1))
    failures = []
    for name in by_size[small]:
        cells = []
        for s in sizes:
            r = by_size[s][name]
            cells.append(
                f"{r['p50_ms']:.1f} / {r['p95_ms']:.1f} / {r['p99_ms']:.1f} | {r['rps']:,.0f}"
            )
        growth = by_size[large][name]["p95_ms"] / by_size[small][name]["p95_ms"]
        vs_health = by_size[large][name]["p95_ms"] / by_size[large]["health check"]["p95_ms"]
        mark_growth = "" if growth <= 1.5 else " ✗"
        mark_health = "" if vs_health <= 10 or name == "health check" else " ✗"
        if mark_growth or mark_health:
            failures.append(name)
        print(
            f"| {name} | " + " | ".join(cells) + f" | {growth:.2f}{mark_growth} | "
            f"{vs_health:.1f}{mark_health} |"
        )
    print(
        f"\nTargets: p95 at {large:,} articles ≤ 1.5 × p95 at {small:,}; each page's p95 ≤ 10 × the "
        f"health check's p95. Missed: {', '.join(failures) if failures else 'none'}."
    )


if __name__ == "__main__":
    main()
