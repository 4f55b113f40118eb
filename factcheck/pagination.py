"""Keyset pagination for the pages' long lists, and counts that stop counting at a cap.

A page is "the next N rows after this one in the list's order" (WHERE (a, b, id) > (…) ORDER BY a, b, id
LIMIT N), read from the index that serves the order: page 5,000 costs what page 1 costs, unlike OFFSET,
which reads and throws away every earlier row. The cursor is the last (or first) row's sort key,
encoded in the URL. Counts are bounded the same way: `COUNT` over at most `cap + 1` rows, shown as
"1,000+" beyond.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections
from django.db.models import Q, QuerySet

COUNT_CAP = 1000


class BadCursor(ValueError):
    """The cursor in the URL was not made by us (or by this version of the list)."""


@dataclass
class KeysetPage:
    object_list: list
    count: int
    count_capped: bool
    next_cursor: str | None = None
    previous_cursor: str | None = None
    ordering: tuple[str, ...] = field(default=())

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def capped_count(qs: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(count, capped): the exact count up to `cap`, else (cap, True). Reads at most cap + 1 rows."""
    n = qs.order_by()[: cap + 1].count()
    return (cap, True) if n > cap else (n, False)


def capped_counts(
    querysets: list[QuerySet], cap: int | list[int] = COUNT_CAP
) -> list[tuple[int, bool]]:
    """`capped_count` of several querysets (of one database) in one query: a page showing several
    lists (My work) pays one round trip for all their counts, not one each. `cap` is the cap of
    every count, or a list of one cap per queryset."""
    caps = cap if isinstance(cap, list) else [cap] * len(querysets)
    if len(querysets) < 2:
        return [capped_count(qs, c) for qs, c in zip(querysets, caps, strict=True)]
    parts, params = [], []
    for i, (qs, c) in enumerate(zip(querysets, caps, strict=True)):
        sql, p = qs.order_by().values("pk")[: c + 1].query.sql_with_params()
        # The SQL is Django's own compilation of the querysets, with its parameters kept apart.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped_{i})")  # noqa: S608
        params.extend(p)
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        counts = cursor.fetchone()
    return [(c, True) if n > c else (n, False) for n, c in zip(counts, caps, strict=True)]


def _value(obj, name: str):
    return obj.pk if name == "pk" else getattr(obj, name)


def _encode(values: list) -> str:
    def plain(v):
        if isinstance(v, dt.datetime):
            return {"dt": v.isoformat()}
        return v

    raw = json.dumps([plain(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, qs: QuerySet, names: list[str]) -> list:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadCursor("malformed cursor") from None
    if not isinstance(values, list) or len(values) != len(names):
        raise BadCursor("cursor does not fit this list")
    out = []
    for name, value in zip(names, values, strict=True):
        if (
            value is None
            or isinstance(value, list)
            or (isinstance(value, dict) and set(value) != {"dt"})
        ):
            raise BadCursor(f"bad value for {name}")
        if isinstance(value, dict):
            try:
                value = dt.datetime.fromisoformat(value["dt"])
            except (TypeError, ValueError):
                raise BadCursor("bad date in cursor") from None
        try:
            model_field = qs.model._meta.get_field("id" if name == "pk" else name)
        except FieldDoesNotExist:
            model_field = None  # an annotation, such as a search rank
        if model_field is not None:
            try:
                value = model_field.to_python(value)
            except (ValidationError, TypeError, ValueError):
                raise BadCursor(f"bad value for {name}") from None
            if value is None:
                raise BadCursor(f"bad value for {name}")
        elif not isinstance(value, int | float):
            raise BadCursor(f"bad value for {name}")
        out.append(value)
    return out


def _beyond(names: list[str], descending: list[bool], values: list) -> Q:
    """Rows strictly after `values` in the given order (lexicographic over the sort key)."""
    condition = Q(pk__in=[])
    equal = Q()
    for name, desc, value in zip(names, descending, values, strict=True):
        lookup = "lt" if desc else "gt"
        condition |= equal & Q(**{f"{name}__{lookup}": value})
        equal &= Q(**{name: value})
    return condition


def keyset_page(
    qs: QuerySet,
    *,
    after: str | None = None,
    before: str | None = None,
    size: int = 20,
    count_cap: int = COUNT_CAP,
    count: tuple[int, bool] | None = None,
) -> KeysetPage:
    """One page of `qs` (which must be ordered by a total order ending in a unique field) after or
    before a cursor. An unreadable cursor raises BadCursor; the view answers it with the first page.
    `count` is the list's (count, capped) when the caller has it already (`capped_counts`).
    """
    ordering = tuple(str(o) for o in qs.query.order_by)
    if not ordering:
        raise ValueError("keyset pagination needs an ordered queryset")
    names = [o.lstrip("-") for o in ordering]
    descending = [o.startswith("-") for o in ordering]
    count, capped = count if count is not None else capped_count(qs, count_cap)
    if before:
        values = _decode(before, qs, names)
        flipped = [not d for d in descending]
        reverse = [("" if d else "-") + n for n, d in zip(names, descending, strict=True)]
        rows = list(qs.filter(_beyond(names, flipped, values)).order_by(*reverse)[: size + 1])
        has_more_before = len(rows) > size
        rows = list(reversed(rows[:size]))
        page = KeysetPage(rows, count, capped, ordering=ordering)
        if rows:
            page.next_cursor = _encode([_value(rows[-1], n) for n in names])
            if has_more_before:
                page.previous_cursor = _encode([_value(rows[0], n) for n in names])
        return page
    if after:
        values = _decode(after, qs, names)
        qs = qs.filter(_beyond(names, descending, values))
    rows = list(qs[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    page = KeysetPage(rows, count, capped, ordering=ordering)
    if has_more and rows:
        page.next_cursor = _encode([_value(rows[-1], n) for n in names])
    if after and rows:
        page.previous_cursor = _encode([_value(rows[0], n) for n in names])
    return page


def page_from_request(
    request, qs: QuerySet, prefix: str = "", size: int = 20, count: tuple[int, bool] | None = None
) -> KeysetPage:
    """The page a request asks for with `<prefix>after` / `<prefix>before`; a forged or stale
    cursor gives the first page rather than an error."""
    try:
        return keyset_page(
            qs,
            after=request.GET.get(f"{prefix}after") or None,
            before=request.GET.get(f"{prefix}before") or None,
            size=size,
            count=count,
        )
    except BadCursor:
        return keyset_page(qs, size=size, count=count)
