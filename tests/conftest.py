"""Named people of the desk, used across the suite: an editor, two reviewers, and an outsider."""

import os

import pytest
from django.core.cache import cache

from tests.factories import (
    ARTICLE_TEXT,
    EditorFactory,
    OutletFactory,
    ReviewerFactory,
    UserFactory,
    make_article,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached public pages and throttle counts of one test
    must not answer another's requests (ids repeat across tests on SQLite)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_matching_corpus():
    """The matcher keeps one corpus per process; each test starts from its own database."""
    from factcheck.matching import store

    store.reset()
    yield
    store.reset()


@pytest.fixture
def editor(db):
    return EditorFactory(username="elena")


@pytest.fixture
def reviewer(db):
    return ReviewerFactory(username="rosa")


@pytest.fixture
def reviewer2(db):
    return ReviewerFactory(username="ravi")


@pytest.fixture
def outsider(db):
    """Signed in, but neither reviewer nor editor."""
    return UserFactory(username="oscar")


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        "root", "root@example.org", "pw-for-tests-only"
    )


@pytest.fixture
def outlet(db):
    return OutletFactory(name="Daily Example")


@pytest.fixture
def article(db, outlet):
    return make_article(ARTICLE_TEXT, outlet=outlet)


# Redis for the tests of shared state: a database of its own, keys under a prefix of their own.
TEST_REDIS_URL = os.environ.get("FACTCHECK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(scope="session")
def redis_url():
    """The test Redis, or a skip saying why (a failure where CI promised one: FACTCHECK_CI=1)."""
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        message = f"no Redis at {TEST_REDIS_URL} ({exc}); .ci/run starts one"
        if os.environ.get("FACTCHECK_CI"):
            pytest.fail(message)
        pytest.skip(message)
    return TEST_REDIS_URL
