"""Background work through `django.tasks`.

`recompute_consensus` runs after every rating (enqueued on commit by `services.rating_submit`) and
recomputes the whole desk's consensus: proposals per claim, reviewer reliability, Krippendorff's alpha.
Whole-desk is cheap enough (bench/consensus.py: 100,000 ratings in a few seconds) and keeps every
figure consistent with every other; a burst of ratings costs one recompute, not one each, because a
run skips itself when a later one has already read the ratings it was enqueued for.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

from django.tasks import TaskContext, task
from django.utils import timezone

from factcheck import consensus, locks
from factcheck.models import DeskSnapshot


def enqueue_recompute() -> None:
    """Ask for a recompute of everything committed so far (call it from `transaction.on_commit`)."""
    recompute_consensus.enqueue(requested_at=timezone.now().isoformat())


# Two workers never recompute the same desk at once (the second would only burn a core to write the
# same figures): the run holds this lock, which a worker's death releases (factcheck.locks).
CONSENSUS_LOCK = "consensus:desk:1"
# How long a recompute that found the lock taken waits before it tries again.
CONSENSUS_RETRY_SECONDS = 2


@task()
def recompute_consensus(requested_at: str | None = None) -> dict:
    """Recompute the desk's consensus unless a run that began after `requested_at` already did.

    If another worker is recomputing right now, its run may have read the ratings before the one
    this request was made for: try again shortly, when the check above decides."""
    requested = datetime.fromisoformat(requested_at) if requested_at is not None else None
    with locks.exclusive(CONSENSUS_LOCK) as held:
        if not held:
            return _retry_recompute_later(requested_at)
        if (
            requested is not None
            and DeskSnapshot.objects.filter(pk=1, started_at__gt=requested).exists()
        ):
            return {"skipped": True}
        snapshot = recompute_desk()
    return {"skipped": False, "alpha": snapshot.alpha, "duration_ms": snapshot.duration_ms}


def _retry_recompute_later(requested_at: str | None) -> dict:
    # A backend that cannot defer runs tasks in the caller (tests): there is no other worker to
    # wait for, and enqueueing here would only recurse.
    if recompute_consensus.get_backend().supports_defer:
        recompute_consensus.using(
            run_after=timezone.now() + timedelta(seconds=CONSENSUS_RETRY_SECONDS)
        ).enqueue(requested_at=requested_at or timezone.now().isoformat())
    return {"skipped": True, "busy": True}


def recompute_desk() -> DeskSnapshot:
    """Read every rating, compute the desk's consensus, store it; returns the new snapshot."""
    from factcheck import services  # the services enqueue these tasks: imported when run

    started_at = timezone.now()
    clock = time.perf_counter()
    ratings, labels, claims = consensus.desk_inputs()
    result = consensus.compute_desk(ratings, labels, claims)
    duration_ms = int((time.perf_counter() - clock) * 1000)
    return services.consensus_store(result, started_at=started_at, duration_ms=duration_ms)


@task()
def suggest_claim_matches(claim_ids: list[int]) -> int:
    """Suggest earlier fact-checks for these claims (services.claim_matches_suggest), those still
    open. Run by a worker, not in the request that made the claims: the first search after a verdict
    was published rebuilds the desk's corpus, linear in its size (seconds to minutes at a large
    desk). Returns how many suggestions were stored."""
    from factcheck import services
    from factcheck.models import Claim

    claims = list(
        Claim.objects.filter(pk__in=claim_ids, status__in=Claim.OPEN)
        .select_related("article")
        .order_by("pk")
    )
    return services.claim_matches_suggest(claims=claims)


@task(takes_context=True)
def run_import_batch(context: TaskContext, batch_id: int) -> int:
    """Ingest queued files of a batch until none is left (services.import_batch_run); several of
    these share one batch, one per free worker. Returns how many files this run processed."""
    from factcheck import services

    worker_ids = context.task_result.worker_ids
    return services.import_batch_run(
        batch_id=batch_id, worker_id=worker_ids[-1] if worker_ids else ""
    )


# Tasks that may simply run again when the worker running them died (factcheck.worker reclaims them):
# a second run gives the result of one. A dead worker's other tasks are marked failed, with the reason.
RETRY_AFTER_WORKER_LOSS = frozenset(
    {
        recompute_consensus.module_path,
        # Resumes where the dead run stopped: processed files are not queued any more.
        run_import_batch.module_path,
        # Claims already scored by the current model are skipped.
        "factcheck.management.commands.rescore_claims.rescore_claims_task",
        # Finds nothing left to send, or what the dead run had not taken yet.
        "factcheck.tasks.send_notification_emails",
        # Schedules nothing twice, and sends only the digests still due that day.
        "factcheck.tasks.send_daily_digests",
        # Imports again (idempotent by review URL); the next run's slot is claimed once.
        "factcheck.tasks.import_feeds",
    }
)


@task()
def send_notification_emails(user_id: int) -> int:
    """Email a person the notifications they have not read or been emailed yet, in one message,
    if they want each one by email (enqueued when a notifying transaction commits)."""
    from factcheck.services import notifications

    return notifications.email_pending(user_id=user_id)


@task()
def send_daily_digests(day: str) -> int:
    """The daily digest of `day` (ISO date); schedules the next day's run (see
    services.notifications.digest_run for why duplicates are harmless)."""
    from factcheck.services import notifications

    return notifications.digest_run(day=date.fromisoformat(day))


# --- Other fact-checkers' feeds, re-imported on a schedule ----------------------------------------

FEED_SLOT_KEY = "factcheck:feeds:slot:{}"


@task()
def import_feeds(slot: int | None = None) -> dict:
    """Re-import every feed of `settings.FACTCHECK_FEED_URLS`, then schedule the next run.

    There is no cron: each run enqueues the next one (`schedule_feeds`), and `manage.py import_feeds
    --schedule` starts the chain.
    """
    from factcheck import services

    reports = services.feeds_import()
    schedule_feeds()
    return {
        url: {"created": r.created, "updated": r.updated, "skipped": len(r.problems)}
        for url, r in reports.items()
    }


def schedule_feeds(now: datetime | None = None) -> datetime | None:
    """Enqueue the next feed import at the next multiple of FACTCHECK_FEED_INTERVAL_MINUTES.

    Returns when it will run, or None when no feed is configured, the task backend cannot defer, or
    another worker (or an earlier call) already scheduled that slot: the slot is claimed with an
    atomic `cache.add` in the shared cache, so two workers never double the schedule.
    """
    from django.conf import settings
    from django.core.cache import cache

    if not settings.FACTCHECK_FEED_URLS or not import_feeds.get_backend().supports_defer:
        return None
    interval = max(1, settings.FACTCHECK_FEED_INTERVAL_MINUTES) * 60
    now = now or timezone.now()
    slot = int(now.timestamp() // interval) + 1
    if not cache.add(FEED_SLOT_KEY.format(slot), True, timeout=2 * interval):
        return None
    run_after = datetime.fromtimestamp(slot * interval, tz=UTC)
    import_feeds.using(run_after=run_after).enqueue(slot=slot)
    return run_after
