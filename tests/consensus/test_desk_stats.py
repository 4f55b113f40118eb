"""`desk_stats --json`, the task after each rating, and the stored figures, checked against independent
computations on the demo desk and on a generated desk."""

import io
import json
import math
from datetime import timedelta

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from factcheck import consensus, services, tasks
from factcheck.models import (
    ClaimConsensus,
    DeskSnapshot,
    Rating,
    RatingLabel,
    ReviewerReliability,
)
from tests.consensus.helpers import generated_desk, plain_proposal_by_hand, rate
from tests.consensus.test_alpha import alpha_by_hand
from tests.factories import live_claim


def desk_stats_json() -> dict:
    out = io.StringIO()
    call_command("desk_stats", "--json", stdout=out)
    return json.loads(out.getvalue())


def independent_figures():
    """Alpha, rating counts and plain proposals straight from the Rating table."""
    ratings = list(Rating.objects.select_related("label", "reviewer").order_by("pk"))
    reviewers = sorted({r.reviewer_id for r in ratings})
    claims = sorted({r.claim_id for r in ratings})
    data = np.full((len(reviewers), len(claims)), np.nan)
    by_claim = {}
    for r in ratings:
        if r.label.value is not None:
            data[reviewers.index(r.reviewer_id), claims.index(r.claim_id)] = r.label.value
        by_claim.setdefault(r.claim_id, []).append((r.label.slug, r.label.value))
    counts = {}
    for r in ratings:
        counts[r.reviewer.username] = counts.get(r.reviewer.username, 0) + 1
    proposals = {str(c): plain_proposal_by_hand(labels) for c, labels in by_claim.items()}
    return alpha_by_hand(data), counts, proposals, by_claim


@pytest.mark.django_db
def test_it_matches_an_independent_computation_on_the_demo_desk(settings):
    call_command("load_demo", force=True, stdout=io.StringIO())
    stats = desk_stats_json()
    alpha, counts, proposals, by_claim = independent_figures()
    assert stats["alpha"] == pytest.approx(alpha)
    assert {name: r["ratings"] for name, r in stats["reviewers"].items()} == counts
    assert {c: v["proposed"] for c, v in stats["claims"].items()} == proposals
    # Two demo reviewers rate a handful of claims: nobody qualifies, so nothing is weighted.
    assert not any(r["qualified"] for r in stats["reviewers"].values())
    assert all(v["weighted"] == v["proposed"] for v in stats["claims"].values())
    flags = {c: v["needs_discussion"] for c, v in stats["claims"].items()}
    by_hand = {
        str(c): consensus.needs_discussion([s for s, _ in labels], [v for _, v in labels])
        for c, labels in by_claim.items()
    }
    assert flags == by_hand
    assert stats["alpha_band"] == consensus.reliability_band(alpha, stats["alpha_ratings"])


@pytest.mark.django_db
def test_it_matches_an_independent_computation_on_a_generated_desk():
    generated_desk(n_claims=30)
    stats = desk_stats_json()
    alpha, counts, proposals, _ = independent_figures()
    assert stats["alpha"] == pytest.approx(alpha)
    assert {name: r["ratings"] for name, r in stats["reviewers"].items()} == counts
    assert {c: v["proposed"] for c, v in stats["claims"].items()} == proposals
    assert all(r["qualified"] for r in stats["reviewers"].values())
    # The reviewer who answers at random is found out.
    reliability = {name: r["reliability"] for name, r in stats["reviewers"].items()}
    assert reliability["gen3"] < min(reliability["gen0"], reliability["gen1"], reliability["gen2"])
    # Per outlet and per pair of reviewers, against the formula as well.
    ratings = list(Rating.objects.select_related("label", "reviewer", "claim__article__outlet"))
    outlet_a = [
        r for r in ratings if r.claim.article.outlet and r.claim.article.outlet.name == "Outlet A"
    ]
    assert stats["by_outlet"]["Outlet A"]["alpha"] == pytest.approx(_alpha_of(outlet_a))
    pair = [r for r in ratings if r.reviewer.username in ("gen0", "gen3")]
    figure = next(p for p in stats["by_pair"] if set(p["reviewers"]) == {"gen0", "gen3"})
    assert figure["alpha"] == pytest.approx(_alpha_of(pair))


def _alpha_of(ratings) -> float:
    reviewers = sorted({r.reviewer_id for r in ratings})
    claims = sorted({r.claim_id for r in ratings})
    data = np.full((len(reviewers), len(claims)), np.nan)
    for r in ratings:
        if r.label.value is not None:
            data[reviewers.index(r.reviewer_id), claims.index(r.claim_id)] = r.label.value
    return alpha_by_hand(data)


@pytest.mark.django_db
def test_the_weighted_proposals_are_those_of_the_model_on_the_same_ratings():
    generated_desk(n_claims=30, seed=3)
    stats = desk_stats_json()
    ratings, labels, claims = consensus.desk_inputs()
    result = consensus.compute_desk(ratings, labels, claims)
    slug = dict(RatingLabel.objects.values_list("pk", "slug"))
    assert {c: v["weighted"] for c, v in stats["claims"].items()} == {
        str(c): slug.get(r.weighted) for c, r in result.claims.items()
    }


@pytest.mark.django_db
def test_the_human_readable_output_names_the_band_and_the_reviewers(article, reviewer, reviewer2):
    claim = live_claim(article)
    rate(claim, reviewer, "true")
    rate(claim, reviewer2, "false")
    out = io.StringIO()
    call_command("desk_stats", stdout=out)
    text = out.getvalue()
    assert "Krippendorff's alpha (ordinal)" in text and "rosa: 1, 1," in text
    assert "1 need discussion" in text


@pytest.mark.django_db
def test_a_rating_enqueues_a_recompute_on_commit(
    article, reviewer, reviewer2, django_capture_on_commit_callbacks
):
    claim = live_claim(article)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rate(claim, reviewer, "true")
    # One recompute queued (which, run in the caller here, forgets the cached snapshot on its own
    # commit).
    assert [c.__name__ for c in callbacks].count("enqueue_recompute") == 1
    row = ClaimConsensus.objects.get(claim=claim)
    assert (row.n_ratings, row.proposed_label.slug, row.needs_discussion) == (1, "true", False)
    with django_capture_on_commit_callbacks(execute=True):
        rate(claim, reviewer2, "half-true")
    row.refresh_from_db()
    assert (row.n_ratings, row.proposed_label.slug, row.needs_discussion, row.spread) == (
        2,
        "half-true",
        True,
        2,
    )
    assert ReviewerReliability.objects.count() == 2
    assert DeskSnapshot.objects.get().alpha is not None


@pytest.mark.django_db
def test_a_run_skips_itself_when_a_later_one_already_read_the_ratings(article, reviewer):
    rate(live_claim(article), reviewer, "true")
    tasks.recompute_desk()
    earlier = (timezone.now() - timedelta(minutes=1)).isoformat()
    assert tasks.recompute_consensus.call(requested_at=earlier) == {"skipped": True}
    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert tasks.recompute_consensus.call(requested_at=later)["skipped"] is False


@pytest.mark.django_db
def test_a_slower_older_run_never_overwrites_a_newer_one(article, reviewer, reviewer2):
    claim = live_claim(article)
    rate(claim, reviewer, "true")
    old_start = timezone.now()
    ratings, labels, claims = consensus.desk_inputs()
    stale = consensus.compute_desk(ratings, labels, claims)
    rate(claim, reviewer2, "false")
    tasks.recompute_desk()
    services.consensus_store(stale, started_at=old_start, duration_ms=1)
    assert ClaimConsensus.objects.get(claim=claim).n_ratings == 2


@pytest.mark.django_db
def test_recompute_rewrites_only_what_changed(article, reviewer, reviewer2):
    first, second = list(article.claims.order_by("start")[:2])
    rate(first, reviewer, "true")
    rate(second, reviewer, "false")
    tasks.recompute_desk()
    before = dict(ClaimConsensus.objects.values_list("claim_id", "updated_at"))
    rate(second, reviewer2, "false")
    tasks.recompute_desk()
    after = dict(ClaimConsensus.objects.values_list("claim_id", "updated_at"))
    assert after[first.pk] == before[first.pk]
    assert after[second.pk] > before[second.pk]


@pytest.mark.django_db
def test_desk_stats_selector_costs_a_fixed_number_of_queries(django_assert_num_queries):
    generated_desk(n_claims=10)
    tasks.recompute_desk()
    with django_assert_num_queries(4):
        stats = consensus.desk_stats()
    assert len(stats["claims"]) == 10 and not math.isnan(stats["alpha"])


@pytest.mark.django_db
def test_before_any_rating_the_figures_are_empty():
    stats = desk_stats_json()
    assert stats["alpha"] is None and stats["alpha_band"] == "none"
    assert stats["reviewers"] == {} and stats["claims"] == {}


def test_the_cached_snapshot_follows_each_recompute(
    article, reviewer, reviewer2, django_assert_num_queries
):
    from factcheck import consensus, tasks

    assert consensus.desk_snapshot() is None  # before any recompute, and cached as such
    with django_assert_num_queries(0):
        assert consensus.desk_snapshot() is None
    claim = live_claim(article)
    rate(claim, reviewer, "true")
    rate(claim, reviewer2, "false")
    tasks.recompute_desk()
    first = consensus.desk_snapshot()
    assert first is not None and first.n_ratings == 2
    with django_assert_num_queries(0):
        assert consensus.desk_snapshot().computed_at == first.computed_at
    rate(live_claim(article, "40,000"), reviewer, "true")
    rate(live_claim(article, "40,000"), reviewer2, "true")
    tasks.recompute_desk()
    second = consensus.desk_snapshot()
    assert second.computed_at > first.computed_at and second.n_ratings == 4


def test_the_cached_snapshot_is_forgotten_again_when_the_recompute_commits(
    article, reviewer, reviewer2, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from factcheck import consensus, tasks

    consensus.desk_snapshot()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tasks.recompute_desk()
    consensus.desk_snapshot()  # as another reader would, before the commit
    assert cache.get(consensus.SNAPSHOT_KEY) is not None
    for callback in callbacks:
        callback()
    assert cache.get(consensus.SNAPSHOT_KEY) is None
