"""Query parameters of the list endpoints and exports: django-filter sets, search, ordering.

Strict by design: an unknown parameter, a malformed date or an ordering the endpoint does not offer is a
400 naming the parameter, never silently ignored, so a consumer's typo cannot turn into "all rows".
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from rest_framework import exceptions, filters

from factcheck.models import Article, Claim, Verdict

MAX_ID = 2**63 - 1
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
DATE_OR_DATETIME_SCHEMA = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]
}
SLUG_SCHEMA = {"type": "string", "pattern": r"^[-a-zA-Z0-9_]{1,100}$"}


# --- Fields ---------------------------------------------------------------------------------------


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class DateOrDateTimeField(forms.Field):
    """ISO 8601: `2025-03-01` (midnight, server time zone) or `2025-03-01T12:00:00Z`.

    A date-time without an offset is taken in the server's time zone (UTC unless configured).
    """

    default_error_messages = {
        "invalid": "Enter an ISO 8601 date (2025-03-01) or date-time (2025-03-01T12:00:00Z).",
        "range": "The date is out of range.",
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text.isascii() or len(text) > 40:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        text = text.upper().replace(" ", "T")
        try:
            if len(text) == 10:
                parsed = dt.datetime.combine(dt.date.fromisoformat(text), dt.time.min)
            else:
                parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        try:
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed)
            return parsed.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(self.error_messages["range"], code="range") from None


class SlugField(forms.SlugField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)


# --- Filters --------------------------------------------------------------------------------------


class DocumentedFilter(django_filters.Filter):
    """A filter whose OpenAPI schema is `schema` plus its help text as the description."""

    schema: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        schema = dict(self.schema)
        if self.extra.get("help_text"):
            schema["description"] = str(self.extra["help_text"])
        self._spectacular_annotation = {"field": schema}


class IdFilter(DocumentedFilter):
    field_class = IdField
    schema = ID_SCHEMA


class SinceFilter(DocumentedFilter):
    """`field >= value`; inclusive, so a consumer syncing from its last seen date misses nothing."""

    field_class = DateOrDateTimeField
    schema = DATE_OR_DATETIME_SCHEMA

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "gte")
        super().__init__(*args, **kwargs)


class DateSinceFilter(SinceFilter):
    """For DateFields (an article's publication date): compared on the date."""

    def filter(self, qs, value):
        return super().filter(qs, value.date() if value is not None else None)


class SlugFilter(DocumentedFilter):
    field_class = SlugField
    schema = SLUG_SCHEMA


class ArticleFilter(django_filters.FilterSet):
    outlet = IdFilter(field_name="outlet_id", help_text="Outlet id.")
    status = django_filters.ChoiceFilter(
        choices=Article.Status.choices, help_text="Article status."
    )
    published_after = DateSinceFilter(
        field_name="published", help_text="The article's publication date is on or after this."
    )
    updated_since = SinceFilter(
        field_name="updated_at", help_text="Changed on or after this (inclusive)."
    )

    class Meta:
        model = Article
        fields = ["outlet", "status", "published_after", "updated_since"]


class ClaimFilter(django_filters.FilterSet):
    article = IdFilter(field_name="article_id", help_text="Article id.")
    outlet = IdFilter(field_name="article__outlet_id", help_text="The article's outlet id.")
    status = django_filters.ChoiceFilter(choices=Claim.Status.choices, help_text="Claim status.")
    label = SlugFilter(
        method="filter_label", help_text="Slug of the label of the claim's published verdict."
    )
    published_after = DateSinceFilter(
        field_name="article__published",
        help_text="The article's publication date is on or after this.",
    )
    updated_since = SinceFilter(
        field_name="updated_at", help_text="Changed on or after this (inclusive)."
    )

    class Meta:
        model = Claim
        fields = ["article", "outlet", "status", "label", "published_after", "updated_since"]

    def filter_label(self, queryset, name, value):
        return queryset.filter(Q(verdicts__is_current=True) & Q(verdicts__label__slug=value))


class VerdictFilter(django_filters.FilterSet):
    """Filters of the verdicts endpoint and of the exports."""

    article = IdFilter(field_name="claim__article_id", help_text="Article id.")
    claim = IdFilter(field_name="claim_id", help_text="Claim id.")
    outlet = IdFilter(field_name="claim__article__outlet_id", help_text="Outlet id.")
    label = SlugFilter(field_name="label__slug", help_text="Label slug, e.g. `false`.")
    published_after = SinceFilter(
        field_name="first_published_at",
        help_text="First published (revision 1) on or after this.",
    )
    updated_since = SinceFilter(
        field_name="published_at",
        help_text="Published or corrected on or after this (inclusive): use it to sync.",
    )

    class Meta:
        model = Verdict
        fields = ["article", "claim", "outlet", "label", "published_after", "updated_since"]


# --- Search and ordering --------------------------------------------------------------------------


class SearchFilter(filters.SearchFilter):
    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            param["schema"] = {"type": "string", "minLength": 1, "maxLength": 200}
            param["description"] = (
                "Full-text search. On PostgreSQL: English stemming and web-search syntax "
                '("exact phrase", or, -word) over the indexed document; on SQLite every word '
                "must appear (case-insensitive)."
            )
        return params

    def get_search_terms(self, request):
        value = request.query_params.get(self.search_param, "")
        if len(value) > 200:
            raise exceptions.ValidationError({self.search_param: ["At most 200 characters."]})
        return super().get_search_terms(request)

    def filter_queryset(self, request, queryset, view):
        # Views over articles, claims and verdicts search their full-text documents (GIN-indexed
        # on PostgreSQL, factcheck/search.py), keeping the order the client asked for.
        search = getattr(view, "search_function", None)
        if search is None:
            return super().filter_queryset(request, queryset, view)
        terms = " ".join(self.get_search_terms(request))
        return search(queryset, terms, rank=False) if terms else queryset


class OrderingFilter(filters.OrderingFilter):
    """One of the view's `ordering_fields` (public name -> model field), `-` for descending.

    The id follows as a tie-breaker, so the order (and the cursor pagination over it) is total.
    """

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw is None:
            return self._with_tiebreak(view.ordering)
        allowed = self.allowed(view)
        if raw not in allowed:
            raise exceptions.ValidationError(
                {self.ordering_param: [f"Order by one of: {', '.join(allowed)}; not {raw[:40]!r}."]}
            )
        descending = raw.startswith("-")
        field = view.ordering_fields[raw.lstrip("-")]
        return self._with_tiebreak(("-" if descending else "") + field)

    @staticmethod
    def _with_tiebreak(ordering: str) -> tuple[str, ...]:
        if ordering.lstrip("-") == "id":
            return (ordering,)
        return (ordering, "-id" if ordering.startswith("-") else "id")

    def allowed(self, view) -> list[str]:
        return [f"{sign}{name}" for name in view.ordering_fields for sign in ("", "-")]

    def get_schema_operation_parameters(self, view):
        default = next(
            (
                ("-" if view.ordering.startswith("-") else "") + public
                for public, field in view.ordering_fields.items()
                if field == view.ordering.lstrip("-")
            ),
            view.ordering,
        )
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": f"Sort order (default `{default}`); `-` for descending.",
                "schema": {"type": "string", "enum": self.allowed(view)},
            }
        ]


def allowed_query_params(view) -> set[str]:
    names: set[str] = set()
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:
        names.update(filterset_class.base_filters)
    for backend in getattr(view, "filter_backends", ()):
        if issubclass(backend, filters.SearchFilter):
            names.add(backend.search_param)
        if issubclass(backend, filters.OrderingFilter):
            names.add(backend.ordering_param)
    paginator = getattr(view, "paginator", None)
    if paginator is not None:
        names.update({paginator.cursor_query_param, paginator.page_size_query_param})
    names.update(getattr(view, "extra_query_params", ()))
    return names


def check_query_params(view, request) -> None:
    allowed = allowed_query_params(view)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        accepted = ", ".join(sorted(allowed)) or "none"
        raise exceptions.ValidationError(
            {
                name[:60]: [f"Unknown query parameter. This endpoint accepts: {accepted}."]
                for name in unknown
            }
        )
    for name in request.query_params:
        values = request.query_params.getlist(name)
        if len(values) > 1:
            raise exceptions.ValidationError({name: ["Give this parameter once."]})
        if values[0] == "":
            raise exceptions.ValidationError({name: ["Give a value, or leave the parameter out."]})
        if "\x00" in values[0]:
            raise exceptions.ValidationError({name: ["Null characters are not allowed."]})
