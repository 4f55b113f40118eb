"""Reads shared by the pages, the API and the exports.

Every selector returns a queryset (or plain data built from a fixed number of queries), with the related
rows it needs already joined or prefetched, so that a page costs the same number of queries for 3 claims
or 300.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from django.conf import settings
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from factcheck import access, consensus
from factcheck import search as search_module
from factcheck.models import (
    ApiToken,
    Article,
    Assignment,
    Claim,
    ClaimMatch,
    Comment,
    ImportBatch,
    Notification,
    Outlet,
    Profile,
    Rating,
    RatingLabel,
    RatingScale,
    Source,
    Verdict,
)

# Claims still being worked on.
LIVE_UNPUBLISHED = (Claim.Status.CANDIDATE, Claim.Status.SELECTED)


def claim_queue_base() -> QuerySet[Claim]:
    return Claim.objects.select_related("article", "article__outlet")


# --- My work --------------------------------------------------------------------------------------
# Every queue reads one partial index in its own order (see Claim.Meta.indexes), so a page costs the
# same on a desk of a thousand claims or a million.


def reviewer_assigned(user) -> QuerySet[Claim]:
    """Claims assigned to `user` that they have not rated yet, most check-worthy first."""
    # Driven from the reviewer's open assignments (the `assignment_open` partial index): a short
    # list, however many claims the desk holds and however many the reviewer has rated.
    open_assignments = Assignment.objects.filter(reviewer=user, completed_at__isnull=True)
    return (
        claim_queue_base()
        .filter(status=Claim.Status.SELECTED, pk__in=open_assignments.values("claim_id"))
        .order_by("-score", "pk")
    )


def reviewer_needing_ratings(user) -> QuerySet[Claim]:
    """Selected claims short of the quorum that `user` has neither rated nor been assigned."""
    return (
        claim_queue_base()
        .filter(status=Claim.Status.SELECTED, ratings_count__lt=settings.FACTCHECK_QUORUM)
        .exclude(Exists(Rating.objects.filter(claim=OuterRef("pk"), reviewer=user)))
        .exclude(Exists(Assignment.objects.filter(claim=OuterRef("pk"), reviewer=user)))
        .order_by("-score", "pk")
    )


def editor_candidates() -> QuerySet[Claim]:
    """Candidates waiting for triage, in queue order:

    1. the editors' priority (`Claim.priority`, moved with `services.claim_reprioritise`);
    2. claims nobody is assigned to yet before those already assigned;
    3. check-worthiness in bands of 0.1 (`queue_band`), most check-worthy first;
    4. within a band, claims of the newest articles first; then the exact score.

    Exactly the order of the `claim_candidate_queue` index.
    """
    return (
        claim_queue_base()
        .filter(status=Claim.Status.CANDIDATE)
        .exclude(article__status=Article.Status.ARCHIVED)
        .order_by(*CANDIDATE_ORDER)
    )


CANDIDATE_ORDER = ("-priority", "is_assigned", "-queue_band", "-article_created_at", "-score", "pk")


def claim_matches(claim: Claim) -> list[ClaimMatch]:
    """The published claims that may say the same as `claim`, best first, each with its current
    verdict as `match.current_verdict` (None if it was withdrawn). Two queries, however many."""
    current = Prefetch(
        "match__verdicts",
        queryset=Verdict.objects.filter(is_current=True).select_related("label"),
        to_attr="current_verdicts",
    )
    matches = list(
        ClaimMatch.objects.filter(claim=claim)
        .select_related("match", "match__article", "match__article__outlet", "decided_by")
        .prefetch_related(current)
        .order_by("-score", "pk")
    )
    for m in matches:
        m.current_verdict = m.match.current_verdicts[0] if m.match.current_verdicts else None
    return matches


def editor_awaiting_verdict() -> QuerySet[Claim]:
    """Selected claims that reached the quorum and wait for a verdict (disagreements included).

    (A rated candidate is selected by the rating, so selected claims are all there is to read.)
    """
    return (
        claim_queue_base()
        .filter(status=Claim.Status.SELECTED, ratings_count__gte=settings.FACTCHECK_QUORUM)
        .order_by("-score", "pk")
    )


def editor_disagreements() -> QuerySet[Claim]:
    """Selected claims that need discussion (consensus.needs_discussion: no strict majority, or
    on-scale ratings two or more steps apart), most check-worthy first. Read from
    `Claim.needs_discussion`, kept in step by services.rating_submit in the rating's transaction."""
    return (
        claim_queue_base()
        .filter(status=Claim.Status.SELECTED)
        .filter(needs_discussion=True)
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
    """Articles newest first (or best match first when searching), with their live and published
    claim counts. The counts are per-row subqueries, computed for the page's rows only."""
    live = (
        Claim.objects.filter(article=OuterRef("pk"))
        .exclude(status__in=Claim.RETIRED)
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    published = (
        Claim.objects.filter(article=OuterRef("pk"), status=Claim.Status.PUBLISHED)
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = Article.objects.select_related("outlet").annotate(
        n_claims=Coalesce(Subquery(live), 0), n_published=Coalesce(Subquery(published), 0)
    )
    if outlet_id:
        qs = qs.filter(outlet_id=outlet_id)
    if status:
        qs = qs.filter(status=status)
    if search:
        return search_module.search_articles(qs, search)
    return qs.order_by("-created_at", "-pk")


def articles() -> QuerySet[Article]:
    return Article.objects.select_related("outlet")


def import_batches() -> QuerySet[ImportBatch]:
    return ImportBatch.objects.select_related("outlet", "created_by")


def claims() -> QuerySet[Claim]:
    """Claims with their article and scale joined (what every claim page and action reads)."""
    return Claim.objects.select_related("article", "rating_scale")


def has_rated(user, claim: Claim) -> bool:
    return Rating.objects.filter(claim=claim, reviewer=user).exists()


def comments_with_claim() -> QuerySet[Comment]:
    return Comment.objects.select_related("claim__article", "claim__rating_scale")


def matches_with_claim() -> QuerySet[ClaimMatch]:
    return ClaimMatch.objects.select_related("claim__article", "claim__rating_scale")


def articles_with_claims() -> QuerySet[Article]:
    """`article_list()` with each article's claims in text order (as `claim_list`)."""
    return article_list().prefetch_related(
        Prefetch("claims", queryset=Claim.objects.order_by("start", "id"), to_attr="claim_list")
    )


def claims_with_sources_and_verdict() -> QuerySet[Claim]:
    """Claims with their article and outlet, their sources in the order added, and their current
    verdict (as `current_verdicts`, a list of at most one)."""
    return Claim.objects.select_related(
        "article", "article__outlet", "rating_scale"
    ).prefetch_related(
        Prefetch(
            "sources",
            queryset=Source.objects.select_related("added_by").order_by("created_at", "id"),
        ),
        Prefetch(
            "verdicts",
            queryset=Verdict.objects.filter(is_current=True).select_related("label"),
            to_attr="current_verdicts",
        ),
    )


def claims_for_viewer(user) -> QuerySet[Claim]:
    """`claims_with_sources_and_verdict()`, each with `viewer_rated`: whether `user` has rated it,
    which decides what of colleagues' work they may see (blind rating), in the same query."""
    return claims_with_sources_and_verdict().annotate(
        viewer_rated=Exists(Rating.objects.filter(claim=OuterRef("pk"), reviewer_id=user.pk))
    )


def claims_with_sources() -> QuerySet[Claim]:
    return Claim.objects.prefetch_related(
        Prefetch(
            "sources",
            queryset=Source.objects.select_related("added_by").order_by("created_at", "id"),
        )
    )


def claims_with_ratings() -> QuerySet[Claim]:
    return Claim.objects.prefetch_related(
        Prefetch("ratings", queryset=Rating.objects.select_related("reviewer", "label"))
    )


def claims_with_comments() -> QuerySet[Claim]:
    return Claim.objects.prefetch_related(
        Prefetch(
            "comments",
            queryset=Comment.objects.select_related("author")
            .prefetch_related("mentions")
            .order_by("created_at", "id"),
        )
    )


def label_of(claim: Claim, slug: str) -> RatingLabel | None:
    """The label of the claim's scale with that slug."""
    return RatingLabel.objects.filter(scale_id=claim.rating_scale_id, slug=slug).first()


def label_slugs(claim: Claim) -> list[str]:
    """The slugs of the claim's scale, in the scale's order (to name them in a refusal)."""
    return list(
        RatingLabel.objects.filter(scale_id=claim.rating_scale_id).values_list("slug", flat=True)
    )


def claims_with_scale(claims: QuerySet[Claim] | None = None) -> QuerySet[Claim]:
    """Claims (these, or all) with their article and scale: what a claim's ratings, sources and
    comments are checked against."""
    return (claims if claims is not None else Claim.objects.all()).select_related(
        "article", "rating_scale"
    )


def comment_on(claim: Claim, pk) -> Comment | None:
    """A comment of this claim (None for another claim's)."""
    return Comment.objects.filter(pk=pk, claim=claim).first()


def current_verdict(claim: Claim) -> Verdict | None:
    return Verdict.objects.filter(claim=claim, is_current=True).select_related("label").first()


def annotatable_claims(user) -> QuerySet[Claim]:
    """Claims whose anchor `user` may read: every claim for the desk, published ones for others."""
    claims = Claim.objects.select_related("article")
    if not access.is_desk_member(user):
        claims = claims.filter(status=Claim.Status.PUBLISHED, verdicts__is_current=True)
    return claims


def rating_scales() -> QuerySet[RatingScale]:
    return RatingScale.objects.prefetch_related(
        Prefetch("labels", queryset=RatingLabel.objects.order_by("position"))
    )


def outlets() -> QuerySet[Outlet]:
    return Outlet.objects.order_by("name")


def outlet_named(name: str, *, exclude: int | None = None) -> Outlet | None:
    """The outlet of that name, whatever its case (outlet names are unique case-insensitively)."""
    return Outlet.objects.filter(name__iexact=name).exclude(pk=exclude).first()


def article_claims(article: Article) -> list[Claim]:
    """The article's claims in text order, with rating counts, for the workspace."""
    return list(article.claims.all().order_by("start", "pk"))


def claims_overlapping(article: Article, start: int, end: int) -> list[Claim]:
    """The article's claims that overlap `[start, end)`, in text order (one range of the
    article-and-start index): enough to redraw that stretch of the workspace's text."""
    return list(article.claims.filter(start__lt=end, end__gt=start).order_by("start", "pk"))


def article_status_counts(article: Article) -> dict[str, int]:
    """How many of the article's claims are in each status, in one query."""
    rows = article.claims.order_by().values_list("status").annotate(n=Count("pk"))
    return dict(rows)


@dataclass
class Segment:
    """A run of article text `[start, end)`; `claim` is the innermost live claim covering it."""

    start: int
    end: int
    text: str
    claim: Claim | None = None


# A blank line (possibly holding spaces) separates paragraphs, as in the extraction.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """`[start, end)` of each paragraph: the text between blank lines, without the whitespace around
    it. The spans depend on the text alone, which never changes, so they identify a paragraph."""
    spans = []
    pos = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        piece = text[pos : brk.start() if brk else len(text)]
        lead, trail = len(piece) - len(piece.lstrip()), len(piece.rstrip())
        if trail > lead:
            spans.append((pos + lead, pos + trail))
        pos = brk.end() if brk else pos
    return spans


def paragraphs_around(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the paragraphs that overlap `[start, end)`."""
    return [(a, b) for a, b in paragraph_spans(text) if a < end and b > start]


def highlight_segments(
    text: str, claims: list[Claim], *, paragraphs: list[tuple[int, int]] | None = None
) -> list[list[Segment]]:
    """Cut the article text into paragraphs of segments with exact offsets, each segment covered by at
    most one claim.

    Split and merged claims are not highlighted. Where live claims overlap (a merge or a manual
    selection), the shortest wins, so every live claim stays clickable somewhere. `paragraphs` limits
    the work to those spans (to redraw part of the text); `claims` must then hold every claim that
    overlaps them.
    """
    live = [c for c in claims if c.status not in (Claim.Status.SPLIT, Claim.Status.MERGED)]
    out: list[list[Segment]] = []
    for p_start, p_end in paragraph_spans(text) if paragraphs is None else paragraphs:
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
        out.append(segments)
    return out


# --- Claim panel ----------------------------------------------------------------------------------


@dataclass
class Agreement:
    count: int
    quorum: int
    reached: bool
    disagreement: bool
    spread: int | None


def agreement_of(ratings: list[Rating], quorum: int | None = None) -> Agreement:
    """Quorum and the needs-discussion flag of one claim's ratings (`disagreement` is that flag)."""
    quorum = settings.FACTCHECK_QUORUM if quorum is None else quorum
    values = [r.label.value for r in ratings if r.label.value is not None]
    spread = (max(values) - min(values)) if values else None
    disagreement = consensus.needs_discussion(
        [r.label_id for r in ratings], [r.label.value for r in ratings]
    )
    return Agreement(len(ratings), quorum, len(ratings) >= quorum, disagreement, spread)


@dataclass
class HistoryEntry:
    when: object
    who: str
    what: str
    detail: str = ""


class _PanelQuerysets(NamedTuple):
    claim: QuerySet[Claim]
    labels: QuerySet[RatingLabel]
    ratings: QuerySet[Rating]
    sources: QuerySet[Source]
    comments: QuerySet[Comment]
    verdicts: QuerySet[Verdict]
    assignments: QuerySet[Assignment]


@lru_cache(maxsize=1)
def _panel_querysets() -> _PanelQuerysets:
    """What `claim_for_panel` reads, built once a process (building them cost about 2,700 Python
    calls a panel: bench/pages.py). Callers take copies (`.all()`, `.get()`), so these are never
    run; forgotten when a setting changes."""
    link = Claim.derived_from.through
    return _PanelQuerysets(
        claim=Claim.objects.annotate(
            has_matches=Exists(ClaimMatch.objects.filter(claim=OuterRef("pk"))),
            has_derivation=Exists(
                link.objects.filter(Q(from_claim=OuterRef("pk")) | Q(to_claim=OuterRef("pk")))
            ),
        ).select_related("article", "article__outlet", "rating_scale"),
        labels=RatingLabel.objects.order_by("position"),
        # Each rating with its rater's reliability (none before the first recompute), for the
        # proposal (consensus.claim_proposal).
        ratings=Rating.objects.select_related("reviewer", "label")
        .annotate(
            rater_accuracy=F("reviewer__reliability__accuracy"),
            rater_qualified=F("reviewer__reliability__qualified"),
        )
        .order_by("created_at"),
        sources=Source.objects.select_related("added_by").order_by("created_at"),
        # The mentions are read only when comments are hidden (visible_comments).
        comments=Comment.objects.select_related("author").order_by("created_at", "pk"),
        verdicts=Verdict.objects.select_related("label", "editor")
        .prefetch_related("sources")
        .order_by("-revision"),
        assignments=Assignment.objects.select_related("reviewer"),
    )


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    _panel_querysets.cache_clear()


def claim_for_panel(pk: int, *, assignments: bool = True) -> Claim:
    """The claim with everything its panel shows, in a fixed number of queries at most.

    Annotated, in the claim's own query, with `has_matches` and `has_derivation`: whether
    `claim_matches()` and `derivation()` would find anything (most claims have neither, and the
    panel then reads neither). Then its scale's labels, sources and comments, and what the claim
    row says it has: its ratings (`ratings_count`), its verdicts (only a published claim has
    any) and its assignments (`is_assigned`; only with `assignments`, which editors see). A claim
    just extracted costs three queries fewer than one that is rated, assigned and published."""
    qs = _panel_querysets()
    claim = qs.claim.get(pk=pk)
    # A relation the claim row says is empty is given an empty queryset: no round trip.
    published = claim.status == Claim.Status.PUBLISHED
    prefetch_related_objects(
        [claim],
        Prefetch("rating_scale__labels", queryset=qs.labels.all()),
        Prefetch(
            "ratings", queryset=qs.ratings.all() if claim.ratings_count else qs.ratings.none()
        ),
        Prefetch("sources", queryset=qs.sources.all()),
        Prefetch("comments", queryset=qs.comments.all()),
        Prefetch("verdicts", queryset=qs.verdicts.all() if published else qs.verdicts.none()),
        Prefetch(
            "assignments",
            queryset=qs.assignments.all()
            if assignments and claim.is_assigned
            else qs.assignments.none(),
        ),
    )
    return claim


def neighbours(claim: Claim) -> tuple[tuple[int, str] | None, tuple[int, str] | None]:
    """The live claims just before and after `claim` in its article's text, to merge with, as
    (pk, wording), None where there is none. One plain query on the article's live claims (an
    article holds tens of them): cheaper to build and run than four subqueries in the claim's."""
    rows = (
        Claim.objects.filter(article_id=claim.article_id, status__in=LIVE_UNPUBLISHED)
        .exclude(start=claim.start)
        .order_by()
        .values_list("start", "pk", "wording")
    )
    before = after = None
    for row in rows:
        if row[0] < claim.start:
            if before is None or (-row[0], row[1]) < (-before[0], before[1]):
                before = row
        elif after is None or row[:2] < after[:2]:
            after = row
    return (
        (before[1], before[2]) if before else None,
        (after[1], after[2]) if after else None,
    )


def derivation(claim: Claim) -> tuple[list[int], list[int]]:
    """(the ids of the claims `claim` was split or merged from, the ids of those that replaced
    it), each in text order: one query on the link table, no claim rows built."""
    link = Claim.derived_from.through
    rows = link.objects.filter(Q(from_claim_id=claim.pk) | Q(to_claim_id=claim.pk)).values_list(
        "from_claim_id", "to_claim_id", "from_claim__start", "to_claim__start"
    )
    sources, replacements = [], []
    for derived, origin, derived_start, origin_start in rows:
        if derived == claim.pk:
            sources.append((origin_start, origin))
        else:
            replacements.append((derived_start, derived))
    return [pk for _, pk in sorted(sources)], [pk for _, pk in sorted(replacements)]


def visible_ratings(user, claim: Claim) -> tuple[list[Rating], Rating | None, bool]:
    """(ratings the user may see, the user's own rating, whether others' ratings are hidden).

    Blind rating: a reviewer sees only their own rating until they have submitted it.
    """
    ratings = list(claim.ratings.all())
    own = next((r for r in ratings if r.reviewer_id == user.pk), None)
    if access.can_see_all_ratings(user, claim, own_rating_exists=own is not None):
        return ratings, own, False
    return ([own] if own else []), own, len(ratings) > (1 if own else 0)


def threaded_comments(claim: Claim, visible=None) -> list[tuple[Comment, int]]:
    """Comments in thread order with their depth (replies under their parent).

    `visible(comment)` leaves out the comments it says no to (blind rating); a shown reply whose
    parent is left out is shown at the top level."""
    comments = list(claim.comments.all())
    if visible is not None:
        comments = [c for c in comments if visible(c)]
    shown = {c.pk for c in comments}
    children: dict[int | None, list[Comment]] = {}
    for c in comments:
        children.setdefault(c.parent_id if c.parent_id in shown else None, []).append(c)
    out: list[tuple[Comment, int]] = []

    def walk(parent_id, depth):
        for c in children.get(parent_id, []):
            out.append((c, min(depth, 4)))
            walk(c.pk, depth + 1)

    walk(None, 0)
    return out


@dataclass
class BlindComments:
    """The comments of a claim one person may see (`rows`, threaded), and how many are hidden from
    them until they rate: `hidden`, of which `addressed` mention them or answer one of theirs."""

    rows: list[tuple[Comment, int]]
    hidden: int = 0
    addressed: int = 0


def own_rating_exists(user, claim: Claim) -> bool:
    """Whether `user` has rated `claim`, from the prefetched ratings when there are."""
    cache = getattr(claim, "_prefetched_objects_cache", {})
    if "ratings" in cache:
        return any(r.reviewer_id == user.pk for r in cache["ratings"])
    return Rating.objects.filter(claim=claim, reviewer_id=user.pk).exists()


def visible_comments(user, claim: Claim, *, own_rating: bool | None = None) -> BlindComments:
    """The claim's comments `user` may see (access.can_see_contribution), threaded, with what is
    hidden counted. Reads the prefetched comments when there are, and the mentions of the hidden
    ones (one query, unless prefetched too) only when some are hidden."""
    rated = own_rating_exists(user, claim) if own_rating is None else own_rating

    def visible(c: Comment) -> bool:
        return access.can_see_contribution(user, claim, c.author_id, own_rating_exists=rated)

    rows = threaded_comments(claim, visible)
    everything = list(claim.comments.all())
    if len(rows) == len(everything):
        return BlindComments(rows)
    mine = {c.pk for c in everything if c.author_id == user.pk}
    hidden = [c for c in everything if not visible(c)]
    prefetch_related_objects(hidden, "mentions")
    addressed = [
        c for c in hidden if c.parent_id in mine or any(u.pk == user.pk for u in c.mentions.all())
    ]
    return BlindComments(rows, len(hidden), len(addressed))


def visible_sources(user, claim: Claim, *, own_rating: bool | None = None) -> tuple[list, int]:
    """(the claim's sources `user` may see, how many are hidden from them until they rate)."""
    rated = own_rating_exists(user, claim) if own_rating is None else own_rating
    sources = list(claim.sources.all())
    shown = [
        s
        for s in sources
        if access.can_see_contribution(user, claim, s.added_by_id, own_rating_exists=rated)
    ]
    return shown, len(sources) - len(shown)


class History(list):
    """A claim's timeline, newest first. `blind`: colleagues' ratings and sources are left out for
    the viewer until they rate; `hidden` counts the sources' entries left out."""

    blind = False
    hidden = 0


def claim_history_for(user, claim: Claim) -> History:
    """The claim's timeline as `user` may see it: blind until they have rated (no colleague's
    rating, nor source), see access.can_see_contribution."""
    rated = own_rating_exists(user, claim)
    show = access.can_see_all_ratings(user, claim, own_rating_exists=rated)
    return claim_history(claim, show_ratings=show, viewer=None if show else user)


def claim_history(claim: Claim, *, show_ratings: bool, viewer=None) -> History:
    """A timeline of every change to the claim, its ratings, sources, assignments and verdicts,
    newest first.

    Other reviewers' ratings are left out while the viewer may not see them (blind rating); with
    `viewer`, so are the sources other people added (counted in `hidden`).
    """
    entries = History()
    entries.blind = not show_ratings
    claim_rows = claim.history.select_related("history_user").order_by("history_date")
    for row in claim_rows:
        what = (
            _reason(row.history_change_reason)
            or {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}[row.history_type]
        )
        status = row.status
        entries.append(
            HistoryEntry(
                row.history_date, _who(row), what, _("status: %(status)s") % {"status": status}
            )
        )
    if show_ratings:
        rating_history = Rating.history.filter(claim_id=claim.pk).select_related(
            "history_user", "label"
        )
        for row in rating_history:
            entries.append(
                HistoryEntry(
                    row.history_date,
                    _who(row),
                    _reason(row.history_change_reason) or _("Rated"),
                    f"{row.label.local_name}: {row.rationale[:120]}",
                )
            )
    for row in Source.history.filter(claim_id=claim.pk).select_related("history_user"):
        if viewer is not None and not access.can_see_contribution(
            viewer, claim, row.added_by_id, own_rating_exists=False
        ):
            entries.hidden += 1
            continue
        verb = {"+": _("Source added"), "~": _("Source changed"), "-": _("Source removed")}[
            row.history_type
        ]
        entries.append(HistoryEntry(row.history_date, _who(row), verb, row.title or row.url))
    assignment_history = Assignment.history.filter(claim_id=claim.pk).select_related(
        "history_user", "reviewer"
    )
    for row in assignment_history:
        name = _name(row.reviewer) if row.reviewer else "someone no longer on the desk"
        what = row.history_change_reason or ("Assigned" if row.history_type == "+" else "Changed")
        if row.history_type == "-":
            what = row.history_change_reason or "Unassigned"
        entries.append(HistoryEntry(row.history_date, _who(row), what, name))
    for row in Verdict.history.filter(claim_id=claim.pk).select_related("history_user", "label"):
        entries.append(
            HistoryEntry(
                row.history_date,
                _who(row),
                _reason(row.history_change_reason) or _("Verdict changed"),
                _("revision %(revision)s: %(label)s — %(summary)s")
                % {"revision": row.revision, "label": row.label.local_name, "summary": row.summary},
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _who(row) -> str:
    user = row.history_user
    return user.get_username() if user else _("system")


# The reasons the services store with each history row, in English (stored data, one language for
# everyone); each reader sees them in their own language.
_FIXED_REASONS = {
    gettext_noop("Created from a selection"),
    gettext_noop("Selected for checking"),
    gettext_noop("Selected for checking: rated"),
    gettext_noop("Reworded"),
    gettext_noop("Split in two"),
    gettext_noop("Merged"),
    gettext_noop("Rated"),
    gettext_noop("Rating revised"),
    gettext_noop("Published"),
    gettext_noop("Verdict published"),
    gettext_noop("Correction published"),
}
_PATTERN_REASONS = [
    (
        re.compile(r"Dismissed: (?P<reason>.*)", re.S),
        gettext_noop("Dismissed: %(reason)s"),
    ),
    (re.compile(r"Assigned to (?P<user>.+)"), gettext_noop("Assigned to %(user)s")),
    (
        re.compile(r"Priority raised to (?P<priority>[+-]\d+)"),
        gettext_noop("Priority raised to %(priority)s"),
    ),
    (
        re.compile(r"Priority lowered to (?P<priority>[+-]\d+)"),
        gettext_noop("Priority lowered to %(priority)s"),
    ),
    (
        re.compile(r"Same as claim (?P<number>\d+): its verdict reused"),
        gettext_noop("Same as claim %(number)s: its verdict reused"),
    ),
    (
        re.compile(r"Copied from claim (?P<number>\d+)"),
        gettext_noop("Copied from claim %(number)s"),
    ),
    (
        re.compile(r"Reused from claim (?P<number>\d+)"),
        gettext_noop("Reused from claim %(number)s"),
    ),
    (
        re.compile(r"Derived from claim (?P<number>\d+)"),
        gettext_noop("Derived from claim %(number)s"),
    ),
    (
        re.compile(r"Superseded by revision (?P<revision>\d+)"),
        gettext_noop("Superseded by revision %(revision)s"),
    ),
    (
        re.compile(r"Re-scored by (?P<version>.+)"),
        gettext_noop("Re-scored by %(version)s"),
    ),
]


def _reason(stored: str | None) -> str:
    """A stored history reason in the reader's language (as stored when it is not one we know)."""
    if not stored:
        return ""
    if stored in _FIXED_REASONS:
        return _(stored)
    for pattern, template in _PATTERN_REASONS:
        if match := pattern.fullmatch(stored):
            return _(template) % match.groupdict()
    return stored


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


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


class Reviewer(NamedTuple):
    """A person an editor can assign, with their workload: the open claims they are assigned and
    have not rated yet."""

    pk: int
    name: str
    open_assignments: int


# The desk's people by name, in the shared cache: every panel, workspace and My work of an editor
# lists them, and they change only when a person or their groups do (`desk_members_changed`,
# connected in apps.py, forgets them then, and again once that commits). The timeout bounds a
# reader that cached the people in the instant before a change committed, or a change made behind
# the ORM's back; assigning checks the person against the database anyway (forms.AssignForm,
# services.assignments_create).
MEMBERS_KEY = "factcheck:desk:members"
MEMBERS_TIMEOUT = 60


def _members_by_name() -> list[tuple[int, str]]:
    """(pk, name) of each desk member, by name (the full name, else the username; case-insensitive;
    the same name twice in the order of the usernames)."""
    from django.core.cache import cache

    cached = cache.get(MEMBERS_KEY)
    if cached is not None:
        return cached
    people = desk_members().order_by().values_list("pk", "first_name", "last_name", "username")
    rows = [
        (f"{first} {last}".strip() or username, username, pk)
        for pk, first, last, username in people
    ]
    rows.sort(key=lambda row: (row[0].casefold(), row[1]))
    members = [(pk, name) for name, _, pk in rows]
    cache.set(MEMBERS_KEY, members, timeout=MEMBERS_TIMEOUT)
    return members


def desk_members_changed(sender=None, update_fields=None, **kwargs) -> None:
    """A person, or who is in which group, changed: forget the cached desk members (a sign-in,
    which only stamps `last_login`, changes nothing listed)."""
    from django.core.cache import cache

    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    cache.delete(MEMBERS_KEY)
    # Again once the change commits: another process may have read and cached the people as they
    # were in between.
    transaction.on_commit(lambda: cache.delete(MEMBERS_KEY), robust=True)


def assignable_reviewers() -> list[Reviewer]:
    """The people an editor can assign (active reviewers and editors), by name, each with their
    open workload: the desk's members (cached, `_members_by_name`), then every open assignment
    counted by reviewer in one query (COUNT(*) over the partial indexes `assignment_open` and
    `claim_open_ids`, index-only)."""
    workload = dict(
        Assignment.objects.filter(completed_at__isnull=True, claim__status__in=Claim.OPEN)
        .order_by()
        .values_list("reviewer")
        .annotate(n=Count("*"))
    )
    return [Reviewer(pk, name, workload.get(pk, 0)) for pk, name in _members_by_name()]


# --- Public ---------------------------------------------------------------------------------------


def published_verdicts(*, search: str = "", dated: bool = False) -> QuerySet[Verdict]:
    """Current revisions of published verdicts only: nothing unpublished is ever reachable from here.
    Newest first, or best match first when searching (factcheck.search). `dated` adds
    `first_published_at` (when revision 1 came out), which the API and the exports filter on."""
    qs = recent_verdicts().filter(claim__status=Claim.Status.PUBLISHED)
    if dated:
        qs = qs.annotate(first_published_at=first_published_subquery())
    if search:
        return search_module.search_verdicts(qs, search)
    return qs


def first_published_subquery() -> Subquery:
    """When revision 1 of the verdict's claim came out: one subquery, not a query per row."""
    return Subquery(
        Verdict.objects.filter(claim_id=OuterRef("claim_id"), revision=1)
        .order_by()
        .values("published_at")[:1]
    )


def verdicts_for_api() -> QuerySet[Verdict]:
    """Published verdicts (dated) with what the API's verdict shape reads: the scale's labels and
    the sources, prefetched."""
    return (
        published_verdicts(dated=True)
        .select_related("claim__rating_scale")
        .prefetch_related(
            Prefetch(
                "claim__rating_scale__labels", queryset=RatingLabel.objects.order_by("position")
            ),
            Prefetch("sources", queryset=Source.objects.order_by("id")),
        )
    )


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


# --- People: notifications ------------------------------------------------------------------------

# The header shows "99+" beyond this: counting stops there, whatever the backlog.
UNREAD_CAP = 99


def notifications_of(user, *, unread_only: bool = False) -> QuerySet:
    """A person's notifications, newest first (the `notification_list` index), with the claim and
    the actor joined, ready for keyset pages."""
    qs = Notification.objects.filter(recipient=user).select_related("claim", "actor")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def unread_notifications(user) -> QuerySet[Notification]:
    """The notifications `user` has not read (the `notification_unread` partial index)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def unread_notification_count(user) -> int:
    """How many notifications `user` has not read, up to UNREAD_CAP + 1: one query on the
    `notification_unread` partial index, which never reads more than that many entries."""
    return unread_notifications(user).order_by()[: UNREAD_CAP + 1].count()


def profile_of(user) -> Profile:
    """The user's profile; an unsaved one with the defaults if they never changed it."""
    try:
        return Profile.objects.get(user=user)
    except Profile.DoesNotExist:
        return Profile(user=user)


def desk_editors() -> QuerySet:
    """Active editors and admins (the people `access.is_editor` says yes to)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=access.EDITOR_GROUP) | Q(is_superuser=True))
        .distinct()
    )


def tokens_of(user):
    """A person's API tokens, active first, newest first."""
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id"
    )


# --- Imports --------------------------------------------------------------------------------------


def import_retryable_files(batch) -> QuerySet:
    """A batch's failed files whose bytes were kept: they failed for a reason other than their
    content (their worker died, an unexpected error), and may be tried again."""
    from factcheck.models import ImportItem

    return ImportItem.objects.filter(batch=batch, status=ImportItem.Status.FAILED).exclude(
        content=b""
    )
