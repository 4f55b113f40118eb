"""The verdict form (label, claim reviewed, Markdown explanation) and the claimant's fix, through the
views: what the panel offers, and errors in place with and without htmx."""

import json
import re

import pytest
from django.urls import reverse

from factcheck import services, tasks
from factcheck.models import Claim, Verdict
from tests.consensus.helpers import rate
from tests.factories import live_claim

HTMX = {"HTTP_HX_REQUEST": "true"}


def _panel(client, claim) -> str:
    return client.get(reverse("factcheck:claim", args=[claim.pk])).content.decode()


def _selected(body: str, claim) -> str | None:
    select = re.search(
        rf'<select name="label" id="verdict-label-{claim.pk}".*?</select>', body, re.S
    )
    option = re.search(r'<option value="(\d*)"[^>]* selected', select.group(0))
    return option.group(1) if option else None


def test_the_label_is_the_proposed_one_else_none(client, editor, article, reviewer, reviewer2):
    client.force_login(editor)
    claim = live_claim(article)
    assert _selected(_panel(client, claim), claim) == ""  # nothing proposed: the editor chooses
    assert "The ratings propose no label: choose one." in _panel(client, claim)
    rate(claim, reviewer, "mostly-false")
    rate(claim, reviewer2, "mostly-false")
    expected = claim.rating_scale.labels.get(slug="mostly-false").pk
    assert _selected(_panel(client, claim), claim) == str(expected)


def test_the_claim_reviewed_is_prefilled_from_the_wording_with_its_count(client, editor, article):
    client.force_login(editor)
    claim = live_claim(article)
    body = _panel(client, claim)
    assert f'name="claim_reviewed" id="verdict-reviewed-{claim.pk}"' in body
    assert f'value="{claim.wording}"' in body
    assert f"{len(claim.wording)} characters" in body
    assert 'data-advised="75"' in body


def test_the_first_verdict_rests_on_the_claims_sources_unless_unticked(
    client, editor, article, reviewer
):
    client.force_login(editor)
    claim = live_claim(article)
    source = services.source_add(
        claim=claim, user=reviewer, url="https://example.org/stats", stance="refutes", title="Stats"
    )
    body = _panel(client, claim)
    assert re.search(rf'name="sources" value="{source.pk}" checked', body)


@pytest.mark.parametrize("htmx", [False, True])
def test_no_label_is_a_clear_error_in_place_keeping_the_text(client, editor, article, htmx):
    client.force_login(editor)
    claim = live_claim(article)
    data = {
        "label": "",
        "summary": "Exports rose 8%.",
        "claim_reviewed": "Exports rose 12 percent in 2023, the ministry said on Monday, a record.",
        "explanation": "Official **data**.",
        "quorum_override_reason": "Urgent",
    }
    headers = HTMX if htmx else {}
    response = client.post(reverse("factcheck:claim_verdict", args=[claim.pk]), data, **headers)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose the verdict&#x27;s label." in body
    assert "Official **data**." in body
    assert ("<html" in body) is not htmx
    assert f"{len(data['claim_reviewed'])} characters" in body
    assert not Verdict.objects.exists()


def test_the_explanation_is_markdown_in_the_panel_and_plain_in_the_claimreview(
    client, editor, article
):
    claim = live_claim(article, "12 percent")
    verdict = services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="false"),
        summary="Exports rose 8 percent.",
        claim_reviewed="Exports rose 12 percent.",
        explanation="The office reports **8 percent**. <script>alert(1)</script>",
        quorum_override_reason="Test",
    )
    client.force_login(editor)
    panel = _panel(client, claim)
    assert "<strong>8 percent</strong>" in panel and "<script>alert(1)" not in panel
    client.logout()
    public = client.get(verdict.get_absolute_url()).content.decode()
    assert "<strong>8 percent</strong>" in public and "<script>alert(1)" not in public
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', public, re.S)
    data = json.loads(script.group(1))
    assert data["reviewBody"] == "The office reports 8 percent."
    assert data["claimReviewed"] == "Exports rose 12 percent."


def test_the_api_and_exports_carry_the_claim_reviewed(client, editor, article):
    claim = live_claim(article, "12 percent")
    services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="false"),
        summary="S",
        claim_reviewed="Exports rose 12 percent.",
        explanation="*E*",
        quorum_override_reason="Test",
    )
    assert client.get(reverse("api:verdict-list")).json()["results"][0]["claim_reviewed"] == (
        "Exports rose 12 percent."
    )
    response = client.get(reverse("api:export-jsonl"))
    row = json.loads(b"".join(response.streaming_content).decode().splitlines()[0])
    assert row["claim_reviewed"] == "Exports rose 12 percent."
    response = client.get(reverse("api:export-claimreview"))
    feed = json.loads(b"".join(response.streaming_content).decode())
    [review] = feed["dataFeedElement"]
    assert review["claimReviewed"] == "Exports rose 12 percent."
    assert review["reviewBody"] == "E"


def test_too_few_ratings_show_instead_of_an_alpha(client, editor, article, reviewer, reviewer2):
    claim = live_claim(article)
    rate(claim, reviewer, "true")
    rate(claim, reviewer2, "false")
    tasks.recompute_desk()
    client.force_login(editor)
    body = _panel(client, claim)
    table = re.search(r'<table class="agreement-table">.*?</table>', body, re.S).group(0)
    assert table.count("too few ratings") == 3
    assert "review the guidelines" not in table
    health = client.get(reverse("factcheck:desk_health")).content.decode()
    assert "Too few ratings" in health and "α = " not in health


# --- The claimant ---------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_a_blank_claimant_is_an_error_in_the_header(client, editor, article, htmx):
    client.force_login(editor)
    claim = live_claim(article)
    url = reverse("factcheck:claim_claimant", args=[claim.pk])
    headers = HTMX if htmx else {}
    response = client.post(url, {"claimant": "  ", "version": claim.version}, **headers)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Say who made the claim" in body
    if htmx:
        assert body.lstrip().startswith(f'<header id="claim-{claim.pk}-header"')
    assert Claim.objects.get(pk=claim.pk).claimant == claim.claimant


def test_a_stale_claimant_fix_is_a_conflict_that_keeps_the_text(client, editor, article):
    client.force_login(editor)
    claim = live_claim(article)
    services.claim_set_claimant(claim=claim, editor=editor, claimant="Someone else")
    url = reverse("factcheck:claim_claimant", args=[claim.pk])
    response = client.post(url, {"claimant": "My fix", "version": claim.version}, **HTMX)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Conflict:" in body and 'value="My fix"' in body
    assert Claim.objects.get(pk=claim.pk).claimant == "Someone else"


def test_reviewers_see_no_claimant_fix(client, reviewer, article):
    client.force_login(reviewer)
    claim = live_claim(article)
    assert "Fix the claimant" not in _panel(client, claim)


def test_the_claimreview_author_follows_a_fixed_claimant(
    client, editor, article, django_capture_on_commit_callbacks
):
    claim = live_claim(article, "12 percent")
    verdict = services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="false"),
        summary="Exports rose 8 percent, not 12.",
        explanation="E",
        quorum_override_reason="Test",
    )

    def author():
        body = client.get(verdict.get_absolute_url()).content.decode()
        script = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
        return json.loads(script.group(1))["itemReviewed"]["author"]

    assert author() == {"@type": "Organization", "name": "trade ministry"}
    client.force_login(editor)
    url = reverse("factcheck:claim_claimant", args=[claim.pk])
    version = Claim.objects.get(pk=claim.pk).version  # publishing moved it
    # The cached public page is dropped when the fix commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"claimant": "Jonas Berg", "version": version})
    assert response.status_code == 302
    client.logout()
    assert author() == {"@type": "Person", "name": "Jonas Berg"}
