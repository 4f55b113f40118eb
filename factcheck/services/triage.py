"""Triage: queue priority, claims already checked (confirm/reject a match), re-scoring."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck import public_cache
from factcheck.models import Claim, ClaimMatch, Source, Verdict
from factcheck.services import notifications
from factcheck.services._common import _lock_claim, _require_editor, _save_claim
from factcheck.services.articles import article_refresh_status


@transaction.atomic
def claim_reprioritise(*, claim: Claim, editor, step: int) -> Claim:
    """Move a live claim one step up (+1) or down (-1) the triage queue, within -3..+3.

    The model's score is left alone: the editor's judgement is stored beside it, and the change is in
    the claim's history with who made it.
    """
    _require_editor(editor)
    if step not in (-1, 1):
        raise ValidationError({"step": _("Move a claim one step up or down.")})
    claim = _lock_claim(claim)
    if claim.status not in (Claim.Status.CANDIDATE, Claim.Status.SELECTED):
        raise ValidationError(_("Only candidate or selected claims can be moved in the queue."))
    priority = claim.priority + step
    if not Claim.PRIORITY_MIN <= priority <= Claim.PRIORITY_MAX:
        raise ValidationError(
            (
                _("The claim is already at the top priority (%(priority)s).")
                if step > 0
                else _("The claim is already at the bottom priority (%(priority)s).")
            )
            % {"priority": f"{claim.priority:+d}"}
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
        raise ValidationError(
            _("This match was already %(status)s.") % {"status": match.get_status_display().lower()}
        )
    claim = _lock_claim(match.claim)
    if claim.status not in (Claim.Status.CANDIDATE, Claim.Status.SELECTED):
        raise ValidationError(
            _("A claim that is %(status)s cannot reuse a verdict.")
            % {"status": claim.get_status_display().lower()}
        )
    earlier = (
        Verdict.objects.select_related("label", "claim")
        .prefetch_related("sources")
        .filter(claim_id=match.match_id, is_current=True, claim__status=Claim.Status.PUBLISHED)
        .first()
    )
    if earlier is None:
        raise ValidationError(_("The matched claim no longer has a published verdict."))
    if earlier.label.scale_id != claim.rating_scale_id:
        if claim.ratings.exists():
            raise ValidationError(
                _("The earlier verdict is on another rating scale than this claim's ratings.")
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
        claim_reviewed=earlier.claim_reviewed,
        explanation=earlier.explanation,
        language=earlier.language,
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
    public_cache.changed()
    notifications.notify_verdict(verdict=verdict, editor=editor)
    return verdict


@transaction.atomic
def claim_match_reject(*, match: ClaimMatch, editor) -> ClaimMatch:
    """Not the same claim. Remembered: the pair is never suggested again. Idempotent."""
    _require_editor(editor)
    match = ClaimMatch.objects.select_for_update().get(pk=match.pk)
    if match.status == ClaimMatch.Status.CONFIRMED:
        raise ValidationError(
            _("This match was confirmed and its verdict reused; publish a correction instead.")
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

    from factcheck import checkworthiness  # its model loads where claims are scored

    version = checkworthiness.version()
    if claims is None:
        claims = Claim.objects.filter(status__in=[Claim.Status.CANDIDATE, Claim.Status.SELECTED])
    pks = list(claims.exclude(score_version=version).order_by("pk").values_list("pk", flat=True))
    done = 0
    for i in range(0, len(pks), batch_size):
        batch = list(
            Claim.objects.filter(pk__in=pks[i : i + batch_size])
            .select_related("article")
            .order_by("pk")
        )
        for claim in batch:
            scored = checkworthiness.score_claim(claim.quote, language=claim.article.language)
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
