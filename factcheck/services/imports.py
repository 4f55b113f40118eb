"""Batch imports: queue uploaded files, then ingest them one by one in the background."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from factcheck import selectors, tasks
from factcheck.models import Article
from factcheck.services._common import _require_editor
from factcheck.services.articles import article_ingest, outlet_get_or_create

MAX_IMPORT_FILES = 200

logger = logging.getLogger("factcheck.imports")


@transaction.atomic
def import_batch_create(*, files: Sequence[tuple[str, bytes]], editor, outlet_name: str = ""):
    """Queue article files for background ingestion; returns the batch, whose page shows progress.

    Files are checked one by one when the tasks run (the same checks as `article_ingest`), so one
    bad file fails alone. Up to FACTCHECK_IMPORT_TASKS tasks are enqueued when this transaction
    commits, so that as many free workers share the batch.
    """
    from factcheck.models import ImportBatch, ImportItem

    _require_editor(editor)
    if not files:
        raise ValidationError({"files": gettext("Choose at least one file.")})
    if len(files) > MAX_IMPORT_FILES:
        raise ValidationError(
            {"files": gettext("At most %(n)s files per import.") % {"n": MAX_IMPORT_FILES}}
        )
    outlet = outlet_get_or_create(name=outlet_name) if outlet_name.strip() else None
    batch = ImportBatch.objects.create(created_by=editor, outlet=outlet, total=len(files))
    ImportItem.objects.bulk_create(
        [ImportItem(batch=batch, filename=name[:255], content=data) for name, data in files]
    )
    runs = max(1, min(len(files), settings.FACTCHECK_IMPORT_TASKS))
    transaction.on_commit(lambda: import_batch_enqueue(batch_id=batch.pk, runs=runs))
    return batch


def import_batch_enqueue(*, batch_id: int, runs: int = 1) -> None:
    """Start `runs` background runs on a batch (a new batch, or one whose runs were lost)."""
    for _ in range(runs):
        tasks.run_import_batch.enqueue(batch_id=batch_id)


def import_batch_run(*, batch_id: int, worker_id: str = "") -> int:
    """Ingest queued files of a batch until none is left; returns how many this run processed.

    Several runs (one per worker) share a batch: each file is claimed by one run before it is read,
    so it is ingested once. A file stays claimed (`processing`) while its worker lives; if the worker
    dies, factcheck.worker puts the file back in the queue and starts a run for what is left, which
    resumes where the dead one stopped. Each file's outcome and the batch's progress are written in
    one short transaction; the ingestion itself runs outside it (article_ingest's own transaction).

    A file the checks refuse fails with their reason. A file whose ingestion raised anything else
    (a bug, a lost connection) fails alone, with its bytes kept so that an editor can try it again
    (`import_batch_retry`); the run goes on with the next file instead of leaving this one held.
    """
    from factcheck.models import ImportBatch

    batch = ImportBatch.objects.select_related("outlet", "created_by").get(pk=batch_id)
    processed = 0
    while (item := _claim_next_file(batch, worker_id)) is not None:
        try:
            result = article_ingest(
                content=bytes(item.content),
                filename=item.filename,
                origin=Article.Origin.UPLOAD,
                outlet=batch.outlet,
                created_by=batch.created_by,
            )
        except ValidationError as exc:
            _finish_file(batch, item, worker_id, failed=" ".join(exc.messages))
        except Exception as exc:
            logger.exception("Import %s: ingesting %r failed", batch.pk, item.filename)
            error = gettext(
                "An unexpected error (%(error)s) stopped its ingestion; it was not ingested. "
                "Try it again; if it fails again, tell whoever runs the desk's servers."
            ) % {"error": type(exc).__name__}
            _finish_file(batch, item, worker_id, failed=error, keep_content=True)
        else:
            _finish_file(batch, item, worker_id, article=result.article, created=result.created)
        processed += 1
    return processed


def _claim_next_file(batch, worker_id: str):
    """The next queued file of the batch, now claimed by this run; None when none is left."""
    from factcheck.models import ImportBatch, ImportItem

    while True:
        with transaction.atomic():
            # SKIP LOCKED: two runs never wait for, nor take, the same file (PostgreSQL); on SQLite
            # writes are serialised and the conditional update below decides.
            pk = (
                ImportItem.objects.select_for_update(skip_locked=True)
                .filter(batch=batch, status=ImportItem.Status.QUEUED)
                .order_by("id")
                .values_list("pk", flat=True)
                .first()
            )
            if pk is None:
                return None
            now = timezone.now()
            claimed = ImportItem.objects.filter(pk=pk, status=ImportItem.Status.QUEUED).update(
                status=ImportItem.Status.PROCESSING,
                claimed_by=worker_id,
                claimed_at=now,
                attempts=F("attempts") + 1,
            )
            if claimed:
                ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.QUEUED).update(
                    status=ImportBatch.Status.RUNNING, started_at=now
                )
                return ImportItem.objects.get(pk=pk)


def _finish_file(
    batch,
    item,
    worker_id: str,
    *,
    failed: str = "",
    article=None,
    created=False,
    keep_content=False,
) -> None:
    """Record a file's outcome and the batch's progress, unless the file was taken from this run
    meanwhile (its worker was taken for dead): then the run that took it records it. A failed
    file's bytes are kept (`keep_content`) when trying it again may succeed."""
    from factcheck.models import ImportItem

    if failed:
        status = ImportItem.Status.FAILED
    elif created or _ingested_by_an_earlier_attempt(batch, item, article):
        status = ImportItem.Status.INGESTED
    else:
        status = ImportItem.Status.DUPLICATE
    with transaction.atomic():
        mine = ImportItem.objects.filter(
            pk=item.pk, status=ImportItem.Status.PROCESSING, claimed_by=worker_id
        ).update(
            status=status,
            error=failed,
            article=article,
            **({} if keep_content else {"content": b""}),
        )
        if mine:
            _count_file(batch.pk, failed=bool(failed))


def _count_file(batch_id: int, *, failed: bool) -> None:
    """One more file processed (inside the transaction that recorded it); the last one ends the
    batch. Row-locked by the first update, so two runs finishing the last files see each other."""
    from factcheck.models import ImportBatch

    now = timezone.now()
    ImportBatch.objects.filter(pk=batch_id).update(
        done=F("done") + 1, failed=F("failed") + (1 if failed else 0), progress_at=now
    )
    ImportBatch.objects.filter(pk=batch_id, done=F("total")).exclude(
        status=ImportBatch.Status.DONE
    ).update(status=ImportBatch.Status.DONE, finished_at=now)


def import_file_release(*, item) -> str:
    """Take a file from a worker that died (or has held it too long): back to the batch's queue, or
    failed once it has been started FACTCHECK_TASK_MAX_ATTEMPTS times (a file that kills its worker
    must not stop the batch; its bytes are kept, so that an editor may try it again). Returns the
    file's new status, or "" if it changed meanwhile."""
    from factcheck.models import ImportItem

    with transaction.atomic():
        unchanged = ImportItem.objects.filter(
            pk=item.pk,
            status=ImportItem.Status.PROCESSING,
            claimed_by=item.claimed_by,
            claimed_at=item.claimed_at,
        )
        if item.attempts >= settings.FACTCHECK_TASK_MAX_ATTEMPTS:
            error = ngettext(
                "The background worker stopped while ingesting this file; it was not ingested. "
                "Try it again, or check the file.",
                "The background worker stopped while ingesting this file, %(n)d times; it was not "
                "ingested. Try it again, or check the file.",
                item.attempts,
            ) % {"n": item.attempts}
            if unchanged.update(status=ImportItem.Status.FAILED, error=error):
                _count_file(item.batch_id, failed=True)
                return ImportItem.Status.FAILED
            return ""
        if unchanged.update(status=ImportItem.Status.QUEUED, claimed_by="", claimed_at=None):
            return ImportItem.Status.QUEUED
        return ""


def _ingested_by_an_earlier_attempt(batch, item, article) -> bool:
    """A retried file whose article exists already: stored by this file's earlier attempt (whose
    worker died before recording it) unless another file of the batch brought the same text."""
    from factcheck.models import ImportItem

    if item.attempts < 2 or article is None:
        return False
    if article.created_at < batch.created_at:
        return False
    return not ImportItem.objects.filter(batch=batch, article=article).exists()


def import_batch_retry(*, batch, editor) -> int:
    """Queue again the files of a finished batch that failed for a reason other than their content
    (their worker died, or an unexpected error stopped them), and start runs for them; returns how
    many. Files the checks refused are not retried: the same bytes would fail the same way."""
    from factcheck.models import ImportBatch, ImportItem

    _require_editor(editor)
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportBatch.Status.DONE:
            raise ValidationError(
                gettext("Wait until the rest of this import has finished, then try again.")
            )
        retry = selectors.import_retryable_files(batch)
        n = retry.update(
            status=ImportItem.Status.QUEUED, error="", claimed_by="", claimed_at=None, attempts=0
        )
        if not n:
            raise ValidationError(gettext("No file of this import can be tried again."))
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.RUNNING,
            done=F("done") - n,
            failed=F("failed") - n,
            finished_at=None,
            progress_at=timezone.now(),
        )
        runs = max(1, min(n, settings.FACTCHECK_IMPORT_TASKS))
        transaction.on_commit(lambda: import_batch_enqueue(batch_id=batch.pk, runs=runs))
    return n
