"""The triage actions in the claim panel: queue priority, confirm or reject a claim already checked.

Each: happy path (plain POST and htmx), 405 for GET, 403 for a reviewer, 404 for someone else's object.
"""

import pytest
from django.urls import reverse
from django.utils.dateformat import format as date_format

from factcheck.models import Claim, ClaimMatch
from tests.factories import live_claim
from tests.triage.conftest import publish, repeated_claim

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def match(checked, repeat):
    return ClaimMatch.objects.get(claim=repeated_claim(repeat))


def _match_url(name, match, claim_pk=None):
    return reverse(f"factcheck:{name}", args=[claim_pk or match.claim_id, match.pk])


# --- Queue priority -------------------------------------------------------------------------------


def test_editor_moves_a_claim_up(client, editor, article):
    claim = live_claim(article)
    client.force_login(editor)
    url = reverse("factcheck:claim_priority", args=[claim.pk])
    response = client.post(url, {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url()
    response = client.post(url, {"direction": "down"}, **HTMX)
    assert response.status_code == 200
    assert b"Queue priority +0" in response.content
    claim.refresh_from_db()
    assert claim.priority == 0
    assert claim.history.count() == 3


def test_priority_needs_a_direction(client, editor, article):
    claim = live_claim(article)
    client.force_login(editor)
    response = client.post(reverse("factcheck:claim_priority", args=[claim.pk]), {}, **HTMX)
    assert response.status_code == 400
    assert b"up or down" in response.content


def test_priority_refuses_get(client, editor, article):
    client.force_login(editor)
    url = reverse("factcheck:claim_priority", args=[live_claim(article).pk])
    assert client.get(url).status_code == 405


def test_reviewer_cannot_change_priority(client, reviewer, article):
    claim = live_claim(article)
    client.force_login(reviewer)
    url = reverse("factcheck:claim_priority", args=[claim.pk])
    assert client.post(url, {"direction": "up"}).status_code == 403
    claim.refresh_from_db()
    assert claim.priority == 0


def test_priority_of_a_missing_claim_is_404(client, editor, db):
    client.force_login(editor)
    url = reverse("factcheck:claim_priority", args=[999_999])
    assert client.post(url, {"direction": "up"}).status_code == 404


# --- Claims already checked -----------------------------------------------------------------------


def test_panel_shows_the_earlier_verdict_with_a_link(client, editor, checked, match):
    _, verdict = checked
    client.force_login(editor)
    response = client.get(reverse("factcheck:claim", args=[match.claim_id]))
    html = response.content.decode()
    day = date_format(verdict.published_at, "j M Y")
    assert f"already checked: False</strong>, on {day}" in html
    assert verdict.get_absolute_url() in html
    assert _match_url("claim_match_confirm", match) in html
    assert _match_url("claim_match_reject", match) in html


def test_reviewers_see_the_match_but_not_the_decision(client, reviewer, match):
    client.force_login(reviewer)
    html = client.get(reverse("factcheck:claim", args=[match.claim_id])).content.decode()
    assert "already checked: False" in html
    assert _match_url("claim_match_confirm", match) not in html


def test_editor_confirms_and_the_public_page_says_checked_before(client, editor, checked, match):
    _earlier, verdict = checked
    client.force_login(editor)
    response = client.post(_match_url("claim_match_confirm", match))
    assert response.status_code == 302
    claim = Claim.objects.get(pk=match.claim_id)
    assert claim.status == Claim.Status.PUBLISHED
    reused = claim.verdicts.get()
    public = client.get(reused.get_absolute_url())
    assert public.status_code == 200
    html = public.content.decode()
    assert "This claim was checked before" in html
    assert verdict.get_absolute_url() in html
    assert "Exports 2023, national statistics office" in html


def test_editor_rejects_with_htmx(client, editor, match):
    client.force_login(editor)
    response = client.post(_match_url("claim_match_reject", match), **HTMX)
    assert response.status_code == 200
    assert "rejected by elena" in response.content.decode()
    match.refresh_from_db()
    assert match.status == ClaimMatch.Status.REJECTED


def test_confirming_twice_is_a_conflict_showing_the_decision(client, editor, match):
    client.force_login(editor)
    client.post(_match_url("claim_match_confirm", match))
    response = client.post(_match_url("claim_match_confirm", match), **HTMX)
    assert response.status_code == 409
    assert "already confirmed by elena" in response.content.decode()


@pytest.mark.parametrize("name", ["claim_match_confirm", "claim_match_reject"])
def test_match_actions_refuse_get(client, editor, match, name):
    client.force_login(editor)
    assert client.get(_match_url(name, match)).status_code == 405


@pytest.mark.parametrize("name", ["claim_match_confirm", "claim_match_reject"])
def test_reviewer_cannot_decide_a_match(client, reviewer, match, name):
    client.force_login(reviewer)
    assert client.post(_match_url(name, match)).status_code == 403
    match.refresh_from_db()
    assert match.status == ClaimMatch.Status.SUGGESTED


@pytest.mark.parametrize("name", ["claim_match_confirm", "claim_match_reject"])
def test_a_match_of_another_claim_is_404(client, editor, match, article, name):
    client.force_login(editor)
    other = live_claim(article, "Officials")
    assert client.post(_match_url(name, match, claim_pk=other.pk)).status_code == 404
    match.refresh_from_db()
    assert match.status == ClaimMatch.Status.SUGGESTED


def test_anonymous_visitors_are_sent_to_sign_in(client, match):
    response = client.post(_match_url("claim_match_confirm", match))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_panel_queries_do_not_grow_with_the_suggestions(
    client, editor, checked, repeat, django_assert_max_num_queries
):
    claim = repeated_claim(repeat)
    client.force_login(editor)
    url = reverse("factcheck:claim", args=[claim.pk])
    client.get(url)
    with django_assert_max_num_queries(200) as one:
        client.get(url)
    before = len(one.captured_queries)  # read now: every request empties the query log
    # More published claims that the matcher suggested.
    earlier, _ = checked
    others = list(earlier.article.claims.exclude(pk=earlier.pk))
    assert len(others) >= 3
    for other in others:
        publish(other, editor, with_source=False)
    ClaimMatch.objects.bulk_create(
        [ClaimMatch(claim=claim, match=o, score=0.6, method="words") for o in others]
    )
    # New verdicts change the matcher's corpus: the next page rebuilds it once (three queries).
    client.get(url)
    with django_assert_max_num_queries(before) as many:
        response = client.get(url)
    assert response.content.decode().count("already checked:") == 1 + len(others)
    assert len(many.captured_queries) == before
