"""POST /api/v1/match (anyone, throttled) and POST /api/v1/factchecks/import (editors)."""

import pytest
from django.core.cache import cache

from factcheck.models import OutsideFactCheck
from tests.matching.conftest import CLAIMS, review


@pytest.fixture
def imported(editor_api):
    reviews = [review(i, c) for i, c in enumerate(CLAIMS)]
    assert editor_api.post("/api/v1/factchecks/import", reviews).status_code == 200


def test_anyone_asks_whether_a_text_was_checked(anon, imported):
    response = anon.post("/api/v1/match", {"text": "Hot water every 15 minutes kills the virus"})
    assert response.status_code == 200
    [best, *_] = response.json()["matches"]
    assert best["claim_reviewed"] == CLAIMS[0]
    assert best["url"] == "https://factchecker.example/reviews/0"
    assert set(best) == {"url", "score", "claim_reviewed", "rating", "publisher", "date", "kind"}


def test_match_takes_top_and_min_score(anon, imported):
    body = anon.post("/api/v1/match", {"text": "wind turbines cancer", "top": 1}).json()
    assert len(body["matches"]) == 1
    body = anon.post("/api/v1/match", {"text": "wind turbines cancer", "min_score": 1.0}).json()
    assert body["matches"] == []


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"text": ""},
        {"text": "   "},
        {"text": 5},
        {"text": "x", "top": 0},
        {"text": "x" * 10_001},
    ],
)
def test_match_refuses_bad_input_in_the_api_error_shape(anon, db, payload):
    response = anon.post("/api/v1/match", payload)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["fields"]


def test_match_is_post_only(anon, db):
    assert anon.get("/api/v1/match").status_code == 405


def test_anonymous_matching_is_throttled_like_the_rest_of_the_api(anon, db, settings):
    settings.FACTCHECK_API_ANON_RATE = "2/min"
    cache.clear()
    for _ in range(2):
        assert anon.post("/api/v1/match", {"text": "anything"}).status_code == 200
    response = anon.post("/api/v1/match", {"text": "anything"})
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert "Retry-After" in response


def test_editors_import_every_shape(editor_api, db):
    feed = {
        "@type": "DataFeed",
        "dataFeedElement": [{"@type": "DataFeedItem", "item": [review(1, CLAIMS[1])]}],
    }
    body = editor_api.post("/api/v1/factchecks/import?publisher=Desk", feed).json()
    assert body == {"created": 1, "updated": 0, "skipped": 0, "problems": []}
    body = editor_api.post("/api/v1/factchecks/import", review(1, CLAIMS[1])).json()
    assert (body["created"], body["updated"]) == (0, 1)


def test_import_reports_skipped_items_and_imports_the_rest(editor_api, db):
    bad = review(2, CLAIMS[2])
    del bad["url"]
    body = editor_api.post("/api/v1/factchecks/import", [review(1, CLAIMS[1]), bad]).json()
    assert body["created"] == 1
    assert body["problems"] == [{"position": "item 1", "message": "`url` is missing."}]


def test_import_with_nothing_importable_is_a_400_naming_each_problem(editor_api, db):
    response = editor_api.post("/api/v1/factchecks/import", [{"@type": "ClaimReview"}])
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"item 0": ["`url` is missing."]}
    assert not OutsideFactCheck.objects.exists()


def test_only_editors_import(anon, reviewer_api, outsider_api, db):
    data = review(1, CLAIMS[1])
    assert anon.post("/api/v1/factchecks/import", data).status_code == 401
    assert reviewer_api.post("/api/v1/factchecks/import", data).status_code == 403
    assert outsider_api.post("/api/v1/factchecks/import", data).status_code == 403
    assert not OutsideFactCheck.objects.exists()


def test_import_is_post_only(editor_api, db):
    assert editor_api.get("/api/v1/factchecks/import").status_code == 405


def test_import_refuses_unknown_query_parameters(editor_api, db):
    response = editor_api.post("/api/v1/factchecks/import?x=1", review(1, CLAIMS[1]))
    assert response.status_code == 400
