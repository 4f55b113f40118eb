"""Error pages that never make things worse: no database access, JSON under /api/.

A database outage (connection refused, server gone mid-request) is a 503 with Retry-After, not a 500:
the app recovers by itself once the database is back (CONN_HEALTH_CHECKS reconnects).
"""

from __future__ import annotations

import json
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

RETRY_AFTER_SECONDS = 30
TITLES = {
    400: gettext_lazy("Bad request"),
    500: gettext_lazy("Something went wrong"),
    503: gettext_lazy("Temporarily unavailable"),
}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    """The one error shape of the API and of every JSON error page."""
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def _response(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    if _wants_json(request):
        body = json.dumps(error_body(code, message))
        response = HttpResponse(body, status=status, content_type="application/json")
    else:
        # No RequestContext: its context processors would ask the database about the user.
        html = loader.get_template("error.html").render(
            {"status": status, "message": message, "title": TITLES.get(status, _("Error"))}
        )
        response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage becomes a 503; anything else a plain 500 without details."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        return _response(
            request,
            503,
            "service_unavailable",
            _(
                "The desk's database is unavailable right now. Nothing was changed; try again shortly."
            ),
        )
    return _response(
        request, 500, "server_error", _("Something went wrong on our side. It has been logged.")
    )


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """handler400: oversized or malformed requests get a message that says so."""
    return _response(
        request,
        400,
        "bad_request",
        _("The request was too large or malformed. Articles are limited to %(limit)s bytes.")
        % {"limit": f"{settings.FACTCHECK_MAX_ARTICLE_BYTES:,}"},
    )


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """handler403: JSON under /api/ (e.g. a CSRF failure), the site's error page elsewhere, with
    the refusal's reason (the services' PermissionDenied messages are written for the user)."""
    return _response(
        request, 403, "permission_denied", str(exception or "") or _("You may not do this.")
    )


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """handler404: the site's error page (a way back to the desk, the reader's language), JSON
    under /api/. The exception's text is not shown: a URL resolver's is a dict of patterns."""
    return _response(request, 404, "not_found", _("There is nothing at this address."))
