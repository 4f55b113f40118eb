from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from factcheck import services, uploads
from factcheck.models import Article


class Command(BaseCommand):
    help = (
        f"Ingest article files ({uploads.DESCRIPTION}) and folders of them: extract title, "
        "date and body, split into scored candidate claims. Idempotent: a text already stored is skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", type=Path, help="Files or folders (searched recursively)."
        )
        parser.add_argument(
            "--outlet", default="", help="Outlet name for every article (created if new)."
        )
        parser.add_argument("--url", default="", help="Original URL (only with a single file).")
        parser.add_argument(
            "--language",
            default="",
            help="ISO 639-1 code of every article (e.g. es); detected from each text when omitted.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, paths, outlet, url, language, no_progress, **options):
        if language and not services.language_is_valid(language):
            raise CommandError(f"--language {language!r} is not an ISO 639-1 code (e.g. en, es).")
        files, missing = self._collect(paths)
        if url and len(files) != 1:
            raise CommandError("--url names one article: give exactly one file with it.")
        outlet_obj = services.outlet_get_or_create(name=outlet) if outlet else None
        created = skipped = 0
        failures: list[tuple[Path, str]] = [(p, "no such file or folder") for p in missing]
        limit = settings.FACTCHECK_MAX_ARTICLE_BYTES
        for path in tqdm(files, desc="Ingesting", unit="file", disable=no_progress or not files):
            try:
                if path.stat().st_size > limit:
                    raise ValidationError(
                        f"the file is {path.stat().st_size:,} bytes, over the limit of {limit:,} "
                        "(FACTCHECK_MAX_ARTICLE_BYTES)"
                    )
                result = services.article_ingest(
                    content=path.read_bytes(),
                    filename=path.name,
                    origin=Article.Origin.COMMAND,
                    outlet=outlet_obj,
                    url=url,
                    language=language,
                )
            except (ValidationError, OSError) as exc:
                message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                failures.append((path, message))
                continue
            if result.created:
                created += 1
            else:
                skipped += 1
        self.stdout.write(
            f"{created} article(s) ingested, {skipped} already present, {len(failures)} failed."
        )
        for path, message in failures:
            self.stderr.write(f"  {path}: {message}")
        if failures:
            raise CommandError(f"{len(failures)} of {len(files) + len(missing)} input(s) failed.")

    def _collect(self, paths: list[Path]) -> tuple[list[Path], list[Path]]:
        files: list[Path] = []
        missing: list[Path] = []
        for path in paths:
            if path.is_dir():
                files.extend(
                    sorted(
                        p
                        for p in path.rglob("*")
                        if p.is_file() and uploads.is_article_file(p.name)
                    )
                )
            elif path.is_file():
                files.append(path)
            else:
                missing.append(path)
        return files, missing
