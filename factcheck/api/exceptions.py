"""One error shape for the whole API, whatever went wrong and wherever:

    {"error": {"code": "invalid", "message": "…", "fields": {"label": ["…"]}}}

`code` is stable and meant for programs; `message` is meant for the developer reading it; `fields` (only
for validation errors) maps each offending field, as a dotted path for nested ones, to its messages.
DRF's exceptions, the services' ValidationError / PermissionDenied / ConflictError, and Django's own
400/403 under /api/ come out in this shape; factcheck/errors.py answers 404/500/503 in the same shape.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from factcheck.errors import error_body
from factcheck.services import ConflictError


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The object was changed by someone else; read it again and retry."
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"

    def __init__(self, limit: int):
        super().__init__(f"The request body is larger than the limit of {limit:,} bytes.")


DEFAULT_MESSAGES = {
    "invalid": "The request is invalid; see `fields` for what to change.",
}


def _flatten(detail, path: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"field.sub.0": ["message", ...]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            out.update(_flatten(value, f"{path}.{key}" if path else str(key)))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            out[path or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                out.update(_flatten(item, f"{path}.{index}" if path else str(index)))
    else:
        out[path or "non_field_errors"] = [str(detail)]
    return out


def _first_code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    while isinstance(codes, dict | list):
        if not codes:
            return exc.default_code
        codes = next(iter(codes.values())) if isinstance(codes, dict) else codes[0]
    return codes if isinstance(codes, str) else exc.default_code


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {"non_field_errors": exc.messages}
        return exceptions.ValidationError(detail)
    if isinstance(exc, ConflictError):
        return Conflict(str(exc))
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound(str(exc) or None)
    return exc


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a bug or an outage: factcheck.errors answers 500/503 in the same shape
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        non_field = fields.pop("non_field_errors", None)
        message = " ".join(non_field) if non_field else DEFAULT_MESSAGES["invalid"]
        if non_field and fields:
            fields["non_field_errors"] = non_field
        response.data = error_body("invalid", message, fields or None)
    elif isinstance(exc, exceptions.APIException):
        code = _first_code(exc)
        detail = exc.detail
        message = " ".join(_flatten(detail).get("non_field_errors", [])) or str(detail)
        response.data = error_body(code, message)
    return response


# --- Django's own error views, for paths under /api/ ----------------------------------------------


@csrf_exempt
def not_found(request, exception=None, path: str = ""):
    """JSON 404 for any /api/ path that names no endpoint (also the API's catch-all route)."""
    message = f"There is no endpoint at {request.path}."
    if not request.path.endswith("/"):
        try:
            resolve(request.path + "/")
        except Resolver404:
            pass
        else:
            message += f" Did you mean {request.path}/ (with the trailing slash)?"
    else:
        message += " The endpoints are listed at /api/docs/."
    return JsonResponse(error_body("not_found", message), status=404)


def finalize_error_response(view, request, response):
    """Errors are always JSON, whatever renderer the request negotiated (CSV, JSON-LD, HTML)."""
    if isinstance(response, Response) and response.status_code >= 400:
        from rest_framework.renderers import JSONRenderer

        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = "application/json"
    return response
