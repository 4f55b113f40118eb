"""Krippendorff's alpha through the `krippendorff` package, checked against the coincidence-matrix
formula written out here (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability")."""

import math

import numpy as np
import pytest

from bench.simulated_desk import simulate
from factcheck import consensus

NAN = np.nan

# Krippendorff (2011), section C: 4 observers, 12 units, values 1..5; published ordinal alpha 0.815.
PUBLISHED = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]


def alpha_by_hand(data) -> float | None:
    """Ordinal alpha from the coincidence matrix: alpha = 1 - (n-1) sum o_ck d_ck / sum n_c n_k d_ck,
    with d_ck = (sum_{g=c..k} n_g - (n_c + n_k) / 2) ** 2."""
    data = np.asarray(data, dtype=float)
    values = sorted({v for v in data.ravel() if not math.isnan(v)})
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for unit in data.T:
        present = [index[v] for v in unit if not math.isnan(v)]
        m = len(present)
        if m < 2:
            continue
        for a in range(m):
            for b in range(m):
                if a != b:
                    o[present[a], present[b]] += 1 / (m - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    d = np.zeros_like(o)
    for c in range(len(values)):
        for k in range(len(values)):
            lo, hi = min(c, k), max(c, k)
            d[c, k] = (n_c[lo : hi + 1].sum() - (n_c[c] + n_c[k]) / 2) ** 2
    expected = (np.outer(n_c, n_c) * d).sum()
    if n == 0 or expected == 0:
        return None
    return 1 - (n - 1) * (o * d).sum() / expected


def test_the_published_example_gives_0_815_both_ways():
    assert alpha_by_hand(PUBLISHED) == pytest.approx(0.815, abs=5e-4)
    result = consensus.reliability_data_alpha(np.array(PUBLISHED))
    assert result.alpha == pytest.approx(alpha_by_hand(PUBLISHED), abs=1e-12)
    assert (result.n_claims, result.n_ratings) == (11, 40)  # n = 40 pairable values, as published


@pytest.mark.parametrize("seed", range(8))
def test_the_package_matches_the_formula_on_generated_data(seed):
    rng = np.random.default_rng(seed)
    truth = rng.integers(1, 7, size=60)
    data = np.clip(truth + rng.integers(-1, 2, size=(5, 60)) * (rng.random((5, 60)) < 0.4), 1, 6)
    data = data.astype(float)
    data[rng.random((5, 60)) < 0.45] = NAN
    assert consensus.reliability_data_alpha(data).alpha == pytest.approx(alpha_by_hand(data))


def test_alpha_is_undefined_without_pairable_ratings_or_variation():
    assert consensus.reliability_data_alpha(np.array([[1, NAN], [NAN, 2]])).alpha is None
    assert consensus.reliability_data_alpha(np.array([[3, 3], [3, 3]])).alpha is None
    assert consensus.reliability_data_alpha(np.full((2, 2), NAN)).alpha is None


@pytest.mark.parametrize(
    ("alpha", "band"),
    [
        (0.95, "reliable"),
        (0.80, "reliable"),
        (0.7999, "tentative"),
        (0.667, "tentative"),
        (0.66, "review"),
        (-0.2, "review"),
        (None, "none"),
    ],
)
def test_thresholds(alpha, band):
    assert consensus.reliability_band(alpha) == band


def _matrix(ratings, labels, reviewers, claims):
    data = np.full((len(reviewers), len(claims)), NAN)
    for claim, reviewer, label in ratings:
        value = labels[label][1]
        if value is not None and claim in claims:
            data[reviewers.index(reviewer), claims.index(claim)] = value
    return data


def test_desk_month_outlet_and_pair_figures_match_the_formula():
    desk = simulate(
        n_claims=400, n_ratings=1100, accuracy=[0.8, 0.7, 0.9, None, 0.75], seed=3, months=3
    )
    result = consensus.compute_desk(desk.ratings, desk.labels, desk.claims)
    reviewers = sorted({r for _, r, _ in desk.ratings})
    every = sorted(desk.claims)
    assert result.alpha.alpha == pytest.approx(
        alpha_by_hand(_matrix(desk.ratings, desk.labels, reviewers, every))
    )
    march = [c for c in every if desk.claims[c].month == "2026-03"]
    assert result.by_month["2026-03"].alpha == pytest.approx(
        alpha_by_hand(_matrix(desk.ratings, desk.labels, reviewers, march))
    )
    outlet = [c for c in every if desk.claims[c].outlet == "Outlet 2"]
    assert result.by_outlet["Outlet 2"].alpha == pytest.approx(
        alpha_by_hand(_matrix(desk.ratings, desk.labels, reviewers, outlet))
    )
    both = sorted(
        {c for c, r, _ in desk.ratings if r == 1} & {c for c, r, _ in desk.ratings if r == 4}
    )
    pair = _matrix([x for x in desk.ratings if x[1] in (1, 4)], desk.labels, [1, 4], both)
    assert result.by_pair[1, 4].alpha == pytest.approx(alpha_by_hand(pair))
    # The random reviewer drags every pair it is in below the others.
    assert result.by_pair[1, 4].alpha < result.by_pair[1, 3].alpha - 0.3


def test_off_scale_labels_are_left_out_of_alpha():
    labels = {1: (1, 2), 2: (1, 1), 3: (1, None)}
    claims = {c: consensus.ClaimInfo(scale=1) for c in (1, 2, 3)}
    ratings = [(1, 1, 1), (1, 2, 1), (2, 1, 2), (2, 2, 2), (3, 1, 3), (3, 2, 1)]
    result = consensus.compute_desk(ratings, labels, claims)
    assert result.alpha.alpha == pytest.approx(1.0)
    assert (result.alpha.n_claims, result.alpha.n_ratings) == (2, 4)
