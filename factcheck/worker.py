"""Background workers that may die: heartbeats, and reclaiming what a dead worker held.

django-tasks-db already gives each task to one worker (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL,
an exclusive transaction on SQLite) and records the worker's id on it; what it does not do is notice
a worker that died mid-task (SIGKILL, out of memory, a lost machine): its task stays RUNNING for good.
So every worker (factcheck's `db_worker` command) keeps a heartbeat row from a thread of its own, and
that thread also sweeps, in every worker, for what dead workers left behind:

- a RUNNING task whose worker is dead is retried (READY again) if running it twice is harmless
  (`tasks.RETRY_AFTER_WORKER_LOSS`) and it has started fewer than FACTCHECK_TASK_MAX_ATTEMPTS times;
  otherwise it is marked FAILED with `WorkerLost` and the reason, never left running;
- an import file claimed by a dead worker (or claimed for longer than
  FACTCHECK_IMPORT_FILE_TIMEOUT_SECONDS) goes back to its batch's queue, or fails after as many starts;
- an unfinished import batch with queued files and no task left to run them gets a new run, which
  resumes where the last one stopped.

Several workers may sweep at once: every change is a conditional update, so only one applies it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from factcheck import services, tasks
from factcheck.models import ImportBatch, ImportItem, WorkerHeartbeat

logger = logging.getLogger("factcheck.worker")


class WorkerLost(Exception):
    """Recorded on a task whose worker died while running it, when the task is not run again."""


# --- Heartbeats ----------------------------------------------------------------------------------


def beat(worker_id: str, *, started_at: datetime) -> None:
    """Say this worker is alive now."""
    now = timezone.now()
    seen = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(heartbeat_at=now)
    if not seen:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": started_at,
                "heartbeat_at": now,
            },
        )


def live_workers(now: datetime | None = None) -> set[str]:
    since = (now or timezone.now()) - timedelta(seconds=settings.FACTCHECK_WORKER_LEASE_SECONDS)
    return set(
        WorkerHeartbeat.objects.filter(heartbeat_at__gte=since).values_list("worker_id", flat=True)
    )


class Heartbeat(threading.Thread):
    """Beats (and sweeps) every FACTCHECK_WORKER_HEARTBEAT_SECONDS while the worker runs tasks.

    A thread, so that a long task does not silence the worker; it has its own database connection.
    """

    def __init__(self, worker_id: str):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self._stopping = threading.Event()

    def run(self) -> None:
        try:
            while True:
                try:
                    beat(self.worker_id, started_at=self.started_at)
                    reclaim()
                except Exception:
                    # A database outage must not kill the thread: the next beat tries again.
                    logger.exception("Heartbeat of worker %s failed", self.worker_id)
                connection.close_if_unusable_or_obsolete()
                if self._stopping.wait(settings.FACTCHECK_WORKER_HEARTBEAT_SECONDS):
                    return
        finally:
            connection.close()

    def stop(self) -> None:
        self._stopping.set()
        if self.is_alive():
            self.join(timeout=10)
        # A worker that leaves in good order is gone at once, not after the lease.
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()


# --- Reclaiming ----------------------------------------------------------------------------------


@dataclass
class Sweep:
    """What one sweep did (for logs and tests)."""

    retried: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    files_requeued: int = 0
    files_failed: int = 0
    batches_resumed: list[int] = field(default_factory=list)


def reclaim(*, now: datetime | None = None) -> Sweep:
    """Reclaim what dead workers held: tasks, import files, batches left without a run."""
    now = now or timezone.now()
    live = live_workers(now)
    sweep = Sweep()
    _reclaim_tasks(live, now, sweep)
    _reclaim_files(live, now, sweep)
    _resume_batches(now, sweep)
    if sweep.retried or sweep.failed or sweep.files_requeued or sweep.files_failed:
        logger.warning("Reclaimed from dead workers: %s", sweep)
    # Rows of workers long gone, once nothing of theirs is left to reclaim.
    WorkerHeartbeat.objects.filter(heartbeat_at__lt=now - timedelta(days=1)).delete()
    return sweep


def _reclaim_tasks(live: set[str], now: datetime, sweep: Sweep) -> None:
    lease = timedelta(seconds=settings.FACTCHECK_WORKER_LEASE_SECONDS)
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
        "id", "task_path", "worker_ids", "started_at"
    )
    for task in running:
        owner = task.worker_ids[-1] if task.worker_ids else ""
        # A task claimed moments ago may belong to a worker whose first beat is on its way.
        if owner in live or (task.started_at and task.started_at > now - lease):
            continue
        attempts = len(task.worker_ids)
        unchanged = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        retry = (
            task.task_path in tasks.RETRY_AFTER_WORKER_LOSS
            and attempts < settings.FACTCHECK_TASK_MAX_ATTEMPTS
        )
        if retry:
            if unchanged.update(status=TaskResultStatus.READY):
                sweep.retried.append(str(task.pk))
            continue
        reason = (
            f"Its worker {owner or '(unknown)'} stopped answering while running it "
            f"(started {attempts} time{'s' if attempts != 1 else ''}); "
            + (
                "not started again: each start ended the same way."
                if task.task_path in tasks.RETRY_AFTER_WORKER_LOSS
                else "not started again: running it twice could repeat what it did."
            )
        )
        if unchanged.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            return_value=None,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"{WorkerLost.__qualname__}: {reason}\n",
        ):
            sweep.failed.append(str(task.pk))


def _reclaim_files(live: set[str], now: datetime, sweep: Sweep) -> None:
    timeout = timedelta(seconds=settings.FACTCHECK_IMPORT_FILE_TIMEOUT_SECONDS)
    for item in ImportItem.objects.filter(status=ImportItem.Status.PROCESSING).only(
        "id", "batch_id", "claimed_by", "claimed_at", "attempts"
    ):
        if item.claimed_by in live and item.claimed_at and item.claimed_at > now - timeout:
            continue
        outcome = services.import_file_release(item=item)
        if outcome == ImportItem.Status.QUEUED:
            sweep.files_requeued += 1
        elif outcome == ImportItem.Status.FAILED:
            sweep.files_failed += 1


def _resume_batches(now: datetime, sweep: Sweep) -> None:
    # A batch is enqueued when its transaction commits: give that a moment before calling it lost.
    settled = now - timedelta(seconds=settings.FACTCHECK_WORKER_LEASE_SECONDS)
    waiting = (
        ImportBatch.objects.exclude(status=ImportBatch.Status.DONE)
        .filter(created_at__lt=settled, items__status=ImportItem.Status.QUEUED)
        .distinct()
        .values_list("pk", flat=True)
    )
    for batch_id in waiting:
        active = DBTaskResult.objects.filter(
            task_path=tasks.run_import_batch.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
            args_kwargs__kwargs__batch_id=batch_id,
        )
        if not active.exists():
            services.import_batch_enqueue(batch_id=batch_id)
            sweep.batches_resumed.append(batch_id)


# --- What a batch's page says ---------------------------------------------------------------------


@dataclass(frozen=True)
class BatchState:
    """How an unfinished import is doing, for the person waiting on its page: what is happening,
    and (the page's part, by `kind`) what to do about it."""

    NO_WORKER = "no_worker"  # stalled: nothing will move until a worker runs
    WORKER_LOST = "worker_lost"  # stalled: a worker died holding a file; another takes it over
    WAITING = "waiting"  # queued: no worker has taken a file yet
    RUNNING = "running"

    kind: str
    message: str

    @property
    def stalled(self) -> bool:
        return self.kind in (self.NO_WORKER, self.WORKER_LOST)


def batch_state(batch: ImportBatch, *, now: datetime | None = None) -> BatchState | None:
    """None for a finished batch; else whether it is moving, waiting, or stalled, and why."""
    if batch.status == ImportBatch.Status.DONE:
        return None
    now = now or timezone.now()
    live = live_workers(now)
    holders = set(
        ImportItem.objects.filter(batch=batch, status=ImportItem.Status.PROCESSING).values_list(
            "claimed_by", flat=True
        )
    )
    left = batch.total - batch.done
    last = batch.progress_at or batch.started_at
    at = f"{timezone.localtime(last):%H:%M:%S}" if last else ""
    if not live:
        stopped = (
            gettext(
                "Stalled: no background worker is running; nothing has been ingested since %(at)s."
            )
            % {"at": at}
            if at
            else gettext("Stalled: no background worker is running, so nothing is being ingested.")
        )
        kept = ngettext(
            "Nothing is lost: the file left is kept, and the import resumes where it stopped as "
            "soon as a worker runs.",
            "Nothing is lost: the %(left)d files left are kept, and the import resumes where it "
            "stopped as soon as a worker runs.",
            left,
        ) % {"left": left}
        return BatchState(BatchState.NO_WORKER, f"{stopped} {kept}")
    if holders - live:
        stopped = (
            gettext(
                "Stalled: the worker ingesting this import stopped answering (the last file was "
                "recorded at %(at)s)."
            )
            % {"at": at}
            if at
            else gettext("Stalled: the worker ingesting this import stopped answering.")
        )
        kept = ngettext(
            "Nothing is lost: the file left is kept, and the import resumes where it stopped "
            "once another worker takes it back.",
            "Nothing is lost: the %(left)d files left are kept, and the import resumes where it "
            "stopped once another worker takes its file back.",
            left,
        ) % {"left": left}
        return BatchState(BatchState.WORKER_LOST, f"{stopped} {kept}")
    if not holders:
        n = len(live)
        return BatchState(
            BatchState.WAITING,
            ngettext(
                "Waiting for a background worker to take it (%(n)d running).",
                "Waiting for a background worker to take it (%(n)d running).",
                n,
            )
            % {"n": n},
        )
    n = len(holders)
    return BatchState(
        BatchState.RUNNING,
        ngettext("Being ingested by %(n)d worker.", "Being ingested by %(n)d workers.", n)
        % {"n": n},
    )
