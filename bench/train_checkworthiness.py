"""Train the check-worthiness model and export it to factcheck/ml/checkworthiness.npz.

Exact command (from the repository root; about five minutes on two cores):

    .venv/bin/python bench/train_checkworthiness.py

Data: the ClaimBuster dataset (Arslan, Hassan, Li, Tremayne, "A Benchmark Dataset of Check-worthy
Factual Claims", ICWSM 2020; doi:10.5281/zenodo.3609356), read from ../shared/data/claimbuster/
(or $FACTCHECK_SHARED_DATA/claimbuster/); it is never copied into the repository. Label: 1 (check-worthy
factual sentence) against 0 and -1.

The split (`load_splits`, also used by bench/eval_checkworthiness.py), by debate so that nothing leaks
from one debate into another:
- test: crowdsourced.csv sentences of the three 2016 debates, which groundtruth.csv does not cover.
  Neither training nor tuning ever sees them.
- tune: groundtruth.csv (expert labels), used only through debate-disjoint cross-validation: each
  fold's model is trained without the debates whose ground-truth sentences it predicts.
- train: crowdsourced.csv sentences of the other 30 debates.
Texts are compared after lower-casing and keeping only words: a sentence of the test set or of the
ground truth is dropped from training, and a test sentence that also occurs in training is dropped from
the test (short formulas like "Thank you." recur across debates); duplicates within a set are kept once.

Pipeline: sublinear tf-idf over `checkworthiness.ngrams` (words, word pairs, character 2-5-grams),
logistic regression with balanced class weights; the vocabulary is then pruned to the n-grams with the
largest coefficients and the model refitted on it, so the artefact stays small. Tuned by cross-validation
on the ground truth: C (average precision), the weight `alpha` of the model against the rule features
(the smallest alpha within 0.005 of the best average precision: the rules are what a reviewer can read),
and the decision threshold (F1 of the check-worthy class).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck import checkworthiness, extraction  # noqa: E402

TEST_DEBATES = frozenset({"2016-09-26.txt", "2016-10-09.txt", "2016-10-19.txt"})
FOLDS = 5
C_GRID = (1.0, 3.0)
ALPHA_GRID = tuple(round(a * 0.05, 2) for a in range(8, 21))  # 0.40 .. 1.00
ALPHA_TOLERANCE = 0.005
MIN_DF = 3
KEEP_FEATURES = 24_000


def data_dir() -> Path:
    shared = os.environ.get("FACTCHECK_SHARED_DATA")
    base = Path(shared) if shared else ROOT.parent / "shared" / "data"
    return base / "claimbuster"


@dataclass(frozen=True)
class Sentence:
    text: str
    label: int  # 1 = check-worthy factual, 0 = anything else
    debate: str


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _read(path: Path) -> list[Sentence]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Sentence(row["Text"].strip(), 1 if row["Verdict"].strip() == "1" else 0, row["File_id"])
            for row in csv.DictReader(f)
            if row["Text"].strip()
        ]


def _unique(rows, exclude=frozenset()):
    seen = set(exclude)
    out = []
    for r in rows:
        k = _key(r.text)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def load_splits(directory: Path | None = None):
    """(train, tune, test) lists of Sentence, as described in the module docstring."""
    directory = directory or data_dir()
    if not (directory / "crowdsourced.csv").exists():
        raise SystemExit(f"ClaimBuster data not found in {directory} (set FACTCHECK_SHARED_DATA).")
    crowd = _read(directory / "crowdsourced.csv")
    ground = _read(directory / "groundtruth.csv")
    test_raw = [r for r in crowd if r.debate in TEST_DEBATES]
    held = {_key(r.text) for r in test_raw} | {_key(r.text) for r in ground}
    train = _unique((r for r in crowd if r.debate not in TEST_DEBATES), exclude=held)
    train_keys = {_key(r.text) for r in train}
    tune = _unique(r for r in ground if _key(r.text) not in {_key(t.text) for t in test_raw})
    test = _unique(test_raw, exclude=train_keys)
    return train, tune, test


def labels(rows) -> np.ndarray:
    return np.array([r.label for r in rows])


def texts(rows) -> list[str]:
    return [r.text for r in rows]


def rule_sums(rows) -> np.ndarray:
    """The unclamped sum of the rule features, as `checkworthiness.combine` adds them."""
    return np.array([sum(extraction.score_sentence(r.text)[1].values()) for r in rows])


def fit(rows, *, C: float, keep: int = KEEP_FEATURES):
    """Fit tf-idf + logistic regression, prune the vocabulary to `keep` n-grams, refit on it."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    y = labels(rows)
    vec = TfidfVectorizer(analyzer=checkworthiness.analyzer, sublinear_tf=True, min_df=MIN_DF)
    X = vec.fit_transform(texts(rows))
    clf = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(X, y)
    names = vec.get_feature_names_out()
    top = np.argsort(-np.abs(clf.coef_[0]))[:keep]
    vocab = sorted(names[top].tolist())
    vec = TfidfVectorizer(
        analyzer=checkworthiness.analyzer, sublinear_tf=True, vocabulary=vocab, min_df=1
    )
    X = vec.fit_transform(texts(rows))
    clf = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(X, y)
    return vec, clf


def predict(vec, clf, rows) -> np.ndarray:
    return clf.predict_proba(vec.transform(texts(rows)))[:, 1]


def out_of_fold(train, tune, *, C: float) -> np.ndarray:
    """Predictions for every ground-truth sentence by a model that never saw its debate."""
    from sklearn.model_selection import GroupKFold

    groups = [r.debate for r in tune]
    oof = np.zeros(len(tune))
    for _, held_idx in GroupKFold(n_splits=FOLDS).split(tune, groups=groups):
        held = {groups[i] for i in held_idx}
        vec, clf = fit([r for r in train if r.debate not in held], C=C)
        oof[held_idx] = predict(vec, clf, [tune[i] for i in held_idx])
    return oof


def combined(p: np.ndarray, rules: np.ndarray, alpha: float) -> np.ndarray:
    return np.clip(alpha * p + (1 - alpha) * rules, 0, 1)


def best_f1_threshold(y: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    from sklearn.metrics import precision_recall_curve

    precision, recall, thresholds = precision_recall_curve(y, scores)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    i = int(np.argmax(f1[:-1]))
    return float(thresholds[i]), float(f1[i])


def export(vec, clf, meta: dict, out: Path) -> str:
    vocab = np.array(vec.get_feature_names_out().tolist())
    idf = vec.idf_.astype(np.float32)
    coef = clf.coef_[0].astype(np.float32)
    intercept = np.float32(clf.intercept_[0])
    digest = hashlib.sha256()
    for part in ("\n".join(vocab.tolist()).encode(), idf.tobytes(), coef.tobytes()):
        digest.update(part)
    digest.update(intercept.tobytes())
    digest.update(json.dumps(meta, sort_keys=True).encode())
    meta = {**meta, "version": "cw-" + digest.hexdigest()[:10]}
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        vocab=vocab,
        idf=idf,
        coef=coef,
        intercept=intercept,
        meta=np.array(json.dumps(meta, sort_keys=True)),
    )
    return meta["version"]


def main(argv=None) -> None:
    from sklearn.metrics import average_precision_score

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=checkworthiness.ARTEFACT)
    args = parser.parse_args(argv)
    started = time.perf_counter()

    train, tune, test = load_splits()
    print(
        f"train {len(train)} sentences from {len({r.debate for r in train})} debates, "
        f"{labels(train).mean():.1%} check-worthy"
    )
    print(
        f"tune  {len(tune)} ground-truth sentences (debate-disjoint {FOLDS}-fold), "
        f"{labels(tune).mean():.1%} check-worthy"
    )
    print(f"test  {len(test)} sentences of the 2016 debates, untouched here")

    y_tune = labels(tune)
    best = None
    for C in C_GRID:
        oof = out_of_fold(train, tune, C=C)
        ap = average_precision_score(y_tune, oof)
        print(f"  C={C:g}: cross-validated average precision on the ground truth {ap:.3f}")
        if best is None or ap > best[1]:
            best = (C, ap, oof)
    C, ap_model, oof = best

    rules = rule_sums(tune)
    by_alpha = {a: average_precision_score(y_tune, combined(oof, rules, a)) for a in ALPHA_GRID}
    top = max(by_alpha.values())
    alpha = min(a for a, ap in by_alpha.items() if ap >= top - ALPHA_TOLERANCE)
    threshold, f1 = best_f1_threshold(y_tune, combined(oof, rules, alpha))
    print(
        f"  alpha={alpha:.2f} (AP {by_alpha[alpha]:.3f}; model alone {by_alpha[1.0]:.3f}); "
        f"threshold {threshold:.3f} (cross-validated F1 {f1:.3f})"
    )

    vec, clf = fit(train, C=C)
    meta = {
        "trained_on": "ClaimBuster crowdsourced.csv, debates before 2016 (Arslan et al., ICWSM 2020)",
        "C": C,
        "alpha": alpha,
        "threshold": round(threshold, 4),
        "rules_version": checkworthiness.RULES_VERSION,
        "n_train": len(train),
        "n_features": len(vec.vocabulary_),
        "cv_average_precision_model": round(ap_model, 4),
        "cv_average_precision_combined": round(by_alpha[alpha], 4),
        "cv_f1_combined": round(f1, 4),
    }
    version = export(vec, clf, meta, args.out)
    size = args.out.stat().st_size
    print(
        f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out} "
        f"({size / 1024:.0f} KB, {len(vec.vocabulary_)} n-grams), version {version}, "
        f"in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
