"""Every write the desk makes. Pages, the API, the admin and the management commands all call these.

Each service takes keyword-only arguments, checks who is acting (through `access`), validates, and writes
inside one transaction, so a failure leaves nothing half-written. Validation problems raise Django's
`ValidationError` with a message meant for the person acting; a lost race raises `ConflictError`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from factcheck import access, checkworthiness, extraction, matching, tasks
from factcheck.models import (
    Article,
    Assignment,
    Claim,
    ClaimMatch,
    Comment,
    Outlet,
    Rating,
    RatingLabel,
    RatingScale,
    Source,
    Verdict,
)

User = get_user_model()


class ConflictError(Exception):
    """Someone else changed the object first. `current` is the object as it now stands."""

    def __init__(self, message: str, *, current=None):
        super().__init__(message)
        self.current = current


def _require_editor(user) -> None:
    if not access.is_editor(user):
        raise PermissionDenied("Only editors can do this.")


def _require_desk_member(user) -> None:
    if not access.is_desk_member(user):
        raise PermissionDenied("Only reviewers and editors can do this.")


def _reject_nul(**fields: str | None) -> None:
    """NUL characters are never text: PostgreSQL refuses them and SQLite truncates at them."""
    bad = {
        name: "This text contains a NUL character (\\x00); remove it."
        for name, value in fields.items()
        if value and "\x00" in value
    }
    if bad:
        raise ValidationError(bad)


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


# --- Articles -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def outlet_get_or_create(*, name: str, homepage: str = "") -> Outlet:
    """The outlet of that name (case-insensitive), created if new."""
    _reject_nul(outlet=name)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"outlet": "An outlet needs a name."})
    existing = Outlet.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    outlet = Outlet(name=name, homepage=homepage)
    outlet.full_clean()
    outlet.save()
    return outlet


def article_ingest(
    *,
    content: str | bytes,
    filename: str = "",
    content_type: str = "",
    origin: str = Article.Origin.PASTE,
    outlet: Outlet | None = None,
    url: str = "",
    title: str = "",
    author: str = "",
    published: date | None = None,
    language: str = "",
    created_by=None,
) -> IngestResult:
    """Extract an article's title, date and body and split the body into scored candidate claims.

    Idempotent: the same normalised body text returns the stored article with `created=False`, so
    re-running an import never duplicates. Explicit metadata (title, date, author, url) wins over what
    extraction found. Raises ValidationError for empty, binary, non-UTF-8 or oversized input.
    """
    max_bytes = settings.FACTCHECK_MAX_ARTICLE_BYTES
    try:
        if isinstance(content, str):
            # Pasted text gets the same checks as a file: size, binary, control characters.
            try:
                content = content.encode("utf-8")
            except UnicodeEncodeError:
                raise extraction.ExtractionError(
                    "The text contains characters that are not valid Unicode (unpaired surrogates)."
                ) from None
            raw = extraction.decode_upload(content, max_bytes=max_bytes, what="text")
        else:
            raw = extraction.decode_upload(content, max_bytes=max_bytes)
        extracted = extraction.extract(raw, filename=filename, content_type=content_type)
    except extraction.ExtractionError as exc:
        raise ValidationError(str(exc)) from exc

    _reject_nul(title=title, author=author, url=url)
    if url:
        URLValidator(schemes=["http", "https"])(url)
    digest = text_hash(extracted.text)
    existing = Article.objects.filter(text_hash=digest).first()
    if existing:
        return IngestResult(existing, False)

    scale = RatingScale.default()
    article = Article(
        title=(title or extracted.title or _first_words(extracted.text))[:500],
        outlet=outlet,
        url=url,
        author=(author or extracted.author)[:300],
        published=published or extracted.published,
        language=language or extracted.language or "en",
        text=extracted.text,
        text_hash=digest,
        origin=origin,
        created_by=created_by,
    )
    article.full_clean()
    claimant = outlet.name if outlet else ""
    try:
        with transaction.atomic():
            article.save()
            claims = [
                _build_claim(
                    article=article,
                    start=c.start,
                    end=c.end,
                    claimant=claimant,
                    rating_scale=scale,
                    created_by=created_by,
                )
                for c in extracted.candidates
            ]
            claims = bulk_create_with_history(
                claims, Claim, batch_size=500, default_user=created_by
            )
            # Claims already checked, in any article: one query for the whole article.
            matching.suggest(claims)
    except IntegrityError:
        # Another request stored the same text between our check and our insert.
        existing = Article.objects.filter(text_hash=digest).first()
        if existing:
            return IngestResult(existing, False)
        raise
    return IngestResult(article, True)


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


def article_refresh_status(*, article: Article) -> Article:
    """Derive the article's status from its claims: checking while any claim is selected, done once
    every selected claim is published, triage otherwise. Archived articles stay archived."""
    if article.status == Article.Status.ARCHIVED:
        return article
    statuses = set(article.claims.values_list("status", flat=True))
    if Claim.Status.SELECTED in statuses:
        new = Article.Status.CHECKING
    elif Claim.Status.PUBLISHED in statuses:
        new = Article.Status.DONE
    else:
        new = Article.Status.TRIAGE
    if new != article.status:
        Article.objects.filter(pk=article.pk).update(status=new, updated_at=timezone.now())
        article.status = new
    return article


# --- Claims ---------------------------------------------------------------------------------------


def _lock_claim(claim: Claim, expected_version: int | None = None) -> Claim:
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            "This claim was changed by someone else while you were editing it. "
            "Review the current version and try again.",
            current=locked,
        )
    return locked


def _save_claim(claim: Claim, user, reason: str) -> None:
    # The row is locked (select_for_update), so a plain increment cannot lose an update.
    claim.version += 1
    claim._change_reason = reason
    claim._history_user = user
    claim.full_clean(exclude=["derived_from"])
    # The queue columns are written only by the services that own them (ratings, assignments).
    claim.save(update_fields=_CLAIM_EDIT_FIELDS)


_QUEUE_COLUMNS = {"ratings_count", "needs_discussion", "is_assigned", "article_created_at"}
_CLAIM_EDIT_FIELDS = [
    f.name
    for f in Claim._meta.concrete_fields
    if not f.primary_key and not f.generated and f.name not in _QUEUE_COLUMNS
]


def claim_create(
    *, article: Article, start: int, end: int, editor, wording: str = "", claimant: str = ""
) -> Claim:
    """A claim from an exact span of the article text (e.g. an editor's selection).

    Surrounding whitespace is trimmed from the span; the anchor is always exact.
    """
    _require_editor(editor)
    _reject_nul(wording=wording, claimant=claimant)
    text = article.text
    if not (0 <= start < end <= len(text)):
        raise ValidationError(
            f"The selection {start}–{end} is outside the article text (0–{len(text)})."
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise ValidationError("The selection is empty.")
    claim = _build_claim(
        article=article,
        start=start,
        end=end,
        wording=wording.strip(),
        claimant=claimant.strip() or (article.outlet.name if article.outlet else ""),
        status=Claim.Status.SELECTED,
        rating_scale=RatingScale.default(),
        created_by=editor,
    )
    claim.full_clean(exclude=["derived_from"])
    claim._history_user = editor
    claim._change_reason = "Created from a selection"
    try:
        with transaction.atomic():
            claim.save()
            article_refresh_status(article=article)
    except IntegrityError:
        raise ValidationError("A claim already covers exactly this span.") from None
    matching.suggest([claim])
    return claim


@transaction.atomic
def claim_select(*, claim: Claim, editor, expected_version: int | None = None) -> Claim:
    """Mark a candidate (or a dismissed claim) as worth checking."""
    _require_editor(editor)
    claim = _lock_claim(claim, expected_version)
    if claim.status not in (Claim.Status.CANDIDATE, Claim.Status.DISMISSED):
        raise ValidationError(
            f"A claim that is {claim.get_status_display().lower()} cannot be selected."
        )
    claim.status = Claim.Status.SELECTED
    claim.dismissed_reason = ""
    try:
        _save_claim(claim, editor, "Selected for checking")
    except IntegrityError:
        raise ValidationError("Another live claim already covers this span.") from None
    article_refresh_status(article=claim.article)
    return claim


@transaction.atomic
def claim_dismiss(
    *, claim: Claim, editor, reason: str, expected_version: int | None = None
) -> Claim:
    """Set a claim aside as not worth checking; the reason is kept."""
    _require_editor(editor)
    _reject_nul(reason=reason)
    if _blank(reason):
        raise ValidationError({"reason": "Say why the claim is dismissed."})
    claim = _lock_claim(claim, expected_version)
    if claim.status not in (Claim.Status.CANDIDATE, Claim.Status.SELECTED):
        raise ValidationError(
            f"A claim that is {claim.get_status_display().lower()} cannot be dismissed."
        )
    claim.status = Claim.Status.DISMISSED
    claim.dismissed_reason = reason.strip()
    _save_claim(claim, editor, f"Dismissed: {claim.dismissed_reason}")
    article_refresh_status(article=claim.article)
    return claim


@transaction.atomic
def claim_reword(
    *,
    claim: Claim,
    editor,
    wording: str,
    claimant: str | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Change what is checked (and who claimed it); the anchor in the article does not move."""
    _require_editor(editor)
    _reject_nul(wording=wording, claimant=claimant)
    if _blank(wording):
        raise ValidationError({"wording": "The wording cannot be empty."})
    claim = _lock_claim(claim, expected_version)
    if claim.is_retired or claim.status == Claim.Status.PUBLISHED:
        raise ValidationError("Published, split, merged or dismissed claims cannot be reworded.")
    claim.wording = wording.strip()
    if claimant is not None:
        claim.claimant = claimant.strip()
    _save_claim(claim, editor, "Reworded")
    return claim


def _build_claim(
    *, article: Article, start: int, end: int, scored=None, wording: str = "", **fields
) -> Claim:
    """An unsaved claim anchored to `article.text[start:end]` (quote, prefix, suffix), scored by
    the current check-worthiness model unless `scored` is given. The one place claims are built."""
    quote, prefix, suffix = extraction.anchor(article.text, start, end)
    scored = scored or checkworthiness.score_claim(quote)
    return Claim(
        article=article,
        article_created_at=article.created_at,
        start=start,
        end=end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        wording=wording or quote,
        score=scored.score,
        features=scored.features,
        score_version=scored.version,
        **fields,
    )


def _derive_claim(source: Claim, start: int, end: int, editor, status: str) -> Claim:
    claim = _build_claim(
        article=source.article,
        start=start,
        end=end,
        claimant=source.claimant,
        status=status,
        rating_scale=source.rating_scale,
        created_by=editor,
    )
    claim.full_clean(exclude=["derived_from"])
    claim._history_user = editor
    claim._change_reason = f"Derived from claim {source.pk}"
    claim.save()
    matching.suggest([claim])
    return claim


def _copy_assignments(sources: Iterable[Claim], targets: Iterable[Claim], editor) -> None:
    targets = list(targets)
    reviewers = {a.reviewer_id for s in sources for a in s.assignments.all()}
    Assignment.objects.bulk_create(
        [
            Assignment(claim=t, reviewer_id=r, assigned_by=editor)
            for t in targets
            for r in reviewers
        ],
        ignore_conflicts=True,
    )
    if reviewers:
        Claim.objects.filter(pk__in=[t.pk for t in targets]).update(is_assigned=True)


@transaction.atomic
def claim_split(
    *, claim: Claim, editor, at: int, expected_version: int | None = None
) -> tuple[Claim, Claim]:
    """Split a claim in two at offset `at` inside its quote.

    The original is kept (status split) with its ratings, sources and discussion; the two parts are new
    claims linked to it, with its assignments.
    """
    _require_editor(editor)
    claim = _lock_claim(claim, expected_version)
    if claim.status not in (Claim.Status.CANDIDATE, Claim.Status.SELECTED):
        raise ValidationError("Only candidate or selected claims can be split.")
    cut = claim.start + at
    text = claim.article.text
    if not (claim.start < cut < claim.end):
        raise ValidationError({"at": "Split inside the claim's text."})
    first = (claim.start, cut)
    second = (cut, claim.end)
    parts = []
    for s, e in (first, second):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            raise ValidationError({"at": "Each part of a split needs some text."})
        parts.append((s, e))
    claim.status = Claim.Status.SPLIT
    _save_claim(claim, editor, "Split in two")
    status = Claim.Status.SELECTED if claim.assignments.exists() else Claim.Status.CANDIDATE
    a = _derive_claim(claim, *parts[0], editor, status)
    b = _derive_claim(claim, *parts[1], editor, status)
    a.derived_from.add(claim)
    b.derived_from.add(claim)
    _copy_assignments([claim], [a, b], editor)
    article_refresh_status(article=claim.article)
    return a, b


@transaction.atomic
def claim_merge(*, claims: Sequence[Claim], editor) -> Claim:
    """Merge claims of one article into one claim spanning from the first to the last.

    The originals are kept (status merged) with their ratings and discussion.
    """
    _require_editor(editor)
    if len({c.pk for c in claims}) < 2:
        raise ValidationError("Choose at least two different claims to merge.")
    locked = list(
        Claim.objects.select_for_update().filter(pk__in=[c.pk for c in claims]).order_by("start")
    )
    if len(locked) != len({c.pk for c in claims}):
        raise ValidationError("One of the claims no longer exists.")
    if len({c.article_id for c in locked}) != 1:
        raise ValidationError("Only claims of the same article can be merged.")
    if any(c.status not in (Claim.Status.CANDIDATE, Claim.Status.SELECTED) for c in locked):
        raise ValidationError("Only candidate or selected claims can be merged.")
    start, end = locked[0].start, max(c.end for c in locked)
    for c in locked:
        c.status = Claim.Status.MERGED
        _save_claim(c, editor, "Merged")
    status = (
        Claim.Status.SELECTED
        if any(c.status == Claim.Status.SELECTED or c.assignments.exists() for c in locked)
        else Claim.Status.CANDIDATE
    )
    merged = _derive_claim(locked[0], start, end, editor, status)
    merged.derived_from.add(*locked)
    _copy_assignments(locked, [merged], editor)
    article_refresh_status(article=merged.article)
    return merged


@transaction.atomic
def assignment_create(*, claim: Claim, reviewer, editor) -> Assignment:
    """Ask a reviewer to rate a claim; selects the claim for checking. Idempotent."""
    _require_editor(editor)
    if not access.is_desk_member(reviewer):
        raise ValidationError({"reviewer": f"{reviewer} is not a reviewer or editor of the desk."})
    claim = _lock_claim(claim)
    if claim.is_retired or claim.status == Claim.Status.PUBLISHED:
        raise ValidationError("Only claims still being checked can be assigned.")
    assignment, _ = Assignment.objects.get_or_create(
        claim=claim, reviewer=reviewer, defaults={"assigned_by": editor}
    )
    Claim.objects.filter(pk=claim.pk).update(is_assigned=True)
    claim.is_assigned = True
    if claim.status == Claim.Status.CANDIDATE:
        claim.status = Claim.Status.SELECTED
        _save_claim(claim, editor, f"Assigned to {reviewer.get_username()}")
        article_refresh_status(article=claim.article)
    return assignment


@transaction.atomic
def assignment_remove(*, claim: Claim, reviewer, editor) -> None:
    _require_editor(editor)
    Assignment.objects.filter(claim=claim, reviewer=reviewer).delete()
    Claim.objects.filter(pk=claim.pk).update(
        is_assigned=Assignment.objects.filter(claim=claim).exists()
    )


# --- Ratings, sources, comments -------------------------------------------------------------------


@transaction.atomic
def rating_submit(
    *,
    claim: Claim,
    reviewer,
    label: RatingLabel,
    rationale: str,
    confidence: int = Rating.Confidence.MEDIUM,
    expected_version: int | None = None,
) -> Rating:
    """Record (or revise) a reviewer's own rating of a claim. One rating per reviewer per claim;
    every revision is kept in the rating's history."""
    _require_desk_member(reviewer)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if not access.can_rate(reviewer, claim):
        raise ValidationError(
            f"This claim is {claim.get_status_display().lower()} and can no longer be rated."
        )
    if label.scale_id != claim.rating_scale_id:
        raise ValidationError(
            {"label": f"“{label}” is not a label of the {claim.rating_scale} scale."}
        )
    _reject_nul(rationale=rationale)
    if _blank(rationale):
        raise ValidationError({"rationale": "Explain your rating: the rationale is required."})
    if confidence not in Rating.Confidence.values:
        raise ValidationError({"confidence": "Confidence must be low, medium or high."})
    rating = Rating.objects.select_for_update().filter(claim=claim, reviewer=reviewer).first()
    if rating is None:
        rating = Rating(claim=claim, reviewer=reviewer)
        reason = "Rated"
    else:
        if expected_version is not None and rating.version != expected_version:
            raise ConflictError(
                "Your rating was changed in another window. Review it and try again.",
                current=rating,
            )
        rating.version += 1
        reason = "Rating revised"
    rating.label = label
    rating.rationale = rationale.strip()
    rating.confidence = confidence
    rating._history_user = reviewer
    rating._change_reason = reason
    rating.save()
    _after_rating(claim, reviewer, created=reason == "Rated")
    # The desk's consensus (proposals, reliability, agreement) is recomputed in the background.
    transaction.on_commit(tasks.enqueue_recompute, robust=True)
    return rating


def _after_rating(claim: Claim, reviewer, *, created: bool) -> None:
    """Keep the claim's queue columns in step with its ratings, in the rating's transaction.

    A rated candidate is being checked: it moves to selected, as if an editor had selected it.
    """
    from factcheck import consensus

    ratings = list(Rating.objects.filter(claim=claim).select_related("label"))
    flag = consensus.needs_discussion(
        [r.label_id for r in ratings], [r.label.value for r in ratings]
    )
    Claim.objects.filter(pk=claim.pk).update(ratings_count=len(ratings), needs_discussion=flag)
    claim.ratings_count, claim.needs_discussion = len(ratings), flag
    if created:
        Assignment.objects.filter(claim=claim, reviewer=reviewer, completed_at__isnull=True).update(
            completed_at=timezone.now()
        )
    if claim.status == Claim.Status.CANDIDATE:
        claim.status = Claim.Status.SELECTED
        # Recorded as the system's change, not the reviewer's: colleagues who have not rated yet
        # read this history, and must not learn who has (blind rating).
        _save_claim(claim, None, "Selected for checking: rated")
        article_refresh_status(article=claim.article)


_SOURCE_URL = URLValidator(schemes=["http", "https"])


@transaction.atomic
def source_add(
    *,
    claim: Claim,
    user,
    url: str,
    stance: str,
    title: str = "",
    publisher: str = "",
    passage: str = "",
) -> Source:
    """Attach evidence to a claim. Only http(s) links; one source per URL per claim."""
    if not access.can_add_source(user, claim):
        raise PermissionDenied("Only reviewers and editors can add sources to a live claim.")
    _reject_nul(url=url, title=title, publisher=publisher, passage=passage)
    url = (url or "").strip()
    try:
        _SOURCE_URL(url)
    except ValidationError:
        raise ValidationError(
            {"url": "Enter a full web address starting with http:// or https://."}
        ) from None
    if stance not in Source.Stance.values:
        raise ValidationError({"stance": "Stance must be supports, refutes or context."})
    source = Source(
        claim=claim,
        url=url,
        stance=stance,
        title=title.strip(),
        publisher=publisher.strip(),
        passage=passage.strip(),
        added_by=user,
    )
    source.full_clean()
    source._history_user = user
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        raise ValidationError({"url": "This source is already attached to the claim."}) from None
    return source


_MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")


def mentioned_users(body: str):
    names = {m.rstrip(".") for m in _MENTION.findall(body)}
    return User.objects.filter(username__in=names, is_active=True) if names else User.objects.none()


@transaction.atomic
def comment_add(*, claim: Claim, author, body: str, parent: Comment | None = None) -> Comment:
    """Add a Markdown comment (optionally a reply); @username mentions are resolved and stored."""
    _require_desk_member(author)
    _reject_nul(body=body)
    if _blank(body):
        raise ValidationError({"body": "A comment cannot be empty."})
    if parent is not None and parent.claim_id != claim.pk:
        raise ValidationError({"parent": "You can only reply to a comment on the same claim."})
    comment = Comment.objects.create(claim=claim, author=author, body=body.strip(), parent=parent)
    comment.mentions.set(mentioned_users(body))
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user, body: str) -> Comment:
    if not access.can_edit_comment(user, comment):
        raise PermissionDenied("You can only edit your own comments.")
    _reject_nul(body=body)
    if _blank(body):
        raise ValidationError({"body": "A comment cannot be empty."})
    comment.body = body.strip()
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    comment.mentions.set(mentioned_users(body))
    return comment


# --- Verdicts -------------------------------------------------------------------------------------


def _validate_verdict_fields(
    claim: Claim, label: RatingLabel, summary: str, explanation: str, sources
):
    _reject_nul(summary=summary, explanation=explanation)
    errors = {}
    if label.scale_id != claim.rating_scale_id:
        errors["label"] = f"“{label}” is not a label of the {claim.rating_scale} scale."
    if _blank(summary):
        errors["summary"] = "Write a one-line summary of the verdict."
    elif len(summary.strip()) > 300:
        errors["summary"] = "Keep the summary to one line (300 characters at most)."
    if _blank(explanation):
        errors["explanation"] = "Explain the verdict."
    if any(s.claim_id != claim.pk for s in sources):
        errors["sources"] = "A verdict can only rest on sources attached to its claim."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def verdict_publish(
    *,
    claim: Claim,
    editor,
    label: RatingLabel,
    summary: str,
    explanation: str,
    sources: Sequence[Source] = (),
    quorum_override_reason: str = "",
) -> Verdict:
    """Publish the desk's first verdict on a claim.

    Needs the quorum of independent ratings (settings.FACTCHECK_QUORUM) unless the editor gives a reason
    to publish without it; the reason is stored on the verdict. Later changes go through
    `verdict_correct`.
    """
    _require_editor(editor)
    claim = _lock_claim(claim)
    if claim.is_retired:
        raise ValidationError(f"A {claim.get_status_display().lower()} claim cannot get a verdict.")
    if Verdict.objects.filter(claim=claim, is_current=True).exists():
        raise ConflictError(
            "A verdict on this claim has already been published; publish a correction instead.",
            current=Verdict.objects.get(claim=claim, is_current=True),
        )
    sources = list(sources)
    _validate_verdict_fields(claim, label, summary, explanation, sources)
    ratings = claim.ratings.count()
    quorum = settings.FACTCHECK_QUORUM
    _reject_nul(quorum_override_reason=quorum_override_reason)
    if ratings < quorum and _blank(quorum_override_reason):
        raise ValidationError(
            {
                "quorum_override_reason": f"This claim has {ratings} of the {quorum} ratings needed. "
                "Give a reason to publish without the quorum."
            }
        )
    verdict = Verdict(
        claim=claim,
        revision=1,
        label=label,
        summary=summary.strip(),
        explanation=explanation.strip(),
        editor=editor,
        published_at=timezone.now(),
        quorum_override_reason=quorum_override_reason.strip() if ratings < quorum else "",
        ratings_count=ratings,
    )
    verdict._history_user = editor
    verdict._change_reason = "Published"
    verdict.save()
    verdict.sources.set(sources)
    claim.status = Claim.Status.PUBLISHED
    _save_claim(claim, editor, "Verdict published")
    article_refresh_status(article=claim.article)
    return verdict


@transaction.atomic
def verdict_correct(
    *,
    claim: Claim,
    editor,
    label: RatingLabel,
    summary: str,
    explanation: str,
    correction_note: str,
    sources: Sequence[Source] = (),
    expected_revision: int | None = None,
) -> Verdict:
    """Publish a correction: a new current revision with a visible note. Earlier revisions stay."""
    _require_editor(editor)
    claim = _lock_claim(claim)
    current = Verdict.objects.select_for_update().filter(claim=claim, is_current=True).first()
    if current is None:
        raise ValidationError("There is no published verdict to correct.")
    if expected_revision is not None and current.revision != expected_revision:
        raise ConflictError(
            f"Revision {current.revision} was published while you were editing. "
            "Read it and make your correction again.",
            current=current,
        )
    _reject_nul(correction_note=correction_note)
    if _blank(correction_note):
        raise ValidationError({"correction_note": "Say what the correction changes and why."})
    sources = list(sources)
    _validate_verdict_fields(claim, label, summary, explanation, sources)
    current.is_current = False
    current._history_user = editor
    current._change_reason = f"Superseded by revision {current.revision + 1}"
    current.save(update_fields=["is_current"])
    verdict = Verdict(
        claim=claim,
        revision=current.revision + 1,
        label=label,
        summary=summary.strip(),
        explanation=explanation.strip(),
        editor=editor,
        published_at=timezone.now(),
        correction_note=correction_note.strip(),
        ratings_count=claim.ratings.count(),
    )
    verdict._history_user = editor
    verdict._change_reason = "Correction published"
    verdict.save()
    verdict.sources.set(sources)
    return verdict


# --- Triage: queue priority, claims already checked, re-scoring -----------------------------------


@transaction.atomic
def claim_reprioritise(*, claim: Claim, editor, step: int) -> Claim:
    """Move a live claim one step up (+1) or down (-1) the triage queue, within -3..+3.

    The model's score is left alone: the editor's judgement is stored beside it, and the change is in
    the claim's history with who made it.
    """
    _require_editor(editor)
    if step not in (-1, 1):
        raise ValidationError({"step": "Move a claim one step up or down."})
    claim = _lock_claim(claim)
    if claim.status not in (Claim.Status.CANDIDATE, Claim.Status.SELECTED):
        raise ValidationError("Only candidate or selected claims can be moved in the queue.")
    priority = claim.priority + step
    if not Claim.PRIORITY_MIN <= priority <= Claim.PRIORITY_MAX:
        raise ValidationError(
            f"The claim is already at the {'top' if step > 0 else 'bottom'} priority "
            f"({claim.priority:+d})."
        )
    claim.priority = priority
    _save_claim(claim, editor, f"Priority {'raised' if step > 0 else 'lowered'} to {priority:+d}")
    return claim


def _decide(match: ClaimMatch, editor, status: str) -> None:
    match.status = status
    match.decided_by = editor
    match.decided_at = timezone.now()
    match.full_clean()
    match.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def claim_match_confirm(*, match: ClaimMatch, editor) -> Verdict:
    """The claim says the same as a claim already checked: link them and reuse the earlier verdict.

    The claim gets a verdict (revision 1) copying the earlier current verdict's label, summary,
    explanation and sources (the sources are copied onto the claim), with `reused_from` pointing at
    it; the claim is published, and its public page links to the earlier check. Raises
    ValidationError when the match was already decided, the claim is no longer being checked, or the
    earlier claim has no published verdict any more.
    """
    _require_editor(editor)
    match = ClaimMatch.objects.select_for_update().get(pk=match.pk)
    if match.status != ClaimMatch.Status.SUGGESTED:
        raise ValidationError(f"This match was already {match.get_status_display().lower()}.")
    claim = _lock_claim(match.claim)
    if claim.status not in (Claim.Status.CANDIDATE, Claim.Status.SELECTED):
        raise ValidationError(
            f"A claim that is {claim.get_status_display().lower()} cannot reuse a verdict."
        )
    earlier = (
        Verdict.objects.select_related("label", "claim")
        .prefetch_related("sources")
        .filter(claim_id=match.match_id, is_current=True, claim__status=Claim.Status.PUBLISHED)
        .first()
    )
    if earlier is None:
        raise ValidationError("The matched claim no longer has a published verdict.")
    if earlier.label.scale_id != claim.rating_scale_id:
        if claim.ratings.exists():
            raise ValidationError(
                "The earlier verdict is on another rating scale than this claim's ratings."
            )
        claim.rating_scale_id = earlier.label.scale_id
    attached = {s.url: s for s in claim.sources.all()}
    sources = []
    for s in earlier.sources.all():
        if s.url not in attached:
            copy = Source(
                claim=claim,
                url=s.url,
                title=s.title,
                publisher=s.publisher,
                passage=s.passage,
                stance=s.stance,
                added_by=s.added_by,
            )
            copy._history_user = editor
            copy._change_reason = f"Copied from claim {earlier.claim_id}"
            copy.save()
            attached[s.url] = copy
        sources.append(attached[s.url])
    ratings = claim.ratings.count()
    verdict = Verdict(
        claim=claim,
        revision=1,
        label=earlier.label,
        summary=earlier.summary,
        explanation=earlier.explanation,
        editor=editor,
        published_at=timezone.now(),
        reused_from=earlier,
        ratings_count=ratings,
        quorum_override_reason=(
            f"Checked before: reuses the verdict on claim {earlier.claim_id}."
            if ratings < settings.FACTCHECK_QUORUM
            else ""
        ),
    )
    verdict._history_user = editor
    verdict._change_reason = f"Reused from claim {earlier.claim_id}"
    verdict.save()
    verdict.sources.set(sources)
    _decide(match, editor, ClaimMatch.Status.CONFIRMED)
    claim.status = Claim.Status.PUBLISHED
    _save_claim(claim, editor, f"Same as claim {earlier.claim_id}: its verdict reused")
    article_refresh_status(article=claim.article)
    return verdict


@transaction.atomic
def claim_match_reject(*, match: ClaimMatch, editor) -> ClaimMatch:
    """Not the same claim. Remembered: the pair is never suggested again. Idempotent."""
    _require_editor(editor)
    match = ClaimMatch.objects.select_for_update().get(pk=match.pk)
    if match.status == ClaimMatch.Status.CONFIRMED:
        raise ValidationError(
            "This match was confirmed and its verdict reused; publish a correction instead."
        )
    if match.status == ClaimMatch.Status.SUGGESTED:
        _decide(match, editor, ClaimMatch.Status.REJECTED)
    return match


def claims_rescore(*, claims=None, batch_size: int = 500, progress=None) -> int:
    """Re-score claims with the current check-worthiness model and rules, recording the version.

    By default the live claims (candidate or selected) not yet scored by the current version. Each
    change is saved with a history row ("Re-scored by <version>"), so a score never changes silently.
    `progress(n)` is called after each batch with the number of claims done. Returns how many
    claims were re-scored.
    """
    from simple_history.utils import bulk_update_with_history

    version = checkworthiness.version()
    if claims is None:
        claims = Claim.objects.filter(status__in=[Claim.Status.CANDIDATE, Claim.Status.SELECTED])
    pks = list(claims.exclude(score_version=version).order_by("pk").values_list("pk", flat=True))
    done = 0
    for i in range(0, len(pks), batch_size):
        batch = list(Claim.objects.filter(pk__in=pks[i : i + batch_size]).order_by("pk"))
        for claim in batch:
            scored = checkworthiness.score_claim(claim.quote)
            claim.score, claim.features, claim.score_version = (
                scored.score,
                scored.features,
                scored.version,
            )
        with transaction.atomic():
            bulk_update_with_history(
                batch,
                Claim,
                ["score", "features", "score_version"],
                batch_size=batch_size,
                default_change_reason=f"Re-scored by {version}",
            )
        done += len(batch)
        if progress:
            progress(len(batch))
    return done


# --- Batch imports --------------------------------------------------------------------------------

MAX_IMPORT_FILES = 200


@transaction.atomic
def import_batch_create(*, files: Sequence[tuple[str, bytes]], editor, outlet_name: str = ""):
    """Queue article files for background ingestion; returns the batch, whose page shows progress.

    Files are checked one by one when the task runs (the same checks as `article_ingest`), so one
    bad file fails alone. The task is enqueued when this transaction commits.
    """
    from factcheck.models import ImportBatch, ImportItem

    _require_editor(editor)
    if not files:
        raise ValidationError({"files": "Choose at least one file."})
    if len(files) > MAX_IMPORT_FILES:
        raise ValidationError({"files": f"At most {MAX_IMPORT_FILES} files per import."})
    outlet = outlet_get_or_create(name=outlet_name) if outlet_name.strip() else None
    batch = ImportBatch.objects.create(created_by=editor, outlet=outlet, total=len(files))
    ImportItem.objects.bulk_create(
        [ImportItem(batch=batch, filename=name[:255], content=data) for name, data in files]
    )
    transaction.on_commit(lambda: tasks.run_import_batch.enqueue(batch_id=batch.pk))
    return batch


def import_batch_run(*, batch_id: int) -> None:
    """Ingest every queued file of a batch, recording each outcome and the batch's progress as it
    goes (each file in its own transaction, so progress is visible and a failure stays local)."""
    from factcheck.models import ImportBatch, ImportItem

    batch = ImportBatch.objects.select_related("outlet", "created_by").get(pk=batch_id)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING, started_at=timezone.now()
    )
    for item in ImportItem.objects.filter(batch=batch, status=ImportItem.Status.QUEUED):
        try:
            result = article_ingest(
                content=bytes(item.content),
                filename=item.filename,
                origin=Article.Origin.UPLOAD,
                outlet=batch.outlet,
                created_by=batch.created_by,
            )
        except ValidationError as exc:
            item.status, item.error = ImportItem.Status.FAILED, " ".join(exc.messages)
        else:
            item.article = result.article
            item.status = (
                ImportItem.Status.INGESTED if result.created else ImportItem.Status.DUPLICATE
            )
        item.content = b""
        with transaction.atomic():
            item.save(update_fields=["status", "error", "article", "content"])
            ImportBatch.objects.filter(pk=batch.pk).update(
                done=F("done") + 1,
                failed=F("failed") + (1 if item.status == ImportItem.Status.FAILED else 0),
            )
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.DONE, finished_at=timezone.now()
    )
