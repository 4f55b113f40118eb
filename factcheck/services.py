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
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from factcheck import access, extraction
from factcheck.models import (
    Article,
    Assignment,
    Claim,
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
        if isinstance(content, bytes):
            raw = extraction.decode_upload(content, max_bytes=max_bytes)
        else:
            if len(content.encode("utf-8", errors="replace")) > max_bytes:
                raise extraction.ExtractionError(
                    f"The article is larger than the limit of {max_bytes:,} bytes."
                )
            raw = content
        extracted = extraction.extract(raw, filename=filename, content_type=content_type)
    except extraction.ExtractionError as exc:
        raise ValidationError(str(exc)) from exc

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
                Claim(
                    article=article,
                    start=c.start,
                    end=c.end,
                    quote=c.quote,
                    prefix=c.prefix,
                    suffix=c.suffix,
                    wording=c.quote,
                    claimant=claimant,
                    score=c.score,
                    features=c.features,
                    score_version=extraction.SCORE_VERSION,
                    rating_scale=scale,
                    created_by=created_by,
                )
                for c in extracted.candidates
            ]
            bulk_create_with_history(claims, Claim, batch_size=500, default_user=created_by)
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
    claim.save()


def claim_create(
    *, article: Article, start: int, end: int, editor, wording: str = "", claimant: str = ""
) -> Claim:
    """A claim from an exact span of the article text (e.g. an editor's selection).

    Surrounding whitespace is trimmed from the span; the anchor is always exact.
    """
    _require_editor(editor)
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
    quote, prefix, suffix = extraction.anchor(text, start, end)
    score, features = extraction.score_sentence(quote)
    claim = Claim(
        article=article,
        start=start,
        end=end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        wording=wording.strip() or quote,
        claimant=claimant.strip() or (article.outlet.name if article.outlet else ""),
        score=score,
        features=features,
        score_version=extraction.SCORE_VERSION,
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


def _derive_claim(source: Claim, start: int, end: int, editor, status: str) -> Claim:
    text = source.article.text
    quote, prefix, suffix = extraction.anchor(text, start, end)
    score, features = extraction.score_sentence(quote)
    claim = Claim(
        article=source.article,
        start=start,
        end=end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        wording=quote,
        claimant=source.claimant,
        score=score,
        features=features,
        score_version=extraction.SCORE_VERSION,
        status=status,
        rating_scale=source.rating_scale,
        created_by=editor,
    )
    claim.full_clean(exclude=["derived_from"])
    claim._history_user = editor
    claim._change_reason = f"Derived from claim {source.pk}"
    claim.save()
    return claim


def _copy_assignments(sources: Iterable[Claim], targets: Iterable[Claim], editor) -> None:
    reviewers = {a.reviewer_id for s in sources for a in s.assignments.all()}
    Assignment.objects.bulk_create(
        [
            Assignment(claim=t, reviewer_id=r, assigned_by=editor)
            for t in targets
            for r in reviewers
        ],
        ignore_conflicts=True,
    )


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
    if len(claims) < 2:
        raise ValidationError("Choose at least two claims to merge.")
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
    if claim.status == Claim.Status.CANDIDATE:
        claim.status = Claim.Status.SELECTED
        _save_claim(claim, editor, f"Assigned to {reviewer.get_username()}")
        article_refresh_status(article=claim.article)
    return assignment


@transaction.atomic
def assignment_remove(*, claim: Claim, reviewer, editor) -> None:
    _require_editor(editor)
    Assignment.objects.filter(claim=claim, reviewer=reviewer).delete()


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
    return rating


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
