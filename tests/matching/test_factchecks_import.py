"""Importing outside fact-checks: stored once per review URL, updated on re-import, malformed items
skipped and reported, embeddings stored, editors only."""

import pytest
from django.core.exceptions import PermissionDenied

from factcheck import services
from factcheck.matching import claimreviews, semantic
from factcheck.models import OutsideFactCheck, TextEmbedding
from tests.matching.conftest import CLAIMS, review


def run(data, **kwargs):
    return services.factchecks_import(items=claimreviews.read(data), **kwargs)


def test_each_review_is_stored_with_its_fields(db, reviews):
    report = run(reviews, source="feed.json")
    assert (report.created, report.updated, report.problems) == (3, 0, [])
    stored = OutsideFactCheck.objects.get(review_url="https://factchecker.example/reviews/0")
    assert stored.claim_reviewed == CLAIMS[0]
    assert (stored.rating, stored.rating_value, stored.best_rating) == ("False", 1.0, 5.0)
    assert stored.publisher_name == "PolitiFact"
    assert stored.appearance_urls == ["https://social.example/post/1"]
    assert stored.source == "feed.json"
    assert stored.raw["headline"] == "Fact-check 0"
    assert stored.imported_at is not None and stored.updated_at is not None


def test_importing_again_updates_in_place(db, reviews):
    run(reviews)
    first = OutsideFactCheck.objects.get(review_url=reviews[0]["url"])
    reviews[0]["reviewRating"]["alternateName"] = "Mostly false"
    report = run(reviews)
    assert (report.created, report.updated) == (0, 3)
    assert OutsideFactCheck.objects.count() == 3
    again = OutsideFactCheck.objects.get(review_url=reviews[0]["url"])
    assert again.pk == first.pk and again.imported_at == first.imported_at
    assert again.rating_name == "Mostly false"


def test_the_last_copy_of_a_review_in_one_import_wins(db, reviews):
    reviews.append(review(0, CLAIMS[0], rating="True"))
    report = run(reviews)
    assert report.created == 3
    assert OutsideFactCheck.objects.get(review_url=reviews[0]["url"]).rating_name == "True"


def test_malformed_items_are_skipped_and_the_rest_imports(db, reviews):
    reviews[1]["datePublished"] = "not a date"
    report = run(reviews)
    assert report.created == 2
    assert [str(p) for p in report.problems] == [
        "item 1: `datePublished` must be a date (YYYY-MM-DD), not 'not a date'."
    ]
    assert report.as_json()["skipped"] == 1


def test_the_publisher_option_names_reviews_that_name_none(db):
    bare = {"@type": "ClaimReview", "url": "https://a.example/1", "claimReviewed": CLAIMS[2]}
    run([bare, review(5, CLAIMS[0])], publisher="Snopes")
    assert OutsideFactCheck.objects.get(review_url="https://a.example/1").publisher_name == "Snopes"
    assert OutsideFactCheck.objects.get(review_url__endswith="/5").publisher_name == "PolitiFact"


def test_embeddings_are_stored_once_per_text(db, reviews):
    run(reviews)
    keys = {semantic.text_key(t) for t in CLAIMS} | {
        semantic.text_key(f"Fact-check {i}") for i in range(3)
    }
    assert set(TextEmbedding.objects.values_list("key", flat=True)) == keys
    run(reviews)
    assert TextEmbedding.objects.count() == len(keys)


def test_only_editors_import_through_a_person(db, reviews, reviewer, editor):
    with pytest.raises(PermissionDenied):
        run(reviews, user=reviewer)
    assert run(reviews, user=editor).created == 3
