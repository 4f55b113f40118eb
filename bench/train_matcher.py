"""Train the matcher's re-ranker on the CheckThat! 2020 Task 2 TRAIN tweets; write factcheck/ml/matcher.json.

    .venv/bin/python bench/train_matcher.py            # cross-validate on train, fit, write the weights
    .venv/bin/python bench/train_matcher.py --cv-only  # figures only

Only the 800 training tweets are used, to fit and to tune: 5-fold cross-validation by tweet picks the
regularisation (C) by MAP@5 on the held-out folds. The dev tweets are never read here; bench/checkthat2020.py
reports on them, once, through the app's commands.

Each tweet's candidates are what the app ranks (`engine.Corpus.features`: the top 30 by BM25 and the top
30 by embedding cosine); a candidate is positive when it is a gold claim of the tweet. A gold claim that
neither door lets in cannot be learnt or found: the candidate recall is printed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import ct2020_data as ct  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from factcheck.matching import engine, rerank  # noqa: E402

FOLDS = 5
C_GRID = (0.03, 0.1, 0.3, 1.0)


def build_corpus():
    rows = ct.collection()
    documents = [engine.Document("outside", i, claim, title) for i, claim, title in rows]
    return rows, engine.Corpus(documents)


def examples(corpus, tweets, gold):
    """Per tweet: candidate claim ids, feature matrix, labels."""
    out = []
    found = 0
    for tweet_id, text in tweets:
        candidates, matrix = corpus.features(text)
        ids = np.array([corpus.documents[i].pk for i in candidates])
        labels = np.isin(ids, list(gold[tweet_id])).astype(int)
        found += int(labels.sum())
        out.append((tweet_id, ids, matrix, labels))
    total = sum(len(g) for g in gold.values())
    return out, found / total


def fit(train, C):
    """Pairwise logistic regression (each gold candidate minus each other candidate of its tweet, and
    the reverse), then a one-feature logistic regression on the candidates' scores so the score reads
    as a probability. Returned as one linear model: sigmoid(((x - mean) / scale) @ w + b)."""
    X = np.vstack([m for _, _, m, _ in train])
    y = np.concatenate([lab for _, _, _, lab in train])
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    diffs = []
    for _, _, matrix, labels in train:
        z = (matrix - mean) / scale
        for positive in z[labels == 1]:
            diffs.append(positive - z[labels == 0])
    D = np.vstack(diffs)
    pairwise = LogisticRegression(C=C, max_iter=3000, fit_intercept=False)
    pairwise.fit(np.vstack([D, -D]), np.r_[np.ones(len(D)), np.zeros(len(D))])
    w = pairwise.coef_[0]
    raw = ((X - mean) / scale) @ w
    platt = LogisticRegression(C=100.0, max_iter=1000).fit(raw[:, None], y)
    a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    return rerank.Model(weights=w * a, bias=b, mean=mean, scale=scale, version="")


def evaluate(model, held, gold, ks=(1, 3, 5)):
    runs = {}
    for tweet_id, ids, matrix, _ in held:
        scores = model.score(matrix)
        runs[tweet_id] = list(zip(ids.tolist(), scores.tolist(), strict=True))
    part = {t: gold[t] for t, *_ in held}
    return {k: ct.map_at(runs, part, k) for k in ks}


def cross_validate(data, gold, C):
    rng = np.random.default_rng(2020)
    order = rng.permutation(len(data))
    folds = np.array_split(order, FOLDS)
    scores = {1: [], 3: [], 5: []}
    for f in range(FOLDS):
        held = [data[i] for i in folds[f]]
        train = [data[i] for g in range(FOLDS) if g != f for i in folds[g]]
        result = evaluate(fit(train, C), held, gold)
        for k in scores:
            scores[k].append(result[k] * len(held))
    return {k: sum(v) / len(data) for k, v in scores.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv-only", action="store_true")
    args = parser.parse_args()
    clock = time.perf_counter()
    _, corpus = build_corpus()
    print(f"corpus: {len(corpus):,} claims indexed in {time.perf_counter() - clock:.1f} s")
    gold = ct.gold("train")
    data, recall = examples(corpus, ct.tweets("train"), gold)
    print(f"train: {len(data)} tweets, candidate recall {recall:.3f}")
    best = None
    for C in C_GRID:
        cv = cross_validate(data, gold, C)
        print(f"C={C:<5} CV MAP@1 {cv[1]:.3f}  MAP@3 {cv[3]:.3f}  MAP@5 {cv[5]:.3f}")
        if best is None or cv[5] > best[1][5]:
            best = (C, cv)
    C, cv = best
    print(f"chosen C={C} (CV MAP@5 {cv[5]:.3f})")
    if args.cv_only:
        return
    model = fit(data, C)
    payload = {
        "features": list(rerank.FEATURES),
        "weights": [round(float(w), 6) for w in model.weights],
        "bias": round(model.bias, 6),
        "mean": [round(float(m), 6) for m in model.mean],
        "scale": [round(float(s), 6) for s in model.scale],
        "trained_on": "CLEF CheckThat! 2020 Task 2 English, train tweets (800)",
        "C": C,
        "cv_map": {f"MAP@{k}": round(v, 4) for k, v in cv.items()},
    }
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:12]
    payload["version"] = f"lr-{digest}"
    rerank.WEIGHTS.write_text(json.dumps(payload, indent=1) + "\n")
    for name, w in sorted(
        zip(rerank.FEATURES, model.weights, strict=True), key=lambda t: -abs(t[1])
    ):
        print(f"  {name:<18} {w:+.3f}")
    print(f"wrote {rerank.WEIGHTS.relative_to(ROOT)} ({payload['version']})")


if __name__ == "__main__":
    main()
