"""Uptime monitors send HEAD; browsers ask for /favicon.ico."""

import pytest
from django.contrib.staticfiles import finders

from tests.factories import live_claim


@pytest.mark.parametrize(
    ("path", "status"),
    [("/", 302), ("/verdicts/", 200), ("/healthz", 200), ("/api/v1/verdicts/", 200)],
)
def test_head_answers_like_get_without_a_body(client, db, path, status):
    response = client.head(path)
    assert response.status_code == status
    assert response.content == b""


def test_head_on_a_desk_page_is_allowed_and_still_asks_for_sign_in(client, db):
    assert client.head("/work/").status_code == 302


def test_a_post_only_action_refuses_head_as_it_refuses_get(client, editor, article):
    client.force_login(editor)
    claim = live_claim(article)
    assert client.head(f"/claims/{claim.pk}/rate/").status_code == 405


def test_favicon_ico_leads_to_a_real_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.ico")
    icon = finders.find("favicon.ico")
    with open(icon, "rb") as f:
        assert f.read(4) == b"\x00\x00\x01\x00"  # an ICO header
    assert client.get(response["Location"]).status_code == 200


def test_favicon_refuses_writes(client, db):
    assert client.post("/favicon.ico").status_code == 405


def test_every_page_names_its_icon(client, db):
    body = client.get("/verdicts/").content.decode()
    assert 'rel="icon"' in body and "favicon.svg" in body
    assert finders.find("favicon.svg")
