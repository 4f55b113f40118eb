"""Regressions for the issues a review found: blind-rating hints, forged cursors, odd digits,
self-merge, and an orphan outlet after a failed ingest."""

import base64
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from factcheck import services
from factcheck.models import Article, Claim, Outlet
from tests.factories import live_claim


def _label(claim, slug):
    return claim.rating_scale.labels.get(slug=slug)


def _cursor(values):
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def test_the_claim_history_does_not_say_who_rated_before_you_rate(
    client, reviewer, reviewer2, article
):
    claim = live_claim(article)
    services.rating_submit(
        claim=claim, reviewer=reviewer2, label=_label(claim, "false"), rationale="x"
    )
    client.force_login(reviewer)
    body = client.get(reverse("factcheck:claim_history", args=[claim.pk])).content.decode()
    assert "ravi" not in body


def test_reviewers_queues_do_not_count_colleagues_ratings(
    client, editor, reviewer, reviewer2, article
):
    claim = live_claim(article)
    services.claim_select(claim=claim, editor=editor)
    services.rating_submit(
        claim=claim, reviewer=reviewer2, label=_label(claim, "false"), rationale="x"
    )
    client.force_login(reviewer)
    assert "1 rating" not in client.get(reverse("factcheck:my_work")).content.decode()
    services.rating_submit(
        claim=claim, reviewer=reviewer, label=_label(claim, "false"), rationale="y"
    )
    client.force_login(editor)
    assert "2 ratings" in client.get(reverse("factcheck:my_work")).content.decode()


@pytest.mark.parametrize(
    "values", [[None, None], [[1], 2], [{"x": 1}, 2], ["2026-01-01", None], [{"dt": None}, 1]]
)
def test_forged_cursors_on_public_and_desk_lists_give_the_first_page(db, editor, values):
    anonymous = Client(raise_request_exception=False)
    response = anonymous.get(reverse("factcheck:public_verdicts") + "?after=" + _cursor(values))
    assert response.status_code == 200
    desk = Client(raise_request_exception=False)
    desk.force_login(editor)
    response = desk.get(reverse("factcheck:my_work") + "?candidates_after=" + _cursor(values))
    assert response.status_code == 200


def test_a_non_ascii_digit_claim_id_is_a_404(client, reviewer, article):
    client.force_login(reviewer)
    assert client.get(article.get_absolute_url() + "?claim=%C2%B2").status_code == 404


def test_a_claim_cannot_be_merged_with_itself(editor, article):
    claim = live_claim(article)
    with pytest.raises(ValidationError, match="two different claims"):
        services.claim_merge(claims=[claim, claim], editor=editor)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CANDIDATE


def test_a_failed_ingest_on_the_page_leaves_no_new_outlet(client, editor, db):
    client.force_login(editor)
    response = client.post(
        reverse("factcheck:article_add"),
        {"text": "\x07\x07\x07 \x01\x02\x03", "outlet": "Brand New Outlet"},
    )
    assert response.status_code == 400
    assert not Article.objects.exists()
    assert not Outlet.objects.filter(name="Brand New Outlet").exists()
