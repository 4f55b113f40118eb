"""Articles through the API: desk members read, editors ingest (text, HTML or URL)."""

import pytest

from factcheck import fetch
from factcheck.models import Article
from tests.factories import make_article_with_claims

TEXT = (
    "Minister claims unemployment fell\n\n"
    "The labour minister said on Tuesday that unemployment fell by 3 percent in 2024, the lowest "
    "level since 1990. Officials added that 25,000 people found work in the first quarter."
)


def test_editors_ingest_text_and_get_the_candidate_claims(editor_api):
    response = editor_api.post(
        "/api/v1/articles/",
        {
            "text": TEXT,
            "outlet": "Daily Example",
            "url": "https://daily.example/jobs",
            "published": "2024-05-02",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["created"] is True
    assert body["title"] == "Minister claims unemployment fell"
    assert body["outlet"]["name"] == "Daily Example"
    assert body["published"] == "2024-05-02"
    assert body["url"] == "https://daily.example/jobs"
    assert len(body["claims"]) == 2
    for claim in body["claims"]:
        assert body["text"][claim["start"] : claim["end"]] == claim["quote"]
        assert claim["status"] == "candidate"
    assert Article.objects.get().origin == Article.Origin.API
    again = editor_api.post("/api/v1/articles/", {"text": TEXT}, format="json")
    assert again.status_code == 200 and again.json()["created"] is False
    assert Article.objects.count() == 1


def test_editors_ingest_html(editor_api):
    html = (
        "<html><head><title>Jobs report</title></head><body><article><h1>Jobs report</h1>"
        "<p>The labour minister said on Tuesday that unemployment fell by 3 percent in 2024, "
        "the lowest level since 1990.</p></article></body></html>"
    )
    response = editor_api.post("/api/v1/articles/", {"html": html}, format="json")
    assert response.status_code == 201, response.json()
    assert "<p>" not in response.json()["text"]


def test_a_url_alone_is_fetched(editor_api, monkeypatch):
    seen = {}

    def fake_fetch(url, **kwargs):
        seen["url"] = url
        return fetch.Fetched(url=url, content=TEXT.encode(), content_type="text/plain")

    monkeypatch.setattr(fetch, "fetch", fake_fetch)
    response = editor_api.post(
        "/api/v1/articles/", {"url": "https://daily.example/a"}, format="json"
    )
    assert response.status_code == 201
    assert seen["url"] == "https://daily.example/a"
    assert response.json()["url"] == "https://daily.example/a"


def test_a_url_that_cannot_be_fetched_is_a_400_on_the_url(editor_api, monkeypatch):
    def refuse(url, **kwargs):
        raise fetch.FetchError("The address of 'localhost' (127.0.0.1) is not a public address.")

    monkeypatch.setattr(fetch, "fetch", refuse)
    response = editor_api.post("/api/v1/articles/", {"url": "http://localhost/"}, format="json")
    assert response.status_code == 400
    assert "public address" in response.json()["error"]["fields"]["url"][0]
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": "x", "html": "<p>x</p>"}, "html"),
        ({"text": "   "}, "non_field_errors"),
        ({"text": TEXT, "published": "yesterday"}, "published"),
        ({"text": TEXT, "url": "ftp://x.example/a"}, "url"),
        ({"text": 12}, "text"),
        ({"text": TEXT, "published": 20240101}, "published"),
        ({"text": TEXT, "outlet": ["a"]}, "outlet"),
        ({"text": TEXT, "title": "t" * 501}, "title"),
    ],
)
def test_invalid_ingest_requests_name_the_field_and_write_nothing(editor_api, body, field):
    response = editor_api.post("/api/v1/articles/", body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    if field == "non_field_errors":
        assert error["message"]
    else:
        assert field in error["fields"], error
    assert not Article.objects.exists()


def test_oversized_articles_are_refused(editor_api, settings):
    settings.FACTCHECK_MAX_ARTICLE_BYTES = 1000
    response = editor_api.post("/api/v1/articles/", {"text": TEXT * 20}, format="json")
    assert response.status_code == 400
    assert "limit" in response.json()["error"]["message"]
    settings.FACTCHECK_API_MAX_BODY_BYTES = 4096
    body = {"text": "x" * 5000}
    response = editor_api.post("/api/v1/articles/", body, format="json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_only_editors_ingest(reviewer_api, outsider_api, anon):
    assert reviewer_api.post("/api/v1/articles/", {"text": TEXT}, format="json").status_code == 403
    assert outsider_api.post("/api/v1/articles/", {"text": TEXT}, format="json").status_code == 403
    assert anon.post("/api/v1/articles/", {"text": TEXT}, format="json").status_code == 401
    assert not Article.objects.exists()


def test_desk_members_list_and_filter_articles(reviewer_api, article, outlet):
    other = make_article_with_claims(3)
    body = reviewer_api.get("/api/v1/articles/").json()
    assert [a["id"] for a in body["results"]] == [other.pk, article.pk]
    assert body["results"][1]["claim_count"] == article.claims.count()
    by_outlet = reviewer_api.get("/api/v1/articles/", {"outlet": outlet.pk}).json()["results"]
    assert [a["id"] for a in by_outlet] == [article.pk]
    found = reviewer_api.get("/api/v1/articles/", {"search": "Example7"}).json()["results"]
    assert found == []  # the text is not searched, the title is
    found = reviewer_api.get("/api/v1/articles/", {"search": "ministry says"}).json()["results"]
    assert [a["id"] for a in found] == [article.pk]
    assert reviewer_api.get("/api/v1/articles/", {"status": "triage"}).status_code == 200
    assert reviewer_api.get("/api/v1/articles/", {"status": "nope"}).status_code == 400
    oldest_first = reviewer_api.get("/api/v1/articles/", {"ordering": "created_at"}).json()
    assert [a["id"] for a in oldest_first["results"]] == [article.pk, other.pk]


def test_article_detail_has_text_and_claims(reviewer_api, article):
    body = reviewer_api.get(f"/api/v1/articles/{article.pk}/").json()
    assert body["text"] == article.text
    assert [c["id"] for c in body["claims"]] == list(
        article.claims.order_by("start").values_list("id", flat=True)
    )


def test_outsiders_and_anonymous_clients_read_no_articles(outsider_api, anon, article):
    assert outsider_api.get("/api/v1/articles/").status_code == 403
    assert outsider_api.get(f"/api/v1/articles/{article.pk}/").status_code == 403
    assert anon.get("/api/v1/articles/").status_code == 401
    assert anon.get(f"/api/v1/articles/{article.pk}/").status_code == 401
