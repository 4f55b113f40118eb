"""Fixing who made a claim: claim_set_claimant."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from factcheck import public_cache, services
from factcheck.models import Claim
from tests.factories import live_claim


def test_an_editor_fixes_the_claimant_and_the_history_says_from_what(article, editor):
    claim = live_claim(article, "re-exports")
    version = claim.version
    services.claim_set_claimant(
        claim=claim, editor=editor, claimant="  Ana Ruiz ", expected_version=version
    )
    claim.refresh_from_db()
    assert claim.claimant == "Ana Ruiz"
    assert claim.version == version + 1
    last = claim.history.first()
    assert last.history_change_reason == "Claimant: Maria Lopez → Ana Ruiz"
    assert last.history_user == editor


def test_the_same_name_changes_nothing(article, editor):
    claim = live_claim(article, "re-exports")
    services.claim_set_claimant(claim=claim, editor=editor, claimant="Maria Lopez")
    assert Claim.objects.get(pk=claim.pk).version == claim.version


@pytest.mark.parametrize(
    ("value", "message"),
    [("  ", "Say who made the claim"), ("x" * 301, "300 characters"), ("a\x00b", "NUL")],
)
def test_a_blank_overlong_or_nul_claimant_is_refused(article, editor, value, message):
    claim = live_claim(article)
    with pytest.raises(ValidationError) as exc:
        services.claim_set_claimant(claim=claim, editor=editor, claimant=value)
    assert message in exc.value.message_dict["claimant"][0]


def test_reviewers_cannot_fix_the_claimant(article, reviewer):
    with pytest.raises(PermissionDenied):
        services.claim_set_claimant(claim=live_claim(article), editor=reviewer, claimant="X")


def test_a_stale_version_is_a_conflict(article, editor):
    claim = live_claim(article)
    services.claim_set_claimant(claim=claim, editor=editor, claimant="First")
    with pytest.raises(services.ConflictError):
        services.claim_set_claimant(
            claim=claim, editor=editor, claimant="Second", expected_version=claim.version
        )


def test_a_published_claims_claimant_can_be_fixed_and_refreshes_public_reads(
    article, editor, django_capture_on_commit_callbacks
):
    claim = live_claim(article)
    services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="false"),
        summary="S",
        explanation="E",
        quorum_override_reason="Test",
    )
    token = public_cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_set_claimant(claim=claim, editor=editor, claimant="Finance Ministry")
    assert Claim.objects.get(pk=claim.pk).claimant == "Finance Ministry"
    assert public_cache.version() != token


def test_a_dismissed_claims_claimant_cannot_be_changed(article, editor):
    claim = live_claim(article)
    services.claim_dismiss(claim=claim, editor=editor, reason="Opinion")
    claim.refresh_from_db()  # read as dismissed (read before, it is a conflict: test_reviews.py)
    with pytest.raises(ValidationError, match="dismissed claim's claimant"):
        services.claim_set_claimant(claim=claim, editor=editor, claimant="X")
