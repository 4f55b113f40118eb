"""Reads of the desk's consensus: what pages, the API and the management commands show, and what a
recompute reads.

The background task stores what the whole desk's ratings propose (`compute_desk()` over
`desk_inputs()`, written by the task); pages compute a claim's proposals live from its ratings with the
stored reviewer reliabilities, so a page is never behind its own ratings, and only the reliability weights
can lag by one recompute. Every read here costs a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, FloatField, OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from factcheck.consensus.rules import RELIABLE, TENTATIVE, claim_consensus, reliability_band
from factcheck.models import (
    Claim,
    ClaimConsensus,
    DeskSnapshot,
    Rating,
    RatingLabel,
    RatingScale,
    ReviewerReliability,
    Verdict,
)
from factcheck.selectors import LIVE_UNPUBLISHED

NO_OUTLET = gettext_noop("No outlet")  # a key of the stored figures; shown translated


# --- What a recompute reads -----------------------------------------------------------------------


def desk_inputs() -> tuple[list, dict, dict]:
    """The whole desk's ratings, labels and rated claims as `compute_desk()` takes them.

    Three queries. A claim's month is the month of its first rating; its outlet the article's.
    """
    # NumPy is loaded here, when a recompute runs, not when the pages import this module.
    from factcheck.consensus.compute import ClaimInfo

    rows = list(Rating.objects.values_list("claim_id", "reviewer_id", "label_id", "created_at"))
    labels = {
        pk: (scale_id, value)
        for pk, scale_id, value in RatingLabel.objects.values_list("pk", "scale_id", "value")
    }
    first: dict[int, datetime] = {}
    for claim_id, _, _, created in rows:
        if claim_id not in first or created < first[claim_id]:
            first[claim_id] = created
    claims = {}
    for pk, scale_id, outlet in (
        Claim.objects.filter(ratings__isnull=False)
        .distinct()
        .values_list("pk", "rating_scale_id", "article__outlet__name")
    ):
        claims[pk] = ClaimInfo(
            scale=scale_id,
            month=timezone.localtime(first[pk]).strftime("%Y-%m"),
            outlet=outlet or NO_OUTLET,
        )
    return [r[:3] for r in rows], labels, claims


# --- Proposals ------------------------------------------------------------------------------------


class QueueRating(NamedTuple):
    """What a queue row's proposal reads of one rating (`attach_proposals`): not a model instance."""

    reviewer_id: int
    label_id: int
    label: RatingLabel


@dataclass
class Proposal:
    """What a claim's ratings propose. The editor always decides; this only informs."""

    plain: RatingLabel | None
    weighted: RatingLabel | None
    needs_discussion: bool
    majority_share: float
    spread: int | None
    n_ratings: int
    weighted_in_use: bool
    accuracy: dict[int, float]
    ratings: list[Rating] | list[QueueRating]

    @property
    def differs(self) -> bool:
        return self.plain != self.weighted

    @property
    def reasons(self) -> list[str]:
        """Why the claim needs discussion, in words."""
        out = []
        if self.n_ratings >= 2 and self.majority_share <= 0.5:
            out.append(gettext("no label has a majority of the ratings"))
        if self.spread is not None and self.spread >= 2:
            out.append(
                gettext("the ratings span %(steps)d steps of the scale") % {"steps": self.spread}
            )
        return out


# The snapshot in the shared cache: every panel of a rated claim reads it (the proposal, the
# agreement behind it), and only a recompute changes it (`desk_snapshot_changed`, connected in
# apps.py, forgets it then, and again once that commits). The timeout bounds a reader that cached
# the old row in the instant before the change committed.
SNAPSHOT_KEY = "factcheck:consensus:desk_snapshot"
SNAPSHOT_TIMEOUT = 60


def desk_snapshot() -> DeskSnapshot | None:
    """The desk's agreement figures from the last recompute, or None before the first one."""
    from django.core.cache import cache

    cached = cache.get(SNAPSHOT_KEY)
    if cached is not None:
        return cached[0]  # (snapshot,): before the first recompute, (None,)
    snapshot = DeskSnapshot.objects.filter(pk=1).first()
    cache.set(SNAPSHOT_KEY, (snapshot,), timeout=SNAPSHOT_TIMEOUT)
    return snapshot


def desk_snapshot_changed(sender=None, **kwargs) -> None:
    """A recompute stored a new snapshot: forget the cached one, now and once it commits."""
    from django.core.cache import cache
    from django.db import transaction

    cache.delete(SNAPSHOT_KEY)
    transaction.on_commit(lambda: cache.delete(SNAPSHOT_KEY), robust=True)


def _proposal(
    ratings: list[Rating] | list[QueueRating],
    reliability: dict[int, ReviewerReliability],
    typical,
    n_labels: int,
) -> Proposal | None:
    if not ratings:
        return None
    accuracy = {
        r.reviewer_id: reliability[r.reviewer_id].accuracy
        for r in ratings
        if r.reviewer_id in reliability and reliability[r.reviewer_id].qualified
    }
    result = claim_consensus(
        0,
        [r.label_id for r in ratings],
        [r.label.value for r in ratings],
        [accuracy.get(r.reviewer_id) for r in ratings],
        typical=typical,
        n_labels=n_labels,
    )
    label = {r.label_id: r.label for r in ratings}
    return Proposal(
        plain=label.get(result.proposed),
        weighted=label.get(result.weighted),
        needs_discussion=result.needs_discussion,
        majority_share=result.majority_share,
        spread=result.spread,
        n_ratings=result.n_ratings,
        weighted_in_use=typical is not None,
        accuracy=accuracy,
        ratings=ratings,
    )


def _typical(snapshot: DeskSnapshot | None):
    return snapshot.figures.get("typical_accuracy") if snapshot else None


def claim_proposal(claim: Claim, snapshot: DeskSnapshot | None = None) -> Proposal | None:
    """The proposals of a claim from `claim_for_panel` (ratings and scale labels prefetched, each
    rating with its rater's reliability beside it: no query), else one query for the raters'
    reliabilities. Show it only to who may see all ratings (blind rating)."""
    ratings = list(claim.ratings.all())
    if all(hasattr(r, "rater_qualified") for r in ratings):
        reliability = {
            r.reviewer_id: ReviewerReliability(
                reviewer_id=r.reviewer_id, accuracy=r.rater_accuracy, qualified=r.rater_qualified
            )
            for r in ratings
            if r.rater_qualified is not None
        }
    else:
        reliability = {
            r.reviewer_id: r
            for r in ReviewerReliability.objects.filter(
                reviewer_id__in=[x.reviewer_id for x in ratings]
            )
        }
    n_labels = len(claim.rating_scale.labels.all())
    return _proposal(ratings, reliability, _typical(snapshot), n_labels)


def attach_proposals(claims) -> None:
    """Set `claim.proposal` on each claim of a queue page in one query, whatever their number.
    For editors' queues only (blind rating). A claim on two of the page's queues is worked out once
    (both rows get the same Proposal)."""
    claims = list(claims)
    by_claim: dict[int, list[QueueRating]] = {c.pk: [] for c in claims}
    if not by_claim:
        return
    rows = _queue_ratings().filter(claim_id__in=by_claim)
    # Rows, not model instances: a page's ratings share a handful of labels, each built once.
    labels: dict[int, RatingLabel] = {}
    reliability: dict[int, ReviewerReliability] = {}
    sizes: dict[int, int] = {}
    typical_accuracy = None  # the same on every row
    for claim_id, reviewer_id, accuracy, qualified, size, desk_typical, *label in rows:
        typical_accuracy = desk_typical
        label_id = label[0]  # concrete_fields start with the primary key
        if label_id not in labels:
            labels[label_id] = RatingLabel.from_db(rows.db, _LABEL_FIELDS, label)
        by_claim[claim_id].append(QueueRating(reviewer_id, label_id, labels[label_id]))
        if qualified is not None and reviewer_id not in reliability:
            reliability[reviewer_id] = ReviewerReliability(
                reviewer_id=reviewer_id, accuracy=accuracy, qualified=qualified
            )
        if size is not None:
            sizes[claim_id] = size
    proposals = {
        pk: _proposal(ratings, reliability, typical_accuracy, sizes.get(pk, 2))
        for pk, ratings in by_claim.items()
    }
    for claim in claims:
        claim.proposal = proposals[claim.pk]


_LABEL_FIELDS = [f.attname for f in RatingLabel._meta.concrete_fields]


@cache
def _queue_ratings():
    """The ratings query of `attach_proposals`, before its filter on the page's claims: each rating
    with what its proposal needs beside it, so that a page pays one round trip: the rater's
    reliability (none before the first recompute), the size of the claim's scale, the desk's
    typical accuracy (the same on every row: PostgreSQL and SQLite read the uncorrelated subquery
    once) and the label's columns.

    Built once a process: resolving these sixteen columns cost more Python than the rest of the
    proposals together (bench/pages.py). Filtering a QuerySet copies it, so this one is only ever
    copied, never run or changed.
    """
    n_labels = (
        RatingLabel.objects.filter(scale_id=OuterRef("claim__rating_scale_id"))
        .order_by()
        .values("scale_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    typical = DeskSnapshot.objects.filter(pk=1).values(
        typical=Cast(KT("figures__typical_accuracy"), FloatField())
    )
    return Rating.objects.order_by("pk").values_list(
        "claim_id",
        "reviewer_id",
        "reviewer__reliability__accuracy",
        "reviewer__reliability__qualified",
        Subquery(n_labels),
        Subquery(typical),
        *(f"label__{name}" for name in _LABEL_FIELDS),
    )


# --- Agreement ------------------------------------------------------------------------------------


@dataclass
class AgreementFigure:
    """Krippendorff's alpha of one slice of the desk, with what it rests on."""

    title: str
    alpha: float | None
    claims: int
    ratings: int

    @property
    def band(self) -> str:
        return reliability_band(self.alpha, self.ratings)

    @property
    def too_few(self) -> bool:
        """Too few paired ratings to show an alpha and its advice (rules.MIN_PAIRED_RATINGS)."""
        return self.band == "none"


def agreement_figure(title: str, data: dict | None) -> AgreementFigure:
    """A figure from one slice of the stored snapshot (`{"alpha", "claims", "ratings"}`, or None)."""
    data = data or {}
    if title == NO_OUTLET:
        title = gettext(NO_OUTLET)
    return AgreementFigure(title, data.get("alpha"), data.get("claims", 0), data.get("ratings", 0))


def desk_figure(snapshot: DeskSnapshot | None) -> AgreementFigure:
    """The whole desk's agreement from the stored snapshot (nothing before the first recompute)."""
    if snapshot is None:
        return AgreementFigure(gettext("Whole desk"), None, 0, 0)
    return AgreementFigure(
        gettext("Whole desk"), snapshot.alpha, snapshot.n_claims, snapshot.n_ratings
    )


def agreement_behind(claim: Claim, snapshot: DeskSnapshot | None) -> list[AgreementFigure]:
    """The desk's agreement that stands behind a claim's proposal: on its scale, for its outlet, and
    overall. No queries beyond the snapshot (the claim comes from `claim_for_panel`)."""
    if snapshot is None:
        return []
    figures = snapshot.figures
    outlet = claim.article.outlet.name if claim.article.outlet else NO_OUTLET
    return [
        agreement_figure(
            gettext("%(scale)s scale") % {"scale": claim.rating_scale.local_name},
            figures.get("by_scale", {}).get(str(claim.rating_scale_id)),
        ),
        agreement_figure(outlet, figures.get("by_outlet", {}).get(outlet)),
        desk_figure(snapshot),
    ]


# --- The whole desk -------------------------------------------------------------------------------


def desk_stats() -> dict:
    """The whole desk's consensus as plain data (for `desk_stats --json` and the API), from the stored
    recompute in five queries.

    Editors only: it holds every reviewer's reliability and every claim's proposal (blind rating).
    Keys: computed_at, alpha (ordinal Krippendorff's alpha over every claim with two or more on-scale
    ratings), alpha_band, alpha_claims, alpha_ratings, thresholds, by_month, by_outlet, by_scale (by scale
    slug), by_pair (list of {reviewers: [username, username], alpha, claims, ratings}), reviewers
    (username -> {ratings, shared, reliability, qualified}) and claims (claim id as a string ->
    {proposed, weighted, needs_discussion, ratings}, labels by slug).
    """
    snapshot = desk_snapshot()
    figures = snapshot.figures if snapshot else {}
    rows = ReviewerReliability.objects.select_related("reviewer").order_by("reviewer__username")
    username = {}
    reviewers = {}
    for r in rows:
        username[r.reviewer_id] = r.reviewer.get_username()
        reviewers[username[r.reviewer_id]] = {
            "ratings": r.n_ratings,
            "shared": r.n_shared,
            "reliability": r.accuracy,
            "qualified": r.qualified,
        }
    claims = {
        str(pk): {
            "proposed": proposed,
            "weighted": weighted,
            "needs_discussion": flag,
            "ratings": n,
        }
        for pk, proposed, weighted, flag, n in ClaimConsensus.objects.order_by(
            "claim_id"
        ).values_list(
            "claim_id",
            "proposed_label__slug",
            "weighted_label__slug",
            "needs_discussion",
            "n_ratings",
        )
    }
    scales = dict(RatingScale.objects.values_list("pk", "slug"))
    return {
        "computed_at": snapshot.computed_at.isoformat() if snapshot else None,
        "alpha": snapshot.alpha if snapshot else None,
        "alpha_band": reliability_band(
            snapshot.alpha if snapshot else None, snapshot.n_ratings if snapshot else 0
        ),
        "alpha_claims": snapshot.n_claims if snapshot else 0,
        "alpha_ratings": snapshot.n_ratings if snapshot else 0,
        "thresholds": {"reliable": RELIABLE, "tentative": TENTATIVE},
        "by_month": figures.get("by_month", {}),
        "by_outlet": figures.get("by_outlet", {}),
        "by_scale": {scales.get(int(k), k): v for k, v in figures.get("by_scale", {}).items()},
        "by_pair": [
            {**p, "reviewers": [username.get(x, str(x)) for x in p["reviewers"]]}
            for p in figures.get("by_pair", [])
        ],
        "reviewers": reviewers,
        "claims": claims,
    }


@dataclass
class DeskHealth:
    """What the desk health page shows, gathered in a fixed number of queries."""

    snapshot: DeskSnapshot | None
    verdicts: list[dict]
    scale_sizes: dict[int, int]
    reviewers: list[dict]
    days_to_verdict: list[tuple[str, float]]
    open_work: list[tuple[str, int]]
    scale_names: dict[int, str]
    usernames: dict[int, str]

    @property
    def desk_alpha(self) -> AgreementFigure:
        return desk_figure(self.snapshot)

    @property
    def by_scale(self) -> list[AgreementFigure]:
        figures = self.snapshot.figures.get("by_scale", {}) if self.snapshot else {}
        return [
            agreement_figure(self.scale_names.get(int(pk), pk), fig) for pk, fig in figures.items()
        ]

    @property
    def by_outlet(self) -> list[AgreementFigure]:
        figures = self.snapshot.figures.get("by_outlet", {}) if self.snapshot else {}
        return [agreement_figure(name, fig) for name, fig in figures.items()]


def desk_health() -> DeskHealth:
    """Data for the desk health page (editors only): current published verdicts per outlet and label,
    ratings and reliability per reviewer, days from an article's arrival to its claims' first published
    verdict (by month of publication), and the open work by state. Seven queries."""
    verdicts = list(
        Verdict.objects.filter(is_current=True, claim__status=Claim.Status.PUBLISHED)
        .values(
            "claim__article__outlet__name",
            "label__name",
            "label__names",
            "label__value",
            "label__scale_id",
            "label__position",
        )
        .annotate(n=Count("pk"))
        .order_by("claim__article__outlet__name", "label__scale_id", "label__position")
    )
    scale_sizes = dict(
        RatingLabel.objects.filter(value__isnull=False)
        .order_by()
        .values("scale_id")
        .annotate(n=Count("pk"))
        .values_list("scale_id", "n")
    )
    reliability = {r.reviewer_id: r for r in ReviewerReliability.objects.all()}
    reviewers = [
        {"id": pk, "username": name, "ratings": n, "reliability": reliability.get(pk)}
        for pk, name, n in Rating.objects.order_by()
        .values("reviewer_id", "reviewer__username")
        .annotate(n=Count("pk"))
        .order_by("-n", "reviewer__username")
        .values_list("reviewer_id", "reviewer__username", "n")
    ]
    first_verdicts = Verdict.objects.filter(revision=1).values_list(
        "published_at", "claim__article__created_at"
    )
    days_to_verdict = [
        (
            timezone.localtime(published).strftime("%Y-%m"),
            (published - arrived).total_seconds() / 86400,
        )
        for published, arrived in first_verdicts
    ]
    quorum = settings.FACTCHECK_QUORUM
    settled = Q(needs_discussion=False)
    tally = Claim.objects.filter(status__in=LIVE_UNPUBLISHED).aggregate(
        discuss=Count("pk", filter=Q(needs_discussion=True)),
        awaiting=Count("pk", filter=settled & Q(ratings_count__gte=quorum)),
        candidates=Count(
            "pk", filter=settled & Q(ratings_count__lt=quorum, status=Claim.Status.CANDIDATE)
        ),
        short=Count(
            "pk", filter=settled & Q(ratings_count__lt=quorum, status=Claim.Status.SELECTED)
        ),
    )
    counts = {
        gettext("Candidates to triage"): tally["candidates"],
        gettext("Short of quorum"): tally["short"],
        gettext("Awaiting a verdict"): tally["awaiting"],
        gettext("Needs discussion"): tally["discuss"],
    }
    return DeskHealth(
        snapshot=desk_snapshot(),
        verdicts=verdicts,
        scale_sizes=scale_sizes,
        reviewers=reviewers,
        days_to_verdict=days_to_verdict,
        open_work=list(counts.items()),
        scale_names={s.pk: s.local_name for s in RatingScale.objects.only("pk", "name", "names")},
        usernames={r["id"]: r["username"] for r in reviewers},
    )
