"""Notifications: who is told what, reading them, and emailing them (each one, or a daily digest).

The `notify_*` functions are called by the services that make the change they report (comments,
assignments, ratings, verdicts), inside those services' transactions: a notification exists exactly
when its change was committed, and an email is only enqueued once it is. Nobody is notified of their
own action (also a constraint on `Notification`), and only the desk's reviewers and editors are ever
notified: nobody else can open a claim.

Blind rating. A reviewer who has not rated a claim sees neither the other reviewers' ratings nor their
comments and sources on it (editors see everything). Notifications keep to that:
- "a claim reached quorum" and "needs discussion" go to editors only, and say nothing about who rated
  or how; no reviewer is ever told that someone else rated;
- the verdict and its corrections go to the reviewers who rated the claim, that is, who have rated;
- an assignment says who assigned, nothing about the claim's ratings;
- a mention or a reply tells a reviewer who has not rated the claim yet that someone addressed
  them, but not what the comment says (`BLIND_TEXT`): the comment itself stays hidden from them
  until they rate, in the panel, the history and the API alike (access.can_see_contribution).

Email. A person's profile says none, each, or a daily digest. "Each" is sent by the worker when the
notifying transaction commits: one message with everything not yet emailed, so a burst (ten claims
assigned at once) is one email, not ten. The digest is sent once a day (see `digest_run`). Either way
`Notification.emailed_at` is set before the message leaves, in a short transaction that locks the
rows, so two workers never email the same notification; a failed send clears it again. Only unread
notifications are emailed: what was read on the site needs no email.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.mail.handler import DEFAULT_MAILER_ALIAS
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from factcheck import access, selectors, tasks
from factcheck.models import (
    Assignment,
    Claim,
    Comment,
    DigestRun,
    Notification,
    Profile,
    Rating,
    Verdict,
)

logger = logging.getLogger(__name__)
User = get_user_model()

Kind = Notification.Kind
EXCERPT_CHARS = 200
# What a mention or a reply says to a reviewer who has not rated the claim yet: the comment stays
# hidden from them until they rate (access.can_see_contribution), in the panel and here alike.
BLIND_TEXT = "Hidden until you rate this claim (blind rating): rate it, then read the comment."
# An email lists this many notifications; any more are counted and linked to /notifications/.
EMAIL_LIST_LIMIT = 50


def _excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _create(notifications: list[Notification]) -> None:
    """Store notifications and, once the transaction commits, ask the worker to email the
    recipients who want each notification by email."""
    notifications = [n for n in notifications if n.recipient_id != n.actor_id]
    if not notifications:
        return
    # ignore_conflicts: two concurrent edits of one comment may both mention someone new; the
    # unique constraint keeps it to one notification, the other insert is skipped.
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    for user_id in sorted(_want_each_email({n.recipient_id for n in notifications})):
        transaction.on_commit(
            lambda user_id=user_id: tasks.send_notification_emails.enqueue(user_id=user_id),
            robust=True,
        )


def _desk_member_ids(user_ids: Iterable[int]) -> set[int]:
    ids = set(user_ids)
    if not ids:
        return set()
    members = selectors.desk_members().filter(pk__in=ids).order_by()
    return set(members.values_list("pk", flat=True))


# --- Who is told what -----------------------------------------------------------------------------


def notify_comment(
    *, comment: Comment, actor, mentioned_before: Collection[int] | None = None
) -> None:
    """Tell the desk members a comment mentions, and (for a new reply) the author of the comment it
    answers. `mentioned_before` is given for an edit: the people the comment mentioned before it,
    who were told then; only the newly mentioned are told now. One notification per person per
    comment: someone both mentioned and answered is told once, as mentioned."""
    is_new = mentioned_before is None
    mentioned = set(comment.mentions.values_list("pk", flat=True)) - set(mentioned_before or ())
    replied_to = None
    if is_new and comment.parent_id is not None:
        replied_to = Comment.objects.values_list("author_id", flat=True).get(pk=comment.parent_id)
    members = _desk_member_ids(mentioned | ({replied_to} if replied_to else set()))
    if not is_new:
        members -= set(
            Notification.objects.filter(comment=comment, recipient_id__in=members).values_list(
                "recipient_id", flat=True
            )
        )
    if not members:
        return
    claim = comment.claim
    raters = set(
        Rating.objects.filter(claim_id=claim.pk, reviewer_id__in=members).values_list(
            "reviewer_id", flat=True
        )
    )
    _create(
        [
            Notification(
                recipient_id=user.pk,
                kind=Kind.MENTIONED if user.pk in mentioned else Kind.REPLIED,
                claim_id=comment.claim_id,
                comment=comment,
                actor=actor,
                text=_excerpt(comment.body)
                if access.can_see_contribution(
                    user, claim, comment.author_id, own_rating_exists=user.pk in raters
                )
                else BLIND_TEXT,
            )
            for user in User.objects.filter(pk__in=members).order_by("pk")
        ]
    )


def notify_assigned(*, assignment: Assignment, editor) -> None:
    """Tell a reviewer that an editor asked them to rate a claim (not when they assigned
    themselves)."""
    notify_assigned_many(assignments=[assignment], editor=editor)


def notify_assigned_many(*, assignments: Iterable[Assignment], editor) -> None:
    """Tell each reviewer of `assignments` that an editor asked them to rate a claim: one
    notification per assignment, one email per person (a bulk assignment of ten claims is one
    message). Nobody is told of an assignment they made themselves."""
    _create(
        [
            Notification(
                recipient_id=a.reviewer_id,
                kind=Kind.ASSIGNED,
                claim_id=a.claim_id,
                actor=editor,
            )
            for a in assignments
        ]
    )


def notify_rated(*, claim: Claim, rater, ratings_before: int, discussion_before: bool) -> None:
    """Tell editors when a rating brings a claim to its quorum, or makes its ratings disagree.

    `claim` carries the counts after the rating (`ratings_count`, `needs_discussion`). The editors
    told are those who assigned reviewers to the claim, or every editor when nobody did. Both events
    at once make one notification (needs discussion, which says the quorum was reached).
    """
    quorum = settings.FACTCHECK_QUORUM
    reached = ratings_before < quorum <= claim.ratings_count
    disagrees = claim.needs_discussion and not discussion_before
    if not (reached or disagrees):
        return
    n = claim.ratings_count
    # Stored text, read by several editors: written in the desk's language, not the rater's.
    with translation.override(settings.LANGUAGE_CODE):
        if disagrees:
            kind = Kind.DISCUSSION
            text = (
                (
                    _("Reached its quorum with %(n)d ratings, but they disagree.")
                    if reached
                    else _("The %(n)d ratings disagree.")
                )
                % {"n": n}
                + " "
                + _("No majority, or ratings two or more steps apart: discuss before the verdict.")
            )
        else:
            kind = Kind.QUORUM
            text = _("%(n)d independent ratings: ready for a verdict.") % {"n": n}
    editors = selectors.desk_editors()
    assigners = set(
        editors.filter(
            pk__in=Assignment.objects.filter(claim_id=claim.pk).values("assigned_by_id")
        ).values_list("pk", flat=True)
    )
    recipients = assigners or set(editors.values_list("pk", flat=True))
    _create(
        [
            Notification(recipient_id=user_id, kind=kind, claim_id=claim.pk, actor=rater, text=text)
            for user_id in sorted(recipients)
        ]
    )


def notify_verdict(*, verdict: Verdict, editor) -> None:
    """Tell the reviewers who rated the claim that its verdict was published, or corrected."""
    raters = _desk_member_ids(
        Rating.objects.filter(claim_id=verdict.claim_id).values_list("reviewer_id", flat=True)
    )
    if verdict.revision > 1:
        kind, text = Kind.CORRECTED, f"{verdict.label.name}. Correction: {verdict.correction_note}"
    else:
        kind, text = Kind.VERDICT, f"{verdict.label.name}: {verdict.summary}"
    _create(
        [
            Notification(
                recipient_id=user_id,
                kind=kind,
                claim_id=verdict.claim_id,
                actor=editor,
                text=_excerpt(text),
            )
            for user_id in sorted(raters)
        ]
    )


# --- Reading them ---------------------------------------------------------------------------------


def notification_open(*, notification: Notification, user) -> Notification:
    """Mark one of `user`'s notifications read (idempotent: the first reading time is kept)."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied(_("This notification is someone else's."))
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, user, up_to: int | None = None) -> int:
    """Mark `user`'s unread notifications read, up to the newest one they were shown (`up_to`, a
    notification id), so one that arrives meanwhile stays unread. Returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if up_to is not None:
        unread = unread.filter(pk__lte=up_to)
    return unread.update(read_at=timezone.now())


# --- Profile --------------------------------------------------------------------------------------


@transaction.atomic
def profile_update(
    *,
    user,
    first_name: str,
    last_name: str,
    email: str,
    notification_email: str,
    language: str | None = None,
) -> Profile:
    """Change a person's own name, email address, how they are emailed notifications and, when
    given, the desk's language for them ("" follows the browser).

    Choosing the daily digest makes sure a digest run is scheduled.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.email = User.objects.normalize_email(email.strip())
    errors = {}
    if notification_email not in Profile.Email.values:
        errors["notification_email"] = _("Choose how you want to be emailed.")
    elif notification_email != Profile.Email.NONE and not user.email:
        errors["email"] = _("Give an email address to be emailed notifications.")
    try:
        user.full_clean(exclude=["password", "username"], validate_unique=False)
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    user.save(update_fields=["first_name", "last_name", "email"])
    profile = selectors.profile_of(user)
    if profile.notification_email != notification_email:
        profile.email_since = timezone.now()
    profile.notification_email = notification_email
    if language is not None:
        profile.language = language
    try:
        profile.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    profile.save()
    if notification_email == Profile.Email.DAILY:
        transaction.on_commit(digest_schedule, robust=True)
    return profile


# --- Email ----------------------------------------------------------------------------------------


def email_enabled() -> bool:
    """Whether this desk sends email at all: it has a default mailer (see settings.MAILERS)."""
    return DEFAULT_MAILER_ALIAS in mail.mailers


def _want_each_email(user_ids: set[int]) -> set[int]:
    if not email_enabled():
        return set()
    return set(
        User.objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .filter(Q(profile__isnull=True) | Q(profile__notification_email=Profile.Email.EACH))
        .values_list("pk", flat=True)
    )


def _take_unsent(user, since: datetime | None) -> tuple[list[int], datetime]:
    """Mark what `user` has not read and not been emailed (created `since`, when given) as
    emailed, and return its ids.

    The rows are locked (skipping those another worker holds), so two workers never take the same
    notification. The transaction is short: the message is sent after it commits.
    """
    stamp = timezone.now()
    unsent = Notification.objects.filter(
        recipient=user, read_at__isnull=True, emailed_at__isnull=True
    )
    if since is not None:
        unsent = unsent.filter(created_at__gte=since)
    with transaction.atomic():
        ids = list(unsent.select_for_update(skip_locked=True).values_list("pk", flat=True))
        if ids:
            Notification.objects.filter(pk__in=ids).update(emailed_at=stamp)
    return ids, stamp


def _give_back(ids: list[int], stamp: datetime) -> None:
    """A send failed: the notifications go out with the next email instead."""
    Notification.objects.filter(pk__in=ids, emailed_at=stamp).update(emailed_at=None)


def _absolute(path: str) -> str:
    return f"{settings.FACTCHECK_PUBLIC_URL}{path}"


@dataclass(frozen=True)
class EmailItem:
    headline: str
    claim: str
    text: str
    url: str


def _message(user, ids: list[int], *, digest: bool) -> EmailMessage:
    """The plain-text email of the notifications `ids`, newest first, links absolute."""
    listed = list(
        Notification.objects.filter(pk__in=ids)
        .select_related("claim", "actor")
        .order_by("-created_at", "-id")[:EMAIL_LIST_LIMIT]
    )
    items = [
        EmailItem(
            headline=n.headline,
            claim=_excerpt(n.claim.wording, 160),
            text=n.text,
            url=_absolute(n.get_absolute_url()),
        )
        for n in listed
    ]
    desk = settings.FACTCHECK_DESK_NAME
    if digest:
        subject = ngettext(
            "Your daily digest: %(count)d notification",
            "Your daily digest: %(count)d notifications",
            len(ids),
        ) % {"count": len(ids)}
    elif len(ids) == 1:
        subject = f"{items[0].headline}: “{_excerpt(items[0].claim, 60)}”"
    else:
        subject = ngettext(
            "%(count)d new notification", "%(count)d new notifications", len(ids)
        ) % {"count": len(ids)}
    body = render_to_string(
        "factcheck/email/notifications.txt",
        {
            "user": user,
            "desk_name": desk,
            "items": items,
            "more": len(ids) - len(items),
            "digest": digest,
            "notifications_url": _absolute(reverse("factcheck:notifications")),
            "profile_url": _absolute(reverse("factcheck:profile")),
        },
    )
    return EmailMessage(
        subject=f"[{desk}] {subject}",
        body=body.strip() + "\n",
        to=[user.email],
        # RFC 3834: no out-of-office replies to a machine.
        headers={"Auto-Submitted": "auto-generated"},
    )


def _send(user, profile: Profile, *, digest: bool) -> int:
    """Email `user` everything unsent in one message; returns how many notifications went out."""
    ids, stamp = _take_unsent(user, profile.email_since)
    if not ids:
        return 0
    try:
        # In the person's language, whoever's request or which worker sends it.
        with translation.override(profile.language or settings.LANGUAGE_CODE):
            message = _message(user, ids, digest=digest)
        message.send()
    except Exception:
        _give_back(ids, stamp)
        raise
    return len(ids)


def email_pending(*, user_id: int) -> int:
    """Send the notifications `user_id` has not read and not been emailed, in one email, if they
    want each notification by email (the worker calls this after a notifying transaction commits).
    Returns how many went out: 0 when there was nothing left (another run took them), or the person
    now wants a digest or no email."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None or not email_enabled():
        return 0
    profile = selectors.profile_of(user)
    if profile.notification_email != Profile.Email.EACH:
        return 0
    return _send(user, profile, digest=False)


# --- The daily digest -----------------------------------------------------------------------------
#
# There is no cron. Each day's run is a task enqueued with `run_after` set to the digest time; the
# run schedules the next day's before sending anything. Duplicates are harmless at every level:
# - a second chain (scheduled by `migrate`, by someone choosing the digest, by a retried task)
#   meets the first at the next run: only the run that creates the day's `DigestRun` row schedules
#   the next day, so any number of chains collapse into one;
# - a person is sent at most one digest a day: `Profile.digest_sent_on` is claimed with a
#   conditional UPDATE before sending, so two runs of one day never both send to them;
# - a notification is emailed at most once (`emailed_at`, taken under a row lock).
# If the chain is broken (the task queue emptied), the next `migrate` or the next person choosing
# the digest starts it again.


def next_digest_time(after: datetime | None = None) -> datetime:
    """The next FACTCHECK_DIGEST_HOUR o'clock (desk time) strictly after `after` (now)."""
    after = timezone.localtime(after or timezone.now())
    slot = timezone.make_aware(
        datetime.combine(after.date(), time(settings.FACTCHECK_DIGEST_HOUR)), after.tzinfo
    )
    if slot <= after:
        slot = timezone.make_aware(
            datetime.combine(
                after.date() + timedelta(days=1), time(settings.FACTCHECK_DIGEST_HOUR)
            ),
            after.tzinfo,
        )
    return slot


def digest_schedule(*, after: datetime | None = None) -> datetime | None:
    """Enqueue a digest run for the next digest time. Returns when, or None when the task backend
    cannot run tasks later (the immediate backend of the tests)."""
    if not tasks.send_daily_digests.get_backend().supports_defer:
        return None
    slot = next_digest_time(after)
    tasks.send_daily_digests.using(run_after=slot).enqueue(day=slot.date().isoformat())
    return slot


def digest_run(*, day: date) -> int:
    """Send the daily digest of `day` to everyone who asked for one and has not had it yet.

    The first run of a day schedules the next day's (in the same transaction as its `DigestRun`
    row, so the chain cannot break between the two). Each person's digest is claimed before it is
    sent; a failure for one person is logged, leaves their notifications for the next digest, and
    does not stop the others. Returns how many emails were sent.
    """
    try:
        with transaction.atomic():
            DigestRun.objects.create(day=day)
            digest_schedule(after=timezone.now())
    except IntegrityError:
        pass  # another run of this day exists, and it scheduled the next day
    if not email_enabled():
        return 0
    not_yet = Q(digest_sent_on__isnull=True) | Q(digest_sent_on__lt=day)
    due = Profile.objects.filter(not_yet, notification_email=Profile.Email.DAILY)
    sent = 0
    for profile in due.select_related("user").order_by("user_id"):
        user = profile.user
        claimed = Profile.objects.filter(
            not_yet, user_id=user.pk, notification_email=Profile.Email.DAILY
        ).update(digest_sent_on=day)
        if not claimed or not user.is_active or not user.email:
            continue
        try:
            if _send(user, profile, digest=True):
                sent += 1
        except Exception:
            logger.exception("Daily digest of %s to user %s failed", day, user.pk)
            Profile.objects.filter(user_id=user.pk, digest_sent_on=day).update(
                digest_sent_on=profile.digest_sent_on
            )
    DigestRun.objects.filter(day=day).update(emails_sent=F("emails_sent") + sent)
    return sent
