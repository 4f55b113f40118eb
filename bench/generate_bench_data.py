"""Generate a realistic synthetic desk for the benchmarks (deterministic for a given --seed).

    .venv/bin/python bench/generate_bench_data.py --articles 50000 [--seed 1]

Writes into the database that DATABASE_URL names (the settings' default otherwise), which must be
migrated and hold no bench data yet. See bench/bench_desk.py for what it writes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--claims-per-article", type=int, default=21)
    parser.add_argument("--reviewers", type=int, default=20)
    parser.add_argument("--outlets", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2, help="Processes generating text.")
    parser.add_argument("--batch", type=int, default=200, help="Articles per insert batch.")
    parser.add_argument("--extract", action="store_true", help="Use the full extraction pipeline.")
    parser.add_argument("--no-progress", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    # Django is set up here, not at import: the text workers re-import this file when they spawn.
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from bench.bench_desk import BenchDataError, generate_desk

    started = time.perf_counter()
    try:
        totals = generate_desk(
            articles=args.articles,
            seed=args.seed,
            claims_per_article=args.claims_per_article,
            reviewers=args.reviewers,
            outlets=args.outlets,
            workers=args.workers,
            batch=args.batch,
            extract=args.extract,
            progress=not args.no_progress,
        )
    except BenchDataError as exc:
        sys.exit(f"error: {exc}")
    summary = ", ".join(f"{v:,} {k}" for k, v in totals.items())
    print(f"Generated {summary} in {time.perf_counter() - started:,.1f} s.")


if __name__ == "__main__":
    main()
