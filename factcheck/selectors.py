"""Reads shared by the pages, the API and the exports.

Every selector returns a queryset (or plain data built from a fixed number of queries), with the related
rows it needs already joined or prefetched, so that a page costs the same number of queries for 3 claims
or 300.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from django.conf import settings
from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet

from factcheck import access
from factcheck.models import (
    Article,
    Assignment,
    Claim,
    Comment,
    Outlet,
    Rating,
    RatingLabel,
    Source,
    Verdict,
)

# Claims still being worked on: a candidate may already carry ratings.
LIVE_UNPUBLISHED = (Claim.Status.CANDIDATE, Claim.Status.SELECTED)


def _with_rating_stats(qs: QuerySet[Claim]) -> QuerySet[Claim]:
    return qs.annotate(
        n_ratings=Count("ratings", distinct=True),
        max_value=Max("ratings__label__value"),
        min_value=Min("ratings__label__value"),
        n_off_scale=Count("ratings", filter=Q(ratings__label__value__isnull=True), distinct=True),
    )


def disagreement_q() -> Q:
    """Ratings that differ by more than one step, or mix labels inside and outside the scale."""
    from django.db.models import F

    return Q(n_ratings__gte=2) & (
        Q(max_value__gt=F("min_value") + 1)
        | (Q(n_off_scale__gt=0) & Q(n_off_scale__lt=F("n_ratings")))
    )


def claim_queue_base() -> QuerySet[Claim]:
    return _with_rating_stats(Claim.objects.select_related("article", "article__outlet"))


# --- My work --------------------------------------------------------------------------------------


def reviewer_assigned(user) -> QuerySet[Claim]:
    """Claims assigned to `user` that they have not rated yet, most check-worthy first."""
    return (
        claim_queue_base()
        .filter(status=Claim.Status.SELECTED, assignments__reviewer=user)
        .exclude(ratings__reviewer=user)
        .order_by("-score", "pk")
    )


def reviewer_needing_ratings(user) -> QuerySet[Claim]:
    """Selected claims short of the quorum that `user` has neither rated nor been assigned."""
    return (
        claim_queue_base()
        .filter(status=Claim.Status.SELECTED)
        .exclude(ratings__reviewer=user)
        .exclude(assignments__reviewer=user)
        .filter(n_ratings__lt=settings.FACTCHECK_QUORUM)
        .order_by("-score", "pk")
    )


def editor_candidates() -> QuerySet[Claim]:
    """Candidates waiting for triage, most check-worthy first."""
    return (
        Claim.objects.select_related("article", "article__outlet")
        .filter(status=Claim.Status.CANDIDATE)
        .exclude(article__status=Article.Status.ARCHIVED)
        .order_by("-score", "pk")
    )


def editor_awaiting_verdict() -> QuerySet[Claim]:
    """Selected claims that reached the quorum and wait for a verdict (disagreements included)."""
    return (
        claim_queue_base()
        .filter(status__in=LIVE_UNPUBLISHED, n_ratings__gte=settings.FACTCHECK_QUORUM)
        .order_by("-score", "pk")
    )


def editor_disagreements() -> QuerySet[Claim]:
    """Selected claims whose reviewers disagree by more than one step."""
    return (
        claim_queue_base()
        .filter(status__in=LIVE_UNPUBLISHED)
        .filter(disagreement_q())
        .order_by("-score", "pk")
    )


def recent_verdicts() -> QuerySet[Verdict]:
    return (
        Verdict.objects.filter(is_current=True)
        .select_related("claim", "claim__article", "claim__article__outlet", "label", "editor")
        .order_by("-published_at", "-pk")
    )


# --- Articles -------------------------------------------------------------------------------------


def article_list(
    *, search: str = "", outlet_id: int | None = None, status: str = ""
) -> QuerySet[Article]:
    qs = Article.objects.select_related("outlet").annotate(
        n_claims=Count("claims", filter=~Q(claims__status__in=Claim.RETIRED)),
        n_published=Count("claims", filter=Q(claims__status=Claim.Status.PUBLISHED)),
    )
    if search:
        qs = qs.filter(
            Q(title__icontains=search) | Q(text__icontains=search) | Q(url__icontains=search)
        )
    if outlet_id:
        qs = qs.filter(outlet_id=outlet_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def outlets() -> QuerySet[Outlet]:
    return Outlet.objects.order_by("name")


def article_claims(article: Article) -> list[Claim]:
    """The article's claims in text order, with rating counts, for the workspace."""
    return list(_with_rating_stats(article.claims.all()).order_by("start", "pk"))


@dataclass
class Segment:
    """A run of article text `[start, end)`; `claim` is the innermost live claim covering it."""

    start: int
    end: int
    text: str
    claim: Claim | None = None


_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*\Z)", re.S)


def highlight_segments(text: str, claims: list[Claim]) -> list[list[Segment]]:
    """Cut the article text into paragraphs of segments with exact offsets, each segment covered by at
    most one claim.

    Split and merged claims are not highlighted. Where live claims overlap (a merge or a manual
    selection), the shortest wins, so every live claim stays clickable somewhere.
    """
    live = [c for c in claims if c.status not in (Claim.Status.SPLIT, Claim.Status.MERGED)]
    paragraphs: list[list[Segment]] = []
    for match in _PARAGRAPH.finditer(text):
        p_start, p_end = match.span()
        inside = [c for c in live if c.start < p_end and c.end > p_start]
        cuts = {p_start, p_end}
        for c in inside:
            cuts.update(x for x in (c.start, c.end) if p_start < x < p_end)
        points = sorted(cuts)
        segments = []
        for a, b in pairwise(points):
            covering = [c for c in inside if c.start <= a and b <= c.end]
            claim = min(covering, key=lambda c: c.end - c.start) if covering else None
            segments.append(Segment(a, b, text[a:b], claim))
        paragraphs.append(segments)
    return paragraphs


# --- Claim panel ----------------------------------------------------------------------------------


@dataclass
class Agreement:
    count: int
    quorum: int
    reached: bool
    disagreement: bool
    spread: int | None


def agreement_of(ratings: list[Rating], quorum: int | None = None) -> Agreement:
    quorum = settings.FACTCHECK_QUORUM if quorum is None else quorum
    values = [r.label.value for r in ratings if r.label.value is not None]
    off_scale = len(ratings) - len(values)
    spread = (max(values) - min(values)) if values else None
    disagreement = len(ratings) >= 2 and (
        (spread is not None and spread > 1) or (off_scale > 0 and len(values) > 0)
    )
    return Agreement(len(ratings), quorum, len(ratings) >= quorum, disagreement, spread)


@dataclass
class HistoryEntry:
    when: object
    who: str
    what: str
    detail: str = ""


def claim_for_panel(pk: int) -> Claim:
    """The claim with everything its panel shows, in a fixed number of queries."""
    return (
        Claim.objects.select_related("article", "article__outlet", "rating_scale", "created_by")
        .prefetch_related(
            Prefetch("rating_scale__labels", queryset=RatingLabel.objects.order_by("position")),
            Prefetch(
                "ratings",
                queryset=Rating.objects.select_related("reviewer", "label").order_by("created_at"),
            ),
            Prefetch(
                "sources", queryset=Source.objects.select_related("added_by").order_by("created_at")
            ),
            Prefetch(
                "comments",
                queryset=Comment.objects.select_related("author")
                .prefetch_related("mentions")
                .order_by("created_at", "pk"),
            ),
            Prefetch(
                "verdicts",
                queryset=Verdict.objects.select_related("label", "editor")
                .prefetch_related("sources")
                .order_by("-revision"),
            ),
            Prefetch("assignments", queryset=Assignment.objects.select_related("reviewer")),
            "derived_from",
            "derived_claims",
        )
        .get(pk=pk)
    )


def visible_ratings(user, claim: Claim) -> tuple[list[Rating], Rating | None, bool]:
    """(ratings the user may see, the user's own rating, whether others' ratings are hidden).

    Blind rating: a reviewer sees only their own rating until they have submitted it.
    """
    ratings = list(claim.ratings.all())
    own = next((r for r in ratings if r.reviewer_id == user.pk), None)
    if access.can_see_all_ratings(user, claim, own_rating_exists=own is not None):
        return ratings, own, False
    return ([own] if own else []), own, len(ratings) > (1 if own else 0)


def threaded_comments(claim: Claim) -> list[tuple[Comment, int]]:
    """Comments in thread order with their depth (replies under their parent)."""
    comments = list(claim.comments.all())
    children: dict[int | None, list[Comment]] = {}
    for c in comments:
        children.setdefault(c.parent_id, []).append(c)
    out: list[tuple[Comment, int]] = []

    def walk(parent_id, depth):
        for c in children.get(parent_id, []):
            out.append((c, min(depth, 4)))
            walk(c.pk, depth + 1)

    walk(None, 0)
    return out


def claim_history(claim: Claim, *, show_ratings: bool) -> list[HistoryEntry]:
    """A timeline of every change to the claim, its ratings, sources and verdicts, newest first.

    Other reviewers' ratings are left out while the viewer may not see them (blind rating).
    """
    entries: list[HistoryEntry] = []
    claim_rows = claim.history.select_related("history_user").order_by("history_date")
    for row in claim_rows:
        what = (
            row.history_change_reason
            or {"+": "Created", "~": "Changed", "-": "Deleted"}[row.history_type]
        )
        entries.append(HistoryEntry(row.history_date, _who(row), what, f"status: {row.status}"))
    if show_ratings:
        rating_history = Rating.history.filter(claim_id=claim.pk).select_related(
            "history_user", "label"
        )
        for row in rating_history:
            entries.append(
                HistoryEntry(
                    row.history_date,
                    _who(row),
                    row.history_change_reason or "Rated",
                    f"{row.label.name}: {row.rationale[:120]}",
                )
            )
    for row in Source.history.filter(claim_id=claim.pk).select_related("history_user"):
        verb = {"+": "Source added", "~": "Source changed", "-": "Source removed"}[row.history_type]
        entries.append(HistoryEntry(row.history_date, _who(row), verb, row.title or row.url))
    for row in Verdict.history.filter(claim_id=claim.pk).select_related("history_user", "label"):
        entries.append(
            HistoryEntry(
                row.history_date,
                _who(row),
                row.history_change_reason or "Verdict changed",
                f"revision {row.revision}: {row.label.name} — {row.summary}",
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _who(row) -> str:
    user = row.history_user
    return user.get_username() if user else "system"


def desk_members() -> QuerySet:
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(groups__name__in=[access.REVIEWER_GROUP, access.EDITOR_GROUP]) | Q(is_superuser=True)
        )
        .distinct()
        .order_by("username")
    )


def neighbours(claim: Claim) -> tuple[Claim | None, Claim | None]:
    """The live claims just before and after this one in the article, for merging."""
    live = Claim.objects.filter(article_id=claim.article_id).filter(
        status__in=[Claim.Status.CANDIDATE, Claim.Status.SELECTED]
    )
    before = live.filter(start__lt=claim.start).order_by("-start").first()
    after = live.filter(start__gt=claim.start).order_by("start").first()
    return before, after


# --- Public ---------------------------------------------------------------------------------------


def published_verdicts(*, search: str = "") -> QuerySet[Verdict]:
    """Current revisions of published verdicts only: nothing unpublished is ever reachable from here."""
    qs = recent_verdicts().filter(claim__status=Claim.Status.PUBLISHED)
    if search:
        qs = qs.filter(
            Q(summary__icontains=search)
            | Q(claim__wording__icontains=search)
            | Q(explanation__icontains=search)
            | Q(claim__article__title__icontains=search)
        )
    return qs


def public_claim(claim_id: int) -> Claim:
    """A published claim with its verdict revisions and sources; DoesNotExist for anything else."""
    return (
        Claim.objects.filter(status=Claim.Status.PUBLISHED)
        .filter(Exists(Verdict.objects.filter(claim=OuterRef("pk"), is_current=True)))
        .select_related("article", "article__outlet", "rating_scale")
        .prefetch_related(
            Prefetch("rating_scale__labels", queryset=RatingLabel.objects.order_by("position")),
            Prefetch(
                "verdicts",
                queryset=Verdict.objects.select_related("label", "editor")
                .prefetch_related("sources")
                .order_by("-revision"),
            ),
        )
        .get(pk=claim_id)
    )
