"""A batch import's page in a real browser, when its worker is gone: it says Stalled and what to do,
moves on by itself when a worker runs again, and a file lost with its worker is tried again in one
click. With DEBUG on and off."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from factcheck import services, worker
from factcheck.models import ImportBatch, ImportItem
from tests.browser.conftest import screenshot, sign_in
from tests.scale.test_batch_page import run_queued_imports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILES = [
    (
        f"council-{i}.txt",
        f"Council {i}\n\nThe council spent {i}0 million on roads in 2024.".encode(),
    )
    for i in range(3)
]


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.FACTCHECK_WORKER_LEASE_SECONDS = 30
    settings.FACTCHECK_TASK_MAX_ATTEMPTS = 3


def test_a_stalled_import_says_what_to_do_and_recovers_by_itself(demo_desk, queue, debug, new_page):
    editor = User.objects.get(username="editor")
    batch = services.import_batch_create(files=FILES, editor=editor)  # committed: tasks queued
    page = new_page()
    sign_in(page, "editor")
    page.goto(batch.get_absolute_url())
    status = page.locator("#import-status")
    assert status.inner_text().startswith("Stalled — 0 of 3 files processed")
    advice = page.locator("#import-advice")
    assert "python manage.py db_worker" in advice.inner_text()
    assert page.locator("#import-state").get_attribute("role") == "alert"
    screenshot(page, f"import_stalled_no_worker_{'debug' if debug else 'production'}")

    # A worker starts and ingests the batch: the open page follows without a reload.
    worker.beat("w1", started_at=timezone.now())
    run_queued_imports("w1")
    page.wait_for_selector("#import-status >> text=Done — 3 of 3 files processed")
    assert page.locator("#import-advice").count() == 0
    assert page.locator("#import-progress").get_attribute("hx-trigger") is None  # polling ends


def test_a_file_lost_with_its_worker_is_tried_again_in_one_click(demo_desk, queue, debug, new_page):
    editor = User.objects.get(username="editor")
    batch = services.import_batch_create(files=FILES, editor=editor)
    first = ImportItem.objects.filter(batch=batch).order_by("id").first()
    for attempt in (1, 2, 3):  # its worker dies on every start
        ImportItem.objects.filter(pk=first.pk).update(
            status=ImportItem.Status.PROCESSING,
            claimed_by=f"dead-{attempt}",
            claimed_at=timezone.now(),
            attempts=attempt,
        )
        worker.reclaim(now=timezone.now() + timedelta(seconds=31))
    worker.beat("w1", started_at=timezone.now())
    run_queued_imports("w1")
    assert ImportBatch.objects.get(pk=batch.pk).failed == 1

    page = new_page()
    sign_in(page, "editor")
    page.goto(batch.get_absolute_url())
    assert "Done — 3 of 3 files processed, 1 failed" in page.locator("#import-status").inner_text()
    assert (
        "stopped while ingesting this file, 3 times"
        in page.locator("#import-progress").inner_text()
    )
    screenshot(page, f"import_retry_offered_{'debug' if debug else 'production'}")
    page.get_by_role("button", name="Try 1 file again").click()
    page.wait_for_selector(".messages >> text=1 file is queued again.")
    assert "2 of 3 files processed" in page.locator("#import-status").inner_text()

    worker.beat("w2", started_at=timezone.now())
    run_queued_imports("w2")
    page.wait_for_selector("#import-status >> text=Done — 3 of 3 files processed.")
    assert page.locator("#import-retry").count() == 0
    screenshot(page, f"import_retried_{'debug' if debug else 'production'}")
