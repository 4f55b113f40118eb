"""The matcher's corpora built from the database, one of each kind per process, and the look-ups that
pages, the API and the commands share.

Two corpora, built and rebuilt apart: the desk's current published verdicts (claim wording + verdict
summary) and the outside fact-checks (claim reviewed + headline). Building one is linear in its size
(BM25 indexes and re-ranking features in Python: about 2 ms a fact-check), so a page must not build
the one it does not show: the claim panel shows outside fact-checks only (the desk's own are the
stored suggestions), and publishing a verdict must not make every panel rebuild the outside corpus.
Suggestions for new claims search the verdicts; the API's match and `match_claims` search both and
merge by score.

Several web processes and workers each keep their own; a version key per kind in the shared cache
says when those fact-checks changed, and every process rebuilds that kind on its next search after a
change. Whoever changes a corpus calls `changed(kind)` (on commit): the outside fact-check import
does, and so does every save of a verdict (see `factcheck.apps`).
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.core.cache import cache
from django.db import transaction

from factcheck.matching import engine, semantic

VERDICT, OUTSIDE = "verdict", "outside"
KINDS = (VERDICT, OUTSIDE)
VERSION_KEY = "factcheck:matching:corpus-version:"  # + kind
# The language of a text or fact-check that does not say (an outside review without `inLanguage`).
DEFAULT_LANGUAGE = "en"

_lock = threading.Lock()
_corpora: dict[str, tuple[engine.Corpus, str]] = {}  # kind -> (corpus, the version it was built at)


def _bump(kinds: Sequence[str]) -> None:
    cache.set_many({VERSION_KEY + k: uuid.uuid4().hex for k in kinds}, timeout=None)


def changed(kind: str | None = None) -> None:
    """Tell every process its corpus of `kind` (None: both) is stale: now (so this transaction's
    own searches see its writes) and again once it commits (so other processes, which could not see
    them before, rebuild with them)."""
    kinds = KINDS if kind is None else (kind,)
    _bump(kinds)
    transaction.on_commit(lambda: _bump(kinds))


def reset() -> None:
    """Forget this process's corpora (tests start each from their own database)."""
    with _lock:
        _corpora.clear()
    cache.delete_many([VERSION_KEY + k for k in KINDS])


def _current_version(kind: str) -> str:
    key = VERSION_KEY + kind
    version = cache.get(key)
    if version is None:
        # A cold or flushed cache: agree on a new version, so every process rebuilds once.
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key) or "uncached"
    return version


def corpus(kind: str) -> engine.Corpus:
    """This process's corpus of `kind`, rebuilt when those fact-checks changed since it was built."""
    version = _current_version(kind)
    held = _corpora.get(kind)
    if held is not None and held[1] == version:
        return held[0]
    with _lock:
        held = _corpora.get(kind)
        if held is None or held[1] != version:
            held = _corpora[kind] = (build(kind), version)
    return held[0]


def vectors_for(texts: list[str]) -> tuple[np.ndarray, list[int]]:
    """Stored vectors of `texts` (zeros where none is stored) and the positions that had none."""
    from factcheck.models import TextEmbedding

    keys = [semantic.text_key(t) for t in texts]
    wanted = set(keys)
    stored: dict[str, np.ndarray] = {}
    rows = TextEmbedding.objects.filter(model=semantic.MODEL_ID).values_list("key", "vector")
    for key, vector in rows.iterator(chunk_size=5000):
        if key in wanted:
            stored[key] = semantic.from_bytes(bytes(vector))
    out = np.zeros((len(texts), semantic.DIM), dtype=np.float32)
    missing = []
    for i, key in enumerate(keys):
        if key in stored:
            out[i] = stored[key]
        else:
            missing.append(i)
    return out, missing


def build(kind: str) -> engine.Corpus:
    """Read every fact-check of `kind` and their stored vectors (two queries); vectors not stored
    yet are computed here (a table look-up each) and left for the import or the next suggestion to
    store."""
    from factcheck.models import Claim, OutsideFactCheck, Verdict

    if kind == VERDICT:
        documents = [
            engine.Document(VERDICT, claim_id, wording, summary, language)
            for claim_id, wording, summary, language in Verdict.objects.filter(
                is_current=True, claim__status=Claim.Status.PUBLISHED
            )
            .order_by("claim_id")
            .values_list("claim_id", "claim__wording", "summary", "claim__article__language")
        ]
    elif kind == OUTSIDE:
        documents = [
            engine.Document(OUTSIDE, pk, claim, headline, language)
            for pk, claim, headline, language in OutsideFactCheck.objects.order_by(
                "pk"
            ).values_list("pk", "claim_reviewed", "headline", "language")
        ]
    else:
        raise ValueError(f"unknown corpus {kind!r}: {', '.join(KINDS)}")
    texts = [d.claim for d in documents] + [d.headline for d in documents]
    vectors, missing = vectors_for(texts)
    if missing:
        vectors[missing] = semantic.encoder().encode([texts[i] for i in missing])
    n = len(documents)
    return engine.Corpus(documents, vectors[:n], vectors[n:], language=DEFAULT_LANGUAGE)


# --- Look-ups: what a match shows -----------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """One fact-check that may check a text: the desk's verdict or someone else's review."""

    kind: str  # "verdict" or "outside"
    pk: int  # the claim's id for a verdict, the outside fact-check's id otherwise
    url: str  # the public verdict page, or the review itself
    score: float
    claim_reviewed: str
    rating: str
    publisher: str
    date: date | None
    item: object  # the Verdict or OutsideFactCheck, for pages that show more

    def as_json(self) -> dict:
        return {
            "url": self.url,
            "score": round(self.score, 4),
            "claim_reviewed": self.claim_reviewed,
            "rating": self.rating,
            "publisher": self.publisher,
            "date": self.date.isoformat() if self.date else None,
            "kind": self.kind,
        }


# A page's look-up (the claim panel's "already checked", the API's match) is remembered in the shared
# cache under the corpus version: the same claim's panel, opened again before the corpus changes,
# costs one cache read instead of a search (tens of milliseconds; bench/pages.py). Batches (commands)
# are not remembered.
HITS_CACHED_UP_TO = 20
HITS_TIMEOUT = 24 * 3600


def _search_all(
    text: str, *, k: int, threshold: float, language: str, kinds: Sequence[str]
) -> list[engine.Hit]:
    """The `k` best hits of `text` in the corpora of `kinds`, merged by score."""
    hits = [
        h
        for kind in kinds
        for h in corpus(kind).search(text, k=k, threshold=threshold, language=language)
    ]
    return sorted(hits, key=lambda h: -h.score)[:k]


def _search(
    texts: list[str], *, k: int, threshold: float, language: str, kinds: Sequence[str]
) -> list[list[engine.Hit]]:
    if len(texts) > HITS_CACHED_UP_TO:
        return [
            _search_all(t, k=k, threshold=threshold, language=language, kinds=kinds) for t in texts
        ]
    version = ":".join(f"{kind}={_current_version(kind)}" for kind in kinds)
    # The language is hashed with the text: it comes from API clients, and a key must stay plain.
    keys = {
        t: f"factcheck:matching:hits:{version}:{k}:{threshold}:"
        + hashlib.sha256(f"{language}\n{t}".encode()).hexdigest()
        for t in texts
    }
    known = cache.get_many(list(set(keys.values())))
    fresh = {}
    for t in texts:
        if keys[t] not in known:
            known[keys[t]] = fresh[keys[t]] = _search_all(
                t, k=k, threshold=threshold, language=language, kinds=kinds
            )
    if fresh:
        cache.set_many(fresh, timeout=HITS_TIMEOUT)
    return [known[keys[t]] for t in texts]


def lookup(
    texts: list[str],
    *,
    k: int = 5,
    threshold: float = 0.0,
    language: str = "",
    kinds: Sequence[str] = KINDS,
) -> list[list[Match]]:
    """For each text (in `language`, "" = the desk's default), its `k` best fact-checks of `kinds`
    (the desk's verdicts, outside fact-checks, or both) scoring at least `threshold`, best first.

    Costs the corpus version check, then two queries for the whole batch (the verdicts and the outside
    fact-checks found), however many texts.
    """
    from django.conf import settings

    from factcheck import claimreview
    from factcheck.models import OutsideFactCheck, Verdict

    hits = _search(texts, k=k, threshold=threshold, language=language, kinds=kinds)
    verdict_ids = {h.document.pk for hs in hits for h in hs if h.document.kind == "verdict"}
    outside_ids = {h.document.pk for hs in hits for h in hs if h.document.kind == "outside"}
    # Most look-ups find nothing: then no query is built (building one costs more than the search).
    verdicts = {}
    if verdict_ids:
        verdicts = {
            v.claim_id: v
            for v in Verdict.objects.filter(
                claim_id__in=verdict_ids, is_current=True
            ).select_related("claim", "label")
        }
    outside = OutsideFactCheck.objects.in_bulk(outside_ids) if outside_ids else {}
    results = []
    for hs in hits:
        matches = []
        for h in hs:
            if h.document.kind == "verdict":
                v = verdicts.get(h.document.pk)
                if v is None:
                    continue  # unpublished since the corpus was built
                matches.append(
                    Match(
                        kind="verdict",
                        pk=v.claim_id,
                        url=claimreview.absolute(v.get_absolute_url()),
                        score=h.score,
                        claim_reviewed=v.claim.wording,
                        rating=v.label.name,
                        publisher=settings.FACTCHECK_DESK_NAME,
                        date=v.published_at.date(),
                        item=v,
                    )
                )
            else:
                o = outside.get(h.document.pk)
                if o is None:
                    continue
                matches.append(
                    Match(
                        kind="outside",
                        pk=o.pk,
                        url=o.review_url,
                        score=h.score,
                        claim_reviewed=o.claim_reviewed,
                        rating=o.rating,
                        publisher=o.publisher_name,
                        date=o.date_published,
                        item=o,
                    )
                )
        results.append(matches)
    return results


def verdict_saved(sender, **kwargs) -> None:
    changed(VERDICT)
