"""Ingestion through the whole pipeline into PostgreSQL (extraction, scoring, anchored claims, history
rows), beside the bare segmenter on the same texts.

    .venv/bin/python bench/ingest_db.py [--articles 300] [--database-url postgres://...]

Uses a scratch database `fc_bench_ingest` (dropped and re-created).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/fc_bench_ingest"
    )
    args = parser.parse_args()
    name = args.database_url.rsplit("/", 1)[1]
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    os.environ.update(
        DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="bench-only",
        PYTHONWARNINGS="ignore",
    )
    import django

    django.setup()
    from django.core.management import call_command

    from bench.benchdata import generate_article
    from factcheck import extraction, services

    call_command("migrate", verbosity=0)
    texts = []
    for i in range(args.articles):
        g = generate_article((11, i, 21, False))
        texts.append(f"{g.title}\n\n{g.text}")
    sentences = 0
    started = time.perf_counter()
    for text in texts:
        for paragraph in text.split("\n\n"):
            sentences += len(extraction.split_sentences(paragraph))
    bare = time.perf_counter() - started
    started = time.perf_counter()
    claims = 0
    for text in texts:
        claims += services.article_ingest(content=text).article.claims.count()
    full = time.perf_counter() - started
    n = len(texts)
    print(f"articles: {n}, sentences: {sentences:,}, claims stored: {claims:,}")
    print(f"bare segmenter (split_sentences): {n / bare:8.1f} articles/s")
    print(
        f"whole pipeline into PostgreSQL:   {n / full:8.1f} articles/s "
        f"({full / n * 1000:.1f} ms per article)"
    )
    print(f"ratio pipeline / segmenter:       {bare / full:8.2f}")


if __name__ == "__main__":
    main()
