"""The profile page's API tokens: create with a name (the key shown once), list, revoke."""

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.api.models import ApiToken, hash_key

PROFILE = reverse("factcheck:profile")
CREATE = reverse("factcheck:token_create")


def _revoke_url(token):
    return reverse("factcheck:token_revoke", args=[token.pk])


def test_a_new_token_is_shown_once_then_only_its_prefix(client, reviewer):
    client.force_login(reviewer)
    response = client.post(CREATE, {"name": "  CMS sync  "})
    assert response.status_code == 302 and response.url == PROFILE + "#api-tokens"
    token = ApiToken.objects.get(user=reviewer)
    assert token.name == "CMS sync"

    page = client.get(PROFILE)
    key = page.context["new_token_key"]["key"]
    assert hash_key(key) == token.key_hash
    body = page.content.decode()
    assert key in body and "shown this once" in body

    again = client.get(PROFILE).content.decode()
    assert key not in again
    assert f"{token.prefix}…" in again and "CMS sync" in again


def test_the_key_works_against_the_api(client, reviewer):
    client.force_login(reviewer)
    client.post(CREATE, {"name": "script"})
    key = client.get(PROFILE).context["new_token_key"]["key"]
    client.logout()
    response = client.get("/api/v1/claims/", headers={"authorization": f"Bearer {key}"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 101, "100 characters"),
    ],
)
def test_a_bad_name_is_refused_on_the_page_and_nothing_is_made(client, reviewer, name, message):
    client.force_login(reviewer)
    response = client.post(CREATE, {"name": name})
    assert response.status_code == 400
    errors = response.context["token_form"].errors["name"]
    assert any(message in e for e in errors), errors
    body = response.content.decode()
    assert 'class="error"' in body and 'id="api-tokens"' in body
    # The rest of the profile is still there.
    assert response.context["form"].initial["email"] == reviewer.email
    assert not ApiToken.objects.exists()


def test_too_many_active_tokens_are_refused(client, reviewer):
    for n in range(services.MAX_ACTIVE_TOKENS):
        services.token_issue(user=reviewer, name=f"t{n}")
    client.force_login(reviewer)
    response = client.post(CREATE, {"name": "one more"})
    assert response.status_code == 400
    assert "revoke one" in response.context["token_form"].errors["name"][0]
    assert ApiToken.objects.filter(user=reviewer).count() == services.MAX_ACTIVE_TOKENS
    # A revoked one frees a place.
    services.token_revoke(user=reviewer, token=ApiToken.objects.filter(user=reviewer).first())
    assert client.post(CREATE, {"name": "one more"}).status_code == 302


def test_revoking_stops_the_token_at_once(client, reviewer):
    token, key = services.token_issue(user=reviewer, name="bot")
    client.force_login(reviewer)
    response = client.post(_revoke_url(token))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    body = client.get(PROFILE).content.decode()
    assert "is revoked" in body and "revoked " in body
    assert _revoke_url(token) not in body  # no button for a revoked token
    client.logout()
    api = client.get("/api/v1/claims/", headers={"authorization": f"Bearer {key}"})
    assert api.status_code == 401


def test_nobody_revokes_or_sees_another_persons_token(client, reviewer, reviewer2):
    token, _ = services.token_issue(user=reviewer2, name="theirs")
    client.force_login(reviewer)
    assert client.post(_revoke_url(token)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "theirs" not in client.get(PROFILE).content.decode()


def test_token_pages_need_a_desk_member_and_post(client, reviewer, outsider):
    assert client.post(CREATE, {"name": "x"}).status_code in (302, 403)
    client.force_login(outsider)
    assert client.post(CREATE, {"name": "x"}).status_code == 403
    client.force_login(reviewer)
    assert client.get(CREATE).status_code == 405
    assert not ApiToken.objects.exists()


def test_the_profile_lists_tokens_in_a_fixed_number_of_queries(
    client, reviewer, django_assert_max_num_queries
):
    for n in range(5):
        services.token_issue(user=reviewer, name=f"t{n}")
    client.force_login(reviewer)
    client.get(PROFILE)
    with django_assert_max_num_queries(12) as few:
        client.get(PROFILE)
    for n in range(10):
        services.token_issue(user=reviewer, name=f"u{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(PROFILE)
