"""Public reads that scale: the verdict pages, the public index and the anonymous API reads are kept
in the shared cache, and answered with `ETag`/`Cache-Control` so that a CDN can hold them too.

One version token covers everything the public sees. The services that change it (publishing, a
correction, unpublishing, a changed source or outlet) call `changed()`, which replaces the token when
their transaction commits; every cached entry's key and every ETag carries the token, so one change
invalidates all of them at once, in every process, and nothing is ever deleted by pattern.

What is cached never depends on who asks: page fragments are rendered without the request (no user,
no CSRF token, no CSP nonce can get into them), and the page around them is rendered per request.
An anonymous visitor's page is also nonce-free and token-free, so the whole response may be shared
by HTTP caches; a signed-in visitor's is `private`.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from config.routers import replica_configured, replica_reads, stream_from_replica

VERSION_KEY = "public:version"
# Stored in place of "nothing here" (a 404), which a cache cannot hold as None.
MISSING = "__missing__"


def _new_version() -> str:
    # The time of the change rides along: reads stay on the primary while a replica may lag.
    return f"{uuid.uuid4().hex[:16]}.{time.time():.3f}"


def version() -> str:
    """The current public version token (made on first use, and again if the cache lost it)."""
    token = cache.get(VERSION_KEY)
    if token is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        token = cache.get(VERSION_KEY) or _new_version()
    return token


def changed() -> None:
    """Invalidate every cached public read once the current transaction commits (at once outside
    a transaction). Call it from every service that changes what the public sees."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, _new_version(), timeout=None))


def changed_seconds_ago(token: str) -> float:
    try:
        return time.time() - float(token.split(".", 1)[1])
    except (IndexError, ValueError):
        return float("inf")


def _digest(token: str, parts: tuple) -> str:
    return hashlib.sha256(repr((token, parts)).encode()).hexdigest()[:32]


def cached(parts: tuple, build: Callable[[], Any], *, token: str) -> Any:
    """`build()`'s result for `parts` at public version `token`, from the shared cache when there.

    `build` must not depend on the request's user, session or nonce; a None result (nothing to
    show: a 404) is cached too."""
    key = f"public:{_digest(token, parts)}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, MISSING if value is None else value, settings.FACTCHECK_PUBLIC_CACHE_SECONDS)
        return value
    return None if value == MISSING else value


def etag(parts: tuple, *, token: str) -> str:
    return f'"{_digest(token, parts)}"'


def is_shareable(request) -> bool:
    """Nobody signed in (no session user, no API token) and nothing personal to show (no flash
    message): the response is the same for every such request, and HTTP caches may share it."""
    if request.user.is_authenticated or "HTTP_AUTHORIZATION" in request.META:
        return False
    return len(get_messages(request)) == 0


def not_modified(request, tag: str) -> HttpResponse | None:
    """A 304 when the client already holds this version (If-None-Match)."""
    response = get_conditional_response(request, etag=tag)
    return response if response is not None and response.status_code == 304 else None


def set_cache_headers(response: HttpResponse, *, shareable: bool, tag: str | None) -> HttpResponse:
    """`public` with an ETag for shareable answers; `private` for everyone else's."""
    if shareable:
        if tag is not None:
            response["ETag"] = tag
        patch_cache_control(response, public=True, max_age=settings.FACTCHECK_PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    # The same URL answers differently with a session or a token: caches must tell them apart.
    patch_vary_headers(response, ["Cookie", "Authorization"])
    return response


# Context for the page around a cached fragment, for an anonymous visitor: base.html then asks for
# neither a CSRF token (no form posts from a public page) nor a CSP nonce (its scripts are files
# from 'self'), so the response carries no per-response secret and the CSP no nonce.
SHAREABLE_FRAME = {"csp_nonce": "", "csrf_token": ""}


# --- The read replica ----------------------------------------------------------------------------


def reads_from_replica(request: HttpRequest) -> bool:
    """Anonymous safe requests read from the replica, unless public content changed so recently
    that the replica may not have it yet."""
    if not replica_configured() or request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META or request.user.is_authenticated:
        return False
    return changed_seconds_ago(version()) > settings.FACTCHECK_REPLICA_LAG_SECONDS


def public_read(view):
    """Run a public view's reads on the replica for anonymous visitors (see config.routers).

    The user is known before the switch (the session is read from the primary); a template or a
    DRF response is rendered inside it, and a streamed body is routed chunk by chunk."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not reads_from_replica(request):
            return view(request, *args, **kwargs)
        with replica_reads():
            response = view(request, *args, **kwargs)
            if callable(getattr(response, "render", None)) and not response.is_rendered:
                response.render()
        if response.streaming:
            response.streaming_content = stream_from_replica(response.streaming_content)
        return response

    return wrapper


# --- Changes made outside the services -----------------------------------------------------------

# What the public pages and exports show, and so what an admin edit or a deletion may change.
PUBLIC_MODELS = {"outlet", "article", "claim", "verdict", "source", "ratingscale", "ratinglabel"}


def _admin_edit(sender, instance, **kwargs) -> None:
    # Every add, change and single delete in the admin writes a LogEntry.
    if (
        instance.content_type_id is not None
        and (ct := ContentType.objects.get_for_id(instance.content_type_id)).app_label
        == "factcheck"
        and ct.model in PUBLIC_MODELS
    ):
        changed()


def _deleted(sender, **kwargs) -> None:
    # Deleting an outlet, a source, or anything that takes a verdict with it (a claim, an article)
    # removes what a public page shows; bulk deletions in the admin write no single LogEntry.
    changed()


def connect_signals() -> None:
    from django.contrib.admin.models import LogEntry

    from factcheck.models import Outlet, Source, Verdict

    post_save.connect(_admin_edit, sender=LogEntry, dispatch_uid="public_cache_admin_edit")
    for model in (Outlet, Source, Verdict):
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"public_cache_{model.__name__}")
