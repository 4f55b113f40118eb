"""A batch import that is stuck says so on its page, and says what to do.

- no worker running: stalled, nothing lost, and how to start one;
- its worker died and was not reclaimed yet: stalled, nothing lost, nothing to do;
- a file whose worker died on every start, or whose ingestion raised something unexpected, fails
  alone (the rest of the batch goes on), keeps its bytes, and an editor can try it again.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.tasks import TaskContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from factcheck import services, tasks, worker
from factcheck.models import Article, ImportBatch, ImportItem

LEASE = 30
FILES = [
    (f"story-{i}.txt", f"Story {i}\n\nThe council spent {i}0 million on roads in 2024.".encode())
    for i in range(4)
]


@pytest.fixture
def queue(db, settings):
    """Tasks go to the database queue, as under `db_worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.FACTCHECK_WORKER_LEASE_SECONDS = LEASE
    settings.FACTCHECK_TASK_MAX_ATTEMPTS = 3


@pytest.fixture
def batch(queue, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.import_batch_create(files=FILES, editor=editor)


def run_queued_imports(worker_id: str = "w1") -> int:
    """Run every queued import task as a worker would: claim it, call it, record its result."""
    processed = 0
    for row in DBTaskResult.objects.filter(
        task_path=tasks.run_import_batch.module_path, status=TaskResultStatus.READY
    ):
        row.claim(worker_id)
        row = DBTaskResult.objects.get(pk=row.pk)
        result = row.task_result
        value = tasks.run_import_batch.call(TaskContext(task_result=result), **result.kwargs)
        row.set_successful(value)
        processed += value
    return processed


def kill_on_every_start(batch, item, settings) -> None:
    """`item`'s worker dies each time it starts it, until the file fails."""
    for attempt in range(1, settings.FACTCHECK_TASK_MAX_ATTEMPTS + 1):
        ImportItem.objects.filter(pk=item.pk).update(
            status=ImportItem.Status.PROCESSING,
            claimed_by=f"dead-{attempt}",
            claimed_at=timezone.now(),
            attempts=attempt,
        )
        worker.reclaim(now=timezone.now() + timedelta(seconds=LEASE + 1))


def page(client, batch, user, **headers) -> str:
    client.force_login(user)
    response = client.get(batch.get_absolute_url(), **headers)
    assert response.status_code == 200
    return response.content.decode()


# --- Stuck -------------------------------------------------------------------------------------


def test_with_no_worker_running_the_page_says_stalled_and_how_to_start_one(client, batch, editor):
    body = page(client, batch, editor)
    assert "<strong>Stalled</strong>" in body
    assert "no background worker is running" in body
    assert "Nothing is lost: the 4 files left are kept" in body
    assert "<code>python manage.py db_worker</code>" in body
    assert "docker compose up -d worker" in body
    # Still polling: it moves on by itself once a worker runs.
    assert 'hx-trigger="every 1s"' in body


def test_a_worker_that_died_holding_a_file_shows_as_stalled_with_nothing_to_do(
    client, batch, editor
):
    worker.beat("alive", started_at=timezone.now())
    item = ImportItem.objects.order_by("id").first()
    ImportItem.objects.filter(pk=item.pk).update(
        status=ImportItem.Status.PROCESSING, claimed_by="killed", attempts=1
    )
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING, started_at=timezone.now()
    )
    state = worker.batch_state(ImportBatch.objects.get(pk=batch.pk))
    assert state.kind == worker.BatchState.WORKER_LOST and state.stalled
    body = page(client, batch, editor, HTTP_HX_REQUEST="true")
    assert "stopped answering" in body and "the last file was recorded at" in body
    assert f"within about {LEASE} seconds" in body
    assert "db_worker" not in body  # a worker runs: nobody needs to start one


def test_a_queued_batch_with_a_running_worker_is_not_stalled(client, batch, editor):
    worker.beat("alive", started_at=timezone.now())
    state = worker.batch_state(batch)
    assert state.kind == worker.BatchState.WAITING and not state.stalled
    body = page(client, batch, editor)
    assert "Stalled" not in body and "Waiting for a background worker" in body


def test_a_batch_being_ingested_names_its_workers(batch):
    worker.beat("alive", started_at=timezone.now())
    ImportItem.objects.filter(pk=ImportItem.objects.order_by("id").first().pk).update(
        status=ImportItem.Status.PROCESSING, claimed_by="alive", attempts=1
    )
    state = worker.batch_state(batch)
    assert (
        state.kind == worker.BatchState.RUNNING and state.message == "Being ingested by 1 worker."
    )


# --- Failed, and tried again -------------------------------------------------------------------


def test_a_file_whose_ingestion_raised_fails_alone_and_the_batch_finishes(batch, monkeypatch):
    real = services.imports.article_ingest

    def breaks_on_story_2(**kwargs):
        if kwargs["filename"] == "story-2.txt":
            raise KeyError("a bug in extraction")
        return real(**kwargs)

    monkeypatch.setattr(services.imports, "article_ingest", breaks_on_story_2)
    run_queued_imports()
    batch.refresh_from_db()
    # Not held by a living worker for the file timeout: failed at once, and the rest went on.
    assert (batch.status, batch.done, batch.failed) == (ImportBatch.Status.DONE, 4, 1)
    failed = ImportItem.objects.get(filename="story-2.txt")
    assert failed.status == ImportItem.Status.FAILED
    assert "unexpected error (KeyError)" in failed.error
    assert bytes(failed.content) == FILES[2][1]  # kept, to be tried again
    assert not ImportItem.objects.filter(status=ImportItem.Status.PROCESSING).exists()


def test_an_editor_tries_a_failed_file_again_and_the_batch_completes(
    client, batch, editor, monkeypatch, django_capture_on_commit_callbacks
):
    real = services.imports.article_ingest

    def flaky(**kwargs):
        if kwargs["filename"] == "story-1.txt":
            raise OSError("No space left on device")
        if kwargs["filename"] == "story-3.txt":
            # Refused by the checks: the same bytes would fail the same way, not worth a retry.
            raise ValidationError("This file is not text.")
        return real(**kwargs)

    monkeypatch.setattr(services.imports, "article_ingest", flaky)
    run_queued_imports()
    monkeypatch.setattr(services.imports, "article_ingest", real)
    batch.refresh_from_db()
    assert (batch.done, batch.failed) == (4, 2)

    body = page(client, batch, editor)
    assert "1 file failed because its background worker stopped or hit an unexpected error" in body
    assert "Try 1 file again" in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("factcheck:import_batch_retry", args=[batch.pk]))
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.failed) == (ImportBatch.Status.RUNNING, 3, 1)
    assert batch.finished_at is None
    body = client.get(batch.get_absolute_url()).content.decode()
    assert "1 file is queued again." in body and 'hx-trigger="every 1s"' in body

    run_queued_imports("w2")
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.failed) == (ImportBatch.Status.DONE, 4, 1)
    retried = ImportItem.objects.get(filename="story-1.txt")
    assert retried.status == ImportItem.Status.INGESTED and bytes(retried.content) == b""
    assert Article.objects.count() == 3
    # The file the checks refused stays failed, with their reason; nothing left to try again.
    assert ImportItem.objects.get(filename="story-3.txt").status == ImportItem.Status.FAILED
    assert "Try 1 file again" not in client.get(batch.get_absolute_url()).content.decode()


def test_a_file_that_killed_its_worker_every_time_can_be_tried_again(
    client, batch, editor, settings, django_capture_on_commit_callbacks
):
    item = ImportItem.objects.order_by("id").first()
    kill_on_every_start(batch, item, settings)
    run_queued_imports()
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.failed) == (ImportBatch.Status.DONE, 4, 1)
    item.refresh_from_db()
    assert "stopped while ingesting this file, 3 times" in item.error
    assert "Try it again" in item.error
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("factcheck:import_batch_retry", args=[batch.pk]))
    item.refresh_from_db()
    assert (item.status, item.attempts, item.error) == (ImportItem.Status.QUEUED, 0, "")
    run_queued_imports("w2")
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.failed) == (ImportBatch.Status.DONE, 4, 0)


def test_trying_again_waits_for_the_batch_to_finish(client, batch, editor, settings):
    item = ImportItem.objects.order_by("id").first()
    kill_on_every_start(batch, item, settings)  # failed, but three files are still queued
    client.force_login(editor)
    response = client.post(reverse("factcheck:import_batch_retry", args=[batch.pk]), follow=True)
    assert "Wait until the rest of this import has finished" in response.content.decode()
    assert ImportItem.objects.get(pk=item.pk).status == ImportItem.Status.FAILED


def test_nothing_to_try_again_is_said_plainly(client, batch, editor):
    run_queued_imports()
    client.force_login(editor)
    response = client.post(reverse("factcheck:import_batch_retry", args=[batch.pk]), follow=True)
    assert "No file of this import can be tried again." in response.content.decode()


def test_only_editors_try_files_again(client, batch, reviewer, settings):
    item = ImportItem.objects.order_by("id").first()
    kill_on_every_start(batch, item, settings)
    run_queued_imports()
    body = page(client, batch, reviewer)
    assert "An editor can try them again from this page." in body and "Try 1 file" not in body
    response = client.post(reverse("factcheck:import_batch_retry", args=[batch.pk]))
    assert response.status_code == 403
    assert ImportItem.objects.get(pk=item.pk).status == ImportItem.Status.FAILED
    assert client.get(reverse("factcheck:import_batch_retry", args=[batch.pk])).status_code == 405
