"""Evaluate the shipped check-worthiness model on CheckThat! 2024 Task 1 (English), against a baseline.

    .venv/bin/python bench/eval_checkworthiness.py

Splits (see bench/train_checkworthiness.py): the model was fitted on train and everything about it
was chosen on dev; dev-test (318 sentences of debates later than train's) is read only here. The
official test split is not available, so these are not the task's leaderboard figures.

Printed for each scorer, on dev and on dev-test: average precision, and F1 of the Yes class at a
threshold chosen without dev-test, in one of two ways: the one that maximises F1 on dev, or the one
that maximises F1 on debates the model never saw (fitted without the three 2016 debates of train,
measured on their crowd labels; see `unseen_debates`). Dev shares its debates with train, and on
unseen debates the model is less sure of itself, so the dev threshold runs high there.
- baseline: TF-IDF over words + logistic regression, scikit-learn defaults, trained on the same train;
- rules: `extraction.score_sentence` alone;
- model alone: the shipped model's probability;
- shipped score: what claims get, `checkworthiness.score_claim` (the model, blended with the rules
  only if training found that the blend measurably helps on dev).
Then the CPU time to score one sentence, in microseconds.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_checkworthiness import (
    baseline,
    best_f1_threshold,
    labels,
    load_splits,
    rule_sums,
    texts,
    unseen_debates,
)

from factcheck import checkworthiness, extraction


def line(name: str, dev_scores, test_scores, y_dev, y_test, threshold, chosen_on: str) -> None:
    from sklearn.metrics import average_precision_score, f1_score

    print(
        f"| {name:<26} | {average_precision_score(y_dev, dev_scores):.3f}  "
        f"| {f1_score(y_dev, dev_scores >= threshold):.3f}  "
        f"| {average_precision_score(y_test, test_scores):.3f}       "
        f"| {f1_score(y_test, test_scores >= threshold):.3f}       | {threshold:.3f} ({chosen_on}) |"
    )


def timing(sentences, fn, repeat=3) -> tuple[float, float]:
    """(first pass, best of `repeat` passes) in µs of this process's CPU time per sentence (CPU
    time, so that other work on a shared machine does not count): the model caches each word's
    n-grams, so the first pass over unseen sentences is the slower one."""
    passes = []
    for _ in range(repeat):
        started = time.process_time()
        for s in sentences:
            fn(s)
        passes.append((time.process_time() - started) / len(sentences) * 1e6)
    return passes[0], min(passes)


def main() -> None:
    train, dev, test = load_splits()
    y_dev, y_test = labels(dev), labels(test)
    model = checkworthiness.model()
    print(
        f"Model {model.version}: {len(model)} n-grams, {len(model.intercepts)} margin(s), "
        f"alpha {model.alpha:.2f}, threshold {model.threshold:.3f}, artefact "
        f"{checkworthiness.ARTEFACT.stat().st_size / 1024:.0f} KB"
    )
    print(
        f"train {len(train)} ({labels(train).mean():.1%} Yes), dev {len(dev)} ({y_dev.mean():.1%} Yes), "
        f"dev-test {len(test)} ({y_test.mean():.1%} Yes)\n"
    )
    print(
        f"| {'scorer':<26} | dev AP | dev F1 | dev-test AP | dev-test F1 | threshold (chosen on) |"
    )
    print(f"|{'-' * 28}|--------|--------|-------------|-------------|-----------------------|")

    predict = baseline(train)
    b_dev, b_test = predict(dev), predict(test)
    earlier, held = unseen_debates(train)
    b_unseen = best_f1_threshold(labels(held), baseline(earlier)(held))[0]
    for threshold, chosen_on in ((best_f1_threshold(y_dev, b_dev)[0], "dev"), (b_unseen, "2016")):
        line("baseline: TF-IDF + LR", b_dev, b_test, y_dev, y_test, threshold, chosen_on)
    r_dev, r_test = np.clip(rule_sums(dev), 0, 1), np.clip(rule_sums(test), 0, 1)
    line("rules alone", r_dev, r_test, y_dev, y_test, best_f1_threshold(y_dev, r_dev)[0], "dev")
    p_dev = np.array([model.probability(t) for t in texts(dev)])
    p_test = np.array([model.probability(t) for t in texts(test)])
    line("model alone", p_dev, p_test, y_dev, y_test, best_f1_threshold(y_dev, p_dev)[0], "dev")
    shipped_dev = np.array([checkworthiness.score_claim(t).score for t in texts(dev)])
    shipped_test = np.array([checkworthiness.score_claim(t).score for t in texts(test)])
    for threshold, chosen_on in ((model.meta["dev_threshold"], "dev"), (model.threshold, "2016")):
        line("shipped score", shipped_dev, shipped_test, y_dev, y_test, threshold, chosen_on)

    oracle = best_f1_threshold(y_test, shipped_test)
    print(
        f"\n(for reference only: the best F1 any threshold reaches on dev-test is {oracle[1]:.3f}, "
        f"at {oracle[0]:.3f})"
    )

    sample = texts(dev)
    words = statistics.mean(len(s.split()) for s in sample)
    print(
        f"\nScoring time per sentence ({len(sample)} dev sentences, {words:.0f} words on average):"
    )
    for name, fn in (
        ("model alone", checkworthiness.Model().probability),  # a fresh model: a cold cache
        ("rules alone", extraction.score_sentence),
        ("score_claim (shipped)", checkworthiness.score_claim),
    ):
        first, best = timing(sample, fn)
        print(f"  {name:<28} {first:7.1f} µs first pass, {best:7.1f} µs after")


if __name__ == "__main__":
    main()
