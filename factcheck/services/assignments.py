"""Assignments: an editor asks reviewers to rate claims, one claim or many at once.

`assignments_create` is the one writer: the panel's single "Assign" and the bulk assignment of the
workspace list and My work both call it. It runs in one transaction and locks the claims (in id
order, so two editors assigning overlapping selections cannot deadlock). Each claim is assigned or
refused with its reason; nothing is half-done.

- A claim that is no longer being checked (published, dismissed, split, merged, or deleted meanwhile)
  is refused with its reason; the other claims of the selection are still assigned. When every claim
  is refused, nothing was done and the refusals are raised as a ValidationError.
- A reviewer who had already rated the claim gets an assignment that is complete at once: it is on
  record (who asked whom), but never sits in their "assigned to me, not yet rated" queue, and they
  are not notified of work they have already done.
- Assigning someone already assigned changes nothing (idempotent).
- A candidate that gets a reviewer is selected for checking.

Assigning and unassigning are recorded in the assignment's history, which the claim's history shows
(selectors.claim_history), with the editor who did it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from simple_history.utils import bulk_create_with_history

from factcheck import access
from factcheck.models import Article, Assignment, Claim, Rating
from factcheck.services import notifications
from factcheck.services._common import _lock_claim, _require_editor, _save_claim
from factcheck.services.articles import article_refresh_status

User = get_user_model()


def display_name(user) -> str:
    """How the desk names a person: their full name, else their username."""
    return user.get_full_name() or user.get_username()


def _claim_label(claim: Claim) -> str:
    wording = " ".join(claim.wording.split())
    short = wording if len(wording) <= 60 else wording[:59].rstrip() + "…"
    return f"“{short}”"


@dataclass(frozen=True)
class Refusal:
    """A claim of the selection that was not assigned, and why (meant for the editor)."""

    claim_id: int
    reason: str


@dataclass
class AssignmentReport:
    """What a (bulk) assignment did, claim by claim and reviewer by reviewer."""

    # New assignments the reviewers now have to do (they were notified).
    assigned: list[Assignment] = field(default_factory=list)
    # New assignments complete at once: the reviewer had already rated the claim.
    already_rated: list[Assignment] = field(default_factory=list)
    # (claim, reviewer) pairs that were assigned before: nothing changed.
    unchanged: list[tuple[Claim, object]] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    # The claims that were assigned (locked and current), in id order.
    claims: list[Claim] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.assigned or self.already_rated)

    def messages(self) -> list[tuple[str, str]]:
        """(level, text) lines that tell the editor what happened: "success", "info", "warning"."""
        lines: list[tuple[str, str]] = []
        if self.assigned:
            claims = {a.claim_id for a in self.assigned}
            people = sorted({display_name(a.reviewer) for a in self.assigned}, key=str.casefold)
            lines.append(
                (
                    "success",
                    ngettext(
                        "Assigned %(n)d claim to %(people)s.",
                        "Assigned %(n)d claims to %(people)s.",
                        len(claims),
                    )
                    % {"n": len(claims), "people": _join(people)},
                )
            )
        for a in self.already_rated:
            lines.append(
                (
                    "info",
                    gettext(
                        "%(person)s had already rated %(claim)s: the assignment is recorded "
                        "as done."
                    )
                    % {"person": display_name(a.reviewer), "claim": _claim_label(a.claim)},
                )
            )
        if self.unchanged and not self.changed:
            lines.append(
                ("info", gettext("Everyone chosen was already assigned: nothing changed."))
            )
        elif self.unchanged:
            n = len(self.unchanged)
            lines.append(
                (
                    "info",
                    ngettext(
                        "%(n)d of these assignments was already made.",
                        "%(n)d of these assignments were already made.",
                        n,
                    )
                    % {"n": n},
                )
            )
        lines.extend(("warning", r.reason) for r in self.refused)
        return lines


def _join(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return gettext("%(some)s and %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


def _refusal(claim: Claim) -> str | None:
    if claim.is_open:
        return None
    return gettext(
        "Not assigned: %(claim)s is %(status)s; only claims still being checked can be assigned."
    ) % {"claim": _claim_label(claim), "status": claim.get_status_display().lower()}


def assignments_create(
    *, claims: Iterable[Claim | int], reviewers: Iterable, editor
) -> AssignmentReport:
    """Assign every reviewer to every claim, in one transaction. See the module's docstring."""
    _require_editor(editor)
    claim_ids = sorted({c if isinstance(c, int) else c.pk for c in claims})
    reviewers = list({r.pk: r for r in reviewers}.values())
    errors = {}
    if not claim_ids:
        errors["claims"] = gettext("Select at least one claim to assign.")
    if not reviewers:
        errors["reviewers"] = gettext("Choose at least one reviewer.")
    outsiders = [display_name(r) for r in reviewers if not access.is_desk_member(r)]
    if outsiders:
        errors["reviewers"] = ngettext(
            "%(people)s is not a reviewer or editor of the desk.",
            "%(people)s are not reviewers or editors of the desk.",
            len(outsiders),
        ) % {"people": _join(outsiders)}
    if errors:
        raise ValidationError(errors)
    reviewers.sort(key=lambda r: r.pk)
    report = AssignmentReport()
    with transaction.atomic():
        locked = {
            c.pk: c
            for c in Claim.objects.select_for_update().filter(pk__in=claim_ids).order_by("pk")
        }
        for pk in claim_ids:
            claim = locked.get(pk)
            reason = (
                gettext("Not assigned: claim %(pk)d no longer exists.") % {"pk": pk}
                if claim is None
                else _refusal(claim)
            )
            if reason:
                report.refused.append(Refusal(pk, reason))
            else:
                report.claims.append(claim)
        if not report.claims:
            raise ValidationError([r.reason for r in report.refused])
        ids = [c.pk for c in report.claims]
        reviewer_ids = [r.pk for r in reviewers]
        existing = set(
            Assignment.objects.filter(claim_id__in=ids, reviewer_id__in=reviewer_ids).values_list(
                "claim_id", "reviewer_id"
            )
        )
        rated = set(
            Rating.objects.filter(claim_id__in=ids, reviewer_id__in=reviewer_ids).values_list(
                "claim_id", "reviewer_id"
            )
        )
        now = timezone.now()
        new = []
        for claim in report.claims:
            for reviewer in reviewers:
                if (claim.pk, reviewer.pk) in existing:
                    report.unchanged.append((claim, reviewer))
                    continue
                done = (claim.pk, reviewer.pk) in rated
                assignment = Assignment(
                    claim=claim,
                    reviewer=reviewer,
                    assigned_by=editor,
                    completed_at=now if done else None,
                )
                new.append(assignment)
                (report.already_rated if done else report.assigned).append(assignment)
        if new:
            bulk_create_with_history(
                new, Assignment, default_user=editor, default_change_reason="Assigned"
            )
            notifications.notify_assigned_many(assignments=report.assigned, editor=editor)
        _after_assigning(report.claims, editor)
    return report


def _after_assigning(claims: list[Claim], editor) -> None:
    """Keep the queue flag in step, and select the candidates that now have a reviewer."""
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(is_assigned=True)
    articles: dict[int, Article] = {}
    for claim in claims:
        claim.is_assigned = True
        if claim.status == Claim.Status.CANDIDATE:
            claim.status = Claim.Status.SELECTED
            _save_claim(claim, editor, "Selected for checking: assigned")
            articles.setdefault(claim.article_id, claim.article)
    for article in articles.values():
        article_refresh_status(article=article)


def assignment_create(*, claim: Claim, reviewer, editor) -> Assignment:
    """Ask one reviewer to rate one claim (see `assignments_create`). Idempotent; a claim no longer
    being checked raises ValidationError."""
    try:
        assignments_create(claims=[claim], reviewers=[reviewer], editor=editor)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "reviewers" in exc.error_dict:
            raise ValidationError({"reviewer": exc.error_dict["reviewers"]}) from None
        raise
    return Assignment.objects.get(claim_id=claim.pk, reviewer_id=reviewer.pk)


@transaction.atomic
def assignment_remove(*, claim: Claim, reviewer, editor) -> None:
    """Take a claim off a reviewer's list. Refused once the claim is no longer being checked, or
    once the reviewer has rated it (the assignment is done and stays on record)."""
    _require_editor(editor)
    claim = _lock_claim(claim)
    if not claim.is_open:
        raise ValidationError(
            gettext("This claim is %(status)s: its assignments stay on record.")
            % {"status": claim.get_status_display().lower()}
        )
    assignment = Assignment.objects.filter(claim=claim, reviewer=reviewer).first()
    if assignment is None:
        raise ValidationError(
            gettext("%(person)s is not assigned to this claim.")
            % {"person": display_name(reviewer)}
        )
    if assignment.completed_at is not None:
        raise ValidationError(
            gettext(
                "%(person)s has already rated this claim: the assignment is done and stays on "
                "record."
            )
            % {"person": display_name(reviewer)}
        )
    assignment._history_user = editor
    assignment._change_reason = "Unassigned"
    assignment.delete()
    still = Assignment.objects.filter(claim=claim).exists()
    Claim.objects.filter(pk=claim.pk).update(is_assigned=still)
    claim.is_assigned = still
