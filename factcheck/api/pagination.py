"""Cursor pagination: stable pages while rows are added, no COUNT, the same cost on page 1 or 1000."""

from __future__ import annotations

from django.core.exceptions import FieldError
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, pagination

MAX_PAGE_SIZE = 100


class CursorPagination(pagination.CursorPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-id"  # views set their own default through OrderingFilter

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        f"A whole number from 1 to {self.max_page_size}, not {raw[:40]!r}."
                    ]
                }
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        self._queryset_for_cursor = queryset
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
            if cursor is not None and cursor.position is not None:
                self._check_position(cursor.position)
        except (exceptions.NotFound, ValueError, TypeError, FieldError, DjangoValidationError):
            raise exceptions.ValidationError(
                {
                    self.cursor_query_param: [
                        "Invalid cursor: pass back the `next` or `previous` URL exactly as received."
                    ]
                }
            ) from None
        return cursor

    def _check_position(self, position: str) -> None:
        """A forged cursor must fail here, as a 400, not later in the database."""
        if "\x00" in position:
            raise ValueError("NUL in cursor")
        queryset = getattr(self, "_queryset_for_cursor", None)
        if queryset is None:
            return
        name = self.ordering[0].lstrip("-")
        field = queryset.query.resolve_ref(name).output_field
        field.to_python(position)

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.page_size_query_param:
                param["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
                param["description"] = f"Results per page, 1 to {self.max_page_size}."
            if param["name"] == self.cursor_query_param:
                param["schema"] = {"type": "string", "minLength": 1}
                param["description"] = (
                    "Opaque position from a previous page's `next` or `previous` link."
                )
        return params
