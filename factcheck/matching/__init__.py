"""Claims already checked, by the desk or by anyone else.

- `text`: the desk's pairwise measures (trigram similarity, content words, figures, near-miss
  discounts) and the candidate queries for its own published claims (`find`).
- `claimreviews`: other fact-checkers' ClaimReview, in every shape they publish it, as plain records.
- `lexical` (BM25), `semantic` (embeddings from a model shipped in a PyPI package), `rerank` (features
  and the trained logistic regression), `engine` (the corpus and its search): no Django.
- `store`: the corpus built from the database, one per process, kept in step with the fact-checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from factcheck.matching.text import (
        CANDIDATES_PER_CLAIM,
        NEGATIONS,
        STOPWORDS,
        Found,
        Similarity,
        content_words,
        core,
        figures,
        find,
        similarity,
        trigram_similarity,
        trigrams,
        tsquery,
        words,
    )


def __getattr__(name: str):
    """The names of `text`, loaded on first use (PEP 562): Django's start-up imports the services,
    which import this package, and most commands never compare two claims."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from factcheck.matching import text

    value = getattr(text, name)
    globals()[name] = value
    return value


__all__ = [
    "CANDIDATES_PER_CLAIM",
    "NEGATIONS",
    "STOPWORDS",
    "Found",
    "Similarity",
    "content_words",
    "core",
    "figures",
    "find",
    "similarity",
    "trigram_similarity",
    "trigrams",
    "tsquery",
    "words",
]
