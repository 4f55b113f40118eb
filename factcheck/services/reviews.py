"""Reviews: assignments, ratings, sources and comments."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck import access, tasks
from factcheck.models import Assignment, Claim, Comment, Rating, RatingLabel, Source
from factcheck.services import notifications
from factcheck.services._common import (
    ConflictError,
    _blank,
    _reject_nul,
    _require_desk_member,
    _save_claim,
)
from factcheck.services.articles import article_refresh_status

User = get_user_model()


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
    seen_status = claim.status
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    before = (claim.ratings_count, claim.needs_discussion)
    if not access.can_rate(reviewer, claim):
        message = _("This claim is %(status)s and can no longer be rated.") % {
            "status": claim.get_status_display().lower()
        }
        if claim.status != seen_status:  # published, split or dismissed since the caller read it
            raise ConflictError(message, current=claim)
        raise ValidationError(message)
    if label.scale_id != claim.rating_scale_id:
        raise ValidationError(
            {
                "label": _("“%(label)s” is not a label of the %(scale)s scale.")
                % {"label": label, "scale": claim.rating_scale}
            }
        )
    _reject_nul(rationale=rationale)
    if _blank(rationale):
        raise ValidationError({"rationale": _("Explain your rating: the rationale is required.")})
    if confidence not in Rating.Confidence.values:
        raise ValidationError({"confidence": _("Confidence must be low, medium or high.")})
    rating = Rating.objects.select_for_update().filter(claim=claim, reviewer=reviewer).first()
    if rating is None:
        rating = Rating(claim=claim, reviewer=reviewer)
        reason = "Rated"
    else:
        if expected_version is not None and rating.version != expected_version:
            raise ConflictError(
                _("Your rating was changed in another window. Review it and try again."),
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
    notifications.notify_rated(
        claim=claim, rater=reviewer, ratings_before=before[0], discussion_before=before[1]
    )
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
        raise PermissionDenied(_("Only reviewers and editors can add sources to a live claim."))
    _reject_nul(url=url, title=title, publisher=publisher, passage=passage)
    url = (url or "").strip()
    try:
        _SOURCE_URL(url)
    except ValidationError:
        raise ValidationError(
            {"url": _("Enter a full web address starting with http:// or https://.")}
        ) from None
    if stance not in Source.Stance.values:
        raise ValidationError({"stance": _("Stance must be supports, refutes or context.")})
    source = Source(
        claim=claim,
        url=url,
        stance=stance,
        title=title.strip(),
        publisher=publisher.strip(),
        passage=passage.strip(),
        added_by=user,
    )
    # One source per URL per claim is the database's constraint; its refusal names the field below
    # (full_clean's own check would word it as a whole-form error).
    source.full_clean(validate_unique=False, validate_constraints=False)
    source._history_user = user
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        raise ValidationError({"url": _("This source is already attached to the claim.")}) from None
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
        raise ValidationError({"body": _("A comment cannot be empty.")})
    if parent is not None and parent.claim_id != claim.pk:
        raise ValidationError({"parent": _("You can only reply to a comment on the same claim.")})
    comment = Comment.objects.create(claim=claim, author=author, body=body.strip(), parent=parent)
    comment.mentions.set(mentioned_users(body))
    notifications.notify_comment(comment=comment, actor=author)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user, body: str) -> Comment:
    if not access.can_edit_comment(user, comment):
        raise PermissionDenied(_("You can only edit your own comments."))
    _reject_nul(body=body)
    if _blank(body):
        raise ValidationError({"body": _("A comment cannot be empty.")})
    comment.body = body.strip()
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    mentioned_before = set(comment.mentions.values_list("pk", flat=True))
    comment.mentions.set(mentioned_users(body))
    notifications.notify_comment(comment=comment, actor=user, mentioned_before=mentioned_before)
    return comment
