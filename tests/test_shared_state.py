"""State that several web processes must share: the cache (and the throttles in it), sessions and
lockouts. Settings are resolved in a fresh interpreter, as a deployment would read them."""

import json
import uuid

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from factcheck.api.throttling import AnonRateThrottle
from tests.test_project import _import_settings

SHOW = (
    "from django.conf import settings; import json; print(json.dumps({"
    "'cache': settings.CACHES['default']['BACKEND'],"
    "'location': settings.CACHES['default']['LOCATION'],"
    "'sessions': settings.SESSION_ENGINE,"
    "'axes': settings.AXES_HANDLER,"
    "'routers': getattr(settings, 'DATABASE_ROUTERS', []),"
    "'databases': sorted(settings.DATABASES),"
    "'proxies': settings.REST_FRAMEWORK['NUM_PROXIES']}))"
)


def _resolved(**env) -> dict:
    result = _import_settings(DJANGO_SECRET_KEY="x" * 50, **env, _code=SHOW)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_redis_url_the_cache_is_redis_and_sessions_are_cached_in_it():
    resolved = _resolved(REDIS_URL="redis://cache.internal:6379/2")
    assert resolved["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert resolved["location"] == "redis://cache.internal:6379/2"
    assert resolved["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_without_redis_url_the_cache_is_a_database_table_never_process_memory():
    resolved = _resolved()
    assert resolved["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert resolved["location"] == "factcheck_cache"
    assert resolved["sessions"] == "django.contrib.sessions.backends.db"


def test_lockouts_are_kept_in_the_database_whatever_the_cache():
    for env in ({}, {"REDIS_URL": "redis://127.0.0.1:6379/0"}):
        assert _resolved(**env)["axes"] == "axes.handlers.database.AxesDatabaseHandler"


def test_a_replica_url_adds_the_replica_alias_and_its_router():
    assert _resolved()["routers"] == []
    resolved = _resolved(DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/factcheck")
    assert resolved["databases"] == ["default", "replica"]
    assert resolved["routers"] == ["config.routers.ReplicaRouter"]


def test_anonymous_clients_are_counted_by_the_address_the_proxy_forwarded():
    assert _resolved()["proxies"] == 0
    assert _resolved(DJANGO_PROXY_COUNT="1")["proxies"] == 1


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_database_cache_table(settings):
    from django.db import connection

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "factcheck_cache_migrated",
        }
    }
    assert "factcheck_cache_migrated" not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)
    try:
        assert "factcheck_cache_migrated" in connection.introspection.table_names()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE factcheck_cache_migrated")


# --- Throttles: one count for every process ------------------------------------------------------


def _allowed(caches, *, requests: int) -> int:
    """Send `requests` anonymous requests from one address, alternating between processes that
    each hold their own cache client; returns how many were let through."""
    throttles = []
    for cache in caches:
        throttle = AnonRateThrottle()
        throttle.cache = cache
        throttles.append(throttle)
    factory = APIRequestFactory()
    allowed = 0
    for i in range(requests):
        request = Request(factory.get("/api/v1/verdicts/", REMOTE_ADDR="203.0.113.7"))
        allowed += throttles[i % len(throttles)].allow_request(request, view=None)
    return allowed


@pytest.fixture
def five_a_minute(settings):
    settings.FACTCHECK_API_ANON_RATE = "5/min"


@pytest.mark.redis
def test_two_processes_on_redis_share_one_anonymous_rate(redis_url, five_a_minute):
    params = {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    web1, web2 = RedisCache(redis_url, params), RedisCache(redis_url, params)
    try:
        assert _allowed([web1, web2], requests=12) == 5
    finally:
        web1.clear()


@pytest.mark.django_db(transaction=True)
def test_two_processes_on_the_database_cache_share_one_anonymous_rate(settings, five_a_minute):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "factcheck_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    web1, web2 = DatabaseCache("factcheck_cache", {}), DatabaseCache("factcheck_cache", {})
    try:
        assert _allowed([web1, web2], requests=12) == 5
    finally:
        web1.clear()


def test_per_process_memory_would_let_each_process_grant_the_whole_rate(five_a_minute):
    # Why local memory is never the cache in production: two processes, twice the rate.
    web1, web2 = LocMemCache("web1", {}), LocMemCache("web2", {})
    assert _allowed([web1, web2], requests=12) == 10
