"""Full-text search over articles, claims and verdicts.

On PostgreSQL each of those tables has a stored, generated `search_document` tsvector with a GIN
index (migrations 0006_scale, 0009_search_per_language): an article's document is stemmed in its
own language (spanish, french, portuguese, german, english; `simple` for others), a claim's in its
article's language and a verdict's in the language it is written in (0017_search_language), each
with the unstemmed words besides. The query is parsed with `websearch_to_tsquery`
(quotes, `or`, `-word` work as people expect) once per configuration and the parses are ORed, so a
Spanish article is found by Spanish word forms and a name or a number finds its claim in any
language; matched through the index and ranked with `ts_rank` (title and summary weigh more than
body text). SQLite has no such column: every word of the query must appear
(case-insensitive, LIKE), newest first. Both return the queryset they were given, filtered, and
ordered by relevance (up to RANK_LIMIT matches, newest first beyond) unless `rank=False` (the API
keeps the order the client asked for, so that its cursor pagination stays valid).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

# Every configuration a document may have been built with (see migration 0009): the languages'
# own, then `simple` for names and numbers across languages.
CONFIGS = ("english", "spanish", "french", "portuguese", "german", "simple")
MAX_QUERY_LENGTH = 200
# Rank matches by relevance only up to this many; beyond, newest first (see _fulltext).
RANK_LIMIT = 2000


def _clean(query: str) -> str:
    return " ".join(query.replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _fulltext(qs: QuerySet, table: str, query: str, *, then, rank: bool) -> QuerySet:
    # Only constant SQL is interpolated here (a table name and the configs); the query is a parameter.
    document = f'"{table}"."search_document"'
    tsquery = "(" + " || ".join(f"websearch_to_tsquery('{c}', %s)" for c in CONFIGS) + ")"
    params = [query] * len(CONFIGS)
    qs = qs.filter(RawSQL(f"{document} @@ {tsquery}", params, output_field=BooleanField()))  # noqa: S611
    if not rank:
        return qs
    # Ranking reads every match's document, so its cost grows with the number of matches. Past
    # RANK_LIMIT matches (a common word on a large desk) the newest come first instead, which the
    # index on the list's own order serves in constant time.
    if qs.order_by()[: RANK_LIMIT + 1].count() > RANK_LIMIT:
        return qs.order_by(*then)
    score = RawSQL(f"ts_rank({document}, {tsquery})", params, FloatField())  # noqa: S611
    return qs.annotate(search_rank=score).order_by("-search_rank", *then)


def _words(qs: QuerySet, query: str, fields: tuple[str, ...], *, then, rank: bool) -> QuerySet:
    for word in query.split()[:10]:
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        qs = qs.filter(match)
    return qs.order_by(*then) if rank else qs


def search_articles(qs: QuerySet, query: str, *, rank: bool = True) -> QuerySet:
    """Articles whose title or text match, best first (title matches weigh more)."""
    query = _clean(query)
    if not query:
        return qs
    then = ("-created_at", "-pk")
    if _postgres():
        return _fulltext(qs, "factcheck_article", query, then=then, rank=rank)
    return _words(qs, query, ("title", "text", "url"), then=then, rank=rank)


def search_claims(qs: QuerySet, query: str, *, rank: bool = True) -> QuerySet:
    """Claims whose wording matches, best first."""
    query = _clean(query)
    if not query:
        return qs
    then = ("-score", "pk")
    if _postgres():
        return _fulltext(qs, "factcheck_claim", query, then=then, rank=rank)
    return _words(qs, query, ("wording", "quote"), then=then, rank=rank)


def search_verdicts(qs: QuerySet, query: str, *, rank: bool = True) -> QuerySet:
    """Verdicts whose summary or explanation match, best first (the summary weighs more)."""
    query = _clean(query)
    if not query:
        return qs
    then = ("-published_at", "-pk")
    if _postgres():
        return _fulltext(qs, "factcheck_verdict", query, then=then, rank=rank)
    return _words(qs, query, ("summary", "explanation", "claim__wording"), then=then, rank=rank)
