"""Re-rank candidate fact-checks for one text: features of each (text, fact-check) pair, weighed by a
logistic regression trained on the CheckThat! 2020 Task 2 training tweets (bench/train_matcher.py):
pairwise (a gold fact-check against each other candidate of the same tweet), then calibrated on the
pairs so that the score reads as a probability.

The features are the lexical and semantic evidence (BM25 of the claim and of the review's headline,
cosine of the embeddings, the best sentence's cosine, a soft token alignment, ranks) and the
near-miss signals the desk's matcher always had (other figures, a negation on one side, other names,
opposite directions; see `text.py`). The weights ship in `factcheck/ml/matcher.json` (3 KB): scoring
is a dot product and a sigmoid, so the score is a probability-like number in [0, 1] comparable
across texts and thresholds.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from factcheck.matching import lexical
from factcheck.matching import text as measures

WEIGHTS = Path(__file__).resolve().parent.parent / "ml" / "matcher.json"

FEATURES = (
    "bm25",  # BM25 of claim + headline over the query's own best possible score
    "bm25_claim",
    "bm25_headline",
    "bm25_rr",  # 1 / (1 + rank by BM25 among all fact-checks)
    "cos",  # embedding cosine, query vs claim + headline
    "cos_claim",
    "cos_headline",
    "cos_rr",  # 1 / (1 + rank by cosine)
    "cos_best",  # the best cosine of the text or any of its sentences against claim + headline
    "align_doc",  # soft overlap: the fact-check's tokens' best cosines with the text's (idf-weighted)
    "align_text",  # the same from the text's side
    # The same nine, as the gap to the best candidate of this text: what wins is relative.
    "bm25_gap",
    "bm25_claim_gap",
    "bm25_headline_gap",
    "cos_gap",
    "cos_claim_gap",
    "cos_headline_gap",
    "cos_best_gap",
    "align_doc_gap",
    "align_text_gap",
    "cover_doc",  # share of the fact-check's content words found in the query
    "cover_query",  # share of the query's content words found in the fact-check
    "figures_shared",
    "figures_differ",
    "names_shared",
    "negation_differs",
    "direction_differs",
    # Where the candidate stands among this text's candidates by each of the first eleven features
    # and the two coverages: 1 / (1 + how many candidates score strictly higher; ties share a rank).
    *(
        f"{name}_place"
        for name in (
            "bm25",
            "bm25_claim",
            "bm25_headline",
            "bm25_rr",
            "cos",
            "cos_claim",
            "cos_headline",
            "cos_rr",
            "cos_best",
            "align_doc",
            "align_text",
            "cover_doc",
            "cover_query",
        )
    ),
)
PLACED = tuple(f.removesuffix("_place") for f in FEATURES if f.endswith("_place"))


@dataclass(frozen=True)
class TextInfo:
    """What the near-miss features need of one text, computed once per text."""

    words: frozenset[str]
    figures: frozenset[str]
    names: frozenset[str]
    negated: bool
    direction: int

    @classmethod
    def of(cls, text: str) -> TextInfo:
        core = measures.core(text)
        ws = measures.words(core)
        # Numbers and names compare across languages: "3.000" (Spanish) is "3,000", "Perú" "Peru".
        spelled = {measures._NUMBER_WORDS[w] for w in ws if w in measures._NUMBER_WORDS}
        spelled.discard(measures._NUMBER_WORDS["half"])
        return cls(
            words=frozenset(measures.content_words(core)),
            figures=frozenset(t for t in lexical.tokens(core) if t[0].isdigit()) | spelled,
            names=frozenset(lexical.fold(n) for n in measures._names(core)),
            negated=measures._negated(ws),
            direction=measures._direction(set(ws)),
        )


def pair_features(query: TextInfo, doc: TextInfo) -> list[float]:
    """The near-miss part of the feature vector (the last seven features, in FEATURES order)."""
    shared = len(query.words & doc.words)
    fig_shared = bool(query.figures & doc.figures)
    return [
        shared / len(doc.words) if doc.words else 0.0,
        shared / len(query.words) if query.words else 0.0,
        1.0 if fig_shared else 0.0,
        1.0 if (query.figures and doc.figures and not fig_shared) else 0.0,
        len(query.names & doc.names) / len(doc.names) if doc.names else 0.0,
        1.0 if query.negated != doc.negated else 0.0,
        1.0 if (query.direction and doc.direction and query.direction != doc.direction) else 0.0,
    ]


@dataclass(frozen=True)
class Model:
    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    version: str

    def score(self, features: np.ndarray) -> np.ndarray:
        z = ((features - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))


@cache
def model() -> Model:
    data = json.loads(WEIGHTS.read_text())
    if tuple(data["features"]) != FEATURES:
        raise RuntimeError(
            f"{WEIGHTS.name} was trained on other features; retrain with bench/train_matcher.py."
        )
    return Model(
        weights=np.asarray(data["weights"], dtype=np.float64),
        bias=float(data["bias"]),
        mean=np.asarray(data["mean"], dtype=np.float64),
        scale=np.asarray(data["scale"], dtype=np.float64),
        version=data["version"],
    )


def reciprocal_rank(rank: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + rank)


GAP_OF = (
    0,
    1,
    2,
    4,
    5,
    6,
    8,
    9,
    10,
)  # the columns of FEATURES whose gap to the best candidate follows them


def with_gaps(columns: np.ndarray) -> np.ndarray:
    """The first eleven features plus their gaps to the best candidate (in FEATURES order)."""
    picked = columns[:, GAP_OF]
    return np.column_stack([columns, picked - picked.max(axis=0)])


def with_places(matrix: np.ndarray) -> np.ndarray:
    """`matrix` (the features before the places) followed by each candidate's place among the
    text's candidates by each of `PLACED`. Equal values share a place, so the order the candidates
    come in never decides one."""
    columns = [FEATURES.index(name) for name in PLACED]
    places = []
    for c in columns:
        values = matrix[:, c]
        higher = len(values) - np.searchsorted(np.sort(values), values, side="right")
        places.append(reciprocal_rank(higher))
    return np.column_stack([matrix, *places]) if places else matrix


def log_odds(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))
