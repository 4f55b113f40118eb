"""Claims already checked, by the desk or by anyone else.

- `text`: the desk's pairwise measures (trigram similarity, content words, figures, near-miss
  discounts) and the candidate queries for its own published claims (`find`).
- `claimreviews`: other fact-checkers' ClaimReview, in every shape they publish it, as plain records.
- `lexical` (BM25), `semantic` (embeddings from a model shipped in a PyPI package), `rerank` (features
  and the trained logistic regression), `engine` (the corpus and its search): no Django.
- `store`: the corpus built from the database, one per process, kept in step with the fact-checks.
"""

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
