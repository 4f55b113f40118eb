"""What every service shares: the conflict error, who-is-acting checks, text checks, and the
claim helpers (lock, save with a version bump, build an anchored claim)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from factcheck import access, extraction
from factcheck.models import Article, Claim


class ConflictError(Exception):
    """Someone else changed the object first. `current` is the object as it now stands."""

    def __init__(self, message: str, *, current=None):
        super().__init__(message)
        self.current = current


def _require_editor(user) -> None:
    if not access.is_editor(user):
        raise PermissionDenied(_("Only editors can do this."))


def _require_desk_member(user) -> None:
    if not access.is_desk_member(user):
        raise PermissionDenied(_("Only reviewers and editors can do this."))


def _reject_nul(**fields: str | None) -> None:
    """NUL characters are never text: PostgreSQL refuses them and SQLite truncates at them."""
    bad = {
        name: _("This text contains a NUL character (\\x00); remove it.")
        for name, value in fields.items()
        if value and "\x00" in value
    }
    if bad:
        raise ValidationError(bad)


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _lock_claim(claim: Claim, expected_version: int | None = None) -> Claim:
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            _(
                "This claim was changed by someone else while you were editing it. "
                "Review the current version and try again."
            ),
            current=locked,
        )
    return locked


def _save_claim(claim: Claim, user, reason: str) -> None:
    # The row is locked (select_for_update), so a plain increment cannot lose an update.
    claim.version += 1
    claim._change_reason = reason
    claim._history_user = user
    _clean_claim(claim)
    # The queue columns are written only by the services that own them (ratings, assignments).
    claim.save(update_fields=_CLAIM_EDIT_FIELDS)


# The database holds this one, and the services word its refusal for the person acting ("A claim
# already covers exactly this span."); full_clean would word it "Constraint … is violated".
_SPAN_CONSTRAINT = "one_live_claim_per_span"


def _clean_claim(claim: Claim) -> None:
    """full_clean, except the one-live-claim-per-span rule (left to the database: see above)."""
    claim.full_clean(exclude=["derived_from"], validate_constraints=False)
    for constraint in Claim._meta.constraints:
        if constraint.name != _SPAN_CONSTRAINT:
            constraint.validate(Claim, claim)


_QUEUE_COLUMNS = {"ratings_count", "needs_discussion", "is_assigned", "article_created_at"}
_CLAIM_EDIT_FIELDS = [
    f.name
    for f in Claim._meta.concrete_fields
    if not f.primary_key and not f.generated and f.name not in _QUEUE_COLUMNS
]


def _build_claim(
    *, article: Article, start: int, end: int, scored=None, wording: str = "", **fields
) -> Claim:
    """An unsaved claim anchored to `article.text[start:end]` (quote, prefix, suffix), scored by
    the current check-worthiness model unless `scored` is given. The one place claims are built."""
    from factcheck import checkworthiness  # its model loads where claims are scored

    quote, prefix, suffix = extraction.anchor(article.text, start, end)
    scored = scored or checkworthiness.score_claim(quote, language=article.language)
    return Claim(
        article=article,
        article_created_at=article.created_at,
        start=start,
        end=end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        wording=wording or quote,
        language=article.language,
        score=scored.score,
        features=scored.features,
        score_version=scored.version,
        **fields,
    )
