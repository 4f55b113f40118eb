from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from factcheck import services, tasks


class Command(BaseCommand):
    help = (
        "Fetch and import the ClaimReview feeds of FACTCHECK_FEED_URLS now; with --schedule, also "
        "start the background re-import every FACTCHECK_FEED_INTERVAL_MINUTES (run it once after "
        "deploying; each run schedules the next)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule", action="store_true", help="Start the periodic re-import in the worker."
        )
        parser.add_argument(
            "--no-import", action="store_true", help="Only schedule; do not import now."
        )

    def handle(self, *args, schedule, no_import, **options):
        if not settings.FACTCHECK_FEED_URLS:
            raise CommandError("No feed is configured: set FACTCHECK_FEED_URLS.")
        failed = 0
        if not no_import:
            for url, report in services.feeds_import().items():
                self.stdout.write(
                    f"{url}: {report.created} imported, {report.updated} updated, "
                    f"{len(report.problems)} problem(s)."
                )
                for problem in report.problems:
                    self.stderr.write(f"  {problem}")
                failed += bool(report.problems)
        if schedule:
            when = tasks.schedule_feeds()
            self.stdout.write(
                f"Next re-import scheduled for {when:%Y-%m-%d %H:%M} UTC."
                if when
                else "The next re-import was already scheduled (or the task backend cannot defer)."
            )
        if failed:
            raise CommandError(f"{failed} feed(s) had problems.")
