"""Hostile and oversized input: each gets a clear message, nothing half-written stays behind."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from factcheck import services
from factcheck.models import Article, Claim


@pytest.mark.django_db
def test_a_ten_thousand_sentence_article_is_ingested_whole(settings):
    settings.FACTCHECK_MAX_ARTICLE_BYTES = 2_000_000
    paragraphs = [
        " ".join(
            f"In {1900 + (p * 10 + i) % 120}, district {p}-{i} reported {p * 10 + i} cases."
            for i in range(10)
        )
        for p in range(1000)
    ]
    article = services.article_ingest(content="Long report\n\n" + "\n\n".join(paragraphs)).article
    assert article.claims.count() == 10_000
    sample = article.claims.order_by("?")[:50]
    assert all(article.text[c.start : c.end] == c.quote for c in sample)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "html",
    [
        "<html><body>"
        + "<div>" * 50_000
        + "Deep text here."
        + "</div>" * 50_000
        + "</body></html>",
        "<html><body>" + "<p>a</p>" * 100_000 + "</body></html>",
        "<html><body><p>" + "&amp;" * 150_000 + "</p></body></html>",
        "<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
        "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]><html><body><p>&c;&c;&c;</p></body></html>",
    ],
    ids=["deep-nesting", "many-nodes", "many-entities", "entity-expansion"],
)
def test_html_bombs_are_refused_or_ingested_safely(html):
    try:
        result = services.article_ingest(content=html, filename="bomb.html")
    except ValidationError as exc:
        assert exc.messages  # a message that says why
        assert not Article.objects.exists()
        return
    article = result.article
    assert len(article.text) <= 1_000_000
    for claim in article.claims.all():
        assert article.text[claim.start : claim.end] == claim.quote


@pytest.mark.django_db
def test_a_failure_midway_leaves_no_article_behind(monkeypatch):
    from tests.factories import ARTICLE_TEXT

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("factcheck.services.articles.bulk_create_with_history", broken)
    with pytest.raises(RuntimeError):
        services.article_ingest(content=ARTICLE_TEXT)
    assert not Article.objects.exists()
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_an_oversized_paste_gets_a_clear_message_in_the_page(editor, settings):
    settings.FACTCHECK_MAX_ARTICLE_BYTES = 10_000
    client = Client()
    client.force_login(editor)
    response = client.post(reverse("factcheck:article_add"), {"text": "Word and more. " * 1000})
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_body_far_over_the_limit_is_refused_before_it_is_read(editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = client.post(reverse("factcheck:article_add"), {"text": "x" * 60_000})
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_an_oversized_upload_is_refused_with_the_limit(editor, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.FACTCHECK_MAX_ARTICLE_BYTES = 1_000
    client = Client()
    client.force_login(editor)
    upload = SimpleUploadedFile(
        "big.txt", b"A sentence of words. " * 200, content_type="text/plain"
    )
    response = client.post(reverse("factcheck:article_add"), {"file": upload})
    assert response.status_code == 400
    assert "the limit is 1,000" in response.content.decode()
