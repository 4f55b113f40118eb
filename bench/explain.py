"""EXPLAIN ANALYZE the hot queries of the pages, queues, search, exports and API at a large desk size,
and flag any sequential scan of a big table.

    .venv/bin/python bench/explain.py [--database-url postgres://postgres@127.0.0.1:5432/fc_bench_50000]

Run it after `bench/http_load.py` (or `bench/generate_bench_data.py`) has filled that database.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIG_TABLES = (
    "factcheck_article",
    "factcheck_claim",
    "factcheck_rating",
    "factcheck_verdict",
    "factcheck_source",
    "factcheck_comment",
    "factcheck_assignment",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/fc_bench_50000"
    )
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="bench-only",
        PYTHONWARNINGS="ignore",
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from factcheck import search, selectors
    from factcheck.api import exports
    from factcheck.models import Article, Claim, Verdict

    User = get_user_model()
    reviewer = User.objects.get(username="bench-reviewer-00")
    article = Article.objects.order_by("pk")[Article.objects.count() // 2]
    claim = Claim.objects.filter(article=article).order_by("start").first()
    queries = {
        "queue: candidates (editor)": selectors.editor_candidates()[:20],
        "queue: awaiting verdict": selectors.editor_awaiting_verdict()[:20],
        "queue: needs discussion": selectors.editor_disagreements()[:20],
        "queue: recently published": selectors.recent_verdicts()[:20],
        "queue: assigned to me (reviewer)": selectors.reviewer_assigned(reviewer)[:20],
        "queue: still need ratings (reviewer)": selectors.reviewer_needing_ratings(reviewer)[:20],
        "count: candidates, capped": selectors.editor_candidates().order_by()[:1001],
        "article list, newest first": selectors.article_list()[:20],
        "article list, page 2000 (keyset)": selectors.article_list().filter(
            created_at__lt=Article.objects.order_by("-created_at")[40_000].created_at
        )[:20],
        "article search": selectors.article_list(search="hospital beds")[:20],
        "claim search": search.search_claims(Claim.objects.all(), "hospital beds")[:20],
        "workspace: claims of an article": Claim.objects.filter(article=article).order_by("start"),
        "panel: the claim": Claim.objects.filter(pk=claim.pk),
        "public index": selectors.published_verdicts()[:20],
        "public search": selectors.published_verdicts(search="hospital")[:20],
        "API: claims, newest change first": Claim.objects.order_by("-updated_at", "-id")[:25],
        "API: verdicts updated since": Verdict.objects.filter(is_current=True)
        .filter(published_at__gte=Verdict.objects.order_by("published_at")[100_000].published_at)
        .order_by("published_at", "pk")[:25],
    }
    queries["export: rows (first 1,000)"] = exports.export_rows(
        selectors.published_verdicts(dated=True)
    )[:1000]
    flagged = []
    with connection.cursor() as cursor:
        for name, qs in queries.items():
            sql, params = qs.query.sql_with_params()
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF, SUMMARY ON) " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
            total = next((p for p in plan if p.startswith("Execution Time")), "")
            seq = [
                p.strip()
                for p in plan
                if "Seq Scan" in p and any(re.search(rf"\b{t}\b", p) for t in BIG_TABLES)
            ]
            print(f"\n## {name} — {total}")
            print("\n".join("    " + p for p in plan[:14]))
            if seq:
                flagged.append((name, seq))
    print("\nSequential scans of big tables:", "none" if not flagged else "")
    for name, seq in flagged:
        print(f"- {name}: {'; '.join(seq)}")


if __name__ == "__main__":
    main()
