"""Write the published-verdict exports from the command line: the same streams as /api/v1/exports/."""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from factcheck import selectors
from factcheck.api import exports
from factcheck.api.filters import DateOrDateTimeField


class Command(BaseCommand):
    help = (
        "Export every published verdict as CSV, JSON Lines or a ClaimReview DataFeed (JSON-LD), "
        "the same files as /api/v1/exports/. Streams: memory stays flat however many verdicts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(exports.FORMATS), required=True, dest="fmt")
        parser.add_argument(
            "--since",
            default="",
            help="Only verdicts published or corrected on or after this ISO date or date-time.",
        )
        parser.add_argument(
            "-o", "--output", default="-", help="File to write (default: standard output)."
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, fmt, since, output, no_progress, **options):
        queryset = selectors.published_verdicts(dated=True)
        if since:
            try:
                since_at = DateOrDateTimeField().clean(since)
            except ValidationError as exc:
                raise CommandError(f"--since: {' '.join(exc.messages)}") from None
            queryset = queryset.filter(published_at__gte=since_at)
        fp = exports.fingerprint(queryset, variant=fmt)
        kwargs = {"last_modified": fp.last_modified} if fmt == "claimreview" else {}
        to_stdout = output == "-"
        try:
            target = sys.stdout.buffer if to_stdout else open(output, "wb")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from None
        bar = tqdm(
            total=fp.count,
            unit="verdict",
            desc=f"Exporting {fmt}",
            disable=no_progress,
            file=sys.stderr,
        )
        try:
            for chunk in exports.stream(fmt, queryset, bar.update, **kwargs):
                target.write(chunk)
        finally:
            bar.close()
            if to_stdout:
                target.flush()
            else:
                target.close()
        if not to_stdout:
            self.stderr.write(f"{fp.count} verdict(s) written to {output}.")
