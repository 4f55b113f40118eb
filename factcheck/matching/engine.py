"""The matcher: a text in, the fact-checks that most likely check it out, best first.

A `Corpus` holds every fact-check the desk can point to (its own published verdicts and the outside
fact-checks it imported) with three BM25 indexes on Snowball stems, each fact-check in its own language
(claim + headline, claim, headline), one on plain accent-folded words, and two embedding matrices
(claim, headline). `Corpus.search(text, language=...)`:

1. the text is cleaned of a post's markup (`clean.clean`) and analysed in its language;
2. candidates: the top `pool` by BM25, the top `pool` by embedding cosine (paraphrases that share few
   words) and the top `pool // 4` by plain words (names and numbers in another language);
3. features of each candidate (rerank.FEATURES) and a logistic regression over them;
4. the candidates by that probability, best first.

No Django here: `factcheck.matching.store` builds the corpus from the database and keeps one per process,
rebuilt when the shared version key says the fact-checks changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from factcheck.matching import clean, lexical, rerank, semantic

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)|\s+—\s+")


def split_sentences(text: str) -> list[str]:
    """A post's sentences, roughly: a fact-check often checks only one of them."""
    return [s for s in (p.strip() for p in _SENTENCE_END.split(text)) if len(s) > 15][:8]


@dataclass(frozen=True)
class Document:
    kind: str  # "verdict" (the desk's own) or "outside"
    pk: int
    claim: str
    headline: str = ""
    language: str = ""  # the fact-check's language code; "" = the corpus's default


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
    """Every fact-check, indexed three ways: BM25 on Snowball stems in each fact-check's own language
    (claim + headline, claim, headline), BM25 on unstemmed accent-folded words (names and numbers
    across languages), and embeddings (claim, headline)."""

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
        self.language = language
        self.encoder = encoder or semantic.encoder()
        stem = [lexical.analyzer(d.language or language) for d in documents]
        claims = [a(d.claim) for a, d in zip(stem, documents, strict=True)]
        headlines = [a(d.headline) for a, d in zip(stem, documents, strict=True)]
        self.bm25 = lexical.BM25.of_tokens([c + h for c, h in zip(claims, headlines, strict=True)])
        self.bm25_claim = lexical.BM25.of_tokens(claims)
        self.bm25_headline = lexical.BM25.of_tokens(headlines)
        self.bm25_words = lexical.BM25(
            [f"{d.claim} {d.headline}" for d in documents], analyze=lexical.default_analyzer
        )
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
        # Token ids of claim + headline, and how rare each token is among them (for the alignment).
        self.tokens = self.encoder.token_ids([f"{d.claim} {d.headline}" for d in documents])
        df = np.zeros(self.encoder.table.shape[0], dtype=np.float32)
        for ids in self.tokens:
            df[np.unique(ids)] += 1
        self.token_idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)

    def __len__(self) -> int:
        return len(self.documents)

    def features(
        self, text: str, *, language: str = "", pool: int = 40
    ) -> tuple[np.ndarray, np.ndarray]:
        """The candidates for `text` (indexes into `documents`) and their feature matrix.

        `language` is the text's (an article's); "" = the corpus's default."""
        if not self.documents:
            return np.zeros(0, dtype=np.int64), np.zeros((0, len(rerank.FEATURES)))
        text = clean.clean(text)
        terms = lexical.analyzer(language or self.language)(text)
        words = lexical.default_analyzer(text)
        sentences = [s for s in split_sentences(text) if s != text]
        vectors = self.encoder.encode([text, *sentences])
        query = vectors[0]
        bm = self.bm25.scores_of(terms)
        cos = self.vectors @ query
        # Three doors: stems, plain words (a name or a number written alike in another language),
        # meaning.
        by_words = self.bm25_words.scores_of(words)
        candidates = np.union1d(
            np.union1d(_top(bm, pool), _top(cos, pool)), _top(by_words, pool // 4)
        )
        top_bm = self.bm25.max_score_of(terms)
        cos_sentences = (
            (self.vectors[candidates] @ vectors[1:].T).max(axis=1)
            if len(sentences)
            else cos[candidates]
        )
        columns = [
            bm[candidates] / top_bm,
            self.bm25_claim.scores_of(terms)[candidates] / top_bm,
            self.bm25_headline.scores_of(terms)[candidates] / top_bm,
            rerank.reciprocal_rank(_rank_of(bm, candidates)),
            cos[candidates],
            self.claim_vectors[candidates] @ query,
            self.headline_vectors[candidates] @ query,
            rerank.reciprocal_rank(_rank_of(cos, candidates)),
            np.maximum(cos_sentences, cos[candidates]),
            *self._alignment(text, candidates),
        ]
        info = rerank.TextInfo.of(text)
        near = np.array(
            [rerank.pair_features(info, self.info[i]) for i in candidates], dtype=np.float64
        ).reshape(len(candidates), -1)
        base = rerank.with_gaps(np.column_stack(columns).astype(np.float64))
        matrix = rerank.with_places(np.column_stack([base, near]))
        return candidates, matrix

    def _alignment(self, text: str, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Soft word overlap: for each token of a fact-check, its best cosine with any token of the
        text (and the reverse), averaged with rarer tokens weighing more. Paraphrases that swap a
        word for a near one ("cash" / "money") score here where BM25 sees nothing."""
        table, idf = self.encoder.unit_table, self.token_idf
        q = np.unique(self.encoder.token_ids([text])[0])
        doc_side = np.zeros(len(candidates))
        text_side = np.zeros(len(candidates))
        if not q.size:
            return doc_side, text_side
        tq, wq = table[q], idf[q]
        for j, i in enumerate(candidates):
            d = np.unique(self.tokens[i])
            if not d.size:
                continue
            sims = table[d] @ tq.T
            wd = idf[d]
            doc_side[j] = float(sims.max(axis=1) @ wd / (wd.sum() or 1.0))
            text_side[j] = float(sims.max(axis=0) @ wq / (wq.sum() or 1.0))
        return doc_side, text_side

    def search(
        self, text: str, *, k: int = 5, threshold: float = 0.0, language: str = ""
    ) -> list[Hit]:
        """The `k` best fact-checks for `text` (in `language`, "" = the corpus's default) scoring at
        least `threshold`, best first.

        Equal scores keep the corpus order, which carries no meaning (never the id).
        """
        candidates, matrix = self.features(text, language=language)
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
