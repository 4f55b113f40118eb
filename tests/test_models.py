"""Invariants the database itself holds, whatever code writes to it."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from factcheck.models import Claim, Rating, RatingScale, Source, Verdict
from tests.factories import live_claim


def _violates(fn) -> bool:
    try:
        with transaction.atomic():
            fn()
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db
def test_presets_are_installed_with_truth_o_meter_as_default():
    assert set(RatingScale.objects.values_list("slug", flat=True)) >= {
        "truth-o-meter",
        "snopes-like",
        "conclusion-only",
    }
    default = RatingScale.default()
    assert default.slug == "truth-o-meter"
    labels = [(label.name, label.value) for label in default.labels.all()]
    assert labels[:6] == [
        ("True", 6),
        ("Mostly true", 5),
        ("Half true", 4),
        ("Mostly false", 3),
        ("False", 2),
        ("Pants on fire", 1),
    ]
    assert ("Unverifiable", None) in labels


@pytest.mark.django_db
def test_only_one_scale_can_be_default():
    other = RatingScale.objects.get(slug="snopes-like")
    other.is_default = True
    assert _violates(other.save)


def test_claim_span_must_be_ordered_and_match_its_quote(article):
    claim = live_claim(article)
    assert _violates(lambda: Claim.objects.filter(pk=claim.pk).update(end=claim.start))
    assert _violates(lambda: Claim.objects.filter(pk=claim.pk).update(quote=claim.quote + "x"))


def test_claim_score_stays_in_unit_range(article):
    claim = live_claim(article)
    assert _violates(lambda: Claim.objects.filter(pk=claim.pk).update(score=1.5))
    assert _violates(lambda: Claim.objects.filter(pk=claim.pk).update(score=-0.1))


def test_dismissed_claim_needs_a_reason(article):
    claim = live_claim(article)
    assert _violates(lambda: Claim.objects.filter(pk=claim.pk).update(status="dismissed"))


def test_two_live_claims_cannot_share_a_span(article):
    claim = live_claim(article)

    def duplicate():
        claim.pk = None
        claim.save()

    assert _violates(duplicate)


def test_one_rating_per_reviewer_per_claim(article, reviewer):
    claim = live_claim(article)
    label = claim.rating_scale.labels.first()
    Rating.objects.create(claim=claim, reviewer=reviewer, label=label, rationale="because")
    assert _violates(
        lambda: Rating.objects.create(
            claim=claim, reviewer=reviewer, label=label, rationale="again"
        )
    )


def test_rating_needs_a_rationale(article, reviewer):
    claim = live_claim(article)
    label = claim.rating_scale.labels.first()
    assert _violates(
        lambda: Rating.objects.create(claim=claim, reviewer=reviewer, label=label, rationale="")
    )


def test_source_url_must_be_a_web_link(article, reviewer):
    claim = live_claim(article)
    assert _violates(
        lambda: Source.objects.create(claim=claim, url="javascript:alert(1)", stance="supports")
    )


def test_only_one_current_verdict_per_claim(article, editor):
    claim = live_claim(article)
    label = claim.rating_scale.labels.first()
    common = dict(claim=claim, label=label, summary="s", explanation="e", editor=editor)
    Verdict.objects.create(revision=1, published_at=timezone.now(), **common)
    assert _violates(
        lambda: Verdict.objects.create(
            revision=2, published_at=timezone.now(), correction_note="n", **common
        )
    )


def test_a_correction_needs_a_note(article, editor):
    claim = live_claim(article)
    label = claim.rating_scale.labels.first()
    assert _violates(
        lambda: Verdict.objects.create(
            claim=claim,
            label=label,
            summary="s",
            explanation="e",
            editor=editor,
            revision=2,
            is_current=False,
            published_at=timezone.now(),
        )
    )
