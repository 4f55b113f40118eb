"""The matcher: a text in, the fact-checks that most likely check it out, best first.

A `Corpus` holds every fact-check the desk can point to (its own published verdicts and the outside
fact-checks it imported) with three BM25 indexes (claim + headline, claim, headline) and two embedding
matrices (claim, headline). `Corpus.search(text)`:

1. candidates: the top `pool` by BM25 and the top `pool` by embedding cosine (paraphrases that share
   few words come in through the second door);
2. features of each candidate (rerank.FEATURES) and a logistic regression over them;
3. the candidates by that probability, best first.

No Django here: `factcheck.matching.store` builds the corpus from the database and keeps one per process,
rebuilt when the shared version key says the fact-checks changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from factcheck.matching import lexical, rerank, semantic


@dataclass(frozen=True)
class Document:
    kind: str  # "verdict" (the desk's own) or "outside"
    pk: int
    claim: str
    headline: str = ""


@dataclass(frozen=True)
class Hit:
    document: Document
    score: float  # the re-ranker's probability that the document checks the text, in [0, 1]
    features: dict[str, float]


def _normalise_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32)


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    if len(scores) <= n:
        return np.arange(len(scores))
    return np.argpartition(-scores, n)[:n]


def _rank_of(scores: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """How many documents score strictly higher than each of `idx` (0 = the best)."""
    ordered = np.sort(scores)
    return len(scores) - np.searchsorted(ordered, scores[idx], side="right")


class Corpus:
    def __init__(
        self,
        documents: Sequence[Document],
        claim_vectors: np.ndarray | None = None,
        headline_vectors: np.ndarray | None = None,
        *,
        language: str = "",
        encoder: semantic.Encoder | None = None,
    ):
        self.documents = list(documents)
        self.encoder = encoder or semantic.encoder()
        analyze = lexical.analyzer(language)
        self.bm25 = lexical.BM25([f"{d.claim} {d.headline}" for d in documents], analyze=analyze)
        self.bm25_claim = lexical.BM25([d.claim for d in documents], analyze=analyze)
        self.bm25_headline = lexical.BM25([d.headline for d in documents], analyze=analyze)
        n, dim = len(self.documents), self.encoder.dim
        if claim_vectors is None:
            claim_vectors = self.encoder.encode([d.claim for d in documents])
        if headline_vectors is None:
            headline_vectors = self.encoder.encode([d.headline for d in documents])
        self.claim_vectors = np.asarray(claim_vectors, dtype=np.float32).reshape(n, dim)
        self.headline_vectors = np.asarray(headline_vectors, dtype=np.float32).reshape(n, dim)
        # Claim and headline together: the sum of their unit vectors, normalised again.
        self.vectors = _normalise_rows(self.claim_vectors + self.headline_vectors)
        self.info = [rerank.TextInfo.of(f"{d.claim} {d.headline}") for d in documents]

    def __len__(self) -> int:
        return len(self.documents)

    def features(self, text: str, *, pool: int = 30) -> tuple[np.ndarray, np.ndarray]:
        """The candidates for `text` (indexes into `documents`) and their feature matrix."""
        if not self.documents:
            return np.zeros(0, dtype=np.int64), np.zeros((0, len(rerank.FEATURES)))
        query = self.encoder.encode([text])[0]
        bm = self.bm25.scores(text)
        cos = self.vectors @ query
        candidates = np.union1d(_top(bm, pool), _top(cos, pool))
        top_bm = self.bm25.max_score(text)
        columns = [
            bm[candidates] / top_bm,
            self.bm25_claim.scores(text)[candidates] / top_bm,
            self.bm25_headline.scores(text)[candidates] / top_bm,
            rerank.reciprocal_rank(_rank_of(bm, candidates)),
            cos[candidates],
            self.claim_vectors[candidates] @ query,
            self.headline_vectors[candidates] @ query,
            rerank.reciprocal_rank(_rank_of(cos, candidates)),
        ]
        info = rerank.TextInfo.of(text)
        near = np.array(
            [rerank.pair_features(info, self.info[i]) for i in candidates], dtype=np.float64
        ).reshape(len(candidates), -1)
        base = rerank.with_gaps(np.column_stack(columns).astype(np.float64))
        matrix = np.column_stack([base, near])
        return candidates, matrix

    def search(self, text: str, *, k: int = 5, threshold: float = 0.0) -> list[Hit]:
        """The `k` best fact-checks for `text` scoring at least `threshold`, best first.

        Equal scores keep the corpus order, which carries no meaning (never the id).
        """
        candidates, matrix = self.features(text)
        if not len(candidates):
            return []
        scores = rerank.model().score(matrix)
        order = np.argsort(-scores, kind="stable")[:k]
        return [
            Hit(
                document=self.documents[candidates[i]],
                score=float(scores[i]),
                features=dict(zip(rerank.FEATURES, map(float, matrix[i]), strict=True)),
            )
            for i in order
            if scores[i] >= threshold
        ]
