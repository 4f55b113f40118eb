"""Blind means blind: until a reviewer has rated a claim, colleagues' comments and sources on it are
hidden from them, in the panel, the claim's history and the API; their own are shown; editors see
everything; the panel says what is hidden and why."""

import pytest
from django.urls import reverse

from factcheck import services
from tests.factories import live_claim


@pytest.fixture
def claim(article, reviewer, reviewer2, editor):
    """rosa (reviewer) has not rated; ravi (reviewer2) commented, added a source, and rated."""
    claim = live_claim(article, "40,000")
    services.source_add(
        claim=claim,
        user=reviewer2,
        url="https://ons.example/table",
        stance="refutes",
        title="ONS table 4",
    )
    services.comment_add(claim=claim, author=reviewer2, body="Refuted by the ONS, plainly.")
    services.comment_add(claim=claim, author=reviewer2, body="@rosa see the ONS table")
    services.comment_add(claim=claim, author=editor, body="Editor thinks it is false.")
    services.source_add(
        claim=claim, user=reviewer, url="https://rosa.example/own", stance="context", title="Mine"
    )
    mine = services.comment_add(claim=claim, author=reviewer, body="My own working notes.")
    services.comment_add(claim=claim, author=reviewer2, body="Ravi answers rosa", parent=mine)
    label = claim.rating_scale.labels.get(slug="false")
    services.rating_submit(claim=claim, reviewer=reviewer2, label=label, rationale="ONS says no.")
    return claim


HIDDEN = ["Refuted by the ONS", "see the ONS table", "Editor thinks", "Ravi answers", "ONS table 4"]
OWN = ["My own working notes.", "Mine"]


def _rate(claim, user):
    label = claim.rating_scale.labels.get(slug="mostly-false")
    services.rating_submit(claim=claim, reviewer=user, label=label, rationale="My view.")


def test_the_panel_hides_colleagues_comments_and_sources_until_the_reviewer_rates(
    client, claim, reviewer
):
    client.force_login(reviewer)
    html = client.get(claim.get_absolute_url()).content.decode()
    for text in HIDDEN:
        assert text not in html
    for text in OWN:
        assert text in html
    assert "2 sources" not in html
    assert "1 source added by a colleague is hidden until you rate this claim" in html
    assert "4 comments by colleagues are hidden until you rate this claim" in html
    assert "2 of them mention you or answer you: rate, then read them." in html
    _rate(claim, reviewer)
    html = client.get(claim.get_absolute_url()).content.decode()
    for text in HIDDEN + OWN:
        assert text in html
    assert "hidden until you rate" not in html


def test_editors_see_everything(client, claim, editor):
    client.force_login(editor)
    html = client.get(claim.get_absolute_url()).content.decode()
    for text in HIDDEN + OWN:
        assert text in html
    assert "hidden until you rate" not in html


def test_a_published_claim_is_no_longer_blind(client, claim, reviewer, editor):
    label = claim.rating_scale.labels.get(slug="false")
    services.verdict_publish(
        claim=claim,
        editor=editor,
        label=label,
        summary="False.",
        explanation="ONS.",
        quorum_override_reason="One rating is enough here.",
    )
    client.force_login(reviewer)
    html = client.get(claim.get_absolute_url()).content.decode()
    for text in HIDDEN:
        assert text in html


def test_the_htmx_discussion_part_after_commenting_stays_blind(client, claim, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("factcheck:claim_comment", args=[claim.pk]),
        {"body": "Another note of mine."},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Another note of mine." in html and "My own working notes." in html
    for text in HIDDEN:
        assert text not in html


def test_the_history_leaves_out_colleagues_sources_until_the_reviewer_rates(
    client, claim, reviewer
):
    client.force_login(reviewer)
    url = reverse("factcheck:claim_history", args=[claim.pk])
    html = client.get(url).content.decode()
    assert "ONS table 4" not in html and "Mine" in html
    assert "1 change to the sources they added, are left out until you rate this claim" in html
    _rate(claim, reviewer)
    html = client.get(url).content.decode()
    assert "ONS table 4" in html and "left out until you rate" not in html


def test_the_api_hides_them_too_and_says_how_many(client, claim, reviewer):
    client.force_login(reviewer)
    sources = client.get(reverse("api:claim-sources", args=[claim.pk]))
    assert [s["title"] for s in sources.json()] == ["Mine"]
    assert sources["X-Hidden-Until-Rated"] == "1"
    comments = client.get(reverse("api:claim-comments", args=[claim.pk]))
    assert [c["body"] for c in comments.json()] == ["My own working notes."]
    assert comments["X-Hidden-Until-Rated"] == "4"
    detail = client.get(reverse("api:claim-detail", args=[claim.pk])).json()
    assert [s["title"] for s in detail["sources"]] == ["Mine"]
    listed = client.get(reverse("api:claim-list")).json()["results"]
    for item in listed:
        if item["id"] == claim.pk:
            assert [s["title"] for s in item["sources"]] == ["Mine"]
    _rate(claim, reviewer)
    sources = client.get(reverse("api:claim-sources", args=[claim.pk]))
    assert len(sources.json()) == 2 and sources["X-Hidden-Until-Rated"] == "0"
    comments = client.get(reverse("api:claim-comments", args=[claim.pk]))
    assert len(comments.json()) == 5
    detail = client.get(reverse("api:claim-detail", args=[claim.pk])).json()
    assert len(detail["sources"]) == 2


def test_a_reply_of_mine_to_a_hidden_comment_shows_at_the_top(client, article, reviewer, editor):
    claim = live_claim(article, "40,000")
    parent = services.comment_add(claim=claim, author=editor, body="Hidden editor note.")
    services.comment_add(claim=claim, author=reviewer, body="My reply to it.", parent=parent)
    client.force_login(reviewer)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Hidden editor note." not in html
    assert 'class="comment depth-0"' in html and "My reply to it." in html


def test_the_blind_panel_costs_the_same_however_much_is_hidden(
    client, article, reviewer, editor, django_assert_max_num_queries
):
    from tests.factories import ReviewerFactory

    claim = live_claim(article, "40,000")
    client.force_login(reviewer)

    def contribute(user):
        services.source_add(
            claim=claim, user=user, url=f"https://e.example/{user.pk}", stance="refutes"
        )
        parent = services.comment_add(claim=claim, author=user, body="@rosa it is false")
        services.comment_add(claim=claim, author=editor, body="agreed", parent=parent)

    contribute(ReviewerFactory())
    with django_assert_max_num_queries(60) as few:
        client.get(claim.get_absolute_url())
    for _ in range(6):
        contribute(ReviewerFactory())
    with django_assert_max_num_queries(60) as many:
        html = client.get(claim.get_absolute_url()).content.decode()
    assert "7 sources added by colleagues are hidden" in html
    assert "14 comments by colleagues are hidden" in html
    assert len(many.captured_queries) == len(few.captured_queries)
