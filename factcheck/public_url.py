"""Absolute URLs of the public site: in JSON-LD, exports, the API's `url` fields and emails.

`FACTCHECK_PUBLIC_URL` says where the site is. When it is not set in development
(`FACTCHECK_PUBLIC_URL_FROM_REQUEST`), a request's URLs follow the address it was asked at, so
`make run PORT=8123` links to :8123; outside a request (the worker's emails) the setting's fallback
stands. `PublicUrlMiddleware` keeps the request's origin for the duration of the request, and `bind`
keeps it for a streamed answer, which is produced after the view has returned.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator

from django.conf import settings

_origin: contextvars.ContextVar[str | None] = contextvars.ContextVar("public_origin", default=None)


def base() -> str:
    """The site's origin, without a trailing slash: the request's in development when
    FACTCHECK_PUBLIC_URL is unset, else the setting."""
    return _origin.get() or settings.FACTCHECK_PUBLIC_URL


def absolute(path: str) -> str:
    """`path` (from `reverse` or `get_absolute_url`) on the public site."""
    return f"{base()}{path}"


class PublicUrlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.FACTCHECK_PUBLIC_URL_FROM_REQUEST:
            return self.get_response(request)
        # get_host() validates against ALLOWED_HOSTS; CommonMiddleware has already asked it.
        token = _origin.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)


def bind(chunks: Iterator) -> Iterator:
    """`chunks`, produced under the origin current now (for a streaming response's body)."""
    # Taken here, at the call: a generator's body would only run once the response is read.
    context = contextvars.copy_context()
    end = object()

    def produce():
        while (chunk := context.run(next, chunks, end)) is not end:
            yield chunk

    return produce()
