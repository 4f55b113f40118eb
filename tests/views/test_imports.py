"""Batch imports: many files ingested in the background, progress visible, one bad file fails alone."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from factcheck.models import Article, ImportBatch, ImportItem
from tests.factories import ARTICLE_TEXT


def _upload(name, data):
    return SimpleUploadedFile(name, data, content_type="text/plain")


def test_an_editor_imports_files_and_follows_the_progress(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    files = [
        _upload("one.txt", ARTICLE_TEXT.encode()),
        _upload("two.md", b"Second story\n\nThe mayor said 300 buses were bought in 2022."),
        _upload("again.txt", ARTICLE_TEXT.encode()),
        _upload("bad.txt", b"\x00\x01binary\x00"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("factcheck:import_new"), {"files": files, "outlet": "Daily Example"}
        )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()
    # The test settings run tasks immediately; in production the worker does this.
    assert (batch.status, batch.total, batch.done, batch.failed) == ("done", 4, 4, 1)
    statuses = dict(ImportItem.objects.values_list("filename", "status"))
    assert statuses == {
        "one.txt": "ingested",
        "two.md": "ingested",
        "again.txt": "duplicate",
        "bad.txt": "failed",
    }
    assert Article.objects.count() == 2
    assert ImportItem.objects.get(filename="bad.txt").error.startswith("The file looks binary")
    assert all(bytes(i.content) == b"" for i in ImportItem.objects.all())
    page = client.get(batch.get_absolute_url())
    assert "4 of 4 files processed" in page.content.decode()


def test_the_progress_fragment_polls_until_the_batch_is_done(client, editor, reviewer):
    batch = ImportBatch.objects.create(created_by=editor, total=3, done=1)
    client.force_login(reviewer)  # reviewers may watch; only editors import
    fragment = client.get(batch.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "<html" not in fragment
    assert 'value="1"' in fragment
    ImportBatch.objects.filter(pk=batch.pk).update(status="done", done=3)
    fragment = client.get(batch.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in fragment


def test_reviewers_cannot_import(client, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("factcheck:import_new"), {"files": [_upload("a.txt", b"x")]})
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "Choose at least one file"),
        ([_upload("doc.pdf", b"%PDF")], "doc.pdf: upload articles as text (.txt, .md"),
        # Which of the files is empty, not just that one is.
        (
            [_upload("one.txt", b"Story one."), _upload("blank.txt", b"")],
            "blank.txt: The submitted file is empty.",
        ),
    ],
)
def test_bad_imports_are_refused_with_a_reason(client, editor, files, message):
    client.force_login(editor)
    response = client.post(reverse("factcheck:import_new"), {"files": files})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_missing_batch_is_404_and_post_is_405(client, editor):
    client.force_login(editor)
    assert client.get(reverse("factcheck:import_batch", args=[999])).status_code == 404
    assert client.post(reverse("factcheck:import_batch", args=[999])).status_code == 405
