"""Streaming exports of published verdicts: CSV, JSON Lines and a schema.org DataFeed of ClaimReviews,
and the W3C Web Annotation of a claim's anchor.

Memory stays flat whatever the number of verdicts: rows come from a server-side cursor
(`.iterator(chunk_size=...)`) over a `values_list()` query (plain stand-ins for ClaimReview, which
reuses the public page's builder), and output leaves in chunks of about 64 KB. Everything per-row is
computed in the one query (first publication date and source URLs are subqueries); what many rows
share (a label on its scale, an editor's name) is read and written out once per export, so the number
of queries does not grow with the rows.

CSV and JSON Lines write each row as text directly, the way `csv.writer` and `json.dumps` would write
it (tests/api/test_exports.py holds them byte for byte to those): both were a third of the time.

The same generators serve the HTTP endpoints and `manage.py export_verdicts`; the HTTP side adds
ETag / Last-Modified from `fingerprint()` and answers conditional requests with 304.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from json.encoder import encode_basestring
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.db.models import Count, Max, OuterRef, QuerySet, StringAgg, Subquery, Value
from django.urls import reverse
from django.utils.text import slugify

from factcheck import public_url, selectors
from factcheck.claimreview import absolute, claim_review
from factcheck.models import Claim, RatingLabel, RatingScale, Verdict

CHUNK_ROWS = 2000  # rows fetched per round trip of the server-side cursor
FLUSH_BYTES = 64 * 1024  # output is yielded in pieces of about this size

Progress = Callable[[int], None] | None

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "verdicts.csv"),
    "jsonl": ("application/jsonl; charset=utf-8", "verdicts.jsonl"),
    "claimreview": ("application/ld+json; charset=utf-8", "claimreview.json"),
}

CSV_COLUMNS = [
    "verdict_id",
    "url",
    "claim_id",
    "claim",
    "claim_reviewed",
    "quote",
    "claimant",
    "article_id",
    "article_title",
    "article_url",
    "outlet",
    "article_date",
    "label",
    "label_slug",
    "rating_value",
    "best_rating",
    "worst_rating",
    "rating_scale",
    "summary",
    "explanation",
    "correction_note",
    "source_urls",
    "editor",
    "revision",
    "published_at",
    "updated_at",
]


# --- The query ------------------------------------------------------------------------------------


def source_urls_subquery() -> Subquery:
    """The verdict's source URLs, newline-separated, in the order they were added."""
    through = Verdict.sources.through
    ordered = connection.features.supports_aggregate_order_by_clause
    rows = through.objects.filter(verdict_id=OuterRef("pk")).order_by()
    # SQLite before 3.44 cannot order an aggregate; it reads a verdict's rows through the through
    # table's (verdict_id, source_id) unique index, so in source order. (Ordering the subquery
    # instead grouped it by source too: one URL a verdict.)
    urls = StringAgg("source__url", Value("\n"), order_by="source__id" if ordered else None)
    return Subquery(rows.values("verdict_id").annotate(urls=urls).values("urls"))


EXPORT_VALUES = (
    "id",
    "claim_id",
    "claim__wording",
    "claim_reviewed",
    "claim__quote",
    "claim__claimant",
    "claim__article_id",
    "claim__article__title",
    "claim__article__url",
    "claim__article__outlet__name",
    "claim__article__published",
    "label_id",
    "claim__rating_scale_id",
    "summary",
    "explanation",
    "correction_note",
    "source_urls",
    "editor_id",
    "revision",
    "first_published_at",
    "published_at",
)


def export_rows(queryset: QuerySet[Verdict]) -> QuerySet:
    """The rows of the CSV and JSONL exports, oldest update first (the order a sync wants). The label
    and the editor come as ids: `Ratings` and `editor_names()` hold what the rows share."""
    return (
        queryset.annotate(source_urls=source_urls_subquery())
        .order_by("published_at", "id")
        .values_list(*EXPORT_VALUES)
    )


def iter_rows(rows: QuerySet) -> Iterator[tuple]:
    """The tuples of a values_list() query, CHUNK_ROWS per round trip of a server-side cursor.

    On PostgreSQL this reads through the cursor directly, in PostgreSQL's binary format (numbers and
    timestamps arrive without text to parse; 30% less time fetching here), with psycopg's own C
    loader for timestamps (Django's adds a Python call per value to set a time zone the session
    already has): the export's hot path. Elsewhere, and for the same rows, it is
    `.iterator(chunk_size=CHUNK_ROWS)`.
    """
    # The rows' own database: the read replica for an anonymous export (config.routers).
    db = connections[rows.db]
    if db.vendor != "postgresql":
        yield from rows.iterator(chunk_size=CHUNK_ROWS)
        return
    from psycopg.types.datetime import TimestamptzBinaryLoader

    sql, params = rows.query.sql_with_params()
    with db.chunked_cursor() as cursor:
        # psycopg's own cursor: Django's execute() has no way to ask for binary results.
        raw = cursor.cursor
        raw.adapters.register_loader("timestamptz", TimestamptzBinaryLoader)
        raw.execute(sql, params, binary=True)
        while chunk := raw.fetchmany(CHUNK_ROWS):
            yield from chunk


@dataclass(frozen=True)
class Fingerprint:
    count: int
    last_modified: datetime | None
    etag: str


def fingerprint(queryset: QuerySet[Verdict], *, variant: str) -> Fingerprint:
    """Count and latest change of the exported rows, in one aggregate query: the ETag's inputs.

    `variant` (format and query string) keeps different exports of the same rows apart.
    """
    agg = queryset.order_by().aggregate(
        n=Count("id"),
        verdicts=Max("published_at"),
        claims=Max("claim__updated_at"),
        articles=Max("claim__article__updated_at"),
    )
    stamps = [agg[k] for k in ("verdicts", "claims", "articles") if agg[k] is not None]
    last = max(stamps) if stamps else None
    raw = "|".join(
        [
            variant,
            str(agg["n"]),
            *(s.isoformat() for s in stamps),
            public_url.base(),
            settings.FACTCHECK_DESK_NAME,
        ]
    )
    return Fingerprint(agg["n"], last, 'W/"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"')


# --- Per-row helpers ------------------------------------------------------------------------------


def _scales() -> dict[int, RatingScale]:
    return {scale.pk: scale for scale in selectors.rating_scales()}


@dataclass(frozen=True)
class ScaleInfo:
    """What a row needs of its claim's rating scale, computed once per export, not per row."""

    slug: str
    numeric: bool  # False on a conclusion-only scale: no number is published
    best: int | None
    worst: int | None


def _scale_info(scales: dict[int, RatingScale]) -> dict[int, ScaleInfo]:
    return {
        pk: ScaleInfo(
            scale.slug,
            scale.kind != RatingScale.Kind.CONCLUSION,
            scale.best_value,
            scale.worst_value,
        )
        for pk, scale in scales.items()
    }


class Ratings(dict):
    """The label, label slug and rating of a verdict by (label id, scale id), each written once per
    export by `write(label, slug, rating)`: every row with that label on that scale repeats it. The
    scale is the claim's (a conclusion-only scale publishes no number)."""

    def __init__(self, write: Callable[[str, str, dict], str]):
        super().__init__()
        self.write = write
        self._load()

    def _load(self) -> None:
        scales = _scales()
        self.scales = _scale_info(scales)
        self.labels = {label.pk: label for scale in scales.values() for label in scale.labels.all()}

    def __missing__(self, key: tuple[int, int]) -> str:
        label_id, scale_id = key
        if label_id not in self.labels or scale_id not in self.scales:
            self._load()  # a label or scale added while the export runs
        label, scale = self.labels[label_id], self.scales[scale_id]
        numeric = scale.numeric
        rating = {
            "value": label.value if numeric else None,
            "best": scale.best if numeric else None,
            "worst": scale.worst if numeric else None,
            "scale": scale.slug,
        }
        text = self[key] = self.write(label.name, label.slug, rating)
        return text


class EditorNames(dict):
    """`write(name)` of the editor of each exported verdict by user id: all of them in one query."""

    def __init__(self, queryset: QuerySet[Verdict], write: Callable[[str], str]):
        super().__init__()
        self.users = get_user_model().objects.using(queryset.db)
        self.write = write
        self._load(pk__in=queryset.order_by().values("editor_id"))

    def _load(self, **lookup) -> None:
        users = self.users.filter(**lookup).values_list("pk", "username", "first_name", "last_name")
        for pk, username, first, last in users:
            self[pk] = self.write(_name(username, first, last))

    def __missing__(self, pk: int) -> str:
        self._load(pk=pk)  # an editor whose first verdict was published while the export runs
        if pk not in self:
            raise LookupError(f"No user {pk}, the editor of an exported verdict.")
        return dict.__getitem__(self, pk)


# slugify's steps on ASCII in one table: lower case, `[^\w\s-]` dropped, `\s` a dash.
_SLUG_TABLE = str.maketrans(
    {
        c: c.lower() if c.isalnum() or c == "_" else "-" if c == "-" or c.isspace() else None
        for c in map(chr, range(128))
    }
)


def fast_slugify(value: str) -> str:
    """django.utils.text.slugify, with the Unicode normalisation skipped for ASCII text, and its two
    regular expressions done by one translation table (runs of dashes then joined into one)."""
    if not value.isascii():
        return slugify(value)
    return "-".join(filter(None, value.translate(_SLUG_TABLE).split("-"))).strip("-_")


SLUG_LENGTH = 60


def url_slug(summary: str) -> str:
    """`slugify(summary)[:60] or "verdict"`, as `Verdict.get_absolute_url()`, reading only as much of
    an ASCII summary as the 60 characters need: for ASCII, slugify works character by character
    (a run of separators becomes one dash, the ends are stripped), so the slug of a prefix is a
    prefix of the whole slug once it is 60 characters long."""
    if len(summary) > 4 * SLUG_LENGTH and summary.isascii():
        head = fast_slugify(summary[: 4 * SLUG_LENGTH])
        if len(head) >= SLUG_LENGTH:
            return head[:SLUG_LENGTH]
    return fast_slugify(summary)[:SLUG_LENGTH] or "verdict"


class VerdictUrl:
    """`Verdict.get_absolute_url()` made absolute, without a URL reverse per row."""

    def __init__(self):
        sample = reverse("factcheck:public_verdict", kwargs={"claim_id": 1, "slug": "x"})
        head, tail = sample.rsplit("/1/x/", 1)
        self.head = absolute(head) + "/"
        self.tail = tail

    def __call__(self, claim_id: int, summary: str) -> str:
        return f"{self.head}{claim_id}/{url_slug(summary)}/{self.tail}"


def _iso(value) -> str:
    return value.isoformat() if value is not None else ""


def _name(username: str, first: str, last: str) -> str:
    return f"{first} {last}".strip() or username


# --- The formats ----------------------------------------------------------------------------------


def _chunked(pieces: Iterable[tuple[str, int]], progress: Progress) -> Iterator[bytes]:
    """Join (text, rows) pieces into ~64 KB UTF-8 chunks, reporting rows as each chunk leaves."""
    buffer: list[str] = []
    size = rows = 0
    for text, n in pieces:
        buffer.append(text)
        size += len(text)
        rows += n
        if size >= FLUSH_BYTES:
            yield "".join(buffer).encode("utf-8")
            if progress and rows:
                progress(rows)
            buffer, size, rows = [], 0, 0
    if buffer:
        yield "".join(buffer).encode("utf-8")
    if progress and rows:
        progress(rows)


def _chunked_lines(head: str, lines: Iterable[str], progress: Progress) -> Iterator[bytes]:
    """`head`, then one line per row, in ~64 KB UTF-8 chunks (as `_chunked`, a row a line)."""
    buffer = [head] if head else []
    size = len(head)
    rows = 0
    flush_at = FLUSH_BYTES
    for line in lines:
        buffer.append(line)
        size += len(line)
        rows += 1
        if size >= flush_at:
            yield "".join(buffer).encode("utf-8")
            if progress:
                progress(rows)
            buffer, size, rows = [], 0, 0
    if buffer:
        yield "".join(buffer).encode("utf-8")
    if progress and rows:
        progress(rows)


def csv_field(value: str) -> str:
    """A text field as `csv.writer` writes it (QUOTE_MINIMAL): in quotes when it holds a quote, a
    comma or a line break (its quotes doubled), as it is otherwise."""
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return '"' + value + '"'
    return value


def _csv_rating(label: str, slug: str, rating: dict) -> str:
    """label, label_slug, rating_value, best_rating, worst_rating, rating_scale."""
    numbers = (
        "" if rating[key] is None else str(rating[key]) for key in ("value", "best", "worst")
    )
    return ",".join([csv_field(label), csv_field(slug), *numbers, csv_field(rating["scale"])])


def _export_lines(queryset: QuerySet[Verdict], *, jsonl: bool) -> Iterator[str]:
    """The exported verdicts one line each: CSV rows (see `stream_csv`), or JSON Lines records
    (see `stream_jsonl`). One loop for both, so that the columns are named once: the unpacking
    into local names and the f-strings are the exports' hot path (bench/exports.py)."""
    # A string as the format writes it: JSON as json.dumps(ensure_ascii=False) encodes it; CSV with
    # minimal quoting.
    q = encode_basestring if jsonl else csv_field
    ratings = Ratings(_json_rating if jsonl else _csv_rating)
    editors = EditorNames(queryset, q)
    url = VerdictUrl()
    for (
        vid,
        claim_id,
        wording,
        claim_reviewed,
        quote,
        claimant,
        article_id,
        title,
        article_url,
        outlet,
        article_date,
        label_id,
        scale_id,
        summary,
        explanation,
        note,
        sources,
        editor_id,
        revision,
        first_published,
        published,
    ) in iter_rows(export_rows(queryset)):
        if jsonl:
            yield (
                f'{{"verdict_id":{vid},"url":{q(url(claim_id, summary))},"claim_id":{claim_id},'
                f'"claim":{q(wording)},"claim_reviewed":{q(claim_reviewed)},"quote":{q(quote)},'
                f'"claimant":{q(claimant or outlet or "")},"article":{{"id":{article_id},'
                f'"title":{q(title)},"url":{q(article_url)},"outlet":{q(outlet or "")},'
                f'"date":{f"{chr(34)}{article_date.isoformat()}{chr(34)}" if article_date else "null"}}},'
                f"{ratings[label_id, scale_id]},"
                f'"summary":{q(summary)},"explanation":{q(explanation)},"correction_note":{q(note)},'
                f'"source_urls":[{",".join(map(q, sources.split(chr(10)))) if sources else ""}],'
                f'"editor":{editors[editor_id]},"revision":{revision},'
                f'"published_at":"{first_published.isoformat() if first_published else ""}",'
                f'"updated_at":"{published.isoformat()}"}}\n'
            )
        else:
            yield (
                f"{vid},{q(url(claim_id, summary))},{claim_id},{q(wording)},{q(claim_reviewed)},"
                f"{q(quote)},{q(claimant or outlet or '')},{article_id},{q(title)},{q(article_url)},"
                f"{q(outlet or '')},{article_date.isoformat() if article_date else ''},"
                f"{ratings[label_id, scale_id]},{q(summary)},{q(explanation)},{q(note)},"
                f"{q(sources.replace(chr(10), ' ')) if sources else ''},{editors[editor_id]},"
                f"{revision},{first_published.isoformat() if first_published else ''},"
                f"{published.isoformat()}\r\n"
            )


def _csv_lines(queryset: QuerySet[Verdict]) -> Iterator[str]:
    return _export_lines(queryset, jsonl=False)


def stream_csv(queryset: QuerySet[Verdict], progress: Progress = None) -> Iterator[bytes]:
    """RFC 4180 CSV with a header row, one row per verdict, byte for byte what `csv.writer` (minimal
    quoting, CRLF line ends) writes: the hot loop of the exports, one f-string a row."""
    return _chunked_lines(",".join(CSV_COLUMNS) + "\r\n", _csv_lines(queryset), progress)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_rating(label: str, slug: str, rating: dict) -> str:
    """`"label":…,"label_slug":…,"rating":{…}`: the members of a record that its label decides."""
    return _dumps({"label": label, "label_slug": slug, "rating": rating})[1:-1]


def _jsonl_lines(queryset: QuerySet[Verdict]) -> Iterator[str]:
    """Each exported verdict as the compact `json.dumps` of its record (`ensure_ascii=False`), one a
    line: written member by member, with only the strings encoded per row."""
    return _export_lines(queryset, jsonl=True)


def stream_jsonl(queryset: QuerySet[Verdict], progress: Progress = None) -> Iterator[bytes]:
    return _chunked_lines("", _jsonl_lines(queryset), progress)


CLAIM_REVIEW_VALUES = (
    "claim_id",
    "summary",
    "claim_reviewed",
    "explanation",
    "revision",
    "correction_note",
    "published_at",
    "first_published_at",
    "label_id",
    "language",
    "claim__wording",
    "claim__claimant",
    "claim__rating_scale_id",
    "claim__article__title",
    "claim__article__language",
    "claim__article__url",
    "claim__article__published",
    "claim__article__outlet__name",
    "claim__article__outlet__homepage",
)


# A plain stand-in for a model instance: the attributes `claim_review()` reads, no more.
_Row = SimpleNamespace


class _VerdictRow(SimpleNamespace):
    def get_absolute_url(self) -> str:
        return self.url


class _Labels:
    """A scale's `labels` for `claim_review()`: `.all()` gives the labels read once per export (a
    related manager made per row cost more than the rest of the row's ClaimReview)."""

    def __init__(self, labels: list):
        self._labels = labels

    def all(self) -> list:
        return self._labels


class _ScalesAndLabels:
    """The rating scales (as `claim_review()` reads them) and their labels by id, read once per
    export, and again if a row names one added since."""

    def __init__(self):
        self._load()

    def _load(self) -> None:
        scales = _scales()
        self.scales = {
            pk: _Row(kind=scale.kind, labels=_Labels(list(scale.labels.all())))
            for pk, scale in scales.items()
        }
        self.labels = {label.pk: label for scale in scales.values() for label in scale.labels.all()}

    def get(self, scale_id: int, label_id: int) -> tuple[SimpleNamespace, RatingLabel]:
        if scale_id not in self.scales or label_id not in self.labels:
            self._load()
        return self.scales[scale_id], self.labels[label_id]


def claim_reviews(queryset: QuerySet[Verdict]) -> Iterator[dict]:
    """The ClaimReview of each verdict, built by the same function as the public page's JSON-LD.

    The rows come from one `values_list()` query through the exports' cursor (as CSV's), and
    `claim_review()` reads them through plain stand-ins rather than five model instances a row; the
    URL is `Verdict.get_absolute_url()`'s, without a URL reverse per row."""
    scales = _ScalesAndLabels()
    url = VerdictUrl()
    prefix = len(absolute(""))
    rows = queryset.order_by("published_at", "id").values_list(*CLAIM_REVIEW_VALUES)
    for (
        claim_id,
        summary,
        claim_reviewed,
        explanation,
        revision,
        note,
        published,
        first_published,
        label_id,
        language,
        wording,
        claimant,
        scale_id,
        title,
        article_language,
        article_url,
        article_date,
        outlet,
        homepage,
    ) in iter_rows(rows):
        scale, label = scales.get(scale_id, label_id)
        article = _Row(
            title=title,
            language=article_language,
            url=article_url,
            published=article_date,
            outlet=_Row(name=outlet, homepage=homepage) if outlet is not None else None,
        )
        verdict = _VerdictRow(
            claim=_Row(wording=wording, claimant=claimant, article=article, rating_scale=scale),
            label=label,
            summary=summary,
            claim_reviewed=claim_reviewed,
            explanation=explanation,
            language=language,
            revision=revision,
            correction_note=note,
            published_at=published,
            url=url(claim_id, summary)[prefix:],
        )
        yield claim_review(verdict, first_published=first_published)


def stream_claimreview(
    queryset: QuerySet[Verdict],
    progress: Progress = None,
    *,
    feed_url: str = "",
    last_modified: datetime | None = None,
) -> Iterator[bytes]:
    """A schema.org DataFeed whose `dataFeedElement` items are ClaimReview objects."""

    def pieces():
        head = {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "name": f"{settings.FACTCHECK_DESK_NAME}: fact checks",
            "url": feed_url or absolute("/api/v1/exports/claimreview.json"),
            "publisher": {
                "@type": "Organization",
                "name": settings.FACTCHECK_DESK_NAME,
                "url": public_url.base() + "/",
            },
        }
        if last_modified is not None:
            head["dateModified"] = last_modified.isoformat()
        yield _dumps(head)[:-1] + ',"dataFeedElement":[', 0
        separator = "\n"
        for review in claim_reviews(queryset):
            yield separator + _dumps(review), 1
            separator = ",\n"
        yield "\n]}\n", 0

    return _chunked(pieces(), progress)


def stream(
    fmt: str, queryset: QuerySet[Verdict], progress: Progress = None, **kwargs
) -> Iterator[bytes]:
    """The export's bytes; its absolute URLs are those of the request (or command) that asked for it,
    even though a streaming response produces them after its view has returned."""
    if fmt == "csv":
        return public_url.bind(stream_csv(queryset, progress))
    if fmt == "jsonl":
        return public_url.bind(stream_jsonl(queryset, progress))
    if fmt == "claimreview":
        return public_url.bind(stream_claimreview(queryset, progress, **kwargs))
    raise ValueError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")


# --- W3C Web Annotation ---------------------------------------------------------------------------


def annotation(claim: Claim, *, verdict: Verdict | None = None) -> dict:
    """The claim's anchor as a W3C Web Annotation (https://www.w3.org/TR/annotation-model/).

    The target is the article's own URL when it has one; the selectors locate the quote in the
    article's text as the desk stored it (TextQuoteSelector, robust to markup) and by character
    offsets in that text (TextPositionSelector).
    """
    article = claim.article
    source = article.url or absolute(f"/api/v1/articles/{article.pk}/")
    body: list[dict] = [
        {
            "type": "TextualBody",
            "purpose": "describing",
            "value": claim.wording,
            "format": "text/plain",
        }
    ]
    if verdict is not None:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "value": f"{verdict.label.name}: {verdict.summary}",
                "format": "text/plain",
            }
        )
        body.append(
            {
                "id": absolute(verdict.get_absolute_url()),
                "type": "Text",
                "format": "text/html",
                "purpose": "linking",
            }
        )
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": absolute(f"/api/v1/claims/{claim.pk}/annotation/"),
        "type": "Annotation",
        "motivation": "assessing" if verdict is not None else "highlighting",
        "created": claim.created_at.isoformat(),
        "modified": claim.updated_at.isoformat(),
        "creator": {
            "type": "Organization",
            "name": settings.FACTCHECK_DESK_NAME,
            "homepage": public_url.base() + "/",
        },
        "body": body,
        "target": {
            "source": source,
            "type": "Text",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": claim.quote,
                    "prefix": claim.prefix,
                    "suffix": claim.suffix,
                },
                {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
            ],
        },
    }


__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "annotation",
    "claim_reviews",
    "export_rows",
    "fingerprint",
    "stream",
]
