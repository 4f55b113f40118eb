"""Dump the whole desk (users, roles, outlets, articles, claims, ratings, sources, comments, verdicts,
rating scales and all history) to one file that `restore_desk` loads into an empty database.

The format is JSON with exact timestamps ("json-exact", factcheck/serializers.py): Django's own JSON
encoder rounds times to milliseconds and its XML loader strips leading spaces from text, and a backup
must give back every value exactly.

Content types and permissions are referred to by natural key, so the dump restores into a database that
`migrate` created independently. For a large PostgreSQL desk, `pg_dump -Fc` is faster; this pair is
portable between SQLite and PostgreSQL.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

# What a desk consists of. Sessions, admin log entries and finished background tasks are not the desk.
DESK_APPS = ["auth.group", "auth.user", "factcheck"]


class Command(BaseCommand):
    help = "Dump the whole desk to an JSON file (restore it with restore_desk)."

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", required=True, help="File to write (.json, or .json.gz to compress)."
        )

    def handle(self, *args, output: str, **options):
        call_command(
            "dumpdata",
            *DESK_APPS,
            format="json-exact",
            natural_foreign=True,
            output=output,
            verbosity=0,
        )
        self.stdout.write(self.style.SUCCESS(f"Desk written to {output}."))
