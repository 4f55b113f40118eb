"""Reading ClaimReview in every shape publishers use: records out, problems named by position."""

import json

import pytest

from factcheck.matching import claimreviews
from factcheck.matching.claimreviews import Problem, ReviewRecord
from tests.matching.conftest import CLAIMS, review


def records(items):
    return [i for i in items if isinstance(i, ReviewRecord)]


def problems(items):
    return [str(i) for i in items if isinstance(i, Problem)]


def test_a_single_claimreview_is_read_with_every_field():
    [record] = claimreviews.read(review(1, CLAIMS[0], rating="Pants on Fire"))
    assert record.review_url == "https://factchecker.example/reviews/1"
    assert record.claim_reviewed == CLAIMS[0]
    assert record.headline == "Fact-check 1"
    assert (record.rating_name, record.rating_value, record.best_rating, record.worst_rating) == (
        "Pants on Fire",
        1.0,
        5.0,
        1.0,
    )
    assert (record.publisher_name, record.publisher_url) == (
        "PolitiFact",
        "https://factchecker.example/",
    )
    assert str(record.date_published) == "2024-03-02"
    assert (record.claim_author, str(record.claim_date)) == ("A Senator", "2024-02-28")
    assert record.appearance_urls == ("https://social.example/post/1",)
    assert record.raw["claimReviewed"] == CLAIMS[0]


def test_a_json_list_is_read(reviews):
    assert [r.claim_reviewed for r in records(claimreviews.read(reviews))] == CLAIMS


def test_a_datafeed_of_claimreviews_and_of_datafeeditems_is_read(reviews):
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            reviews[0],
            {"@type": "DataFeedItem", "item": reviews[1]},
            {"@type": "DataFeedItem", "dateCreated": "2024-03-01", "item": [reviews[2]]},
        ],
    }
    assert [r.claim_reviewed for r in records(claimreviews.read(feed))] == CLAIMS


def test_the_data_commons_feed_shape_is_read(reviews):
    # Data Commons: a DataFeed of DataFeedItems whose `item` is a list of ClaimReview, `@type`
    # sometimes a list and the context on every object.
    reviews[0]["@type"] = ["ClaimReview"]
    feed = {
        "@context": "http://schema.org",
        "@type": "DataFeed",
        "name": "Fact checks",
        "dataFeedElement": [
            {"@context": "http://schema.org", "@type": "DataFeedItem", "item": reviews}
        ],
    }
    assert len(records(claimreviews.read(feed))) == 3


def test_json_lines_are_read_line_by_line_and_a_bad_line_costs_only_itself(reviews):
    text = "\n".join([json.dumps(reviews[0]), "{not json", "", json.dumps(reviews[1])])
    items = list(claimreviews.read_text(text, where="feed.jsonl"))
    assert [r.claim_reviewed for r in records(items)] == CLAIMS[:2]
    [problem] = problems(items)
    assert problem.startswith("feed.jsonl: line 2: Not valid JSON")


def test_the_fact_check_tools_api_answer_is_read():
    answer = {
        "claims": [
            {
                "text": CLAIMS[1],
                "claimant": "Viral post",
                "claimDate": "2024-01-05T00:00:00Z",
                "claimReview": [
                    {
                        "publisher": {"name": "AFP Fact Check", "site": "factcheck.afp.com"},
                        "url": "https://factcheck.afp.com/eiffel",
                        "title": "No, the Eiffel Tower is not moving",
                        "reviewDate": "2024-01-06T10:00:00Z",
                        "textualRating": "False",
                        "languageCode": "en",
                    },
                    {"publisher": {"name": "Other"}, "title": "no url"},
                ],
            }
        ],
        "nextPageToken": "abc",
    }
    items = list(claimreviews.read(answer))
    [record] = records(items)
    assert record.claim_reviewed == CLAIMS[1]
    assert (record.publisher_name, record.publisher_url) == (
        "AFP Fact Check",
        "https://factcheck.afp.com/",
    )
    assert (record.rating_name, record.claim_author, record.language) == (
        "False",
        "Viral post",
        "en",
    )
    assert str(record.date_published) == "2024-01-06"
    assert problems(items) == ["claims[0].claimReview[1]: `url` is missing."]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"url": None}, "`url` is missing."),
        ({"url": "javascript:alert(1)"}, "`url` must be an http(s) address"),
        ({"claimReviewed": "   "}, "`claimReviewed` is empty."),
        ({"claimReviewed": 12}, "`claimReviewed` must be text."),
        ({"datePublished": "yesterday"}, "`datePublished` must be a date"),
        ({"reviewRating": {"ratingValue": "high"}}, "`reviewRating.ratingValue` must be a number"),
        ({"@type": "Article"}, "Expected a ClaimReview, found Article."),
    ],
)
def test_a_malformed_item_is_reported_with_its_position_and_the_rest_is_read(
    reviews, change, message
):
    reviews[1].update(change)
    items = list(claimreviews.read(reviews))
    assert [r.claim_reviewed for r in records(items)] == [CLAIMS[0], CLAIMS[2]]
    [problem] = problems(items)
    assert problem.startswith(f"item 1: {message}")


def test_positions_inside_a_feed_name_the_element_and_the_item(reviews):
    reviews[2]["url"] = ""
    feed = {"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": reviews}]}
    assert problems(claimreviews.read(feed)) == ["dataFeedElement[0].item[2]: `url` is missing."]


def test_documents_that_are_not_claimreview_at_all_are_problems():
    assert problems(claimreviews.read_text("", where="empty.json")) == [
        "empty.json: The file is empty."
    ]
    assert problems(claimreviews.read_text("[1, 2]")) == [
        "item 0: Expected a JSON object or list.",
        "item 1: Expected a JSON object or list.",
    ]
    assert problems(claimreviews.read({"@type": "DataFeed", "dataFeedElement": 3})) == [
        "dataFeedElement: Expected a list."
    ]
