"""The proposed verdict of one claim, plain and weighted, and the needs-discussion flag."""

import numpy as np
import pytest

from bench.simulated_desk import simulate
from factcheck import consensus
from factcheck.consensus import Vote, needs_discussion, propose

# Truth-O-Meter as the presets lay it out: label id -> value (None = outside the scale).
TRUE, MOSTLY_TRUE, HALF, MOSTLY_FALSE, FALSE, PANTS, UNVERIFIABLE = 1, 2, 3, 4, 5, 6, 7
VALUE = {TRUE: 6, MOSTLY_TRUE: 5, HALF: 4, MOSTLY_FALSE: 3, FALSE: 2, PANTS: 1, UNVERIFIABLE: None}


def votes(*labels, weights=None):
    weights = weights or [1.0] * len(labels)
    return [Vote(lab, VALUE[lab], w) for lab, w in zip(labels, weights, strict=True)]


def test_it_proposes_the_plurality_label():
    assert propose(votes(TRUE, TRUE, HALF)) == TRUE


def test_it_breaks_a_tie_with_the_median_of_the_ratings():
    # True and Pants on fire tie with two votes each; the median rating (Mostly true) is nearer True.
    assert propose(votes(TRUE, TRUE, PANTS, PANTS, MOSTLY_TRUE)) == TRUE
    assert propose(votes(TRUE, PANTS, MOSTLY_FALSE)) == MOSTLY_FALSE


def test_a_tie_between_two_ratings_goes_to_the_lower_median():
    assert propose(votes(TRUE, HALF)) == HALF
    assert propose(votes(MOSTLY_FALSE, MOSTLY_TRUE)) == MOSTLY_FALSE


def test_an_off_scale_label_is_proposed_only_with_a_strict_majority():
    assert propose(votes(UNVERIFIABLE, UNVERIFIABLE, TRUE)) == UNVERIFIABLE
    assert propose(votes(UNVERIFIABLE, TRUE)) == TRUE
    assert propose(votes(UNVERIFIABLE, UNVERIFIABLE, TRUE, HALF)) == HALF


def test_nothing_is_proposed_without_ratings_or_an_on_scale_rating():
    assert propose([]) is None
    other_off_scale = Vote(99, None)
    assert propose([Vote(UNVERIFIABLE, None), other_off_scale]) is None


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ((TRUE,), False),
        ((TRUE, TRUE), False),
        ((TRUE, MOSTLY_TRUE), True),  # no strict majority
        ((TRUE, TRUE, MOSTLY_TRUE), False),  # majority, one step apart
        ((TRUE, TRUE, HALF), True),  # majority, but two steps apart
        ((TRUE, TRUE, UNVERIFIABLE), False),
        ((TRUE, UNVERIFIABLE), True),
        ((TRUE, TRUE, MOSTLY_TRUE, MOSTLY_TRUE), True),
    ],
)
def test_needs_discussion(labels, expected):
    assert needs_discussion(labels, [VALUE[lab] for lab in labels]) is expected


def test_a_reviewer_with_no_weight_does_not_count():
    assert propose(votes(TRUE, FALSE, weights=[3.0, 0.0])) == TRUE
    assert propose(votes(TRUE, FALSE, FALSE, weights=[3.0, 0.0, 0.0])) == TRUE


def test_a_small_lead_in_weight_is_a_tie_for_the_median():
    ballot = votes(TRUE, HALF, PANTS, weights=[3.0, 2.8, 2.9])
    assert propose(ballot) == TRUE
    assert propose(ballot, tie_margin=0.5) == HALF


def test_the_off_scale_majority_is_a_majority_of_weight():
    assert propose(votes(UNVERIFIABLE, TRUE, TRUE, weights=[3.0, 1.0, 1.0])) == UNVERIFIABLE


def test_vote_weight_is_the_one_coin_log_odds_and_never_negative():
    assert consensus.vote_weight(0.75, 7) == pytest.approx(np.log(0.75 * 6 / 0.25))
    assert consensus.vote_weight(1 / 7, 7) == pytest.approx(0.0, abs=1e-9)
    assert consensus.vote_weight(0.05, 7) == 0.0


# --- On simulated desks ---------------------------------------------------------------------------


def _correct(desk, result):
    plain = sum(result.claims[c].proposed == t for c, t in desk.truth.items())
    weighted = sum(result.claims[c].weighted == t for c, t in desk.truth.items())
    return plain, weighted


@pytest.mark.parametrize("errors", ["ordinal", "uniform"])
def test_weighting_beats_plurality_when_one_reviewer_answers_at_random(errors):
    accuracy = [0.85, 0.8, 0.75, 0.8, 0.7, 0.85, 0.75, 0.8, 0.7, 0.8, 0.75, None]
    desk = simulate(n_claims=4000, n_ratings=12000, accuracy=accuracy, errors=errors, seed=7)
    result = consensus.compute_desk(desk.ratings, desk.labels, desk.claims, pairs=False)
    plain, weighted = _correct(desk, result)
    assert weighted > plain + 0.01 * len(desk.truth)
    randomer = result.reviewers[len(accuracy)]
    assert randomer.accuracy == pytest.approx(1 / 7, abs=0.03)


@pytest.mark.parametrize("errors", ["ordinal", "uniform"])
def test_weighting_does_not_lose_to_plurality_when_every_reviewer_is_good(errors):
    plain_total = weighted_total = 0
    for seed in range(5):
        rng = np.random.default_rng(100 + seed)
        accuracy = list(np.round(rng.uniform(0.6, 0.9, 12), 2))
        desk = simulate(n_claims=3000, n_ratings=9000, accuracy=accuracy, errors=errors, seed=seed)
        result = consensus.compute_desk(desk.ratings, desk.labels, desk.claims, pairs=False)
        plain, weighted = _correct(desk, result)
        # Seed by seed the two may differ by noise (a few claims in 3000), never by more.
        assert weighted >= plain - 0.001 * len(desk.truth)
        plain_total += plain
        weighted_total += weighted
    assert weighted_total >= plain_total


def test_without_qualified_reviewers_the_weighted_proposal_is_the_plain_one():
    desk = simulate(n_claims=300, n_ratings=900, accuracy=[0.8, 0.7, 0.9, None, 0.6], seed=1)
    result = consensus.compute_desk(desk.ratings, desk.labels, desk.claims, min_shared=10_000)
    assert not any(r.qualified for r in result.reviewers.values())
    assert all(c.weighted == c.proposed for c in result.claims.values())


def test_compute_gives_each_claim_its_proposal_flag_and_spread():
    labels = {lab: (1, value) for lab, value in VALUE.items()}
    ratings = [(10, 1, TRUE), (10, 2, HALF), (11, 1, UNVERIFIABLE), (11, 2, UNVERIFIABLE)]
    claims = {10: consensus.ClaimInfo(scale=1), 11: consensus.ClaimInfo(scale=1)}
    result = consensus.compute_desk(ratings, labels, claims)
    first, second = result.claims[10], result.claims[11]
    assert (first.proposed, first.needs_discussion, first.spread) == (HALF, True, 2)
    assert first.majority_share == 0.5
    assert (second.proposed, second.needs_discussion, second.spread) == (UNVERIFIABLE, False, None)
