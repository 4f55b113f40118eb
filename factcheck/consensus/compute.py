"""The whole desk's consensus at once: Krippendorff's alpha, reviewer reliability (one-coin
Dawid–Skene) and every claim's proposals, from plain numbers.

NumPy and the `krippendorff` package, no Django, so that the background task, the management command,
the tests and the benchmark all run exactly the same code. `compute_desk()` takes the whole desk's ratings
and returns everything at once; the pieces below it can be used on their own. The rule for one claim
(proposal, needs-discussion flag, vote weights, alpha bands) is in `rules`, in plain Python.

One-coin Dawid–Skene
====================
Every claim i has an unknown true label z_i among the K_i labels of its scale, with prior
pi_k (per scale). Reviewer j reports the true label with probability p_j and otherwise any one of the
K_i - 1 other labels with equal probability:

    P(y_ij = l | z_i = k) = p_j                  if l = k
                          = (1 - p_j) / (K_i - 1) otherwise.

EM (Dawid & Skene 1979, restricted to one accuracy per reviewer instead of a full confusion matrix):

* initialisation (deterministic): T_ik = share of claim i's votes for label k (soft majority vote);
* M-step: p_j = (sum over j's ratings of T_{i, y_ij} + s) / (n_j + 2 s), the expected share of j's
  ratings that are correct; pi_k = (sum_i T_ik + s) / (sum over the scale's labels of the same);
* E-step: T_ik proportional to pi_k * prod_j P(y_ij | z_i = k), computed in logs;
* stop when no p_j moves by more than `tol`, or after `max_iter` rounds.

s = `smoothing` (default 1) makes these MAP estimates under Beta(s+1, s+1) priors on each p_j and a
Dirichlet(s+1) prior on pi: a reviewer with 20 of 20 agreed ratings gets p = 21/22, not 1. With s = 0 they
are the maximum-likelihood estimates. Each EM round cannot decrease the log posterior (`objective`).

The model is fitted on the claims that two or more reviewers rated (a claim rated once says nothing about
its reviewer's accuracy and would only flatter it). It treats the scale as nominal: a one-step slip costs a
reviewer as much as a five-step one.

What this was validated against (tests/consensus/test_dawid_skene.py): one EM round on a hand-computed
binary example (exact fractions); the fixed-point equations at convergence; recovery of known accuracies
on synthetic desks drawn from the model; monotone objective; and, on simulated desks, that the weighted
proposal beats plain plurality when one reviewer answers at random and does not lose to it when every
reviewer is good. It is not checked against a published one-coin table: the published Dawid–Skene
example (the 1979 anaesthesia data) is for full confusion matrices.

Krippendorff's alpha
====================
Ordinal alpha from the `krippendorff` package: rows are reviewers, columns claims, values the labels'
numeric values; off-scale labels are left out (missing). Thresholds (Krippendorff 2004): alpha >= 0.800
reliable; 0.667 <= alpha < 0.800 tentative conclusions only; below, review the rating guidelines.
The desk figure pools all claims on their scales' numeric values; the per-scale figures keep scales apart.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import krippendorff
import numpy as np

from factcheck.consensus.rules import (
    ACCURACY_FLOOR,
    MIN_SHARED,
    ClaimConsensus,
    claim_consensus,
    reliability_band,
)

# --- Krippendorff's alpha -------------------------------------------------------------------------


@dataclass(frozen=True)
class Alpha:
    """Ordinal alpha with what it rests on: claims with two or more on-scale ratings, and their ratings."""

    alpha: float | None
    n_claims: int
    n_ratings: int

    @property
    def band(self) -> str:
        return reliability_band(self.alpha, self.n_ratings)


def ordinal_alpha(value_counts: np.ndarray, value_domain: Sequence[int]) -> Alpha:
    """Ordinal alpha from a claims x values matrix of counts (the `krippendorff` package's input).

    Claims with fewer than two ratings are not pairable and do not count. None when alpha is undefined:
    no pairable claim, or every pairable rating has the same value.
    """
    counts = np.asarray(value_counts, dtype=float)
    if counts.ndim != 2 or counts.shape[0] == 0:
        return Alpha(None, 0, 0)
    pairable = counts[counts.sum(axis=1) >= 2]
    n_claims, n_ratings = int(pairable.shape[0]), int(pairable.sum())
    if n_claims == 0 or len(value_domain) < 2 or np.count_nonzero(pairable.sum(axis=0)) < 2:
        return Alpha(None, n_claims, n_ratings)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = float(
            krippendorff.alpha(
                value_counts=pairable,
                value_domain=list(value_domain),
                level_of_measurement="ordinal",
            )
        )
    return Alpha(None if math.isnan(value) else value, n_claims, n_ratings)


def reliability_data_alpha(reliability_data: np.ndarray) -> Alpha:
    """Ordinal alpha from a reviewers x claims matrix of values, NaN where a reviewer did not rate."""
    data = np.asarray(reliability_data, dtype=float)
    domain = np.unique(data[~np.isnan(data)])
    if domain.size == 0:
        return Alpha(None, 0, 0)
    counts = np.stack([(data == v).sum(axis=0) for v in domain], axis=1)
    return ordinal_alpha(counts, [int(v) for v in domain])


# --- One-coin Dawid–Skene -------------------------------------------------------------------------


@dataclass(frozen=True)
class DawidSkene:
    """The fitted model: `accuracy[j]` (NaN for a reviewer with no rating in the fit), `posterior[i, l]`
    over the global label index (0 outside the claim's scale), the per-label `prior`, and how it ran."""

    accuracy: np.ndarray
    posterior: np.ndarray
    prior: np.ndarray
    iterations: int
    converged: bool
    objective: list[float]


def one_coin_dawid_skene(
    claim: np.ndarray,
    reviewer: np.ndarray,
    label: np.ndarray,
    *,
    claim_scale: np.ndarray,
    label_scale: np.ndarray,
    n_reviewers: int,
    max_iter: int = 200,
    tol: float = 1e-6,
    smoothing: float = 1.0,
) -> DawidSkene:
    """Fit the one-coin model by EM (see the module docstring) on ratings given as three index arrays.

    `claim[r]`, `reviewer[r]`, `label[r]` index rating r; `claim_scale[i]` is claim i's scale and
    `label_scale[l]` label l's scale, so claim i's labels are those with `label_scale == claim_scale[i]`.
    Deterministic: no randomness anywhere; the same input gives the same output.
    """
    claim = np.asarray(claim, dtype=np.int64)
    reviewer = np.asarray(reviewer, dtype=np.int64)
    label = np.asarray(label, dtype=np.int64)
    claim_scale = np.asarray(claim_scale)
    label_scale = np.asarray(label_scale)
    n_claims, n_labels = claim_scale.shape[0], label_scale.shape[0]
    allowed = claim_scale[:, None] == label_scale[None, :]
    k_minus_1 = np.maximum(allowed.sum(axis=1) - 1, 1).astype(float)
    _, scale_index = np.unique(label_scale, return_inverse=True)
    n_per_reviewer = np.bincount(reviewer, minlength=n_reviewers).astype(float)
    flat = claim * n_labels + label

    # Soft majority vote.
    posterior = np.bincount(flat, minlength=n_claims * n_labels).reshape(n_claims, n_labels)
    posterior = posterior.astype(float)
    rows = posterior.sum(axis=1, keepdims=True)
    uniform = allowed / np.maximum(allowed.sum(axis=1, keepdims=True), 1)
    posterior = np.where(rows > 0, posterior / np.where(rows > 0, rows, 1), uniform)

    accuracy = np.full(n_reviewers, np.nan)
    prior = np.zeros(n_labels)
    objective: list[float] = []
    converged = False
    iterations = 0
    for iterations in range(1, max_iter + 1):
        # M-step.
        correct = np.bincount(reviewer, weights=posterior[claim, label], minlength=n_reviewers)
        with np.errstate(invalid="ignore", divide="ignore"):
            new_accuracy = (correct + smoothing) / (n_per_reviewer + 2 * smoothing)
        new_accuracy = np.where(n_per_reviewer > 0, new_accuracy, np.nan)
        new_accuracy = np.clip(new_accuracy, ACCURACY_FLOOR, 1 - ACCURACY_FLOOR)
        mass = posterior.sum(axis=0) + smoothing
        prior = mass / np.bincount(scale_index, weights=mass)[scale_index]
        prior = np.maximum(prior, 1e-300)
        # E-step, in logs.
        p = new_accuracy[reviewer]
        log_right = np.log(p)
        log_wrong = np.log1p(-p) - np.log(k_minus_1[claim])
        log_joint = np.where(allowed, np.log(prior)[None, :], -np.inf)
        log_joint += np.bincount(claim, weights=log_wrong, minlength=n_claims)[:, None]
        log_joint += np.bincount(
            flat, weights=log_right - log_wrong, minlength=n_claims * n_labels
        ).reshape(n_claims, n_labels)
        top = log_joint.max(axis=1, keepdims=True)
        joint = np.exp(log_joint - top)
        total = joint.sum(axis=1, keepdims=True)
        posterior = joint / total
        rated = ~np.isnan(new_accuracy)
        objective.append(
            float((top + np.log(total)).sum())
            + smoothing
            * float(np.log(new_accuracy[rated]).sum() + np.log1p(-new_accuracy[rated]).sum())
            + smoothing * float(np.log(prior).sum())
        )
        change = np.nanmax(np.abs(new_accuracy - accuracy)) if iterations > 1 else np.inf
        accuracy = new_accuracy
        if change < tol:
            converged = True
            break
    accuracy = np.where(n_per_reviewer > 0, accuracy, np.nan)
    return DawidSkene(accuracy, posterior, prior, iterations, converged, objective)


# --- The whole desk -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimInfo:
    """What the desk figures need to know about a claim besides its ratings."""

    scale: int
    month: str = ""
    outlet: str = ""


@dataclass(frozen=True)
class ReviewerReliability:
    reviewer: int
    n_ratings: int
    n_shared: int
    accuracy: float | None
    qualified: bool


@dataclass
class Consensus:
    """Everything `compute_desk()` works out for the desk, keyed by the caller's ids."""

    claims: dict[int, ClaimConsensus]
    reviewers: dict[int, ReviewerReliability]
    alpha: Alpha
    by_month: dict[str, Alpha] = field(default_factory=dict)
    by_outlet: dict[str, Alpha] = field(default_factory=dict)
    by_scale: dict[int, Alpha] = field(default_factory=dict)
    by_pair: dict[tuple[int, int], Alpha] = field(default_factory=dict)
    typical_accuracy: float | None = None
    ds_iterations: int = 0
    ds_converged: bool = True


def compute_desk(
    ratings: Iterable[tuple[int, int, int]],
    labels: Mapping[int, tuple[int, int | None]],
    claims: Mapping[int, ClaimInfo],
    *,
    min_shared: int = MIN_SHARED,
    pairs: bool = True,
) -> Consensus:
    """The desk's consensus from `ratings` (claim id, reviewer id, label id), `labels` (label id ->
    (scale id, value or None)) and `claims` (claim id -> ClaimInfo; every rated claim must be there).

    Every label of a scale must be in `labels`, rated or not: the one-coin model needs each scale's size.
    """
    rows = np.array(list(ratings), dtype=np.int64).reshape(-1, 3)
    label_ids = np.array(sorted(labels), dtype=np.int64)
    label_pos = {int(lab): i for i, lab in enumerate(label_ids)}
    label_scale = np.array([labels[int(lab)][0] for lab in label_ids], dtype=np.int64)
    label_value = [labels[int(lab)][1] for lab in label_ids]
    scale_size = Counter(label_scale.tolist())

    claim_ids, claim_idx = np.unique(rows[:, 0], return_inverse=True)
    reviewer_ids, reviewer_idx = np.unique(rows[:, 1], return_inverse=True)
    label_idx = np.array([label_pos[int(lab)] for lab in rows[:, 2]], dtype=np.int64)
    n_claims, n_reviewers = len(claim_ids), len(reviewer_ids)
    claim_scale = np.array([claims[int(c)].scale for c in claim_ids], dtype=np.int64)
    per_claim = np.bincount(claim_idx, minlength=n_claims)
    shared = per_claim[claim_idx] >= 2

    # Reviewer reliability, fitted on the claims that two or more reviewers rated.
    accuracy = np.full(n_reviewers, np.nan)
    ds_iterations, ds_converged = 0, True
    if shared.any():
        fit_claims, fit_idx = np.unique(claim_idx[shared], return_inverse=True)
        model = one_coin_dawid_skene(
            fit_idx,
            reviewer_idx[shared],
            label_idx[shared],
            claim_scale=claim_scale[fit_claims],
            label_scale=label_scale,
            n_reviewers=n_reviewers,
        )
        accuracy = model.accuracy
        ds_iterations, ds_converged = model.iterations, model.converged
    n_ratings = np.bincount(reviewer_idx, minlength=n_reviewers)
    n_shared = np.bincount(reviewer_idx[shared], minlength=n_reviewers)
    qualified = (n_shared >= min_shared) & ~np.isnan(accuracy)
    typical = float(np.median(accuracy[qualified])) if qualified.any() else None
    reviewers = {
        int(reviewer_ids[j]): ReviewerReliability(
            int(reviewer_ids[j]),
            int(n_ratings[j]),
            int(n_shared[j]),
            None if np.isnan(accuracy[j]) else float(accuracy[j]),
            bool(qualified[j]),
        )
        for j in range(n_reviewers)
    }

    # Proposals, claim by claim.
    order = np.argsort(claim_idx, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(per_claim)])
    own = np.where(qualified, accuracy, np.nan)
    results: dict[int, ClaimConsensus] = {}
    for i in range(n_claims):
        members = order[bounds[i] : bounds[i + 1]]
        results[int(claim_ids[i])] = claim_consensus(
            int(claim_ids[i]),
            [int(label_ids[label_idx[r]]) for r in members],
            [label_value[label_idx[r]] for r in members],
            [
                None if np.isnan(own[reviewer_idx[r]]) else float(own[reviewer_idx[r]])
                for r in members
            ],
            typical=typical,
            n_labels=scale_size[int(claim_scale[i])],
        )

    # Agreement: claims x values counts of the on-scale ratings, sliced per group.
    values_arr = np.array([np.nan if v is None else v for v in label_value], dtype=float)[label_idx]
    on = ~np.isnan(values_arr)
    domain = sorted({int(v) for v in values_arr[on]})
    value_pos = {v: i for i, v in enumerate(domain)}
    counts = np.zeros((n_claims, len(domain)))
    if domain:
        np.add.at(counts, (claim_idx[on], np.array([value_pos[int(v)] for v in values_arr[on]])), 1)

    def grouped(key_of) -> dict:
        groups: dict = defaultdict(list)
        for i in range(n_claims):
            groups[key_of(i)].append(i)
        return {key: ordinal_alpha(counts[idx], domain) for key, idx in sorted(groups.items())}

    info = [claims[int(c)] for c in claim_ids]
    consensus = Consensus(
        claims=results,
        reviewers=reviewers,
        alpha=ordinal_alpha(counts, domain),
        by_month=grouped(lambda i: info[i].month) if n_claims else {},
        by_outlet=grouped(lambda i: info[i].outlet) if n_claims else {},
        by_scale=grouped(lambda i: info[i].scale) if n_claims else {},
        typical_accuracy=typical,
        ds_iterations=ds_iterations,
        ds_converged=ds_converged,
    )
    if pairs and n_reviewers >= 2:
        consensus.by_pair = _pairwise(
            claim_idx[on], reviewer_idx[on], values_arr[on], n_claims, reviewer_ids
        )
    return consensus


def _pairwise(claim_idx, reviewer_idx, values, n_claims, reviewer_ids) -> dict:
    """Alpha for every pair of reviewers over the claims both rated on the scale."""
    matrix = np.full((len(reviewer_ids), n_claims), np.nan)
    matrix[reviewer_idx, claim_idx] = values
    rated = ~np.isnan(matrix)
    out = {}
    for a, b in combinations(range(len(reviewer_ids)), 2):
        both = rated[a] & rated[b]
        if not both.any():
            continue
        key = (int(reviewer_ids[a]), int(reviewer_ids[b]))
        out[key] = reliability_data_alpha(matrix[[a, b]][:, both])
    return out
