"""Absolute URLs follow the address the request was made at when FACTCHECK_PUBLIC_URL is unset in
development (`make run PORT=8123`), and the setting otherwise (and outside a request)."""

import json
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from factcheck import public_url, services
from factcheck.claimreview import claim_review
from tests.factories import live_claim

HOST = "localhost:8123"


@pytest.fixture
def published(article, editor):
    claim = live_claim(article, "12 percent")
    return services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="false"),
        summary="Exports rose 8 percent, not 12.",
        claim_reviewed="Exports rose 12 percent.",
        explanation="The statistics office reports **8 percent**.",
        quorum_override_reason="Test",
    )


def _json_ld(body: str) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', body, re.S)
    return json.loads(match.group(1))


@override_settings(FACTCHECK_PUBLIC_URL_FROM_REQUEST=True)
def test_json_ld_exports_and_api_follow_the_request(client, published):
    url = published.get_absolute_url()
    data = _json_ld(client.get(url, HTTP_HOST=HOST).content.decode())
    assert data["url"] == f"http://{HOST}{url}"
    assert data["author"]["url"] == f"http://{HOST}/"

    api = client.get(reverse("api:verdict-list"), HTTP_HOST=HOST).json()
    assert api["results"][0]["url"] == f"http://{HOST}{url}"

    for name in ("api:export-csv", "api:export-jsonl", "api:export-claimreview"):
        response = client.get(reverse(name), HTTP_HOST=HOST)
        body = b"".join(response.streaming_content).decode()
        assert f"http://{HOST}{url}" in body, name
        assert "127.0.0.1:8000" not in body, name


@override_settings(FACTCHECK_PUBLIC_URL_FROM_REQUEST=True)
def test_each_address_gets_its_own_cached_answer(client, published):
    url = published.get_absolute_url()
    first = _json_ld(client.get(url, HTTP_HOST="localhost:8123").content.decode())
    second = _json_ld(client.get(url, HTTP_HOST="localhost:8124").content.decode())
    assert first["url"].startswith("http://localhost:8123/")
    assert second["url"].startswith("http://localhost:8124/")


@override_settings(
    FACTCHECK_PUBLIC_URL_FROM_REQUEST=False, FACTCHECK_PUBLIC_URL="https://f.example"
)
def test_a_configured_public_url_wins_over_the_request(client, published):
    data = _json_ld(client.get(published.get_absolute_url(), HTTP_HOST=HOST).content.decode())
    assert data["url"] == f"https://f.example{published.get_absolute_url()}"


@override_settings(FACTCHECK_PUBLIC_URL_FROM_REQUEST=True)
def test_outside_a_request_the_setting_stands(client, published, settings):
    client.get(published.get_absolute_url(), HTTP_HOST=HOST)
    assert public_url.base() == settings.FACTCHECK_PUBLIC_URL
    assert claim_review(published)["url"].startswith(settings.FACTCHECK_PUBLIC_URL)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DJANGO_DEBUG": "1"}, "True http://127.0.0.1:8000"),
        (
            {"DJANGO_DEBUG": "1", "FACTCHECK_PUBLIC_URL": "https://f.example/"},
            "False https://f.example",
        ),
        ({"DJANGO_SECRET_KEY": "x" * 50}, "False http://127.0.0.1:8000"),
    ],
)
def test_the_request_decides_only_in_development_without_the_setting(env, expected):
    from tests.test_project import _import_settings

    code = (
        "from django.conf import settings; "
        "print(settings.FACTCHECK_PUBLIC_URL_FROM_REQUEST, settings.FACTCHECK_PUBLIC_URL)"
    )
    result = _import_settings(code, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
