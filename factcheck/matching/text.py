"""Claims already checked: find published claims that say the same thing as new ones.

Two steps, the same on every database:
1. Candidates. On PostgreSQL, one query for a whole batch of claims finds, for each, the published
   claims whose wording is trigram-similar (pg_trgm's `%`) or shares at least two stemmed words with it
   (full-text `@@`), both served by partial GIN indexes (migration 0005), with pg_trgm's `similarity()`.
   Elsewhere (SQLite), the published wordings are read once and prefiltered in Python by shared words.
2. Score. `similarity` takes the larger of the trigram similarity (PostgreSQL's, or the same measure
   computed here) and the overlap of content words, then discounts near-misses: different figures,
   opposite directions ("rose" / "fell"), a negation on one side only, different names.

A pair at or above `settings.FACTCHECK_MATCH_THRESHOLD` is stored as a suggested `ClaimMatch` by
`services.claim_matches_suggest`; an editor confirms or rejects it (`services.claim_match_confirm` /
`claim_match_reject`). The labelled
pairs in bench/data/claim_pairs.jsonl measure it: `.venv/bin/python bench/matching_eval.py`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

# --- Text measures (no Django needed) -------------------------------------------------------------

_ALNUM = re.compile(r"[^\W_]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOPWORDS = _set(
    """
    a an the and or but if of in on at to for from by with as into onto about over under than
    then that this these those there here it its it's is are was were be been being has have had
    do does did will would shall should can could may might must not no nor never so such very
    too also just only all any each every some most more less many much few he she they we you i
    me him her them us our your their his my who whom whose which what when where why how said
    says say told according claim claims claimed one per cent percent
    """
)
NEGATIONS = _set(
    """
    not no never none nor neither without zero n't nothing nobody
    """
)
_UP = _set(
    """
    rise rises rose risen rising increase increased increases grew grow grown growing up higher
    more raised raise gained gain gains created create creates won doubled tripled surged soared
    jumped highest best most biggest largest
    """
)
_DOWN = _set(
    """
    fall falls fell fallen falling decrease decreased decreases declined decline dropped drop
    down lower less fewer cut cuts lost lose loses halved plunged shrank lowest worst least
    smallest reduced reduce
    """
)
_SMALL_NUMBERS = (
    "nought one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(_SMALL_NUMBERS.split(" "))}
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "half": "50"})


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each alphanumeric word, lower-cased, padded with two spaces before and one
    after."""
    grams: set[str] = set()
    for word in _ALNUM.findall(text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's `similarity(a, b)`: shared trigrams over all distinct trigrams of both."""
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def _stem(word: str) -> str:
    # Deliberately crude and symmetric: both sides of a comparison go through it.
    for suffix, keep in (
        ("'s", ""),
        ("’s", ""),
        ("ies", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if (
            word.endswith(suffix)
            and len(word) - len(suffix) >= 3
            and not word.endswith(("ss", "us", "is"))
        ):
            return word[: -len(suffix)] + keep
    return word


def words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def content_words(text: str) -> set[str]:
    """Stemmed words that carry the claim: no stopwords, no figures (those are compared apart)."""
    out = set()
    for w in words(text):
        if w in _UP or w in _DOWN:
            # "rose", "grew" and "increased" say the same; so do "fell", "dropped" and "cut".
            out.add("+up" if w in _UP else "+down")
        elif w not in STOPWORDS and w not in _NUMBER_WORDS and not w[0].isdigit() and len(w) > 1:
            out.add(_stem(w))
    return out


def figures(text: str) -> set[str]:
    """The numbers a claim states, written alike: "40,000" -> "40000", "twelve" -> "12"."""
    found = {f.replace(",", "").rstrip(".") for f in _FIGURE.findall(text)}
    found.update(_NUMBER_WORDS[w] for w in words(text) if w in _NUMBER_WORDS and w != "half")
    return {f[:-2] if f.endswith(".0") else f for f in found}


def _direction(ws: set[str]) -> int:
    up, down = bool(ws & _UP), bool(ws & _DOWN)
    return 0 if up == down else (1 if up else -1)


def _negated(ws: list[str]) -> bool:
    return any(w in NEGATIONS or w.endswith("n't") for w in ws)


def _names(text: str) -> set[str]:
    """Capitalised words (the first one too, unless it is a stopword): who and where the claim is
    about."""
    return {
        t.lower() for t in _WORD.findall(text) if t[:1].isupper() and t.lower() not in STOPWORDS
    }


_SAID = (
    r"(?:said|says|say|claimed|claims|claim|stated|states|announced|insisted|told reporters|"
    r"wrote|tweeted)"
)
_LEADING_ATTRIBUTION = re.compile(rf"^[^.;:]{{0,80}}?\b{_SAID}\b,?(?:\s+that)?\s+(?=\S)", re.I)
_TRAILING_ATTRIBUTION = re.compile(
    rf",\s*(?:according to [^,.;]{{1,80}}|[^,.;]{{1,60}}\b{_SAID})\s*[.!]?$", re.I
)


def core(text: str) -> str:
    """The claim without its attribution: "The mayor said X." and "X, according to the mayor." both
    check X. Left whole when too little would remain."""
    stripped = _TRAILING_ATTRIBUTION.sub("", _LEADING_ATTRIBUTION.sub("", text.strip(), count=1))
    return stripped if len(words(stripped)) >= 4 else text


@dataclass(frozen=True)
class Similarity:
    score: float
    text: float  # before the near-miss discounts
    reasons: tuple[str, ...]


def similarity(a: str, b: str, *, trigram: float | None = None) -> Similarity:
    """How likely `a` and `b` state the same claim, in [0, 1].

    `trigram` is pg_trgm's similarity when PostgreSQL computed it; otherwise the same measure is
    computed here, so both databases score a pair alike.
    """
    # pg_trgm's similarity of the wordings as stored; the rest compares the claims without attribution.
    t = trigram_similarity(a, b) if trigram is None else trigram
    a, b = core(a), core(b)
    ca, cb = content_words(a), content_words(b)
    overlap = len(ca & cb) / min(len(ca), len(cb)) if ca and cb else 0.0
    # Containment of the shorter claim counts, but a claim of one or two words proves little.
    overlap *= min(1.0, min(len(ca), len(cb)) / 3)
    text = max(t, 0.85 * overlap)
    score = text
    reasons = []
    # A word swapped for another on each side is often the subject itself (fluoride / lead).
    swapped = min(len(ca - cb), len(cb - ca))
    if swapped:
        score *= max(0.5, 1 - 0.1 * swapped)
        reasons.append("different words")
    fa, fb = figures(a), figures(b)
    if fa and fb and fa != fb:
        shared = len(fa & fb) / len(fa | fb)
        score *= 0.35 + 0.35 * shared
        reasons.append("different figures")
    wa, wb = words(a), words(b)
    da, db = _direction(set(wa)), _direction(set(wb))
    if da and db and da != db:
        score *= 0.5
        reasons.append("opposite direction")
    if _negated(wa) != _negated(wb):
        score *= 0.5
        reasons.append("negation on one side")
    na, nb = _names(a), _names(b)
    if na and nb and not (na & nb):
        score *= 0.7
        reasons.append("different names")
    elif na and nb and (na ^ nb) and len(na ^ nb) > len(na & nb):
        score *= 0.75
        reasons.append("different names")
    return Similarity(round(min(1.0, score), 4), round(text, 4), tuple(reasons))


def tsquery(text: str, *, max_words: int = 8) -> str:
    """A to_tsquery('english') string matching wordings that share at least two of the claim's
    longest content words: "(a & b) | (a & c) | ...". Empty when the claim has none."""
    ws = sorted(
        {w for w in words(text) if w.isalpha() and w not in STOPWORDS and len(w) > 2},
        key=lambda w: (-len(w), w),
    )[:max_words]
    if len(ws) < 2:
        return ws[0] if ws else ""
    return " | ".join(f"({x} & {y})" for x, y in combinations(ws, 2))


# --- Finding and storing matches ------------------------------------------------------------------

CANDIDATES_PER_CLAIM = 20


@dataclass(frozen=True)
class Found:
    match_id: int
    wording: str
    similarity: Similarity
    method: str


def find(
    wordings: Sequence[str],
    *,
    exclude_ids: Sequence[int] = (),
    threshold: float | None = None,
    limit: int = 5,
) -> list[list[Found]]:
    """For each wording, the published claims at or above the threshold, best first (at most `limit`).

    One query for the whole batch, on PostgreSQL and elsewhere.
    """
    from django.conf import settings
    from django.db import connection

    threshold = settings.FACTCHECK_MATCH_THRESHOLD if threshold is None else threshold
    if not wordings:
        return []
    if connection.vendor == "postgresql":
        candidates = _postgres_candidates(wordings, exclude_ids)
        method = "trigram"
    else:
        candidates = _python_candidates(wordings, exclude_ids)
        method = "words"
    results = []
    for wording, rows in zip(wordings, candidates, strict=True):
        found = []
        for pk, other, trigram in rows:
            sim = similarity(wording, other, trigram=trigram)
            if sim.score >= threshold:
                found.append(Found(pk, other, sim, method))
        found.sort(key=lambda f: (-f.similarity.score, f.match_id))
        results.append(found[:limit])
    return results


def _postgres_candidates(wordings, exclude_ids):
    from django.db import connection

    sql = """
        SELECT q.i, c.id, c.wording, similarity(c.wording, q.t)
        FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS q(t, tsq, i)
        CROSS JOIN LATERAL (
            SELECT id, wording FROM factcheck_claim c
            WHERE c.status = 'published' AND NOT (c.id = ANY(%s::bigint[]))
              AND (c.wording %% q.t
                   OR (q.tsq <> '' AND to_tsvector('english', c.wording)
                                       @@ to_tsquery('english', q.tsq)))
            ORDER BY similarity(c.wording, q.t) DESC, c.id
            LIMIT %s
        ) c
        ORDER BY q.i
    """
    out: list[list[tuple[int, str, float]]] = [[] for _ in wordings]
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                list(wordings),
                [tsquery(w) for w in wordings],
                list(exclude_ids),
                CANDIDATES_PER_CLAIM,
            ],
        )
        for i, pk, wording, trigram in cursor.fetchall():
            out[i - 1].append((pk, wording, float(trigram)))
    return out


def _python_candidates(wordings, exclude_ids):
    """The fallback: published wordings read once, prefiltered by shared content words."""
    from factcheck.models import Claim

    published = list(
        Claim.objects.filter(status=Claim.Status.PUBLISHED)
        .exclude(pk__in=list(exclude_ids))
        .values_list("pk", "wording")
    )
    index: dict[str, list[int]] = {}
    by_pk = {}
    for pk, wording in published:
        by_pk[pk] = wording
        for w in content_words(wording):
            index.setdefault(w, []).append(pk)
    out = []
    for wording in wordings:
        ws = content_words(wording)
        shared = Counter(pk for w in ws for pk in index.get(w, ()))
        needed = min(2, len(ws))
        rows = [(pk, by_pk[pk], None) for pk, n in shared.most_common() if n >= needed]
        out.append(rows[: CANDIDATES_PER_CLAIM * 5])
    return out
