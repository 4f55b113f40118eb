"""One-coin Dawid–Skene: one EM round against a hand computation, the fixed point, recovery of known
accuracies, the monotone objective, determinism.

What this validates and what it does not: there is no published one-coin table to reproduce (the
Dawid & Skene 1979 anaesthesia example fits full confusion matrices), so the estimator is checked
against exact fractions worked out by hand and against desks simulated from the model itself.
"""

from fractions import Fraction

import numpy as np
import pytest

from bench.simulated_desk import simulate
from factcheck import consensus
from factcheck.consensus import one_coin_dawid_skene

# Four claims on a two-label scale (a = 0, b = 1), rated by reviewers A, B, C (0, 1, 2):
#   claim 0: a a a    claim 1: a a b    claim 2: b b b    claim 3: b a b
HAND = [(0, 0, 0), (0, 1, 0), (0, 2, 0), (1, 0, 0), (1, 1, 0), (1, 2, 1),
        (2, 0, 1), (2, 1, 1), (2, 2, 1), (3, 0, 1), (3, 1, 0), (3, 2, 1)]  # fmt: skip


def _fit(rows, **kwargs):
    claim, reviewer, label = (np.array(col) for col in zip(*rows, strict=True))
    n_claims = claim.max() + 1
    return one_coin_dawid_skene(
        claim,
        reviewer,
        label,
        claim_scale=np.zeros(n_claims, dtype=int),
        label_scale=np.zeros(label.max() + 1, dtype=int),
        n_reviewers=reviewer.max() + 1,
        **kwargs,
    )


def test_one_round_matches_the_hand_computation():
    # Majority start: T = (1, 0), (2/3, 1/3), (0, 1), (1/3, 2/3).
    # M-step: p_A = (1 + 2/3 + 1 + 2/3) / 4 = 5/6, p_B = (1 + 2/3 + 1 + 1/3) / 4 = 3/4, p_C = 3/4;
    # prior (1/2, 1/2).
    # E-step, claim 1 (a a b): a ∝ 5/6 * 3/4 * 1/4, b ∝ 1/6 * 1/4 * 3/4, so T = 5/6 for a.
    # Claim 0 (a a a): a ∝ 5/6 * 3/4 * 3/4 = 45/96, b ∝ 1/6 * 1/4 * 1/4 = 1/96, so T = 45/46 for a.
    model = _fit(HAND, max_iter=1, smoothing=0.0)
    assert model.accuracy == pytest.approx([5 / 6, 3 / 4, 3 / 4])
    assert model.prior == pytest.approx([0.5, 0.5])
    assert model.posterior[1, 0] == pytest.approx(float(Fraction(5, 6)))
    assert model.posterior[0, 0] == pytest.approx(float(Fraction(45, 46)))
    assert model.posterior[3, 1] == pytest.approx(float(Fraction(5, 6)))
    assert model.posterior[2, 1] == pytest.approx(float(Fraction(45, 46)))


@pytest.mark.parametrize("smoothing", [0.0, 1.0])
def test_at_convergence_the_estimates_satisfy_the_m_step(smoothing):
    desk = simulate(n_claims=500, n_ratings=1500, accuracy=[0.9, 0.7, 0.6, 0.8], seed=2)
    rows = [(c - 1, r - 1, lab - 1) for c, r, lab in desk.ratings]
    model = _fit(rows, smoothing=smoothing, tol=1e-10, max_iter=1000)
    assert model.converged
    claim, reviewer, label = (np.array(col) for col in zip(*rows, strict=True))
    correct = np.bincount(reviewer, weights=model.posterior[claim, label])
    n = np.bincount(reviewer)
    # One more M-step on the final posteriors gives the same accuracies back.
    assert model.accuracy == pytest.approx((correct + smoothing) / (n + 2 * smoothing), abs=1e-6)


def test_it_recovers_known_accuracies_on_a_desk_drawn_from_the_model():
    accuracy = [0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5]
    desk = simulate(n_claims=5000, n_ratings=20000, accuracy=accuracy, errors="uniform", seed=11)
    rows = [(c - 1, r - 1, lab - 1) for c, r, lab in desk.ratings]
    model = _fit(rows)
    assert model.converged
    assert model.accuracy == pytest.approx(accuracy, abs=0.025)
    # Almost every claim's true label is the most probable one.
    truth = np.array([desk.truth[c + 1] - 1 for c in range(5000)])
    assert (model.posterior.argmax(axis=1) == truth).mean() > 0.93


def test_a_reviewer_answering_at_random_is_found_at_chance():
    desk = simulate(n_claims=3000, n_ratings=9000, accuracy=[0.8, 0.8, 0.8, 0.8, None], seed=4)
    rows = [(c - 1, r - 1, lab - 1) for c, r, lab in desk.ratings]
    assert _fit(rows).accuracy[4] == pytest.approx(1 / 7, abs=0.03)


def test_each_round_raises_the_objective_and_the_fit_is_deterministic():
    desk = simulate(n_claims=800, n_ratings=2000, accuracy=[0.9, 0.6, 0.7, None], seed=5)
    rows = [(c - 1, r - 1, lab - 1) for c, r, lab in desk.ratings]
    first, second = _fit(rows), _fit(rows)
    assert np.all(np.diff(first.objective) >= -1e-7)
    assert np.array_equal(first.accuracy, second.accuracy)
    assert np.array_equal(first.posterior, second.posterior)


def test_claims_on_different_scales_keep_their_own_labels():
    # Claim 0 on scale 0 (labels 0, 1), claim 1 on scale 1 (labels 2, 3, 4).
    rows = [(0, 0, 0), (0, 1, 0), (1, 0, 3), (1, 1, 4)]
    claim, reviewer, label = (np.array(col) for col in zip(*rows, strict=True))
    model = one_coin_dawid_skene(
        claim, reviewer, label,
        claim_scale=np.array([0, 1]), label_scale=np.array([0, 0, 1, 1, 1]), n_reviewers=2,
    )  # fmt: skip
    assert model.posterior[0, 2:].sum() == 0 and model.posterior[1, :2].sum() == 0
    assert model.posterior.sum(axis=1) == pytest.approx([1, 1])


def test_only_claims_others_also_rated_count_towards_qualifying():
    labels = {1: (1, 2), 2: (1, 1)}
    ratings = [(c, 1, 1) for c in range(1, 31)] + [(c, 2, 1) for c in range(1, 21)]
    ratings += [(c, 3, 2) for c in range(100, 140)]  # 40 ratings nobody else made
    claims = {c: consensus.ClaimInfo(scale=1) for c, _, _ in ratings}
    result = consensus.compute_desk(ratings, labels, claims)
    one, two, three = (result.reviewers[j] for j in (1, 2, 3))
    assert (one.n_ratings, one.n_shared, one.qualified) == (30, 20, True)
    assert (two.n_shared, two.qualified) == (20, True)
    assert (three.n_ratings, three.n_shared, three.qualified, three.accuracy) == (
        40,
        0,
        False,
        None,
    )
