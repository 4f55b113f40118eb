"""API fixtures: clients with a token or a session, and a desk with published verdicts."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from factcheck import services
from tests.factories import live_claim


@pytest.fixture(autouse=True)
def _fresh_throttles(settings):
    """Rate limits count in the cache: each test starts from zero, with generous limits."""
    settings.FACTCHECK_API_ANON_RATE = "10000/min"
    settings.FACTCHECK_API_USER_RATE = "10000/min"
    cache.clear()
    yield
    cache.clear()


def token_client(user) -> APIClient:
    _, key = services.token_issue(user=user, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


@pytest.fixture
def reviewer_api(reviewer):
    return token_client(reviewer)


@pytest.fixture
def reviewer2_api(reviewer2):
    return token_client(reviewer2)


@pytest.fixture
def outsider_api(outsider):
    return token_client(outsider)


def publish(claim, editor, *, slug="false", summary="Exports rose 8 percent, not 12.", sources=()):
    return services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug=slug),
        summary=summary,
        explanation="The statistics office reports 8 percent.",
        sources=list(sources),
        quorum_override_reason="Tests",
    )


@pytest.fixture
def published(article, editor, reviewer):
    """A published verdict on the '12 percent' claim, with one source."""
    claim = live_claim(article, "12 percent")
    source = services.source_add(
        claim=claim,
        user=reviewer,
        url="https://stats.example/exports-2023",
        stance="refutes",
        title="Exports 2023",
    )
    return publish(claim, editor, sources=[source])


@pytest.fixture
def unpublished(article):
    """A live claim of the same article that has no verdict."""
    return live_claim(article, "40,000 new jobs")
