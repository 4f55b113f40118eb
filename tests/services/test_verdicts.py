import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from factcheck import services
from factcheck.models import Claim, Verdict
from tests.factories import live_claim


def _rated_claim(article, *reviewers):
    claim = live_claim(article)
    for i, reviewer in enumerate(reviewers):
        label = claim.rating_scale.labels.get(value=2 + i)
        services.rating_submit(claim=claim, reviewer=reviewer, label=label, rationale="Checked")
    return claim


def _publish(claim, editor, **kwargs):
    defaults = dict(
        label=claim.rating_scale.labels.get(slug="false"),
        summary="Exports rose 8 percent, not 12.",
        explanation="The statistics office reports 8 percent.",
    )
    return services.verdict_publish(claim=claim, editor=editor, **{**defaults, **kwargs})


def test_editor_publishes_at_quorum(article, editor, reviewer, reviewer2):
    claim = _rated_claim(article, reviewer, reviewer2)
    source = services.source_add(
        claim=claim, user=reviewer, url="https://stats.example/t", stance="refutes"
    )
    verdict = _publish(claim, editor, sources=[source])
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    assert verdict.revision == 1 and verdict.is_current
    assert verdict.ratings_count == 2
    assert list(verdict.sources.all()) == [source]


def test_below_quorum_needs_an_override_reason(article, editor, reviewer):
    claim = _rated_claim(article, reviewer)
    with pytest.raises(ValidationError) as exc:
        _publish(claim, editor)
    assert "quorum_override_reason" in exc.value.message_dict
    verdict = _publish(claim, editor, quorum_override_reason="Breaking news; second reviewer away")
    assert verdict.quorum_override_reason.startswith("Breaking")


@override_settings(FACTCHECK_QUORUM=1)
def test_quorum_is_a_setting(article, editor, reviewer):
    claim = _rated_claim(article, reviewer)
    assert _publish(claim, editor).quorum_override_reason == ""


def test_reviewers_cannot_publish(article, reviewer, reviewer2):
    claim = _rated_claim(article, reviewer, reviewer2)
    with pytest.raises(PermissionDenied):
        _publish(claim, reviewer)


def test_publishing_twice_is_a_conflict(article, editor, reviewer, reviewer2):
    claim = _rated_claim(article, reviewer, reviewer2)
    _publish(claim, editor)
    with pytest.raises(services.ConflictError):
        _publish(claim, editor)


def test_sources_of_another_claim_are_refused(article, editor, reviewer, reviewer2):
    claim = _rated_claim(article, reviewer, reviewer2)
    other = article.claims.exclude(pk=claim.pk).first()
    source = services.source_add(
        claim=other, user=reviewer, url="https://x.example/", stance="context"
    )
    with pytest.raises(ValidationError):
        _publish(claim, editor, sources=[source])
    assert not Verdict.objects.exists()


def test_a_correction_adds_a_revision_and_keeps_the_first(article, editor, reviewer, reviewer2):
    claim = _rated_claim(article, reviewer, reviewer2)
    first = _publish(claim, editor)
    with pytest.raises(ValidationError):
        services.verdict_correct(
            claim=claim,
            editor=editor,
            label=first.label,
            summary="s",
            explanation="e",
            correction_note="",
            expected_revision=1,
        )
    second = services.verdict_correct(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="mostly-false"),
        summary="Exports rose 10 percent, not 12.",
        explanation="Revised figures.",
        correction_note="The statistics office revised its figure.",
        expected_revision=1,
    )
    first.refresh_from_db()
    assert not first.is_current and first.summary == "Exports rose 8 percent, not 12."
    assert second.is_current and second.revision == 2
    with pytest.raises(services.ConflictError):
        services.verdict_correct(
            claim=claim,
            editor=editor,
            label=first.label,
            summary="s",
            explanation="e",
            correction_note="late",
            expected_revision=1,
        )
    assert claim.verdicts.count() == 2


# --- The claim reviewed (ClaimReview `claimReviewed`) and the label -------------------------------


def test_the_claim_reviewed_defaults_to_the_wording_and_is_stored_stripped(article, editor):
    claim = live_claim(article)
    verdict = _publish(claim, editor, quorum_override_reason="Test")
    assert verdict.claim_reviewed == claim.wording
    other = live_claim(article, "re-exports")
    short = _publish(
        other,
        editor,
        claim_reviewed="  Re-exports were counted twice.  ",
        quorum_override_reason="T",
    )
    assert short.claim_reviewed == "Re-exports were counted twice."


@pytest.mark.parametrize(
    ("value", "message"),
    [("   ", "Say which claim was reviewed"), ("x" * 301, "300 characters at most")],
)
def test_a_blank_or_overlong_claim_reviewed_is_refused(article, editor, value, message):
    claim = live_claim(article)
    with pytest.raises(ValidationError) as exc:
        _publish(claim, editor, claim_reviewed=value, quorum_override_reason="Test")
    assert message in exc.value.message_dict["claim_reviewed"][0]
    assert not Verdict.objects.exists()


def test_a_claim_reviewed_over_75_characters_is_allowed(article, editor):
    claim = live_claim(article)
    verdict = _publish(claim, editor, claim_reviewed="y" * 90, quorum_override_reason="Test")
    assert len(verdict.claim_reviewed) == 90


def test_a_verdict_without_a_label_is_refused_with_a_clear_error(article, editor):
    claim = live_claim(article)
    with pytest.raises(ValidationError) as exc:
        _publish(claim, editor, label=None, quorum_override_reason="Test")
    assert exc.value.message_dict["label"] == ["Choose the verdict's label."]


def test_a_correction_keeps_the_claim_reviewed_unless_given(article, editor, reviewer, reviewer2):
    claim = _rated_claim(article, reviewer, reviewer2)
    _publish(claim, editor, claim_reviewed="Exports rose 12 percent.")
    label = claim.rating_scale.labels.get(slug="false")
    common = dict(claim=claim, editor=editor, label=label, summary="S", explanation="E")
    second = services.verdict_correct(**common, correction_note="Typo.", expected_revision=1)
    assert second.claim_reviewed == "Exports rose 12 percent."
    third = services.verdict_correct(
        **common, correction_note="Shorter.", claim_reviewed="Exports up 12%.", expected_revision=2
    )
    assert third.claim_reviewed == "Exports up 12%."
