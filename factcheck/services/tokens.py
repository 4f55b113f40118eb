"""API tokens: a person issues and revokes their own (the profile page and /api/v1/tokens/); the
admin revokes anyone's. The key is shown once, by whoever called `token_issue`. Authentication
records a token's use through `token_touch`."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck.api.models import KEY_PREFIX, VISIBLE_CHARS, ApiToken, hash_key
from factcheck.services._common import _reject_nul

# Enough for every integration a desk runs; a runaway script making tokens in a loop stops here.
MAX_ACTIVE_TOKENS = 20
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length
# last_used_at is written at most this often per token, so that reads stay reads.
LAST_USED_RESOLUTION = timedelta(minutes=1)


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
    # Two active tokens of one name could not be told apart when one has to be revoked.
    if ApiToken.objects.filter(user=user, name__iexact=name).active().exists():
        raise ValidationError(
            {
                "name": _(
                    "You already have an active token named “%(name)s”: give this one another "
                    "name, or revoke that one first."
                )
                % {"name": name}
            }
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=key[:VISIBLE_CHARS], key_hash=hash_key(key))
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def token_revoke(*, user, token: ApiToken) -> ApiToken:
    """Revoke `token` at once and for good. Its owner may, and a superuser (the admin). Revoking a
    revoked token changes nothing."""
    if token.user_id != user.pk and not user.is_superuser:
        raise PermissionDenied(_("This is not your token."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_touch(*, token: ApiToken, now: datetime | None = None) -> None:
    """Record that the token was used, at most once per LAST_USED_RESOLUTION."""
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
