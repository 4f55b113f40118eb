"""Load a `backup_desk` file into an empty, migrated database, in one transaction."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from factcheck import public_cache
from factcheck.models import Article, Claim, RatingScale


class Command(BaseCommand):
    help = "Restore a desk dumped by backup_desk into an empty database (run migrate first)."

    def add_arguments(self, parser):
        parser.add_argument("input", help="File written by backup_desk.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even if the database already holds articles (rows with the same ids are replaced).",
        )

    def handle(self, *args, input: str, force: bool, **options):
        if not Path(input).exists():
            raise CommandError(f"No such file: {input}")
        holds_desk = Article.objects.exists() or get_user_model().objects.exists()
        if holds_desk and not force:
            raise CommandError(
                "This database already holds a desk (articles or users). Restore into an empty "
                "database (createdb, migrate), or pass --force to merge."
            )
        with transaction.atomic():
            if not holds_desk:
                # `migrate` installed the roles and rating scales afresh, perhaps under other ids;
                # the backup's own rows replace them, so that every id stays what it was.
                Group.objects.all().delete()
                RatingScale.objects.all().delete()
            call_command("loaddata", input, verbosity=0)
            # loaddata sends no signal the public cache listens to: drop every cached public read.
            public_cache.changed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Desk restored: {Article.objects.count()} article(s), {Claim.objects.count()} claim(s)."
            )
        )
