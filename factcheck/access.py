"""Who may see and change what. Views, the API and the admin all ask here, nowhere else.

Roles come from group membership: the Reviewer and Editor groups are created by a data migration;
superusers count as editors. Inactive users have no role.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.utils.translation import gettext_lazy as _

REVIEWER_GROUP = "Reviewer"
EDITOR_GROUP = "Editor"


class Role(models.TextChoices):
    ANONYMOUS = "anonymous", _("Visitor")
    NONE = "none", _("No role")
    REVIEWER = "reviewer", _("Reviewer")
    EDITOR = "editor", _("Editor")
    ADMIN = "admin", _("Admin")


def _group_names(user: User) -> set[str]:
    # Cached on the user object: a page asks several times per request.
    cached = getattr(user, "_factcheck_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._factcheck_groups = cached
    return cached


def role_of(user: User | AnonymousUser | None) -> Role:
    if user is None or not user.is_authenticated:
        return Role.ANONYMOUS
    if not user.is_active:
        return Role.NONE
    if user.is_superuser:
        return Role.ADMIN
    groups = _group_names(user)
    if EDITOR_GROUP in groups:
        return Role.EDITOR
    if REVIEWER_GROUP in groups:
        return Role.REVIEWER
    return Role.NONE


def is_editor(user) -> bool:
    """Editors (and admins) triage, edit claims, assign reviewers and publish verdicts."""
    return role_of(user) in (Role.EDITOR, Role.ADMIN)


def is_desk_member(user) -> bool:
    """Reviewers and editors see everything inside the desk; everyone else only published verdicts."""
    return role_of(user) in (Role.REVIEWER, Role.EDITOR, Role.ADMIN)


def can_rate(user, claim) -> bool:
    """Desk members rate live claims that have not been published yet."""
    from factcheck.models import Claim

    return is_desk_member(user) and claim.status in (Claim.Status.CANDIDATE, Claim.Status.SELECTED)


def can_see_all_ratings(user, claim, *, own_rating_exists: bool) -> bool:
    """Blind rating: a reviewer sees colleagues' work on a claim (their ratings, comments and
    sources) only after submitting their own rating, so that nothing anchors it.

    Editors see everything; once a verdict is published the claim is no longer blind for the desk.
    """
    from factcheck.models import Claim

    if is_editor(user):
        return True
    if not is_desk_member(user):
        return False
    return own_rating_exists or claim.status == Claim.Status.PUBLISHED


def can_see_contribution(user, claim, author_id: int | None, *, own_rating_exists: bool) -> bool:
    """Blind means blind: a comment or a source on a claim is shown to its author, and to whoever
    may see every rating of the claim (`can_see_all_ratings`). A reviewer who has not rated sees
    only their own: a colleague's comment, or the stance of a colleague's source, would anchor the
    rating as much as the label would. The same answer in the panel, the claim's history, the API
    and notifications."""
    if author_id is not None and author_id == getattr(user, "pk", None):
        return True
    return can_see_all_ratings(user, claim, own_rating_exists=own_rating_exists)


def can_edit_comment(user, comment) -> bool:
    return is_desk_member(user) and (comment.author_id == user.pk or is_editor(user))


def can_add_source(user, claim) -> bool:
    return is_desk_member(user) and not claim.is_retired


# --- The claim panel: one question per action. The views answer 403 when the role is wrong, and 409
# when the role is right but the claim has moved on (someone else changed it meanwhile).


def can_comment(user, claim) -> bool:
    """The whole desk discusses any claim, whatever its state: the discussion is its record."""
    return is_desk_member(user)


def can_triage(user, claim) -> bool:
    """Editors triage claims that are open or dismissed (a dismissed claim can be selected again)."""
    from factcheck.models import Claim

    return is_editor(user) and (claim.is_open or claim.status == Claim.Status.DISMISSED)


def can_select(user, claim) -> bool:
    """A candidate, or a claim dismissed earlier, can be selected for checking."""
    from factcheck.models import Claim

    return is_editor(user) and claim.status in (Claim.Status.CANDIDATE, Claim.Status.DISMISSED)


def can_edit_claim(user, claim) -> bool:
    """Dismiss, reword, split, merge, assign, re-prioritise or settle a match: open claims only."""
    return is_editor(user) and claim.is_open


def can_fix_claimant(user, claim) -> bool:
    """Editors fix who made a claim while it lives, published ones included (the ClaimReview names
    the claimant): not once it was split, merged or dismissed."""
    return is_editor(user) and not claim.is_retired


def can_write_verdict(user, claim) -> bool:
    """Editors publish (or correct) the verdict of any claim that has not been retired."""
    return is_editor(user) and not claim.is_retired
