"""API tokens: a person issues and revokes their own (the profile page and /api/v1/tokens/); the
admin revokes anyone's. The key is shown once, by whoever called `token_issue`."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from factcheck.api.models import ApiToken
from factcheck.services._common import _reject_nul

# Enough for every integration a desk runs; a runaway script making tokens in a loop stops here.
MAX_ACTIVE_TOKENS = 20
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


@transaction.atomic
def token_issue(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` named `name`, and its key (never stored, never shown again)."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to create an API token."))
    name = (name or "").strip()
    _reject_nul(name=name)
    if not name:
        raise ValidationError(
            {"name": _("Name the token after what will use it, e.g. “CMS sync”.")}
        )
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("Keep the name under %(max)d characters.") % {"max": NAME_MAX_LENGTH + 1}}
        )
    # Lock the person's row so two tabs cannot both pass the count.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user).active().count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            {
                "name": _(
                    "You already have %(max)d active tokens: revoke one you no longer use first."
                )
                % {"max": MAX_ACTIVE_TOKENS}
            }
        )
    return ApiToken.issue(user=user, name=name)


@transaction.atomic
def token_revoke(*, user, token: ApiToken) -> ApiToken:
    """Revoke `token` at once and for good. Its owner may, and a superuser (the admin). Revoking a
    revoked token changes nothing."""
    if token.user_id != user.pk and not user.is_superuser:
        raise PermissionDenied(_("This is not your token."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    token.revoke()
    return token
