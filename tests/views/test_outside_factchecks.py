"""The claim panel's "already checked" lists other fact-checkers' reviews too, and an editor attaches
one as a source of the claim in one click."""

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.matching import claimreviews
from factcheck.models import OutsideFactCheck, Source
from tests.factories import live_claim
from tests.matching.conftest import review

HTMX = {"HTTP_HX_REQUEST": "true"}
WORDING = "Exports rose by 12 percent in 2023, the largest rise since 2010."


@pytest.fixture
def outside(db):
    services.factchecks_import(
        items=claimreviews.read(
            [
                review(
                    1, "Exports grew 12% in 2023, the biggest increase since 2010.", rating="False"
                ),
                review(2, "Wind turbines cause cancer in people who live near them."),
            ]
        )
    )
    return OutsideFactCheck.objects.get(review_url__endswith="/1")


@pytest.fixture
def claim(article):
    return live_claim(article, "exports rose")


def _attach_url(claim, factcheck):
    return reverse("factcheck:claim_attach_factcheck", args=[claim.pk, factcheck.pk])


def test_editors_see_outside_fact_checks_with_rating_publisher_date_and_link(
    client, editor, claim, outside
):
    client.force_login(editor)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "checked by PolitiFact: False" in html
    assert 'href="https://factchecker.example/reviews/1"' in html
    assert "2 Mar 2024" in html
    assert "Attach as a source" in html
    assert "Wind turbines" not in html  # not about this claim


def test_reviewers_who_have_not_rated_do_not_see_them(client, reviewer, claim, outside):
    client.force_login(reviewer)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "checked by PolitiFact" not in html


def test_an_editor_attaches_one_in_one_click(client, editor, claim, outside):
    client.force_login(editor)
    response = client.post(_attach_url(claim, outside), **HTMX)
    assert response.status_code == 200
    source = Source.objects.get(claim=claim)
    assert (source.url, source.stance, source.publisher) == (
        outside.review_url,
        Source.Stance.REFUTES,
        "PolitiFact",
    )
    html = response.content.decode()
    assert "attached as a source" in html
    assert f'id="claim-{claim.pk}-sources"' in html
    # Twice is still once.
    client.post(_attach_url(claim, outside), **HTMX)
    assert Source.objects.filter(claim=claim).count() == 1


def test_a_plain_post_redirects_to_the_claim(client, editor, claim, outside):
    client.force_login(editor)
    response = client.post(_attach_url(claim, outside))
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url()
    assert Source.objects.filter(claim=claim, url=outside.review_url).exists()


def test_attaching_is_post_only(client, editor, claim, outside):
    client.force_login(editor)
    assert client.get(_attach_url(claim, outside)).status_code == 405


def test_reviewers_cannot_attach(client, reviewer, claim, outside):
    client.force_login(reviewer)
    assert client.post(_attach_url(claim, outside), **HTMX).status_code == 403
    assert not Source.objects.exists()


def test_an_unknown_claim_or_fact_check_is_a_404(client, editor, claim, outside):
    client.force_login(editor)
    missing = reverse("factcheck:claim_attach_factcheck", args=[claim.pk, outside.pk + 999])
    assert client.post(missing, **HTMX).status_code == 404
    no_claim = reverse("factcheck:claim_attach_factcheck", args=[claim.pk + 999, outside.pk])
    assert client.post(no_claim, **HTMX).status_code == 404
