"""The anonymous API reads, cached like the public pages (factcheck.public_cache).

An anonymous JSON read (published verdicts, a published claim's annotation) is rendered once per
public version and kept in the shared cache as bytes; every client gets an ETag, a 304 when it sends
that ETag back, and `Cache-Control: public`. Token holders, signed-in sessions and the browsable
(HTML) API are answered fresh and `private`. Throttling still counts every request: it runs before
the view, cached answers included.
"""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponse
from django.utils import translation

from factcheck import public_cache

CACHEABLE_FORMATS = ("json", "jsonld")


class PublicReadMixin:
    """Anonymous reads go to the read replica, if there is one (config.routers)."""

    def dispatch(self, request, *args, **kwargs):
        return public_cache.public_read(super().dispatch)(request, *args, **kwargs)


def public_cached(get):
    """Decorate a view's `get`: an answer that depends only on the URL and the published data."""

    @wraps(get)
    def wrapper(self, request, *args, **kwargs):
        shareable = (
            public_cache.is_shareable(request)
            and request.accepted_renderer.format in CACHEABLE_FORMATS
        )
        if not shareable:
            response = get(self, request, *args, **kwargs)
            return public_cache.set_cache_headers(response, shareable=False, tag=None)
        token = public_cache.version()
        parts = (
            "api",
            request.path,
            tuple(sorted(request.GET.lists())),
            request.accepted_media_type,
            translation.get_language(),
            request.scheme,
            request.get_host(),
        )
        tag = public_cache.etag(parts, token=token)
        if unchanged := public_cache.not_modified(request, tag):
            return public_cache.set_cache_headers(unchanged, shareable=True, tag=tag)

        def render() -> tuple[bytes, str]:
            response = get(self, request, *args, **kwargs)
            response.accepted_renderer = request.accepted_renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()
            response.render()
            return response.content, response["Content-Type"]

        content, content_type = public_cache.cached(parts, render, token=token)
        response = HttpResponse(content, content_type=content_type)
        return public_cache.set_cache_headers(response, shareable=True, tag=tag)

    return wrapper


class PublicCacheMixin(PublicReadMixin):
    """For a generic view whose anonymous GET answer depends only on the URL and the data."""

    @public_cached
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
