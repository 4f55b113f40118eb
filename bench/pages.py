"""What each desk page costs, in process, against a floor measured in the same run, on PostgreSQL.

    .venv/bin/python bench/pages.py [--articles 5000] [--repeat 40] [--profile "claim panel"]

The desk is `fc_bench_<articles>`, filled by `bench/generate_bench_data.py` (reused when it already
holds that desk; see bench/http_load.py). Each request goes through Django's test client: the whole
middleware stack, the session in the database, the template rendering; no network, no server.

The floor is Django's request cycle for the health check through the test client, plus one query and
a plain template listing 20 claims with their article and outlet: what a page that does nothing but
list 20 rows cannot avoid. Every page's cost is given as a ratio to the floor (median of `--repeat`
rounds, the pages interleaved round by round so that a busy machine slows them all alike), with its
query count. Target: every page at most 5x the floor.

`--profile NAME` runs cProfile over that page's requests and prints the functions that cost most.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.http_load import PG, django_env, ensure_desk  # noqa: E402

TARGET = 5.0

FLOOR_TEMPLATE = """<!doctype html><html lang="en"><head><title>Claims</title></head><body><ul>
{% for claim in claims %}<li><a href="/claims/{{ claim.pk }}/">{{ claim.wording }}</a>
{{ claim.article.title }} ({{ claim.article.outlet.name }}), {{ claim.created_at|date:"j M Y" }}
</li>{% endfor %}</ul></body></html>"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=40, help="rounds (median taken)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--profile", metavar="PAGE", help="cProfile this page")
    parser.add_argument("--profile-lines", type=int, default=35)
    parser.add_argument("--queries", metavar="PAGE", help="print this page's SQL, with times")
    return parser.parse_args()


def setup(size: int) -> None:
    env = django_env(f"{PG}/fc_bench_{size}")
    ensure_desk(size, env)
    os.environ.update(env)
    # As in production: the cache (and the sessions' cache) in Redis, when it runs here.
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    os.environ.setdefault("FACTCHECK_CACHE_PREFIX", f"bench-pages-{size}")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()


def pages_and_floor():
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.template import engines
    from django.test import Client

    from factcheck.models import Article, Claim, Verdict

    User = get_user_model()
    ids = list(
        Article.objects.filter(title__startswith="[bench]")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    article = ids[len(ids) // 2]
    claim = (
        Claim.objects.filter(article_id=article, status="selected").order_by("start").first()
        or Claim.objects.filter(article_id=article).order_by("start").first()
    )
    verdict = Verdict.objects.filter(is_current=True).order_by("pk")[len(ids) // 4]

    def client_for(username: str | None) -> Client:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        return client

    editor, reviewer, anonymous = (
        client_for("bench-editor-0"),
        client_for("bench-reviewer-00"),
        client_for(None),
    )
    pages = {
        "my work (editor)": (editor, "/work/", {}),
        "my work (reviewer)": (reviewer, "/work/", {}),
        "article list": (editor, "/articles/", {}),
        "article workspace": (editor, f"/articles/{article}/", {}),
        "claim panel (htmx)": (editor, f"/claims/{claim.pk}/", {"HTTP_HX_REQUEST": "true"}),
        "public verdict page": (anonymous, verdict.get_absolute_url(), {}),
        "API verdict list": (anonymous, "/api/v1/verdicts/", {}),
    }

    def get(client, path, headers):
        def run():
            response = client.get(path, **headers)
            if response.status_code != 200:
                raise SystemExit(f"{path}: status {response.status_code}")
            return response

        return run

    calls = {name: get(*spec) for name, spec in pages.items()}
    template = engines["django"].from_string(FLOOR_TEMPLATE)
    health = get(anonymous, "/healthz", {})

    def floor():
        health()
        claims = list(Claim.objects.select_related("article__outlet").order_by("-pk")[:20])
        html = template.render({"claims": claims})
        assert html.count("<li>") == 20
        connection.close_if_unusable_or_obsolete()

    return floor, calls


class DatabaseTimer:
    """An execute wrapper adding up the time spent in the database driver (round trips included)."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def count_calls(fn) -> int:
    """Python function calls of one run of `fn` (cProfile): a measure of the work done that a busy
    machine does not change."""
    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    return sum(stat[1] for stat in pstats.Stats(profiler).stats.values())


def count_queries(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def main() -> None:
    args = parse_args()
    setup(args.articles)
    import django
    from django.db import connection

    floor, calls = pages_and_floor()
    if args.queries:
        from django.test.utils import CaptureQueriesContext

        calls[args.queries]()
        with CaptureQueriesContext(connection) as ctx:
            calls[args.queries]()
        for q in ctx.captured_queries:
            print(f"{float(q['time']) * 1000:7.2f} ms  {q['sql'][:400]}")
        return
    if args.profile:
        if args.profile not in calls:
            raise SystemExit(f"--profile: one of {', '.join(calls)}")
        fn = calls[args.profile]
        for _ in range(args.warmup):
            fn()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            fn()
        profiler.disable()
        stats = pstats.Stats(profiler).strip_dirs()
        for key in ("cumulative", "tottime"):
            print(f"--- {args.profile}: {args.repeat} requests, by {key}")
            stats.sort_stats(key).print_stats(args.profile_lines)
        return

    everything = {"floor": floor, **calls}
    for _ in range(args.warmup):
        for fn in everything.values():
            fn()
    queries = {name: count_queries(fn) for name, fn in everything.items()}
    ncalls = {name: count_calls(fn) for name, fn in everything.items()}
    times: dict[str, list[float]] = {name: [] for name in everything}
    in_db: dict[str, list[float]] = {name: [] for name in everything}
    for _ in range(args.repeat):
        for name, fn in everything.items():
            timer = DatabaseTimer()
            with connection.execute_wrapper(timer):
                started = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - started)
            in_db[name].append(timer.seconds)
    median = {name: statistics.median(t) * 1000 for name, t in times.items()}
    db = {name: statistics.median(t) * 1000 for name, t in in_db.items()}
    base = median["floor"]

    print(
        f"Django {django.get_version()}, PostgreSQL {connection.pg_version}, "
        f"{args.articles:,} articles (fc_bench_{args.articles}); median of {args.repeat} rounds; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        "\n| page | median ms | × floor | of which in the database, ms | queries (warm) "
        "| Python calls | calls × floor |\n|---|---|---|---|---|---|---|"
    )
    print(
        f"| floor (health check + 1 query + 20-row template) | {base:.2f} | 1.0 | "
        f"{db['floor']:.2f} | {queries['floor']} | {ncalls['floor']:,} | 1.0 |"
    )
    missed = []
    for name in calls:
        ratio = median[name] / base
        mark = "" if ratio <= TARGET else " ✗"
        if mark:
            missed.append(name)
        print(
            f"| {name} | {median[name]:.2f} | {ratio:.1f}{mark} | {db[name]:.2f} | "
            f"{queries[name]} | {ncalls[name]:,} | {ncalls[name] / ncalls['floor']:.1f} |"
        )
    print(
        f"\nTarget: every page at most {TARGET:.0f}x the floor (median time). Python calls: "
        "one request under cProfile, a measure of the work that load does not change. "
        f"Missed: {', '.join(missed) if missed else 'none'}."
    )


if __name__ == "__main__":
    main()
