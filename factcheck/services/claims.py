"""Claims: create from a selection, select, dismiss, reword, fix the claimant, split, merge."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from factcheck import access, extraction, public_cache
from factcheck.models import Article, Assignment, Claim, RatingScale
from factcheck.services._common import (
    ConflictError,
    _blank,
    _build_claim,
    _clean_claim,
    _lock_claim,
    _reject_nul,
    _require_editor,
    _save_claim,
)
from factcheck.services.articles import article_refresh_status
from factcheck.services.factchecks import claim_matches_suggest_later, embeddings_forget


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
            _("The selection %(start)s–%(end)s is outside the article text (0–%(length)s).")
            % {"start": start, "end": end, "length": len(text)}
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise ValidationError(_("The selection is empty."))
    claim = _build_claim(
        article=article,
        start=start,
        end=end,
        wording=wording.strip(),
        claimant=claimant.strip()
        or extraction.claimant_for_span(article.text, start, end, language=article.language)
        or (article.outlet.name if article.outlet else ""),
        status=Claim.Status.SELECTED,
        rating_scale=RatingScale.default(),
        created_by=editor,
    )
    _clean_claim(claim)
    claim._history_user = editor
    claim._change_reason = "Created from a selection"
    try:
        with transaction.atomic():
            claim.save()
            article_refresh_status(article=article)
    except IntegrityError:
        raise ValidationError(_("A claim already covers exactly this span.")) from None
    claim_matches_suggest_later(claims=[claim])
    return claim


@transaction.atomic
def claim_select(*, claim: Claim, editor, expected_version: int | None = None) -> Claim:
    """Mark a candidate (or a dismissed claim) as worth checking."""
    _require_editor(editor)
    claim = _lock_claim(claim, expected_version)
    if claim.status not in (Claim.Status.CANDIDATE, Claim.Status.DISMISSED):
        raise ValidationError(
            _("A claim that is %(status)s cannot be selected.")
            % {"status": claim.get_status_display().lower()}
        )
    claim.status = Claim.Status.SELECTED
    claim.dismissed_reason = ""
    try:
        _save_claim(claim, editor, "Selected for checking")
    except IntegrityError:
        raise ValidationError(_("Another live claim already covers this span.")) from None
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
        raise ValidationError({"reason": _("Say why the claim is dismissed.")})
    claim = _lock_claim(claim, expected_version)
    if claim.status not in (Claim.Status.CANDIDATE, Claim.Status.SELECTED):
        raise ValidationError(
            _("A claim that is %(status)s cannot be dismissed.")
            % {"status": claim.get_status_display().lower()}
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
    """Change what is checked (and who claimed it); the anchor in the article does not move.

    The new wording is matched again: earlier verdicts that it repeats are suggested (pairs already
    decided stay decided)."""
    _require_editor(editor)
    _reject_nul(wording=wording, claimant=claimant)
    if _blank(wording):
        raise ValidationError({"wording": _("The wording cannot be empty.")})
    claim = _lock_claim(claim, expected_version)
    if claim.is_retired or claim.status == Claim.Status.PUBLISHED:
        raise ValidationError(_("Published, split, merged or dismissed claims cannot be reworded."))
    before = claim.wording
    claim.wording = wording.strip()
    if claimant is not None:
        claim.claimant = claimant.strip()
    _save_claim(claim, editor, "Reworded")
    # Suggesting (a worker, after the commit) embeds and stores the new wording; the old one's vector
    # goes now if nothing holds it.
    claim_matches_suggest_later(claims=[claim])
    if before != claim.wording:
        embeddings_forget(texts=[before])
    return claim


@transaction.atomic
def claim_set_claimant(
    *, claim: Claim, editor, claimant: str, expected_version: int | None = None
) -> Claim:
    """Say who made the claim (the person or organisation the article quotes, or the outlet when
    the article asserts it itself), fixing what extraction guessed.

    Allowed on any claim that is not retired, published ones included: the published ClaimReview's
    `itemReviewed.author` follows the claimant, so the public reads are refreshed. The claim's
    version moves and its history records the old and the new name; a stale `expected_version` is a
    ConflictError."""
    _require_editor(editor)
    _reject_nul(claimant=claimant)
    claimant = (claimant or "").strip()
    if not claimant:
        raise ValidationError(
            {
                "claimant": _(
                    "Say who made the claim: a person or an organisation, or the outlet when "
                    "the article asserts it itself."
                )
            }
        )
    if len(claimant) > 300:
        raise ValidationError(
            {"claimant": _("Keep the claimant's name to 300 characters at most.")}
        )
    seen_status = claim.status
    claim = _lock_claim(claim, expected_version)
    if not access.can_fix_claimant(editor, claim):
        message = _("A %(status)s claim's claimant cannot be changed.") % {
            "status": claim.get_status_display().lower()
        }
        if claim.status != seen_status:  # its status changed since the caller read it
            raise ConflictError(message, current=claim)
        raise ValidationError(message)
    if claim.claimant == claimant:
        return claim
    before = claim.claimant or "unknown"
    claim.claimant = claimant
    _save_claim(claim, editor, f"Claimant: {before} → {claimant}")
    if claim.status == Claim.Status.PUBLISHED:
        public_cache.changed()
    return claim


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
    _clean_claim(claim)
    claim._history_user = editor
    claim._change_reason = f"Derived from claim {source.pk}"
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        raise ValidationError("Another live claim already covers this span.") from None
    claim_matches_suggest_later(claims=[claim])
    return claim


def _copy_assignments(sources: Iterable[Claim], targets: Iterable[Claim], editor) -> None:
    """The reviewers assigned to `sources` are assigned to the claims that replace them (to do: the
    new claims have no ratings yet), recorded in the new claims' histories."""
    targets = list(targets)
    sources = list(sources)
    reviewers = sorted({a.reviewer_id for s in sources for a in s.assignments.all()})
    if not reviewers:
        return
    origin = ", ".join(str(s.pk) for s in sources)
    bulk_create_with_history(
        [
            Assignment(claim=t, reviewer_id=r, assigned_by=editor)
            for t in targets
            for r in reviewers
        ],
        Assignment,
        default_user=editor,
        default_change_reason=f"Assigned: carried over from claim {origin}",
    )
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
        raise ValidationError(_("Only candidate or selected claims can be split."))
    cut = claim.start + at
    text = claim.article.text
    if not (claim.start < cut < claim.end):
        raise ValidationError({"at": _("Split inside the claim's text.")})
    first = (claim.start, cut)
    second = (cut, claim.end)
    parts = []
    for s, e in (first, second):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            raise ValidationError({"at": _("Each part of a split needs some text.")})
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
        raise ValidationError(_("Choose at least two different claims to merge."))
    locked = list(
        Claim.objects.select_for_update().filter(pk__in=[c.pk for c in claims]).order_by("start")
    )
    if len(locked) != len({c.pk for c in claims}):
        raise ValidationError(_("One of the claims no longer exists."))
    if len({c.article_id for c in locked}) != 1:
        raise ValidationError(_("Only claims of the same article can be merged."))
    if any(c.status not in (Claim.Status.CANDIDATE, Claim.Status.SELECTED) for c in locked):
        raise ValidationError(_("Only candidate or selected claims can be merged."))
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
