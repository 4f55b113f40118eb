"""How much a sentence deserves checking: a trained model combined with the explainable rule features.

The model is a logistic regression over word, word-pair and character n-grams, trained on the
ClaimBuster debate sentences (Arslan, Hassan, Li, Tremayne, "A Benchmark Dataset of Check-worthy
Factual Claims", ICWSM 2020; doi:10.5281/zenodo.3609356) by `bench/train_checkworthiness.py`. Its
weights ship in `factcheck/ml/checkworthiness.npz` (a pruned vocabulary, idf and coefficients), so
scoring needs neither the network nor scikit-learn: only NumPy to read the file, then plain Python.

The score a claim gets is ``alpha * P(check-worthy) + (1 - alpha) * rule score`` (clamped to [0, 1]),
with `alpha` tuned on the expert-labelled ClaimBuster ground truth. Its `features` say why: a "model"
contribution plus every rule feature of `extraction.score_sentence` scaled by ``1 - alpha``, so the
contributions add up to the score. `version` names both the model (a digest of its weights) and the
rules, and is stored on every claim as `Claim.score_version`.

No Django import at module level: the training and evaluation scripts use the same n-grams.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

from factcheck import extraction

ARTEFACT = Path(__file__).resolve().parent / "ml" / "checkworthiness.npz"
RULES_VERSION = getattr(extraction, "SCORE_VERSION", "features-1")

# Words (with an inner apostrophe), runs of digits with their separators, and single punctuation
# marks: "?" and "%" say as much about check-worthiness as most words do.
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+(?:[.,]\d+)*|[^\w\s]")
_DIGIT = re.compile(r"\d")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
CHAR_NGRAMS = (2, 5)


def tokens(text: str) -> list[str]:
    """Lower-cased tokens with every digit replaced by 0, so "$4 trillion" and "$7 trillion" look alike."""
    return [_DIGIT.sub("0", t) for t in _TOKEN.findall(text.lower().translate(_QUOTES))]


def ngrams(text: str) -> Iterator[str]:
    """The model's features of a sentence: words ("w:"), word pairs ("b:") with sentence boundaries,
    and character 2- to 5-grams inside each word padded by spaces ("c:")."""
    toks = tokens(text)
    for t in toks:
        yield "w:" + t
    padded = ["<s>", *toks, "</s>"]
    for a, b in pairwise(padded):
        yield f"b:{a} {b}"
    low, high = CHAR_NGRAMS
    for t in toks:
        w = f" {t} "
        size = len(w)
        for n in range(low, high + 1):
            for i in range(size - n + 1):
                yield "c:" + w[i : i + n]


def analyzer(text: str) -> list[str]:
    """`ngrams` as a list, the form scikit-learn's vectorizers take as `analyzer=`."""
    return list(ngrams(text))


class Model:
    """The exported logistic regression: sublinear tf-idf over the pruned vocabulary, L2-normalised,
    then a dot product with the coefficients. Mirrors scikit-learn's TfidfVectorizer(sublinear_tf=True)
    followed by LogisticRegression.predict_proba, to within float32 rounding."""

    def __init__(self, path: Path = ARTEFACT):
        import numpy as np

        with np.load(path, allow_pickle=False) as data:
            vocab = data["vocab"].tolist()
            idf = data["idf"].astype(float).tolist()
            coef = data["coef"].astype(float).tolist()
            self.intercept = float(data["intercept"])
            self.meta: dict = json.loads(str(data["meta"]))
        # One lookup per n-gram: index -> (idf, coefficient).
        self._weights = dict(zip(vocab, zip(idf, coef, strict=True), strict=True))
        self.version: str = self.meta["version"]
        self.alpha: float = float(self.meta["alpha"])
        self.threshold: float = float(self.meta["threshold"])
        self._cached_token_grams = lru_cache(maxsize=65_536)(self._token_grams)

    def __len__(self) -> int:
        return len(self._weights)

    def _token_grams(self, token: str) -> tuple[str, ...]:
        """The in-vocabulary word and character n-grams of one token (cached: tokens recur)."""
        weights = self._weights
        grams = ["w:" + token]
        w = f" {token} "
        low, high = CHAR_NGRAMS
        for n in range(low, high + 1):
            grams.extend("c:" + w[i : i + n] for i in range(len(w) - n + 1))
        return tuple(g for g in grams if g in weights)

    def logit(self, text: str) -> float:
        """The same sum as over `ngrams(text)`, computed token by token."""
        counts: dict[str, int] = {}
        weights = self._weights
        toks = tokens(text)
        token_grams = self._cached_token_grams
        for t in toks:
            for gram in token_grams(t):
                counts[gram] = counts.get(gram, 0) + 1
        padded = ["<s>", *toks, "</s>"]
        for a, b in pairwise(padded):
            gram = f"b:{a} {b}"
            if gram in weights:
                counts[gram] = counts.get(gram, 0) + 1
        if not counts:
            return self.intercept
        norm = dot = 0.0
        for gram, count in counts.items():
            idf, coef = weights[gram]
            value = (1.0 + math.log(count)) * idf
            norm += value * value
            dot += value * coef
        return self.intercept + dot / math.sqrt(norm)

    def probability(self, text: str) -> float:
        """P(check-worthy factual sentence) under the model."""
        z = self.logit(text)
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)


@cache
def model() -> Model:
    """The shipped model, loaded once per process."""
    return Model()


def version() -> str:
    """What `Claim.score_version` records: the model's digest and the rules' version."""
    return f"{model().version}+{RULES_VERSION}"[:40]


@dataclass(frozen=True)
class Scored:
    score: float
    features: dict[str, float]
    version: str

    @property
    def check_worthy(self) -> bool:
        """Above the threshold tuned on the ground truth for the F1 of the check-worthy class."""
        return self.score >= model().threshold


def combine(probability: float, rule_features: dict[str, float], alpha: float) -> Scored:
    """The claim's score from the model's probability and the rule features, with its explanation."""
    features = {"model": round(alpha * probability, 4)}
    for name, value in rule_features.items():
        features[name] = round((1 - alpha) * value, 4)
    score = round(min(1.0, max(0.0, sum(features.values()))), 4)
    return Scored(score, features, version())


def score_claim(sentence: str, *, language: str = "en") -> Scored:
    """Score a claim's sentence for check-worthiness, with the reasons and the scorer's version.

    The model was trained on English only: other languages are scored by the language-neutral
    rules alone (`extraction.score_sentence(sentence, language)`), without a "model" feature, and
    their version says so (`rules-<language>+<rules version>`).
    """
    code = extraction.languages.normalise_code(language) or "en"
    if code != "en":
        score, rule_features = extraction.score_sentence(sentence, code)
        return Scored(score, rule_features, f"rules-{code}+{RULES_VERSION}"[:40])
    m = model()
    _, rule_features = extraction.score_sentence(sentence)
    return combine(m.probability(sentence), rule_features, m.alpha)
