"""How much a sentence deserves checking: a trained model, blended with the explainable rule
features only where that measurably helps.

The model is a logistic regression over word, word-pair and character n-grams and two sentence-shape
features, trained by `bench/train_checkworthiness.py` on the English train split of the CLEF-2024
CheckThat! Task 1 (debate sentences from ClaimBuster: Arslan, Hassan, Li, Tremayne, "A Benchmark
Dataset of Check-worthy Factual Claims", ICWSM 2020, doi:10.5281/zenodo.3609356; task overview:
Hasanain et al., CLEF 2024 Working Notes, CEUR-WS Vol-3740). It learns ClaimBuster's three verdicts
(check-worthy factual, unimportant factual, non-factual) and reports the probability of the first.
Its weights ship in `factcheck/ml/checkworthiness.npz` (a pruned vocabulary, idf and, for each other
verdict, the check-worthy verdict's margin over it), so scoring needs neither the network nor
scikit-learn: only NumPy to read the file, then plain Python.

The score a claim gets is ``alpha * P(check-worthy) + (1 - alpha) * rule score`` (clamped to
[0, 1]), with `alpha` tuned on the task's dev split: 1.0 (the model alone) unless the rules of
`extraction.score_sentence` measurably improved the ranking there. Its `features` say why: a "model"
contribution, plus every rule feature scaled by ``1 - alpha`` when the rules take part, so the
contributions add up to the score. `version` names both the model (a digest of its weights) and the
rules, and is stored on every claim as `Claim.score_version`.

No Django import at module level: the training and evaluation scripts use the same features.
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
# A capitalised word after a word or a comma: names, places, institutions. Tokens are lower-cased, so
# without this the model could not tell "the Senate" from "the senate"; the sentence's first word is
# skipped because there a capital proves nothing.
_CAPITALISED = re.compile(r"(?<=[\w,;:] )[A-ZÀ-ÖØ-Þ]")
CHAR_NGRAMS = (2, 5)
# Sentence length in tokens, in bins: one-liners ("Thank you.") are rarely worth checking.
_LENGTH_BINS = ((5, "<5"), (10, "5-9"), (20, "10-19"), (40, "20-39"))


def tokens(text: str) -> list[str]:
    """Lower-cased tokens with every digit replaced by 0, so "$4 trillion" and "$7 trillion" look alike."""
    return [_DIGIT.sub("0", t) for t in _TOKEN.findall(text.lower().translate(_QUOTES))]


def shape(text: str, n_tokens: int) -> list[str]:
    """The sentence-shape features: one "s:cap" per capitalised word after the first, and the
    sentence's length bin ("s:len10-19")."""
    length = next((name for limit, name in _LENGTH_BINS if n_tokens < limit), "40+")
    return ["s:cap"] * len(_CAPITALISED.findall(text)) + ["s:len" + length]


def ngrams(text: str) -> Iterator[str]:
    """The model's features of a sentence: words ("w:"), word pairs ("b:") with sentence boundaries,
    character 2- to 5-grams inside each word padded by spaces ("c:"), and its shape ("s:")."""
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
    yield from shape(text, len(toks))


def analyzer(text: str) -> list[str]:
    """`ngrams` as a list, the form scikit-learn's vectorizers take as `analyzer=`."""
    return list(ngrams(text))


class Model:
    """The exported logistic regression: sublinear tf-idf over the pruned vocabulary, L2-normalised,
    then one dot product per margin. A margin is the check-worthy verdict's logit minus another
    verdict's (one margin for a two-class model, two for ClaimBuster's three verdicts), so
    P(check-worthy) = 1 / (1 + sum(exp(-margin))). Mirrors scikit-learn's
    TfidfVectorizer(sublinear_tf=True) followed by LogisticRegression.predict_proba, to within float32
    rounding."""

    def __init__(self, path: Path = ARTEFACT):
        import numpy as np

        with np.load(path, allow_pickle=False) as data:
            vocab = data["vocab"].tolist()
            idf = data["idf"].astype(float)
            margins = data["margins"].astype(float)
            self.intercepts: tuple[float, ...] = tuple(data["intercepts"].astype(float).tolist())
            self.meta: dict = json.loads(str(data["meta"]))
        if len(self.intercepts) not in (1, 2) or margins.shape != (len(self.intercepts), len(idf)):
            raise ValueError(f"{path}: expected one or two margins over {len(idf)} n-grams")
        # One lookup per n-gram: (idf², idf × weight in the first margin, idf × weight in the
        # second, or 0.0 for a two-class model). Most n-grams occur once in a sentence, and then
        # these are exactly what the norm and the dot products add up.
        second = margins[1] if len(margins) > 1 else np.zeros(len(idf))
        columns = (idf * idf, idf * margins[0], idf * second)
        table = zip(*(column.tolist() for column in columns), strict=True)
        self._weights = dict(zip(vocab, table, strict=True))
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

    def margins(self, text: str) -> tuple[float, ...]:
        """The same sums as over `ngrams(text)`, computed token by token."""
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
        for gram in shape(text, len(toks)):
            if gram in weights:
                counts[gram] = counts.get(gram, 0) + 1
        if not counts:
            return self.intercepts
        norm = first = second = 0.0
        for gram, count in counts.items():
            squared, a, b = weights[gram]
            if count == 1:
                norm += squared
                first += a
                second += b
            else:
                tf = 1.0 + math.log(count)
                norm += tf * tf * squared
                first += tf * a
                second += tf * b
        norm = math.sqrt(norm)
        return tuple(
            intercept + dot / norm
            for intercept, dot in zip(self.intercepts, (first, second), strict=False)
        )

    def probability(self, text: str) -> float:
        """P(check-worthy factual sentence) under the model."""
        # 1 / (1 + sum(exp(-m))), with exp's argument capped: a margin of -800 means "surely not".
        rest = sum(math.exp(min(-m, 700.0)) for m in self.margins(text))
        return 1.0 / (1.0 + rest)


@cache
def model() -> Model:
    """The shipped model, loaded once per process."""
    return Model()


def version() -> str:
    """What `Claim.score_version` records: the model's digest, and the rules' version when the
    rules take part in the score (a change of rules then means a re-score; otherwise it does not)."""
    m = model()
    return (m.version if m.alpha >= 1 else f"{m.version}+{RULES_VERSION}")[:40]


@dataclass(frozen=True)
class Scored:
    score: float
    features: dict[str, float]
    version: str

    @property
    def check_worthy(self) -> bool:
        """At or above the threshold tuned on the dev split for the F1 of the check-worthy class."""
        return self.score >= model().threshold


def combine(probability: float, rule_features: dict[str, float], alpha: float) -> Scored:
    """The claim's score from the model's probability and the rule features, with its explanation:
    the rules appear in it only when they have a weight (alpha below 1)."""
    features = {"model": round(alpha * probability, 4)}
    if alpha < 1:
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
    rule_features = extraction.score_sentence(sentence)[1] if m.alpha < 1 else {}
    return combine(m.probability(sentence), rule_features, m.alpha)
