"""Verdicts: the first publication and corrections (new revisions, never overwrites)."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck import public_cache
from factcheck.claimreview import text_language
from factcheck.models import Claim, RatingLabel, Source, Verdict
from factcheck.services import notifications
from factcheck.services._common import (
    ConflictError,
    _blank,
    _lock_claim,
    _reject_nul,
    _require_editor,
    _save_claim,
)
from factcheck.services.articles import article_refresh_status


def _validate_verdict_fields(
    claim: Claim,
    label: RatingLabel | None,
    summary: str,
    claim_reviewed: str,
    explanation: str,
    sources,
):
    _reject_nul(summary=summary, claim_reviewed=claim_reviewed, explanation=explanation)
    errors = {}
    if label is None:
        errors["label"] = _("Choose the verdict's label.")
    elif label.scale_id != claim.rating_scale_id:
        errors["label"] = _("“%(label)s” is not a label of the %(scale)s scale.") % {
            "label": label,
            "scale": claim.rating_scale,
        }
    if _blank(claim_reviewed):
        errors["claim_reviewed"] = _(
            "Say which claim was reviewed, in a short line: search results show it."
        )
    elif len(claim_reviewed.strip()) > 300:
        errors["claim_reviewed"] = _(
            "Shorten the claim reviewed: 300 characters at most (search results show under 75)."
        )
    if _blank(summary):
        errors["summary"] = _("Write a one-line summary of the verdict.")
    elif len(summary.strip()) > 300:
        errors["summary"] = _("Keep the summary to one line (300 characters at most).")
    if _blank(explanation):
        errors["explanation"] = _("Explain the verdict.")
    if any(s.claim_id != claim.pk for s in sources):
        errors["sources"] = _("A verdict can only rest on sources attached to its claim.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def verdict_publish(
    *,
    claim: Claim,
    editor,
    label: RatingLabel | None,
    summary: str,
    explanation: str,
    claim_reviewed: str | None = None,
    sources: Sequence[Source] = (),
    quorum_override_reason: str = "",
) -> Verdict:
    """Publish the desk's first verdict on a claim.

    Needs the quorum of independent ratings (settings.FACTCHECK_QUORUM) unless the editor gives a reason
    to publish without it; the reason is stored on the verdict. Later changes go through
    `verdict_correct`. `claim_reviewed` is the claim as search results show it (ClaimReview
    `claimReviewed`); None takes the claim's wording. `explanation` is Markdown.
    """
    _require_editor(editor)
    claim = _lock_claim(claim)
    if claim.is_retired:
        raise ValidationError(
            _("A %(status)s claim cannot get a verdict.")
            % {"status": claim.get_status_display().lower()}
        )
    if Verdict.objects.filter(claim=claim, is_current=True).exists():
        raise ConflictError(
            "A verdict on this claim has already been published; publish a correction instead.",
            current=Verdict.objects.get(claim=claim, is_current=True),
        )
    sources = list(sources)
    if claim_reviewed is None:
        claim_reviewed = claim.wording[:300]
    _validate_verdict_fields(claim, label, summary, claim_reviewed, explanation, sources)
    ratings = claim.ratings.count()
    quorum = settings.FACTCHECK_QUORUM
    _reject_nul(quorum_override_reason=quorum_override_reason)
    if ratings < quorum and _blank(quorum_override_reason):
        raise ValidationError(
            {
                "quorum_override_reason": _(
                    "This claim has %(ratings)s of the %(quorum)s ratings needed. "
                    "Give a reason to publish without the quorum."
                )
                % {"ratings": ratings, "quorum": quorum}
            }
        )
    verdict = Verdict(
        claim=claim,
        revision=1,
        label=label,
        summary=summary.strip(),
        claim_reviewed=claim_reviewed.strip(),
        explanation=explanation.strip(),
        language=text_language(summary, explanation),
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
    public_cache.changed()
    notifications.notify_verdict(verdict=verdict, editor=editor)
    return verdict


@transaction.atomic
def verdict_correct(
    *,
    claim: Claim,
    editor,
    label: RatingLabel | None,
    summary: str,
    explanation: str,
    correction_note: str,
    claim_reviewed: str | None = None,
    sources: Sequence[Source] = (),
    expected_revision: int | None = None,
) -> Verdict:
    """Publish a correction: a new current revision with a visible note. Earlier revisions stay.

    `claim_reviewed` None keeps the current revision's."""
    _require_editor(editor)
    claim = _lock_claim(claim)
    current = Verdict.objects.select_for_update().filter(claim=claim, is_current=True).first()
    if current is None:
        raise ValidationError(_("There is no published verdict to correct."))
    if expected_revision is not None and current.revision != expected_revision:
        raise ConflictError(
            _(
                "Revision %(revision)s was published while you were editing. "
                "Read it and make your correction again."
            )
            % {"revision": current.revision},
            current=current,
        )
    _reject_nul(correction_note=correction_note)
    if _blank(correction_note):
        raise ValidationError({"correction_note": _("Say what the correction changes and why.")})
    sources = list(sources)
    if claim_reviewed is None:
        claim_reviewed = current.claim_reviewed
    _validate_verdict_fields(claim, label, summary, claim_reviewed, explanation, sources)
    current.is_current = False
    current._history_user = editor
    current._change_reason = f"Superseded by revision {current.revision + 1}"
    current.save(update_fields=["is_current"])
    verdict = Verdict(
        claim=claim,
        revision=current.revision + 1,
        label=label,
        summary=summary.strip(),
        claim_reviewed=claim_reviewed.strip(),
        explanation=explanation.strip(),
        language=text_language(summary, explanation),
        editor=editor,
        published_at=timezone.now(),
        correction_note=correction_note.strip(),
        ratings_count=claim.ratings.count(),
    )
    verdict._history_user = editor
    verdict._change_reason = "Correction published"
    verdict.save()
    verdict.sources.set(sources)
    public_cache.changed()
    notifications.notify_verdict(verdict=verdict, editor=editor)
    return verdict


def verdict_publish_or_correct(
    *,
    claim: Claim,
    editor,
    label: RatingLabel | None,
    summary: str,
    explanation: str,
    claim_reviewed: str | None = None,
    sources: Sequence[Source] = (),
    expected_revision: int | None = None,
    quorum_override_reason: str = "",
    correction_note: str = "",
) -> Verdict:
    """What an editor's verdict form does, from the revision the editor saw: none seen is a first
    publication (a ConflictError with the current verdict if one went out meanwhile), a revision
    seen is a correction of it (a ConflictError if a later revision went out). The decision is
    made inside the services' lock on the claim, never before it."""
    common = dict(
        claim=claim,
        editor=editor,
        label=label,
        summary=summary,
        claim_reviewed=claim_reviewed,
        explanation=explanation,
        sources=sources,
    )
    if expected_revision is None:
        return verdict_publish(**common, quorum_override_reason=quorum_override_reason)
    return verdict_correct(
        **common, correction_note=correction_note, expected_revision=expected_revision
    )
