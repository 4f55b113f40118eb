"""The desk's rules for one claim, in plain Python: what its ratings propose, whether it needs
discussion, how much a reviewer's vote weighs, and how to read an agreement figure.

Pages and services apply these on every request, so this module needs neither NumPy nor Django; the
whole-desk computation (`compute`) applies the same functions to every claim at once.

Proposed verdict of one claim
=============================
From the claim's ratings (each a label; on-scale labels carry a value 1..n, 1 = worst):

1. A label outside the scale (e.g. Unverifiable) is proposed only when a strict majority of the votes
   chose it.
2. Otherwise the plurality among the on-scale labels is proposed. Ties go to the median of the on-scale
   ratings: the tied label nearest to the lower median (for an even count the lower of the two middle
   values, an actual rating on an ordinal scale), and of two equally near the lower one, so that the rule
   gives one answer every time.
3. Nothing is proposed when there is no on-scale rating and no off-scale majority.

The claim *needs discussion* when it has two or more ratings and either no label has a strict majority
of them, or its on-scale ratings span two or more steps.

Weighted proposal
-----------------
The same rule with each vote weighted by its reviewer's reliability. The weight of a reviewer of
accuracy p on a claim whose scale has K labels is the one-coin log-odds

    w = log( p (K - 1) / (1 - p) ),    clipped at 0 (a reviewer below chance counts for nothing),

because under the one-coin model (see `compute`), with a uniform prior over the true label, the label
with the largest sum of weights is exactly the most probable one: the score difference between two
labels is their log posterior odds. Two departures from the bare posterior mode, both deliberate:

* a label must lead by at least `TIE_SHARE` (one half) of the vote of the desk's typical reviewer,
  otherwise the leading labels count as tied and go to the (weighted) median tie-break. Without it, a
  three-way split among good reviewers goes to whichever is estimated a little more reliable, and on
  simulated desks whose reviewers slip by one step (the usual error on an ordinal scale) that loses to the
  median; with it the weighted proposal changes the plain one only when the reliabilities clearly differ;
* the desk's base rates (the fitted class prior) are not used, so a proposal never leans towards a label
  just because the desk hands it out often.

Only reviewers with at least `MIN_SHARED` ratings on claims that others also rated get their own weight;
everyone else votes with the weight of the desk's median qualified reviewer. With no qualified reviewer
the weighted proposal is the plain one.

Reading Krippendorff's alpha
============================
Thresholds (Krippendorff 2004): alpha >= 0.800 reliable; 0.667 <= alpha < 0.800 tentative conclusions
only; below, review the rating guidelines. Over fewer than `MIN_PAIRED_RATINGS` paired ratings
(ratings of claims with two or more) alpha is not read at all: "too few ratings".
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

MIN_SHARED = 20
# Below this many paired ratings an alpha swings with every rating: shown as "too few ratings".
MIN_PAIRED_RATINGS = 10
TIE_SHARE = 0.5
RELIABLE = 0.800
TENTATIVE = 0.667
# Accuracies are kept inside (0, 1) so that log-odds stay finite.
ACCURACY_FLOOR = 1e-6


@dataclass(frozen=True)
class Vote:
    """One rating as the proposal rule sees it: the label, its value on the scale (None when outside
    the scale) and the vote's weight."""

    label: int
    value: int | None
    weight: float = 1.0


def _lower_weighted_median(values: Sequence[int], weights: Sequence[float]) -> float:
    order = sorted(zip(values, weights, strict=True))
    total = sum(w for _, w in order)
    running = 0.0
    for value, weight in order:
        running += weight
        if running >= total / 2 - 1e-12:
            return value
    return order[-1][0]


def propose(votes: Sequence[Vote], *, tie_margin: float = 0.0) -> int | None:
    """The proposed label (id) for one claim's votes, or None when nothing can be proposed.

    Plain plurality when every weight is 1 and `tie_margin` is 0; see the module docstring for the rule.
    """
    if not votes:
        return None
    if sum(v.weight for v in votes) <= 0:
        votes = [Vote(v.label, v.value) for v in votes]
    total = sum(v.weight for v in votes)
    scores: dict[int, float] = defaultdict(float)
    value_of: dict[int, int | None] = {}
    for v in votes:
        scores[v.label] += v.weight
        value_of[v.label] = v.value
    for label, score in scores.items():
        if value_of[label] is None and score > total / 2:
            return label
    on_scale = {label: s for label, s in scores.items() if value_of[label] is not None}
    if not on_scale:
        return None
    best = max(on_scale.values())
    tied = [label for label, s in on_scale.items() if s >= best - tie_margin - 1e-12]
    if len(tied) == 1:
        return tied[0]
    rated = [v for v in votes if v.value is not None]
    if sum(v.weight for v in rated) <= 0:
        rated = [Vote(v.label, v.value) for v in rated]
    median = _lower_weighted_median([v.value for v in rated], [v.weight for v in rated])
    return min(tied, key=lambda label: (abs(value_of[label] - median), value_of[label]))


def needs_discussion(labels: Sequence[int], values: Sequence[int | None]) -> bool:
    """Two or more ratings with no strict majority label, or on-scale ratings two or more steps apart."""
    if len(labels) < 2:
        return False
    top = Counter(labels).most_common(1)[0][1]
    on_scale = [v for v in values if v is not None]
    spread = (max(on_scale) - min(on_scale)) if on_scale else 0
    return 2 * top <= len(labels) or spread >= 2


def vote_weight(accuracy: float, n_labels: int) -> float:
    """The one-coin log-odds weight of a reviewer of this accuracy on a scale of `n_labels` labels."""
    p = min(max(accuracy, ACCURACY_FLOOR), 1 - ACCURACY_FLOOR)
    return max(0.0, math.log(p * (max(n_labels, 2) - 1) / (1 - p)))


def reliability_band(alpha: float | None, ratings: int | None = None) -> str:
    """'reliable', 'tentative', 'review' (review the rating guidelines) or 'none': too few ratings to
    read anything into alpha, i.e. fewer than MIN_PAIRED_RATINGS paired ratings (`ratings`, the
    ratings of claims with two or more on-scale ratings), or no alpha at all."""
    if alpha is None or (ratings is not None and ratings < MIN_PAIRED_RATINGS):
        return "none"
    if alpha >= RELIABLE:
        return "reliable"
    if alpha >= TENTATIVE:
        return "tentative"
    return "review"


@dataclass(frozen=True)
class ClaimConsensus:
    claim: int
    n_ratings: int
    proposed: int | None
    weighted: int | None
    needs_discussion: bool
    majority_share: float
    spread: int | None


def claim_consensus(
    claim: int,
    labels: Sequence[int],
    values: Sequence[int | None],
    accuracies: Sequence[float | None],
    *,
    typical: float | None,
    n_labels: int,
) -> ClaimConsensus:
    """One claim's proposals and flag from its ratings (label ids, their values) and each rating's
    reviewer accuracy (None for a reviewer without enough shared ratings, who then counts as the desk's
    `typical` reviewer). With `typical` None nobody qualifies and the weighted proposal is the plain one.
    """
    plain = propose([Vote(lab, val) for lab, val in zip(labels, values, strict=True)])
    weighted = plain
    if typical is not None:
        weights = [vote_weight(typical if p is None else p, n_labels) for p in accuracies]
        weighted = propose(
            [Vote(lab, val, w) for lab, val, w in zip(labels, values, weights, strict=True)],
            tie_margin=TIE_SHARE * vote_weight(typical, n_labels),
        )
    on_scale = [v for v in values if v is not None]
    return ClaimConsensus(
        claim=claim,
        n_ratings=len(labels),
        proposed=plain,
        weighted=weighted,
        needs_discussion=needs_discussion(labels, values),
        majority_share=Counter(labels).most_common(1)[0][1] / len(labels) if labels else 0.0,
        spread=(max(on_scale) - min(on_scale)) if on_scale else None,
    )
