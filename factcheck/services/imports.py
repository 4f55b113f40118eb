"""Batch imports: queue uploaded files, then ingest them one by one in the background."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from factcheck import tasks
from factcheck.models import Article
from factcheck.services._common import _require_editor
from factcheck.services.articles import article_ingest, outlet_get_or_create

MAX_IMPORT_FILES = 200


@transaction.atomic
def import_batch_create(*, files: Sequence[tuple[str, bytes]], editor, outlet_name: str = ""):
    """Queue article files for background ingestion; returns the batch, whose page shows progress.

    Files are checked one by one when the task runs (the same checks as `article_ingest`), so one
    bad file fails alone. The task is enqueued when this transaction commits.
    """
    from factcheck.models import ImportBatch, ImportItem

    _require_editor(editor)
    if not files:
        raise ValidationError({"files": "Choose at least one file."})
    if len(files) > MAX_IMPORT_FILES:
        raise ValidationError({"files": f"At most {MAX_IMPORT_FILES} files per import."})
    outlet = outlet_get_or_create(name=outlet_name) if outlet_name.strip() else None
    batch = ImportBatch.objects.create(created_by=editor, outlet=outlet, total=len(files))
    ImportItem.objects.bulk_create(
        [ImportItem(batch=batch, filename=name[:255], content=data) for name, data in files]
    )
    transaction.on_commit(lambda: tasks.run_import_batch.enqueue(batch_id=batch.pk))
    return batch


def import_batch_run(*, batch_id: int) -> None:
    """Ingest every queued file of a batch, recording each outcome and the batch's progress as it
    goes (each file in its own transaction, so progress is visible and a failure stays local)."""
    from factcheck.models import ImportBatch, ImportItem

    batch = ImportBatch.objects.select_related("outlet", "created_by").get(pk=batch_id)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING, started_at=timezone.now()
    )
    for item in ImportItem.objects.filter(batch=batch, status=ImportItem.Status.QUEUED):
        try:
            result = article_ingest(
                content=bytes(item.content),
                filename=item.filename,
                origin=Article.Origin.UPLOAD,
                outlet=batch.outlet,
                created_by=batch.created_by,
            )
        except ValidationError as exc:
            item.status, item.error = ImportItem.Status.FAILED, " ".join(exc.messages)
        else:
            item.article = result.article
            item.status = (
                ImportItem.Status.INGESTED if result.created else ImportItem.Status.DUPLICATE
            )
        item.content = b""
        with transaction.atomic():
            item.save(update_fields=["status", "error", "article", "content"])
            ImportBatch.objects.filter(pk=batch.pk).update(
                done=F("done") + 1,
                failed=F("failed") + (1 if item.status == ImportItem.Status.FAILED else 0),
            )
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.DONE, finished_at=timezone.now()
    )
