"""/profile/: my name, email address and notification email."""

from django.test import override_settings
from django.urls import reverse

from factcheck.models import Profile

URL = reverse("factcheck:profile")


def _save(client, **fields):
    data = {
        "first_name": "Rosa",
        "last_name": "Lind",
        "email": "rosa@example.org",
        "notification_email": "daily",
    }
    return client.post(URL, {**data, **fields})


# --- Name, email, notification choice -------------------------------------------------------------


def test_it_shows_my_details_and_the_default_choice(client, reviewer):
    client.force_login(reviewer)
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["email"] == "rosa@example.org"
    assert form.initial["notification_email"] == Profile.Email.EACH


def test_saving_changes_my_name_email_and_choice(client, reviewer):
    client.force_login(reviewer)
    response = _save(client, email="rosa.lind@example.org")
    assert response.status_code == 302 and response.url == URL
    reviewer.refresh_from_db()
    assert (reviewer.first_name, reviewer.last_name, reviewer.email) == (
        "Rosa",
        "Lind",
        "rosa.lind@example.org",
    )
    assert Profile.objects.get(user=reviewer).notification_email == Profile.Email.DAILY
    body = client.get(URL).content.decode()
    assert "Your profile is saved." in body
    assert ">Rosa Lind</a>" in body  # the header shows the new name, linking here


def test_a_bad_email_address_is_shown_in_place_and_nothing_is_saved(client, reviewer):
    client.force_login(reviewer)
    response = _save(client, email="not an address", first_name="Changed")
    assert response.status_code == 400
    assert response.context["form"].errors["email"]
    assert 'value="Changed"' in response.content.decode()  # what was typed is kept
    reviewer.refresh_from_db()
    assert reviewer.first_name == ""


def test_email_without_an_address_is_refused_with_the_reason(client, reviewer):
    client.force_login(reviewer)
    response = _save(client, email="", notification_email="each")
    assert response.status_code == 400
    assert "Give an email address" in response.content.decode()


def test_no_email_needs_no_address(client, reviewer):
    client.force_login(reviewer)
    assert _save(client, email="", notification_email="none").status_code == 302
    assert Profile.objects.get(user=reviewer).notification_email == Profile.Email.NONE


def test_an_unknown_choice_is_refused(client, reviewer):
    client.force_login(reviewer)
    assert _save(client, notification_email="hourly").status_code == 400
    assert not Profile.objects.exists()


@override_settings(MAILERS={})
def test_a_desk_that_sends_no_email_says_so(client, reviewer):
    client.force_login(reviewer)
    assert "does not send email" in client.get(URL).content.decode()


def test_the_profile_needs_a_role(client, outsider):
    assert client.get(URL).status_code == 302  # anonymous: sign in first
    client.force_login(outsider)
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403


def test_the_profile_refuses_other_methods(client, reviewer):
    client.force_login(reviewer)
    assert client.put(URL).status_code == 405
