"""Claims through the API, with their ratings (blind), sources and comments."""

import pytest

from factcheck.models import Comment, Rating, Source
from tests.api.conftest import publish
from tests.factories import live_claim


def test_a_claim_carries_its_article_verdict_and_sources(reviewer_api, published, unpublished):
    body = reviewer_api.get(f"/api/v1/claims/{published.claim_id}/").json()
    assert body["article"]["title"] == published.claim.article.title
    assert body["article"]["url"] == published.claim.article.url
    assert body["verdict"]["summary"] == published.summary
    assert body["verdict"]["label"]["slug"] == "false"
    assert body["verdict"]["url"].endswith(published.get_absolute_url())
    assert [s["url"] for s in body["sources"]] == ["https://stats.example/exports-2023"]
    other = reviewer_api.get(f"/api/v1/claims/{unpublished.pk}/").json()
    assert other["verdict"] is None and other["status"] == "candidate"


def test_claims_filter_by_article_status_label_and_date(
    reviewer_api, published, unpublished, article
):
    def ids(**params):
        response = reviewer_api.get("/api/v1/claims/", params)
        assert response.status_code == 200, response.json()
        return {c["id"] for c in response.json()["results"]}

    assert ids(article=article.pk) == set(article.claims.values_list("id", flat=True))
    assert ids(status="published") == {published.claim_id}
    assert ids(label="false") == {published.claim_id}
    assert ids(label="true") == set()
    assert ids(search="40,000") == {unpublished.pk}
    assert ids(updated_since="2999-01-01") == set()
    assert unpublished.pk in ids(updated_since="2000-01-01T00:00:00Z")


def test_outsiders_and_anonymous_clients_read_no_claims(outsider_api, anon, published):
    assert outsider_api.get("/api/v1/claims/").status_code == 403
    assert anon.get("/api/v1/claims/").status_code == 401
    assert anon.get(f"/api/v1/claims/{published.claim_id}/").status_code == 401
    assert anon.get(f"/api/v1/claims/{published.claim_id}/ratings/").status_code == 401
    assert anon.get(f"/api/v1/claims/{published.claim_id}/sources/").status_code == 401
    assert anon.get(f"/api/v1/claims/{published.claim_id}/comments/").status_code == 401


# --- Ratings --------------------------------------------------------------------------------------


def _rate(client, claim, slug="false", **extra):
    return client.post(
        f"/api/v1/claims/{claim.pk}/ratings/",
        {"label": slug, "rationale": "Checked the figures.", "confidence": 3, **extra},
        format="json",
    )


def test_ratings_are_blind_until_you_rate(reviewer_api, reviewer2_api, editor_api, unpublished):
    response = _rate(reviewer_api, unpublished)
    assert response.status_code == 201, response.json()
    assert response.json()["label"]["slug"] == "false"
    before = reviewer2_api.get(f"/api/v1/claims/{unpublished.pk}/ratings/").json()
    assert before == {"hidden": True, "results": []}
    assert _rate(reviewer2_api, unpublished, "true").status_code == 201
    after = reviewer2_api.get(f"/api/v1/claims/{unpublished.pk}/ratings/").json()
    assert after["hidden"] is False and len(after["results"]) == 2
    editor_view = editor_api.get(f"/api/v1/claims/{unpublished.pk}/ratings/").json()
    assert len(editor_view["results"]) == 2


def test_a_second_rating_revises_and_a_stale_version_conflicts(reviewer_api, unpublished):
    first = _rate(reviewer_api, unpublished).json()
    revised = _rate(reviewer_api, unpublished, "true", expected_version=first["version"])
    assert revised.status_code == 200 and revised.json()["version"] == 2
    stale = _rate(reviewer_api, unpublished, "false", expected_version=1)
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert Rating.objects.get().label.slug == "true"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"label": "not-a-label", "rationale": "r"}, "label"),
        ({"label": "false", "rationale": "  "}, "rationale"),
        ({"label": "false"}, "rationale"),
        ({"label": "false", "rationale": "r", "confidence": 7}, "confidence"),
        ({"label": "false", "rationale": "r", "confidence": "high"}, "confidence"),
        ({"label": "false", "rationale": "r", "confidence": "2"}, "confidence"),
        ({"label": "false", "rationale": "r", "confidence": True}, "confidence"),
        ({"label": 6, "rationale": "r"}, "label"),
    ],
)
def test_invalid_ratings_name_the_field(reviewer_api, unpublished, body, field):
    response = reviewer_api.post(f"/api/v1/claims/{unpublished.pk}/ratings/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Rating.objects.exists()


def test_published_claims_cannot_be_rated(reviewer_api, published):
    response = _rate(reviewer_api, published.claim)
    assert response.status_code == 400
    assert "can no longer be rated" in response.json()["error"]["message"]


def test_outsiders_cannot_rate(outsider_api, unpublished):
    assert _rate(outsider_api, unpublished).status_code == 403
    assert not Rating.objects.exists()


def test_rating_a_missing_claim_is_404(reviewer_api, db):
    assert _rate(reviewer_api, type("C", (), {"pk": 999999})).status_code == 404


# --- Sources and comments -------------------------------------------------------------------------


def test_sources_are_added_with_the_page_rules(reviewer_api, unpublished):
    url = f"/api/v1/claims/{unpublished.pk}/sources/"
    body = {"url": "https://jobs.example/q1", "stance": "supports", "title": "Q1 jobs"}
    response = reviewer_api.post(url, body, format="json")
    assert response.status_code == 201
    assert response.json()["added_by"] == "rosa"
    duplicate = reviewer_api.post(url, body, format="json")
    assert duplicate.status_code == 400 and "url" in duplicate.json()["error"]["fields"]
    bad = reviewer_api.post(
        url, {"url": "javascript:alert(1)", "stance": "supports"}, format="json"
    )
    assert bad.status_code == 400 and "url" in bad.json()["error"]["fields"]
    bad = reviewer_api.post(url, {"url": "https://x.example", "stance": "maybe"}, format="json")
    assert bad.status_code == 400 and "stance" in bad.json()["error"]["fields"]
    listed = reviewer_api.get(url).json()
    assert [s["title"] for s in listed] == ["Q1 jobs"]
    assert Source.objects.count() == 1


def test_comments_thread_and_mention(reviewer_api, reviewer2, unpublished):
    url = f"/api/v1/claims/{unpublished.pk}/comments/"
    first = reviewer_api.post(url, {"body": "@ravi can you check the quarter?"}, format="json")
    assert first.status_code == 201
    assert first.json()["mentions"] == ["ravi"]
    reply = reviewer_api.post(url, {"body": "Done.", "parent": first.json()["id"]}, format="json")
    assert reply.status_code == 201 and reply.json()["parent"] == first.json()["id"]
    assert [c["body"] for c in reviewer_api.get(url).json()] == [
        "@ravi can you check the quarter?",
        "Done.",
    ]
    empty = reviewer_api.post(url, {"body": " "}, format="json")
    assert empty.status_code == 400 and "body" in empty.json()["error"]["fields"]
    orphan = reviewer_api.post(url, {"body": "x", "parent": 999999}, format="json")
    assert orphan.status_code == 400 and "parent" in orphan.json()["error"]["fields"]
    assert Comment.objects.count() == 2


# --- Web Annotation -------------------------------------------------------------------------------


def test_a_claim_anchor_is_a_w3c_web_annotation(anon, published):
    claim = published.claim
    response = anon.get(f"/api/v1/claims/{claim.pk}/annotation/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    data = response.json()
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "Annotation" and data["motivation"] == "assessing"
    quote, position = data["target"]["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": claim.quote,
        "prefix": claim.prefix,
        "suffix": claim.suffix,
    }
    assert position == {"type": "TextPositionSelector", "start": claim.start, "end": claim.end}
    assert claim.article.text[position["start"] : position["end"]] == quote["exact"]
    assert any(b.get("purpose") == "assessing" for b in data["body"])


def test_the_annotation_targets_the_article_url(reviewer_api, article, editor):
    article.url = "https://daily.example/exports"
    article.save()
    claim = live_claim(article, "40,000")
    data = reviewer_api.get(f"/api/v1/claims/{claim.pk}/annotation/").json()
    assert data["target"]["source"] == "https://daily.example/exports"
    assert data["motivation"] == "highlighting"


def test_unpublished_annotations_are_404_for_outsiders(anon, outsider_api, unpublished):
    assert anon.get(f"/api/v1/claims/{unpublished.pk}/annotation/").status_code == 404
    assert outsider_api.get(f"/api/v1/claims/{unpublished.pk}/annotation/").status_code == 404


def test_publishing_through_services_shows_up(reviewer_api, unpublished, editor):
    publish(unpublished, editor, summary="Fewer jobs than claimed.")
    body = reviewer_api.get(f"/api/v1/claims/{unpublished.pk}/").json()
    assert body["verdict"]["summary"] == "Fewer jobs than claimed."
    assert body["status"] == "published"
