"""The admin an admin runs the desk from: every changelist loads at a fixed query cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import services
from factcheck.models import Claim
from tests.factories import live_claim, make_article_with_claims

CHANGELISTS = [
    "outlet",
    "article",
    "claim",
    "rating",
    "source",
    "comment",
    "verdict",
    "assignment",
    "ratingscale",
    "ratinglabel",
    "claimmatch",
    "claimconsensus",
    "reviewerreliability",
    "desksnapshot",
]


def _populate(n, editor, reviewer, reviewer2):
    article = make_article_with_claims(n)
    for claim in article.claims.all()[:n]:
        services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)
        label = claim.rating_scale.labels.get(slug="true")
        services.rating_submit(claim=claim, reviewer=reviewer, label=label, rationale="ok")
        services.rating_submit(claim=claim, reviewer=reviewer2, label=label, rationale="ok")
        services.source_add(
            claim=claim, user=reviewer, url=f"https://e.example/{claim.pk}", stance="supports"
        )
        services.comment_add(claim=claim, author=reviewer, body="seen")
        services.verdict_publish(
            claim=claim, editor=editor, label=label, summary="True.", explanation="Checked."
        )


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelist_query_count_does_not_grow_with_rows(
    model, client, admin_user, editor, reviewer, reviewer2
):
    client.force_login(admin_user)
    url = reverse(f"admin:factcheck_{model}_changelist")
    _populate(3, editor, reviewer, reviewer2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _populate(30, editor, reviewer, reviewer2)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_the_admin_shows_an_article_with_its_claims_offsets_and_scores(client, admin_user, article):
    client.force_login(admin_user)
    response = client.get(reverse("admin:factcheck_article_change", args=[article.pk]))
    body = response.content.decode()
    claim = article.claims.order_by("start").first()
    assert response.status_code == 200
    assert f">{claim.start}<" in body.replace(" ", "") or str(claim.start) in body
    assert f"{claim.score}" in body or f"{claim.score:.2f}" in body


def test_claim_history_is_visible_in_admin(client, admin_user, article, editor):
    claim = services.claim_dismiss(claim=live_claim(article), editor=editor, reason="Opinion")
    client.force_login(admin_user)
    response = client.get(reverse("admin:factcheck_claim_history", args=[claim.pk]))
    assert response.status_code == 200
    assert "Dismissed: Opinion" in response.content.decode()


def test_dismiss_action_asks_for_a_reason_then_dismisses(client, admin_user, article):
    client.force_login(admin_user)
    claims = list(article.claims.order_by("start")[:2])
    url = reverse("admin:factcheck_claim_changelist")
    data = {"action": "dismiss", "_selected_action": [c.pk for c in claims]}
    response = client.post(url, data)
    assert response.status_code == 200 and "reason" in response.content.decode()
    response = client.post(url, {**data, "apply": "1", "reason": "Not checkable"})
    assert response.status_code == 302
    assert set(
        Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", flat=True)
    ) == {"dismissed"}


def test_assign_action_assigns_a_reviewer(client, admin_user, article, reviewer):
    client.force_login(admin_user)
    claim = live_claim(article)
    url = reverse("admin:factcheck_claim_changelist")
    response = client.post(
        url,
        {"action": "assign", "_selected_action": [claim.pk], "apply": "1", "reviewer": reviewer.pk},
    )
    assert response.status_code == 302
    assert claim.assignments.filter(reviewer=reviewer).exists()


def test_article_text_is_read_only_once_stored(client, admin_user, article):
    client.force_login(admin_user)
    response = client.get(reverse("admin:factcheck_article_change", args=[article.pk]))
    assert 'name="text"' not in response.content.decode()
