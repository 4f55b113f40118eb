"""Export throughput and memory: each export format against PostgreSQL's own COPY of the same query.

    python bench/exports.py [--database-url postgres://...] [--verdicts 100000]

Uses the PostgreSQL database named by --database-url (or DATABASE_URL; default
postgres://postgres@127.0.0.1:5432/factcheck_bench, created if missing), migrates it, and fills it with
N published verdicts by bulk inserts (claims on articles of 10, one source each) unless it already has
them. Then, in this one process and run:

* rows/s of each format (CSV, JSON Lines, ClaimReview feed), consuming the same streaming generator
  the HTTP endpoints and `export_verdicts` use, best of --repeat runs;
* rows/s of `COPY (the CSV's rows, joined) TO STDOUT (FORMAT csv)` through psycopg, same rows:
  every column the CSV holds, the label and the editor by name (the export itself reads those two
  by id and writes each once per export), so that COPY does the whole join;
* memory: the peak of Python allocations (tracemalloc) and the growth of the process's resident set
  while exporting a tenth of the verdicts and all of them: flat memory means the two are alike.

Prints a table with each format's ratio to COPY. A benchmark, not a test: it prints, it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/factcheck_bench"
FORMATS = ("csv", "jsonl", "claimreview")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_URL)
    parser.add_argument("--verdicts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2, help="Timed runs per format (best kept).")
    return parser.parse_args()


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("The export benchmark compares with PostgreSQL's COPY: give a postgres:// URL.")
    import dj_database_url

    cfg = dj_database_url.parse(url)
    admin = psycopg.connect(
        host=cfg["HOST"] or None,
        port=cfg["PORT"] or None,
        user=cfg["USER"] or None,
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]
        ).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))
            print(f"created database {cfg['NAME']}")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
    os.environ["DJANGO_DEBUG"] = "0"  # no query log growing in memory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault(
        "FACTCHECK_TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(n: int) -> None:
    """Bulk-insert published verdicts until there are `n` (articles of 10 claims, one source each)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from factcheck.claimreview import text_language
    from factcheck.models import Article, Claim, Outlet, RatingScale, Source, Verdict

    fill_languages()
    have = Verdict.objects.filter(is_current=True).count()
    if have >= n:
        print(f"{have:,} published verdicts already there")
        return
    started = time.perf_counter()
    editor, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"first_name": "Bench", "last_name": "Editor"}
    )
    outlets = [Outlet.objects.get_or_create(name=f"Bench Outlet {i}")[0] for i in range(50)]
    scale = RatingScale.default()
    labels = list(scale.labels.order_by("position"))
    now = timezone.now()
    batch_articles = 500  # 5,000 claims per round trip
    todo = n - have
    start_no = Article.objects.count()
    made = 0
    while made < todo:
        with transaction.atomic():
            articles = []
            for a in range(min(batch_articles, (todo - made + 9) // 10)):
                no = start_no + made // 10 + a
                # Ten sentences of exactly 99 characters and a space: claim k is text[100k:100k+99].
                segments = [
                    f"Article {no} sentence {k}: officials said exports rose by {k + 3} percent "
                    f"in 20{k + 10}, a figure the opposition disputes"[:98].ljust(98, "-")
                    + ". "
                    for k in range(10)
                ]
                text = "".join(segments)[:-1]
                articles.append(
                    Article(
                        title=f"Bench article {no}",
                        outlet=outlets[no % len(outlets)],
                        url=f"https://news.example/{no}",
                        published=(now - timezone.timedelta(days=no % 900)).date(),
                        text=text,
                        text_hash=f"{no:064d}",
                        origin=Article.Origin.COMMAND,
                        status=Article.Status.DONE,
                    )
                )
            Article.objects.bulk_create(articles)
            claims = []
            for article in articles:
                for k in range(10):
                    if made + len(claims) >= todo:
                        break
                    start, end = 100 * k, 100 * k + 99
                    quote = article.text[start:end]
                    claims.append(
                        Claim(
                            article=article,
                            article_created_at=article.created_at,
                            start=start,
                            end=end,
                            quote=quote,
                            prefix=article.text[max(0, start - 32) : start],
                            suffix=article.text[end : end + 32],
                            wording=quote,
                            claimant=f"Minister {k}",
                            score=0.5,
                            status=Claim.Status.PUBLISHED,
                            rating_scale=scale,
                            language=article.language,  # as the services copy it
                        )
                    )
            Claim.objects.bulk_create(claims)
            sources = Source.objects.bulk_create(
                Source(
                    claim=c,
                    url=f"https://stats.example/table/{c.pk}",
                    title="Official statistics",
                    stance=Source.Stance.REFUTES,
                    added_by=editor,
                )
                for c in claims
            )
            base = made
            explanation = (
                "The statistics office's yearly table shows a different figure; the claim "
                "rounds up a provisional estimate that was later revised downwards. "
            ) * 3
            verdicts = []
            for i, c in enumerate(claims):
                summary = f"The figure for claim {c.pk} is not supported by the statistics office."
                verdicts.append(
                    Verdict(
                        claim=c,
                        revision=1,
                        is_current=True,
                        label=labels[(base + i) % len(labels)],
                        summary=summary,
                        explanation=explanation,
                        # Detected when published, as the services do (verdict_publish).
                        language=text_language(summary, explanation),
                        editor=editor,
                        published_at=now - timezone.timedelta(seconds=todo - base - i),
                    )
                )
            Verdict.objects.bulk_create(verdicts)
            Verdict.sources.through.objects.bulk_create(
                Verdict.sources.through(verdict_id=v.pk, source_id=s.pk)
                for v, s in zip(verdicts, sources, strict=True)
            )
            made += len(claims)
        print(f"\r  inserted {made:,}/{todo:,} verdicts", end="", flush=True)
    elapsed = time.perf_counter() - started
    print(f"\n{todo:,} published verdicts inserted in {elapsed:.1f} s")


def fill_languages() -> None:
    """Give claims and verdicts the languages the services give them: databases filled by earlier
    versions of this script left them blank, which made every ClaimReview detect its language again
    (rows published through the services, or migrated by 0018, always have one)."""
    from django.db.models import OuterRef, Subquery

    from factcheck.claimreview import text_language
    from factcheck.models import Article, Claim, Verdict

    Claim.objects.filter(language="").update(
        language=Subquery(Article.objects.filter(pk=OuterRef("article_id")).values("language")[:1])
    )
    blank = Verdict.objects.filter(language="").only("pk", "summary", "explanation")
    batch = []
    for verdict in blank.iterator(chunk_size=1000):
        verdict.language = text_language(verdict.summary, verdict.explanation)
        batch.append(verdict)
        if len(batch) == 1000:
            Verdict.objects.bulk_update(batch, ["language"])
            batch = []
    Verdict.objects.bulk_update(batch, ["language"])


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def consume(fmt: str, queryset, *, sample_rss: bool = False) -> tuple[int, int]:
    """Stream one export to nowhere; (bytes, peak RSS growth in bytes)."""
    from factcheck.api import exports

    size = 0
    base = peak = rss_bytes()
    for i, chunk in enumerate(exports.stream(fmt, queryset)):
        size += len(chunk)
        if sample_rss and i % 16 == 0:
            peak = max(peak, rss_bytes())
    return size, peak - base


# The CSV's rows with everything joined in: what COPY is timed on.
JOINED_VALUES = (
    "id",
    "claim_id",
    "claim__wording",
    "claim_reviewed",
    "claim__quote",
    "claim__claimant",
    "claim__article_id",
    "claim__article__title",
    "claim__article__url",
    "claim__article__outlet__name",
    "claim__article__published",
    "label__name",
    "label__slug",
    "label__value",
    "claim__rating_scale_id",
    "summary",
    "explanation",
    "correction_note",
    "source_urls",
    "editor__username",
    "editor__first_name",
    "editor__last_name",
    "revision",
    "first_published_at",
    "published_at",
)


def copy_rows(queryset) -> tuple[int, int]:
    """COPY (the CSV's rows, joined) TO STDOUT: (rows, bytes)."""
    from django.db import connection
    from psycopg import ClientCursor

    from factcheck.api import exports

    joined = (
        queryset.annotate(source_urls=exports.source_urls_subquery())
        .order_by("published_at", "id")
        .values_list(*JOINED_VALUES)
    )
    sql, params = joined.query.sql_with_params()
    connection.ensure_connection()
    raw = connection.connection
    with ClientCursor(raw) as cursor:
        literal = cursor.mogrify(sql, params)
        rows = size = 0
        with cursor.copy(f"COPY ({literal}) TO STDOUT (FORMAT csv)") as copy:
            for data in copy:
                size += len(data)
        rows = cursor.rowcount
    return rows, size


def best_time(fn, repeat: int):
    best, result = None, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def main() -> None:
    args = parse_args()
    ensure_database(args.database_url)
    setup_django(args.database_url)
    generate(args.verdicts)

    import django
    from django.db import connection

    from factcheck import selectors

    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE"
        )  # fresh planner statistics, as autovacuum keeps them in production
    everything = selectors.published_verdicts(dated=True)
    n = everything.count()
    tenth_cutoff = everything.order_by("-published_at").values_list("published_at", flat=True)[
        max(n // 10 - 1, 0)
    ]
    tenth = everything.filter(published_at__gte=tenth_cutoff)
    n_tenth = tenth.count()

    print(
        f"\nPython {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {connection.cursor().connection.info.server_version}, "
        f"{os.cpu_count()} CPUs; {n:,} published verdicts; best of {args.repeat}"
    )

    copy_time, (copy_n, copy_bytes) = best_time(lambda: copy_rows(everything), args.repeat)
    copy_rate = copy_n / copy_time
    rows = []
    for fmt in FORMATS:
        elapsed, (size, _) = best_time(lambda fmt=fmt: consume(fmt, everything), args.repeat)
        memory = {}
        for label, qs, count in (("tenth", tenth, n_tenth), ("all", everything, n)):
            _, rss_growth = consume(fmt, qs, sample_rss=True)
            tracemalloc.start()
            consume(fmt, qs)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            memory[label] = (count, peak, rss_growth)
        rows.append((fmt, n / elapsed, size, elapsed, memory))

    mb = 1024 * 1024
    print()
    print(
        f"{'format':<22}{'rows/s':>12}{'vs COPY':>9}{'MB':>9}{'seconds':>9}"
        f"{'py peak 10%':>13}{'py peak 100%':>14}{'RSS +10%':>10}{'RSS +100%':>11}"
    )
    print(
        f"{'COPY ... TO STDOUT csv':<22}{copy_rate:>12,.0f}{'1.00':>9}{copy_bytes / mb:>9.1f}"
        f"{copy_time:>9.2f}{'':>13}{'':>14}{'':>10}{'':>11}"
    )
    for fmt, rate, size, elapsed, memory in rows:
        t_peak, a_peak = memory["tenth"][1] / mb, memory["all"][1] / mb
        t_rss, a_rss = memory["tenth"][2] / mb, memory["all"][2] / mb
        print(
            f"{fmt:<22}{rate:>12,.0f}{rate / copy_rate:>9.2f}{size / mb:>9.1f}{elapsed:>9.2f}"
            f"{t_peak:>12.1f}M{a_peak:>13.1f}M{t_rss:>9.1f}M{a_rss:>10.1f}M"
        )
    print(
        f"\nMemory columns: exporting {n_tenth:,} and then {n:,} verdicts; 'py peak' is the "
        "tracemalloc peak of Python allocations, 'RSS +' the growth of the resident set."
    )
    csv_ratio = rows[0][1] / copy_rate
    verdict = "meets" if csv_ratio >= 0.5 else "misses"
    print(f"CSV runs at {csv_ratio:.2f}x COPY's throughput: {verdict} the target of 0.5x.")

    # The command itself, as an operator runs it: `manage.py export_verdicts --format F -o FILE`,
    # progress bar included (to a discarded stderr). In process (call_command: everything the command
    # does, Django's start-up excepted), and as a whole process with the interpreter's and Django's
    # start-up (bench/startup.py), COPY being timed again beside each.
    print(
        f"\nmanage.py export_verdicts on {n:,} verdicts, best of {args.repeat}, each beside a COPY "
        "of the same rows timed in the same round:"
    )
    print(f"{'format':<14}{'in process s':>14}{'vs COPY':>9}{'whole process s':>17}{'vs COPY':>9}")
    targets = {"csv": 0.5, "jsonl": 0.5, "claimreview": 0.25}
    missed = []
    for fmt in FORMATS:
        inproc, whole = [], []
        for _ in range(args.repeat):
            copy_s, _ = best_time(lambda: copy_rows(everything), 1)
            inproc.append((run_command(fmt), copy_s))
            copy_s, _ = best_time(lambda: copy_rows(everything), 1)
            whole.append((run_command_process(fmt, args.database_url), copy_s))
        (cmd_s, copy_a), (proc_s, copy_b) = min(inproc), min(whole)
        ratio_in, ratio_proc = copy_a / cmd_s, copy_b / proc_s
        if ratio_in < targets[fmt]:
            missed.append(fmt)
        print(
            f"{fmt:<14}{cmd_s:>14.2f}{ratio_in:>9.2f}{proc_s:>17.2f}{ratio_proc:>9.2f}"
            f"   (target {targets[fmt]}x in process)"
        )
    print(f"Command targets missed (in process): {', '.join(missed) if missed else 'none'}.")


def run_command(fmt: str) -> float:
    """Seconds for `export_verdicts --format fmt -o FILE` through call_command."""
    import contextlib
    import tempfile

    from django.core.management import call_command

    with (
        tempfile.TemporaryDirectory() as tmp,
        open(os.devnull, "w") as devnull,
        contextlib.redirect_stderr(devnull),
    ):
        started = time.perf_counter()
        call_command("export_verdicts", fmt=fmt, output=f"{tmp}/out", stderr=devnull)
        return time.perf_counter() - started


def run_command_process(fmt: str, database_url: str) -> float:
    """Seconds for `python manage.py export_verdicts --format fmt -o FILE` as a new process."""
    import subprocess
    import tempfile

    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONWARNINGS": "ignore"}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "export_verdicts", "--format", fmt, "-o", f"{tmp}/out"],
            cwd=REPO,
            env=env,
            check=True,
            stderr=subprocess.DEVNULL,
        )
        return time.perf_counter() - started


if __name__ == "__main__":
    main()
