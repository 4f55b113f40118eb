"""Public verdict pages: published verdicts only, with ClaimReview JSON-LD."""

import json
import re

import pytest
from django.urls import reverse

from factcheck import services
from tests.factories import live_claim


@pytest.fixture
def published(article, editor):
    claim = live_claim(article, "12 percent")
    label = claim.rating_scale.labels.get(slug="false")
    return services.verdict_publish(
        claim=claim,
        editor=editor,
        label=label,
        summary="Exports rose 8 percent, not 12.",
        explanation="The statistics office reports 8 percent.",
        quorum_override_reason="Test",
    )


def _json_ld(body: str) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', body, re.S)
    assert match, "no JSON-LD in the page"
    return json.loads(match.group(1))


def test_the_public_page_shows_the_verdict_and_valid_claimreview(client, published):
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Exports rose 8 percent, not 12." in body
    data = _json_ld(body)
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == published.claim.wording
    assert data["reviewRating"]["alternateName"] == "False"
    assert data["reviewRating"]["ratingValue"] == 2
    assert data["reviewRating"]["bestRating"] == 6 and data["reviewRating"]["worstRating"] == 1
    assert data["url"].endswith(published.get_absolute_url())
    assert data["itemReviewed"]["@type"] == "Claim"
    # The article attributes the claim to the ministry (an organisation), not to the outlet.
    assert data["itemReviewed"]["author"] == {"@type": "Organization", "name": "trade ministry"}
    assert data["author"]["@type"] == "Organization"


def test_claimreview_names_a_quoted_person_as_a_person(client, article, editor):
    claim = live_claim(article, "re-exports")
    assert claim.claimant == "Maria Lopez"
    verdict = services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="true"),
        summary="Re-exports were counted once.",
        explanation="The ministry's tables list them separately.",
        quorum_override_reason="Test",
    )
    data = _json_ld(client.get(verdict.get_absolute_url()).content.decode())
    assert data["itemReviewed"]["author"] == {"@type": "Person", "name": "Maria Lopez"}


def test_unpublished_claims_are_404_on_public_pages(client, article):
    claim = live_claim(article)
    url = reverse("factcheck:public_verdict", kwargs={"claim_id": claim.pk, "slug": "x"})
    assert client.get(url).status_code == 404


def test_a_wrong_slug_redirects_to_the_canonical_page(client, published):
    url = reverse(
        "factcheck:public_verdict", kwargs={"claim_id": published.claim_id, "slug": "old"}
    )
    response = client.get(url)
    assert response.status_code == 301 and response.url == published.get_absolute_url()


def test_the_index_lists_only_published_verdicts_and_searches(client, published, article):
    response = client.get(reverse("factcheck:public_verdicts"))
    body = response.content.decode()
    assert published.summary in body
    unpublished = article.claims.exclude(pk=published.claim_id).first()
    assert unpublished.wording not in body
    assert (
        client.get(reverse("factcheck:public_verdicts"), {"q": "zzzz"}).context["page"].count == 0
    )
    assert (
        client.get(reverse("factcheck:public_verdicts"), {"q": "8 percent"}).context["page"].count
        == 1
    )


def test_a_correction_is_visible_on_the_public_page(client, published, editor):
    services.verdict_correct(
        claim=published.claim,
        editor=editor,
        label=published.label,
        summary="Exports rose 9 percent, not 12.",
        explanation="Revised.",
        correction_note="The office revised its figure.",
        expected_revision=1,
    )
    response = client.get(published.get_absolute_url(), follow=True)
    body = response.content.decode()
    assert "The office revised its figure." in body
    assert "9 percent" in body
    data = _json_ld(body)
    assert data["headline"] == "Exports rose 9 percent, not 12."


def test_json_ld_cannot_break_out_of_its_script(client, article, editor):
    claim = live_claim(article)
    services.claim_reword(claim=claim, editor=editor, wording="</script><script>alert(1)</script>")
    verdict = services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="false"),
        summary="s",
        explanation="e",
        quorum_override_reason="t",
    )
    body = client.get(verdict.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in body
    assert _json_ld(body)["claimReviewed"] == "</script><script>alert(1)</script>"


def test_public_pages_refuse_post(client, published):
    assert client.post(published.get_absolute_url()).status_code == 405


def test_a_verdict_on_an_article_without_outlet_renders(client, editor):
    from tests.factories import ARTICLE_TEXT, make_article

    article = make_article(ARTICLE_TEXT)
    claim = live_claim(article)
    services.claim_reword(claim=claim, editor=editor, wording=claim.wording, claimant="")
    verdict = services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="false"),
        summary="s",
        explanation="e",
        quorum_override_reason="t",
    )
    response = client.get(verdict.get_absolute_url())
    assert response.status_code == 200
    assert "Claimed by <strong>unknown</strong>" in response.content.decode()
