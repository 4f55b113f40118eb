"""Evaluate the shipped check-worthiness model on the held-out debates, against a plain baseline.

    .venv/bin/python bench/eval_checkworthiness.py

Test set: the ClaimBuster (Arslan et al., ICWSM 2020) crowdsourced sentences of the three 2016
presidential debates, which training and tuning never saw (see `load_splits` in
bench/train_checkworthiness.py: split by debate, deduplicated by text). Positive class: label 1
(check-worthy factual sentence).

Printed for each scorer: average precision, and F1 of the check-worthy class at the threshold tuned on
the ground truth by debate-disjoint cross-validation (never on the test set):
- baseline: TF-IDF over words + logistic regression, scikit-learn defaults, trained on the same split;
- rules: `extraction.score_sentence` alone;
- model: the shipped model's probability alone (average precision only: its threshold is the
  combined score's);
- shipped score: what claims get, `checkworthiness.score_claim` (model and rules combined).
Then the time to score one sentence, in microseconds.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_checkworthiness import (
    FOLDS,
    best_f1_threshold,
    labels,
    load_splits,
    rule_sums,
    texts,
)

from factcheck import checkworthiness, extraction


def baseline_fit(rows):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer()
    clf = LogisticRegression(max_iter=2000).fit(vec.fit_transform(texts(rows)), labels(rows))
    return lambda rs: clf.predict_proba(vec.transform(texts(rs)))[:, 1]


def baseline_threshold(train, tune) -> float:
    """Tuned like the shipped model's: on the ground truth, debate-disjoint cross-validation."""
    from sklearn.model_selection import GroupKFold

    groups = [r.debate for r in tune]
    oof = np.zeros(len(tune))
    for _, held_idx in GroupKFold(n_splits=FOLDS).split(tune, groups=groups):
        held = {groups[i] for i in held_idx}
        predict = baseline_fit([r for r in train if r.debate not in held])
        oof[held_idx] = predict([tune[i] for i in held_idx])
    return best_f1_threshold(labels(tune), oof)[0]


def line(name, y, scores, threshold=None):
    from sklearn.metrics import average_precision_score, f1_score

    ap = average_precision_score(y, scores)
    text = f"{name:<34} average precision {ap:.3f}"
    if threshold is not None:
        f1 = f1_score(y, scores >= threshold)
        text += f"   F1 {f1:.3f} (threshold {threshold:.3f})"
    print(text)


def timing(sentences, fn, repeat=3) -> tuple[float, float]:
    """(first pass, best of `repeat` passes) in µs per sentence: the model caches each word's
    n-grams, so the first pass over unseen sentences is the slower one."""
    passes = []
    for _ in range(repeat):
        started = time.perf_counter()
        for s in sentences:
            fn(s)
        passes.append((time.perf_counter() - started) / len(sentences) * 1e6)
    return passes[0], min(passes)


def main() -> None:
    train, tune, test = load_splits()
    y = labels(test)
    model = checkworthiness.model()
    print(
        f"Model {model.version}: {len(model)} n-grams, alpha {model.alpha:.2f}, "
        f"threshold {model.threshold:.3f}, artefact "
        f"{checkworthiness.ARTEFACT.stat().st_size / 1024:.0f} KB"
    )
    print(
        f"Held-out test: {len(test)} sentences of the 2016 debates, {y.mean():.1%} check-worthy "
        f"(train {len(train)}, tune {len(tune)})\n"
    )

    predict = baseline_fit(train)
    line("baseline: TF-IDF + LR", y, predict(test), baseline_threshold(train, tune))
    line("rules (extraction) alone", y, np.clip(rule_sums(test), 0, 1))
    p = np.array([model.probability(t) for t in texts(test)])
    line("model alone", y, p)
    shipped = np.array([checkworthiness.score_claim(t).score for t in texts(test)])
    line("shipped score (model + rules)", y, shipped, model.threshold)

    from sklearn.metrics import precision_recall_curve

    precision, recall, _ = precision_recall_curve(y, shipped)
    oracle = np.max(2 * precision * recall / np.maximum(precision + recall, 1e-12))
    print(
        f"\n(for reference only: the best F1 any threshold reaches on this test set is {oracle:.3f})"
    )

    sample = texts(test)[:1000]
    words = statistics.mean(len(s.split()) for s in sample)
    print(
        f"\nScoring time per sentence ({len(sample)} test sentences, {words:.0f} words on average):"
    )
    for name, fn in (
        ("model alone", checkworthiness.Model().probability),  # a fresh model: a cold cache
        ("rules alone", extraction.score_sentence),
        ("score_claim (model + rules)", checkworthiness.score_claim),
    ):
        first, best = timing(sample, fn)
        print(f"  {name:<28} {first:7.1f} µs first pass, {best:7.1f} µs after")


if __name__ == "__main__":
    main()
