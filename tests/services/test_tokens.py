"""services.token_issue / token_revoke: who may, what is checked."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from factcheck import services
from factcheck.api.models import ApiToken, hash_key


def test_issue_stores_only_the_hash(reviewer):
    token, key = services.token_issue(user=reviewer, name="CMS")
    assert key.startswith("fc_") and token.prefix == key[:11]
    assert ApiToken.objects.get().key_hash == hash_key(key)
    assert key not in {token.key_hash, token.name, token.prefix}


def test_issue_refuses_a_blank_or_nul_name(reviewer):
    with pytest.raises(ValidationError) as blank:
        services.token_issue(user=reviewer, name=" \t ")
    assert "name" in blank.value.message_dict
    with pytest.raises(ValidationError):
        services.token_issue(user=reviewer, name="a\x00b")
    assert not ApiToken.objects.exists()


def test_revoke_is_for_the_owner_or_a_superuser(reviewer, reviewer2, admin_user):
    token, _ = services.token_issue(user=reviewer, name="mine")
    with pytest.raises(PermissionDenied):
        services.token_revoke(user=reviewer2, token=token)
    assert ApiToken.objects.get().revoked_at is None
    services.token_revoke(user=admin_user, token=token)
    revoked_at = ApiToken.objects.get().revoked_at
    assert revoked_at is not None
    services.token_revoke(user=reviewer, token=token)  # again: nothing changes
    assert ApiToken.objects.get().revoked_at == revoked_at


def test_two_active_tokens_cannot_share_a_name(reviewer, reviewer2):
    token, _ = services.token_issue(user=reviewer, name="Tipline bot")
    with pytest.raises(ValidationError) as same:
        services.token_issue(user=reviewer, name="tipline BOT ")
    assert "already have an active token named" in same.value.message_dict["name"][0]
    services.token_issue(user=reviewer2, name="Tipline bot")  # someone else's: fine
    services.token_revoke(user=reviewer, token=token)
    services.token_issue(user=reviewer, name="Tipline bot")  # the old one is revoked: fine
