"""API tokens: hashed, named, listed and revoked by their owner, shown once; anonymous limits."""

import hashlib

import pytest
from django.test import Client
from rest_framework.test import APIClient

from factcheck import services
from factcheck.api.models import ApiToken


@pytest.fixture
def session(editor):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    page = client.get("/api/v1/tokens/", HTTP_ACCEPT="text/html")  # the browsable API
    assert page.status_code == 200 and "csrftoken" in client.cookies
    return client


def _csrf(client) -> dict:
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def _create(client, name="CMS sync"):
    return client.post("/api/v1/tokens/", {"name": name}, format="json", **_csrf(client))


def test_a_token_is_shown_once_and_stored_only_as_a_hash(session, editor):
    response = _create(session)
    assert response.status_code == 201
    key = response.json()["key"]
    assert key.startswith("fc_") and len(key) > 40
    token = ApiToken.objects.get(user=editor)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.name, token.prefix, token.key_hash}
    assert response.json()["prefix"] == key[:11] == token.prefix
    listed = session.get("/api/v1/tokens/").json()["results"]
    assert [t["name"] for t in listed] == ["CMS sync"]
    assert "key" not in listed[0] and "key_hash" not in listed[0]
    assert "key" not in session.get(f"/api/v1/tokens/{token.pk}/").json()


def test_the_token_authenticates_until_it_is_revoked(session, published):
    key = _create(session).json()["key"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/claims/").status_code == 200
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    response = session.delete(f"/api/v1/tokens/{token.pk}/", **_csrf(session))
    assert response.status_code == 204
    response = client.get("/api/v1/claims/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
    assert "revoked" in response.json()["error"]["message"]
    # Revoked tokens stay listed, marked inactive; revoking again changes nothing.
    assert session.get("/api/v1/tokens/").json()["results"][0]["is_active"] is False
    assert session.delete(f"/api/v1/tokens/{token.pk}/", **_csrf(session)).status_code == 204


def test_the_token_keyword_may_be_token_too(editor, published):
    _, key = services.token_issue(user=editor, name="x")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/claims/").status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Bearer fc_not-a-real-token", "Bearer nonsense", "Bearer a b", "Bearer"],
)
def test_bad_tokens_are_401_with_a_challenge(db, header, published):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/verdicts/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "authentication_failed"


def test_owners_see_and_revoke_only_their_own_tokens(session, reviewer):
    other, _ = services.token_issue(user=reviewer, name="theirs")
    assert session.get("/api/v1/tokens/").json()["results"] == []
    assert session.get(f"/api/v1/tokens/{other.pk}/").status_code == 404
    assert session.delete(f"/api/v1/tokens/{other.pk}/", **_csrf(session)).status_code == 404
    other.refresh_from_db()
    assert other.is_active


def test_tokens_cannot_manage_tokens(editor_api):
    response = editor_api.get("/api/v1/tokens/")
    assert response.status_code == 403
    assert "signed-in session" in response.json()["error"]["message"]
    assert editor_api.post("/api/v1/tokens/", {"name": "x"}, format="json").status_code == 403


def test_creating_a_token_needs_the_csrf_token(editor):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/api/v1/tokens/", {"name": "x"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    assert not ApiToken.objects.exists()


def test_a_token_needs_a_name(session):
    response = _create(session, name="")
    assert response.status_code == 400
    assert "name" in response.json()["error"]["fields"]


def test_a_disabled_user_s_token_stops_working(editor, published):
    _, key = services.token_issue(user=editor, name="x")
    editor.is_active = False
    editor.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/claims/").status_code == 401


def test_anonymous_clients_are_throttled(settings, published):
    settings.FACTCHECK_API_ANON_RATE = "3/min"
    client = APIClient()
    codes = [client.get("/api/v1/verdicts/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/verdicts/")
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_token_holders_have_their_own_limit(settings, editor_api, published):
    settings.FACTCHECK_API_ANON_RATE = "1/min"
    settings.FACTCHECK_API_USER_RATE = "5/min"
    codes = [editor_api.get("/api/v1/verdicts/").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]


def test_admin_lists_tokens_without_their_hash_and_revokes_them(admin_user, editor):
    token, _ = services.token_issue(user=editor, name="cms")
    client = Client()
    client.force_login(admin_user)
    page = client.get("/admin/factcheck/apitoken/")
    assert page.status_code == 200 and "cms" in page.content.decode()
    assert (
        token.key_hash
        not in client.get(f"/admin/factcheck/apitoken/{token.pk}/change/").content.decode()
    )
    client.post(
        "/admin/factcheck/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
