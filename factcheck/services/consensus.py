"""The desk's consensus, as the background recompute stores it: proposals per claim, reviewer
reliability and the desk snapshot (factcheck.tasks.recompute_desk computes, this writes)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from factcheck import consensus
from factcheck.models import ClaimConsensus, DeskSnapshot, ReviewerReliability


def _alpha(figure: consensus.Alpha) -> dict:
    return {"alpha": figure.alpha, "claims": figure.n_claims, "ratings": figure.n_ratings}


@transaction.atomic
def consensus_store(
    result: consensus.Consensus, *, started_at: datetime, duration_ms: int
) -> DeskSnapshot:
    """Write a recompute's results: changed claim and reviewer rows only, and the desk snapshot.

    A result older than the stored one (a slower run that began earlier) is dropped, so the figures
    never go back in time.
    """
    now = timezone.now()
    current = DeskSnapshot.objects.select_for_update().filter(pk=1).first()
    if current is not None and current.started_at > started_at:
        return current

    existing = {
        row[0]: row[1:]
        for row in ClaimConsensus.objects.values_list(
            "claim_id",
            "n_ratings",
            "proposed_label_id",
            "weighted_label_id",
            "needs_discussion",
            "majority_share",
            "spread",
        )
    }
    changed = []
    for c in result.claims.values():
        fields = (
            c.n_ratings,
            c.proposed,
            c.weighted,
            c.needs_discussion,
            c.majority_share,
            c.spread,
        )
        if existing.get(c.claim) != fields:
            changed.append(
                ClaimConsensus(
                    claim_id=c.claim,
                    n_ratings=c.n_ratings,
                    proposed_label_id=c.proposed,
                    weighted_label_id=c.weighted,
                    needs_discussion=c.needs_discussion,
                    majority_share=c.majority_share,
                    spread=c.spread,
                    updated_at=now,
                )
            )
    ClaimConsensus.objects.bulk_create(
        changed,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["claim"],
        update_fields=[
            "n_ratings",
            "proposed_label",
            "weighted_label",
            "needs_discussion",
            "majority_share",
            "spread",
            "updated_at",
        ],
    )
    stale = set(existing) - set(result.claims)
    if stale:
        ClaimConsensus.objects.filter(claim_id__in=stale).delete()

    ReviewerReliability.objects.bulk_create(
        [
            ReviewerReliability(
                reviewer_id=r.reviewer,
                n_ratings=r.n_ratings,
                n_shared=r.n_shared,
                accuracy=r.accuracy,
                qualified=r.qualified,
                updated_at=now,
            )
            for r in result.reviewers.values()
        ],
        update_conflicts=True,
        unique_fields=["reviewer"],
        update_fields=["n_ratings", "n_shared", "accuracy", "qualified", "updated_at"],
    )
    ReviewerReliability.objects.exclude(reviewer_id__in=list(result.reviewers)).delete()

    figures = {
        "by_month": {k: _alpha(v) for k, v in result.by_month.items()},
        "by_outlet": {k: _alpha(v) for k, v in result.by_outlet.items()},
        "by_scale": {str(k): _alpha(v) for k, v in result.by_scale.items()},
        "by_pair": [
            {"reviewers": [a, b], **_alpha(v)} for (a, b), v in sorted(result.by_pair.items())
        ],
        "typical_accuracy": result.typical_accuracy,
        "min_shared": consensus.MIN_SHARED,
        "reliability_model": {
            "iterations": result.ds_iterations,
            "converged": result.ds_converged,
        },
    }
    snapshot, _ = DeskSnapshot.objects.update_or_create(
        pk=1,
        defaults={
            "started_at": started_at,
            "computed_at": now,
            "duration_ms": duration_ms,
            "alpha": result.alpha.alpha,
            "n_claims": result.alpha.n_claims,
            "n_ratings": result.alpha.n_ratings,
            "figures": figures,
        },
    )
    return snapshot
