from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from factcheck import services
from factcheck.matching import claimreviews

SUFFIXES = {".json", ".jsonl", ".ndjson", ".jsonld", ".txt", ".gz"}


class Command(BaseCommand):
    help = (
        "Import other fact-checkers' ClaimReview (one object, a JSON list, a DataFeed, JSON Lines, a "
        "Fact Check Tools API answer; .gz too) as outside fact-checks. Idempotent by review URL: a "
        "review imported again is updated. Malformed items are reported with their position and "
        "skipped; the rest imports."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Files or folders of them.")
        parser.add_argument(
            "--publisher", default="", help="Publisher of the reviews that name none."
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, paths, publisher, no_progress, **options):
        files, failures = [], []
        for path in paths:
            if path.is_dir():
                files += sorted(
                    p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                )
            elif path.is_file():
                files.append(path)
            else:
                failures.append(f"{path}: no such file or folder")
        created = updated = 0
        for path in files:
            try:
                text = claimreviews.decode(path.read_bytes())
            except (OSError, claimreviews.Unreadable) as exc:
                failures.append(f"{path}: cannot be read ({exc})")
                continue
            items = list(claimreviews.read_text(text, where=str(path)))
            reviews = sum(1 for i in items if isinstance(i, claimreviews.ReviewRecord))
            with tqdm(
                total=reviews, desc=path.name, unit="review", disable=no_progress or not reviews
            ) as bar:
                report = services.factchecks_import(
                    items=items, source=str(path), publisher=publisher, progress=bar.update
                )
            created += report.created
            updated += report.updated
            failures += [str(p) for p in report.problems]
        self.stdout.write(
            f"{created} fact-check(s) imported, {updated} updated, {len(failures)} problem(s)."
        )
        for failure in failures:
            self.stderr.write(f"  {failure}")
        if failures:
            raise CommandError(f"{len(failures)} item(s) or file(s) were skipped.")
