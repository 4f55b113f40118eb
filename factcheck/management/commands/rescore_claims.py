"""`manage.py rescore_claims`: re-score live claims with the current check-worthiness model.

Also a `django.tasks` task (`rescore_claims_task`), so a deployment can enqueue it after shipping a
new model (`--background`). It lives here, beside the command, until the project's tasks module
gathers it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.tasks import task
from tqdm import tqdm

from factcheck import checkworthiness, services
from factcheck.models import Claim


@task()
def rescore_claims_task(all_claims: bool = False) -> int:
    """Re-score in the background; returns how many claims changed."""
    return services.claims_rescore(claims=_claims(all_claims))


def _claims(all_claims: bool):
    if all_claims:
        return Claim.objects.all()
    return Claim.objects.filter(status__in=[Claim.Status.CANDIDATE, Claim.Status.SELECTED])


class Command(BaseCommand):
    help = (
        "Re-score candidate and selected claims with the current check-worthiness model, recording "
        "its version on each claim (and a history row). Claims already scored by it are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Every claim, published and retired ones too."
        )
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--background", action="store_true", help="Enqueue as a django.tasks task instead."
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, all, batch_size, background, no_progress, **options):
        version = checkworthiness.version()
        if background:
            result = rescore_claims_task.enqueue(all_claims=all)
            self.stdout.write(f"Enqueued re-scoring with {version} (task {result.id}).")
            return
        claims = _claims(all)
        todo = claims.exclude(score_version=version).count()
        with tqdm(
            total=todo, desc="Re-scoring", unit="claim", disable=no_progress or not todo
        ) as bar:
            done = services.claims_rescore(
                claims=claims, batch_size=batch_size, progress=bar.update
            )
        self.stdout.write(f"Re-scored {done} claim{'s' if done != 1 else ''} with {version}.")
