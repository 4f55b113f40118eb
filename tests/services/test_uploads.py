"""One definition of the article files the desk accepts (factcheck.uploads), used everywhere."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factcheck import extraction, uploads
from factcheck.forms import ArticleAddForm, ImportForm

BODY = (
    "Exports rose\n\nThe ministry said on Monday that exports rose by 12 percent in 2023, the "
    "largest rise since 2010."
)


@pytest.mark.parametrize("suffix", uploads.ARTICLE_SUFFIXES)
def test_every_accepted_suffix_is_accepted_by_both_forms_and_read_by_extraction(suffix):
    name = f"story{suffix.upper()}"
    upload = SimpleUploadedFile(name, BODY.encode())
    assert ArticleAddForm({}, {"file": upload}).is_valid()
    upload.seek(0)
    assert ImportForm({}, {"files": [upload]}).is_valid()
    title, body = BODY.split("\n\n")
    page = f"<html><body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    article = extraction.extract(page if suffix in uploads.HTML_SUFFIXES else BODY, filename=name)
    assert "12 percent" in article.text


@pytest.mark.parametrize("name", ["story.pdf", "story.docx", "story.txt.exe", "story"])
def test_other_files_are_refused_with_what_is_accepted(name):
    form = ArticleAddForm({}, {"file": SimpleUploadedFile(name, BODY.encode())})
    assert not form.is_valid()
    assert uploads.DESCRIPTION in form.errors["file"][0]
    assert not uploads.is_article_file(name)


def test_the_forms_tell_the_browser_which_files_to_offer():
    assert f'accept="{uploads.ACCEPT}"' in str(ArticleAddForm()["file"])
    assert f'accept="{uploads.ACCEPT}"' in str(ImportForm()["files"])
