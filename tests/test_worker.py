"""Workers that die mid-task: their tasks are retried or clearly failed, their import files go back
to the queue, their batches resume where they stopped (factcheck/worker.py)."""

from datetime import timedelta

import pytest
from django.tasks import TaskContext, task
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from factcheck import services, tasks, worker
from factcheck.models import Article, ImportBatch, ImportItem, WorkerHeartbeat

LEASE = 30


@task()
def send_once() -> str:
    """A task that must not run twice (it is not in RETRY_AFTER_WORKER_LOSS)."""
    return "sent"


@pytest.fixture
def queue(db, settings):
    """Tasks go to the database queue, as under `db_worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.FACTCHECK_WORKER_LEASE_SECONDS = LEASE
    settings.FACTCHECK_TASK_MAX_ATTEMPTS = 3


def _later(seconds: float = LEASE + 1):
    return timezone.now() + timedelta(seconds=seconds)


def _running(result, *workers: str) -> DBTaskResult:
    """The task as a worker claimed it (once per worker named: each start of it)."""
    row = DBTaskResult.objects.get(pk=result.id)
    for worker_id in workers:
        row.claim(worker_id)
    return row


def _status(result) -> str:
    return DBTaskResult.objects.get(pk=result.id).status


# --- Tasks ---------------------------------------------------------------------------------------


def test_a_dead_workers_idempotent_task_runs_again(queue):
    result = tasks.recompute_consensus.enqueue(requested_at=timezone.now().isoformat())
    _running(result, "dead")
    sweep = worker.reclaim(now=_later())
    assert sweep.retried == [str(result.id)]
    assert _status(result) == TaskResultStatus.READY


def test_a_dead_workers_other_task_is_marked_failed_with_the_reason(queue):
    result = send_once.enqueue()
    _running(result, "dead")
    worker.reclaim(now=_later())
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED and row.finished_at is not None
    assert row.exception_class_path == "factcheck.worker.WorkerLost"
    assert "running it twice could repeat" in row.traceback
    assert "WorkerLost" in row.task_result.errors[0].traceback


def test_a_task_whose_every_start_killed_its_worker_fails_after_the_last_attempt(queue):
    result = tasks.recompute_consensus.enqueue(requested_at=timezone.now().isoformat())
    _running(result, "w1", "w2", "w3")
    worker.reclaim(now=_later())
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert "started 3 times" in row.traceback


def test_a_live_workers_task_is_left_alone(queue):
    worker.beat("alive", started_at=timezone.now())
    result = send_once.enqueue()
    _running(result, "alive")
    assert worker.reclaim(now=_later(LEASE - 5)).failed == []
    assert _status(result) == TaskResultStatus.RUNNING


def test_a_task_claimed_a_moment_ago_is_left_alone(queue):
    result = send_once.enqueue()
    _running(result, "just-started")
    worker.reclaim()
    assert _status(result) == TaskResultStatus.RUNNING


def test_a_silent_worker_is_dead_once_its_lease_runs_out(queue):
    worker.beat("quiet", started_at=timezone.now())
    assert worker.live_workers() == {"quiet"}
    assert worker.live_workers(_later()) == set()


def test_two_sweeps_at_once_reclaim_a_task_once(queue):
    result = send_once.enqueue()
    row = _running(result, "dead")
    worker.reclaim(now=_later())
    # A second sweeper that read the task as RUNNING before the first one's update changes nothing.
    unchanged = DBTaskResult.objects.filter(
        pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
    )
    assert unchanged.update(status=TaskResultStatus.READY) == 0
    assert _status(result) == TaskResultStatus.FAILED


# --- Import batches ------------------------------------------------------------------------------

FILES = [
    (f"story-{i}.txt", f"Story {i}\n\nThe council spent {i}0 million on roads.".encode())
    for i in range(6)
]


@pytest.fixture
def batch(queue, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.import_batch_create(files=FILES, editor=editor)


def _import_tasks(batch):
    return DBTaskResult.objects.filter(
        task_path=tasks.run_import_batch.module_path, args_kwargs__kwargs__batch_id=batch.pk
    )


def _run(task_row: DBTaskResult, worker_id: str) -> int:
    """Run an import task as worker `worker_id` does: claim it, call it, record its result."""
    task_row.claim(worker_id)
    row = DBTaskResult.objects.get(pk=task_row.pk)
    result = row.task_result
    value = tasks.run_import_batch.call(TaskContext(task_result=result), **result.kwargs)
    row.set_successful(value)
    return value


def test_a_batch_gets_several_runs_so_that_free_workers_share_it(batch, settings):
    assert _import_tasks(batch).count() == min(len(FILES), settings.FACTCHECK_IMPORT_TASKS)


def test_runs_sharing_a_batch_ingest_each_file_once(batch):
    first, second, *_ = _import_tasks(batch)
    assert _run(first, "w1") == len(FILES)
    assert _run(second, "w2") == 0
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.failed) == (ImportBatch.Status.DONE, len(FILES), 0)
    assert Article.objects.count() == len(FILES)
    assert set(ImportItem.objects.values_list("status", flat=True)) == {ImportItem.Status.INGESTED}


def test_a_batch_whose_worker_died_resumes_where_it_stopped(batch, monkeypatch):
    """The issue's case: the worker is killed after some files; the batch must not stay Running."""
    first, *others = _import_tasks(batch)
    DBTaskResult.objects.filter(pk__in=[t.pk for t in others]).delete()
    # The worker ingests three files, claims the fourth, and is killed before recording it.
    calls = {"n": 0}
    real = services.imports.article_ingest

    def dies_on_the_fourth(**kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            real(**kwargs)  # stored, but its outcome never recorded: killed right here
            raise SystemExit("SIGKILL")
        return real(**kwargs)

    monkeypatch.setattr(services.imports, "article_ingest", dies_on_the_fourth)
    first.claim("killed")
    with pytest.raises(SystemExit):
        services.import_batch_run(batch_id=batch.pk, worker_id="killed")
    monkeypatch.setattr(services.imports, "article_ingest", real)
    batch.refresh_from_db()
    assert (batch.status, batch.done) == (ImportBatch.Status.RUNNING, 3)
    assert worker.batch_state(batch, now=_later()).stalled

    sweep = worker.reclaim(now=_later())
    assert sweep.retried == [str(first.pk)] and sweep.files_requeued == 1
    assert _run(DBTaskResult.objects.get(pk=first.pk), "restarted") == 3
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.failed) == (ImportBatch.Status.DONE, len(FILES), 0)
    assert Article.objects.count() == len(FILES)
    # The file stored before the kill counts as ingested by this batch, not as "already on the desk".
    statuses = list(ImportItem.objects.order_by("id").values_list("status", "attempts"))
    assert statuses[3] == (ImportItem.Status.INGESTED, 2)
    assert {s for s, _ in statuses} == {ImportItem.Status.INGESTED}


def test_a_file_that_kills_its_worker_every_time_fails_alone(batch, settings):
    item = ImportItem.objects.order_by("id").first()
    for attempt in range(1, settings.FACTCHECK_TASK_MAX_ATTEMPTS + 1):
        ImportItem.objects.filter(pk=item.pk).update(
            status=ImportItem.Status.PROCESSING,
            claimed_by=f"dead-{attempt}",
            claimed_at=timezone.now(),
            attempts=attempt,
        )
        worker.reclaim(now=_later())
    item.refresh_from_db()
    assert item.status == ImportItem.Status.FAILED
    assert "stopped while ingesting this file, 3 times" in item.error
    batch.refresh_from_db()
    assert (batch.done, batch.failed) == (1, 1)


def test_a_file_held_too_long_by_a_live_worker_is_taken_back(batch, settings):
    settings.FACTCHECK_IMPORT_FILE_TIMEOUT_SECONDS = 60
    worker.beat("stuck", started_at=timezone.now())
    item = ImportItem.objects.order_by("id").first()
    ImportItem.objects.filter(pk=item.pk).update(
        status=ImportItem.Status.PROCESSING,
        claimed_by="stuck",
        claimed_at=timezone.now() - timedelta(seconds=61),
        attempts=1,
    )
    assert worker.reclaim().files_requeued == 1


def test_a_late_outcome_from_a_worker_taken_for_dead_is_not_counted_twice(batch):
    item = ImportItem.objects.order_by("id").first()
    ImportItem.objects.filter(pk=item.pk).update(
        status=ImportItem.Status.PROCESSING, claimed_by="slow", attempts=1
    )
    item.refresh_from_db()
    services.import_file_release(item=item)  # taken for dead meanwhile
    services.imports._finish_file(batch, item, "slow", failed="too late")
    batch.refresh_from_db()
    item.refresh_from_db()
    assert batch.done == 0 and item.status == ImportItem.Status.QUEUED


def test_a_batch_left_without_any_task_gets_a_new_run(batch):
    _import_tasks(batch).delete()  # e.g. the web process died between commit and enqueue
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=_later(-LEASE - 5))
    sweep = worker.reclaim()
    assert sweep.batches_resumed == [batch.pk]
    assert _import_tasks(batch).filter(status=TaskResultStatus.READY).count() == 1
    assert worker.reclaim().batches_resumed == []  # it has one now


def test_two_identical_files_in_a_batch_are_one_article(
    queue, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.import_batch_create(
            files=[FILES[0], ("copy.txt", FILES[0][1])], editor=editor
        )
    _run(_import_tasks(batch).first(), "w1")
    assert list(ImportItem.objects.order_by("id").values_list("status", flat=True)) == [
        ImportItem.Status.INGESTED,
        ImportItem.Status.DUPLICATE,
    ]


# --- What the batch's page says ------------------------------------------------------------------


def test_a_batch_with_no_worker_running_says_so(batch):
    state = worker.batch_state(batch)
    assert state.stalled and "no background worker is running" in state.message


def test_a_queued_batch_with_a_live_worker_is_waiting(batch):
    worker.beat("alive", started_at=timezone.now())
    state = worker.batch_state(batch)
    assert not state.stalled and "Waiting" in state.message


def test_a_finished_batch_has_no_state(batch):
    _run(_import_tasks(batch).first(), "w1")
    batch.refresh_from_db()
    assert worker.batch_state(batch) is None


def test_the_batch_page_shows_a_stalled_import_as_stalled(client, batch, editor):
    item = ImportItem.objects.order_by("id").first()
    ImportItem.objects.filter(pk=item.pk).update(
        status=ImportItem.Status.PROCESSING, claimed_by="killed", attempts=1
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    worker.beat("alive", started_at=timezone.now())
    client.force_login(editor)
    body = client.get(batch.get_absolute_url()).content.decode()
    assert "<strong>Stalled</strong>" in body
    assert "stopped answering" in body and "resumes where it stopped" in body
    assert "Being ingested" in body  # the file it held
    fragment = client.get(batch.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "Stalled" in fragment


def test_heartbeat_rows_are_removed_when_a_worker_stops(queue):
    beat = worker.Heartbeat("leaving")
    worker.beat("leaving", started_at=beat.started_at)
    beat.stop()  # never started: stop() still says goodbye
    assert not WorkerHeartbeat.objects.filter(worker_id="leaving").exists()
