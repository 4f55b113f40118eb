"""Sign-in brute force is locked out; every state change needs a CSRF token, htmx requests included."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import live_claim


def _sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(
    db, reviewer, settings
):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _sign_in(client, "rosa", "wrong-password")
        assert response.status_code == 200  # the form again, with its error
    assert _sign_in(client, "rosa", "wrong-password").status_code == 429
    locked = _sign_in(client, "rosa", "pw-for-tests-only")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_before_the_limit_resets_the_count(db, reviewer, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "rosa", "wrong-password")
    assert _sign_in(client, "rosa", "pw-for-tests-only").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "rosa", "wrong-password")
    assert _sign_in(client, "rosa", "pw-for-tests-only").status_code == 302


def test_other_users_are_not_locked_out_by_someone_elses_failures(
    db, reviewer, reviewer2, settings
):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "rosa", "wrong-password")
    assert _sign_in(client, "ravi", "pw-for-tests-only").status_code == 302


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["password", "12345678", "short"]:
        with pytest.raises(ValidationError):
            validate_password(weak)


@pytest.mark.parametrize("htmx", [False, True])
def test_state_changes_without_a_csrf_token_are_refused(db, editor, article, htmx):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    claim = live_claim(article)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(
        reverse("factcheck:claim_dismiss", args=[claim.pk]), {"reason": "x"}, **headers
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == "candidate"


def test_htmx_requests_carry_the_token_in_a_header(db, editor, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.get(article.get_absolute_url())  # sets the CSRF cookie, as the browser would
    token = client.cookies["csrftoken"].value
    claim = live_claim(article)
    response = client.post(
        reverse("factcheck:claim_dismiss", args=[claim.pk]),
        {"reason": "Opinion"},
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == "dismissed"
