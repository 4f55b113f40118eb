"""Simulated desks with a known truth, for the consensus tests and bench/consensus.py.

Draws reviewers' ratings at random from given accuracies, so that what `consensus.compute_desk()`
estimates can be checked against what was put in. Bench and tests only: the app never imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from factcheck.consensus.compute import ClaimInfo


@dataclass
class SimulatedDesk:
    """A desk drawn at random with a known truth: inputs for `compute_desk()` plus the true label of every
    claim and the accuracy every reviewer was given."""

    ratings: list[tuple[int, int, int]]
    labels: dict[int, tuple[int, int | None]]
    claims: dict[int, ClaimInfo]
    truth: dict[int, int]
    accuracy: list[float]


def simulate(
    *,
    n_claims: int,
    n_ratings: int,
    accuracy: Sequence[float | None],
    n_values: int = 6,
    off_scale: int = 1,
    errors: str = "ordinal",
    seed: int = 0,
    months: int = 12,
    outlets: int = 4,
) -> SimulatedDesk:
    """A desk of `n_claims` claims and exactly `n_ratings` ratings (at least 2 per claim, spread evenly)
    by `len(accuracy)` reviewers on one scale of `n_values` ordered labels plus `off_scale` labels outside
    it (label ids 1.., values n_values..1 then None, as the presets are laid out).

    Reviewer j gives the true label with probability `accuracy[j]`; otherwise, with `errors="ordinal"`, a
    wrong label chosen with probability falling with its distance from the truth (one step off is most
    likely; an off-scale label counts as three steps away from every other label), or with
    `errors="uniform"` any wrong label (the one-coin model exactly). A reviewer whose accuracy is None
    answers uniformly at random.
    """
    rng = np.random.default_rng(seed)
    n_reviewers = len(accuracy)
    n_labels = n_values + off_scale
    labels = {i + 1: (1, n_values - i if i < n_values else None) for i in range(n_labels)}
    base = n_ratings // n_claims
    if base < 2 or base >= n_reviewers:
        raise ValueError("need between 2 and n_reviewers - 1 ratings per claim")
    per_claim = np.full(n_claims, base)
    per_claim[rng.choice(n_claims, n_ratings - base * n_claims, replace=False)] += 1
    # The true label: mostly on the scale, off-scale now and then.
    truth_p = np.concatenate(
        [np.full(n_values, 0.9 / n_values), np.full(off_scale, 0.1 / max(off_scale, 1))]
    )
    truth = rng.choice(n_labels, size=n_claims, p=truth_p / truth_p.sum())
    index = np.arange(n_labels)
    distance = np.abs(index[:, None] - index[None, :]).astype(float)
    outside = index >= n_values
    distance[(outside[:, None] | outside[None, :]) & (distance > 0)] = 3.0
    with np.errstate(divide="ignore"):
        wrong = np.where(distance == 0, 0.0, 1.0 / distance**2 if errors == "ordinal" else 1.0)
    wrong /= wrong.sum(axis=1, keepdims=True)
    chosen = np.argsort(rng.random((n_claims, n_reviewers)), axis=1)
    ratings: list[tuple[int, int, int]] = []
    for i in range(n_claims):
        for j in chosen[i, : per_claim[i]]:
            p = accuracy[j]
            if p is None:
                given = rng.integers(n_labels)
            elif rng.random() < p:
                given = truth[i]
            else:
                given = rng.choice(n_labels, p=wrong[truth[i]])
            ratings.append((i + 1, int(j) + 1, int(given) + 1))
    claims = {
        i + 1: ClaimInfo(
            scale=1, month=f"2026-{i % months + 1:02d}", outlet=f"Outlet {i % outlets + 1}"
        )
        for i in range(n_claims)
    }
    return SimulatedDesk(
        ratings=ratings,
        labels=labels,
        claims=claims,
        truth={i + 1: int(truth[i]) + 1 for i in range(n_claims)},
        accuracy=[float("nan") if p is None else float(p) for p in accuracy],
    )
