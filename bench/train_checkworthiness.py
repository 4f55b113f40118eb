"""Train the check-worthiness model on CheckThat! 2024 Task 1 (English), export it to factcheck/ml/.

Exact commands (from the repository root, on two cores):

    .venv/bin/python bench/train_checkworthiness.py            # train, tune on dev, export (~3 min)
    .venv/bin/python bench/train_checkworthiness.py --explore  # the table of what was tried (~30 min)

Data, read from ../shared/data/ (or $FACTCHECK_SHARED_DATA/), never copied into the repository:
- ct24_checkworthiness/: the CLEF-2024 CheckThat! Task 1 English splits (Hasanain et al., CLEF 2024
  Working Notes, CEUR-WS Vol-3740). train (22,501 sentences) fits the model; dev (1,032) chooses
  everything that is chosen (C, the rule weight alpha, the decision threshold, which variant ships);
  dev-test (318) is only read by bench/eval_checkworthiness.py, once per final choice. The official
  test split is not available. Label: Yes (check-worthy) or No.
- claimbuster/crowdsourced.csv (Arslan, Hassan, Li, Tremayne, ICWSM 2020, doi:10.5281/zenodo.3609356):
  the same 22,501 sentences as CT24 train, joined by Sentence_id. It adds no sentences, only what CT24
  dropped: the three-way verdict (check-worthy factual / unimportant factual / non-factual; Yes is
  exactly the first) and the debate each sentence comes from.

Dev comes from the same debates as train (other sentences), dev-test from later ones. So `--explore`
prints a second column besides dev: each variant trained without the three 2016 debates and
measured on their crowd labels, a check of how it carries over to debates it never saw. It decides
nothing; it shows whether dev's choice holds up.

The shipped pipeline (`fit`): sublinear tf-idf over `checkworthiness.ngrams` (words, word pairs,
character 2-5-grams, sentence shape), a multinomial logistic regression over the three ClaimBuster
verdicts, the vocabulary pruned to the n-grams with the largest margins and the model refitted on it,
so the artefact stays small. Scores are P(check-worthy factual). On dev: C by average precision; the
rule weight alpha (score = alpha * model + (1 - alpha) * rules) by average precision, kept below 1.0
only if a paired bootstrap says the blend beats the model alone; the threshold by F1 of Yes.
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck import checkworthiness, extraction  # noqa: E402

C_GRID = (2.0, 3.0, 5.0)
ALPHA_GRID = tuple(round(a * 0.05, 2) for a in range(10, 21))  # 0.50 .. 1.00
MIN_DF = 3
KEEP_FEATURES = 24_000
BOOTSTRAP = 2000
HELD_OUT_DEBATES = frozenset({"2016-09-26.txt", "2016-10-09.txt", "2016-10-19.txt"})
CHECK_WORTHY = 1  # ClaimBuster's verdict for a check-worthy factual sentence


def data_dir() -> Path:
    """$FACTCHECK_SHARED_DATA, else the nearest shared/data beside the checkout or one of its parents
    (a git worktree may sit a level deeper than the main checkout)."""
    shared = os.environ.get("FACTCHECK_SHARED_DATA")
    if shared:
        return Path(shared)
    for parent in ROOT.parents:
        if (parent / "shared" / "data").is_dir():
            return parent / "shared" / "data"
    return ROOT.parent / "shared" / "data"


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    label: int  # 1 = Yes (check-worthy), 0 = No
    verdict: int | None = None  # ClaimBuster: 1 check-worthy factual, 0 unimportant, -1 non-factual
    debate: str | None = None


def read_ct24(split: str, directory: Path | None = None) -> list[Sentence]:
    """One CT24 split. Quoted fields are CSV-quoted; the train file has one line holding two
    records ("...<TAB>No29286<TAB>..."), which is split back into both."""
    path = (
        (directory or data_dir()) / "ct24_checkworthiness" / f"CT24_checkworthy_english_{split}.tsv"
    )
    if not path.exists():
        raise SystemExit(f"CT24 data not found: {path} (set FACTCHECK_SHARED_DATA).")
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        if next(reader) != ["Sentence_id", "Text", "class_label"]:
            raise SystemExit(f"{path}: unexpected header")
        for fields in reader:
            while fields:
                sentence_id, text, label, *rest = fields
                glued = re.fullmatch(r"(Yes|No)(\d+)", label)
                if glued:
                    label, rest = glued[1], [glued[2], *rest]
                if label not in ("Yes", "No"):
                    raise SystemExit(f"{path}: label {label!r} of sentence {sentence_id}")
                rows.append(Sentence(sentence_id, text.strip(), int(label == "Yes")))
                fields = rest
    return rows


def with_claimbuster(rows: list[Sentence], directory: Path | None = None) -> list[Sentence]:
    """CT24 train rows with ClaimBuster's three-way verdict and debate, joined by Sentence_id."""
    path = (directory or data_dir()) / "claimbuster" / "crowdsourced.csv"
    if not path.exists():
        raise SystemExit(f"ClaimBuster data not found: {path} (set FACTCHECK_SHARED_DATA).")
    with path.open(encoding="utf-8", newline="") as f:
        by_id = {row["Sentence_id"]: row for row in csv.DictReader(f)}
    out = []
    for r in rows:
        row = by_id[r.id]
        verdict = int(row["Verdict"])
        if (verdict == CHECK_WORTHY) != bool(r.label):
            raise SystemExit(f"sentence {r.id}: CT24 label and ClaimBuster verdict disagree")
        out.append(Sentence(r.id, r.text, r.label, verdict, row["File_id"]))
    return out


def load_splits(
    directory: Path | None = None,
) -> tuple[list[Sentence], list[Sentence], list[Sentence]]:
    """(train with verdicts and debates, dev, dev-test)."""
    train = with_claimbuster(read_ct24("train", directory), directory)
    return train, read_ct24("dev", directory), read_ct24("dev-test", directory)


def unseen_debates(train: Sequence[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """(train without the 2016 debates and their texts, the 2016 debates' sentences): a model fitted
    on the first meets the second as it meets a new article, having seen nothing of its debate."""
    held = [r for r in train if r.debate in HELD_OUT_DEBATES]
    held_keys = {_key(r.text) for r in held}
    earlier = [
        r for r in train if r.debate not in HELD_OUT_DEBATES and _key(r.text) not in held_keys
    ]
    return earlier, held


def labels(rows: Sequence[Sentence]) -> np.ndarray:
    return np.array([r.label for r in rows])


def texts(rows: Sequence[Sentence]) -> list[str]:
    return [r.text for r in rows]


def rule_sums(rows: Sequence[Sentence]) -> np.ndarray:
    """The unclamped sum of the rule features, as `checkworthiness.combine` adds them."""
    return np.array([sum(extraction.score_sentence(r.text)[1].values()) for r in rows])


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


# --- the shipped pipeline ----------------------------------------------------------------------


@dataclass
class Fitted:
    """A tf-idf vectorizer and a logistic regression, scoring P(check-worthy)."""

    vec: object
    clf: object

    def positive(self) -> int:
        return list(self.clf.classes_).index(CHECK_WORTHY)

    def predict(self, rows: Sequence[Sentence]) -> np.ndarray:
        return self.clf.predict_proba(self.vec.transform(texts(rows)))[:, self.positive()]

    def margins(self) -> tuple[np.ndarray, np.ndarray]:
        """The check-worthy logit minus each other class's: (coefficients, intercepts). A binary
        scikit-learn model already stores exactly that, as one row."""
        coef, intercept = self.clf.coef_, self.clf.intercept_
        if coef.shape[0] == 1:
            return coef, intercept
        p = self.positive()
        others = [k for k in range(coef.shape[0]) if k != p]
        return coef[p] - coef[others], intercept[p] - intercept[others]


def targets(rows: Sequence[Sentence], three_class: bool) -> np.ndarray:
    if three_class:
        return np.array([r.verdict for r in rows])
    return np.array([CHECK_WORTHY if r.label else 0 for r in rows])


def fit(
    rows: Sequence[Sentence],
    *,
    C: float,
    keep: int | None = KEEP_FEATURES,
    three_class: bool = True,
    analyzer: Callable = checkworthiness.analyzer,
    class_weight: str | None = None,
) -> Fitted:
    """Fit tf-idf + logistic regression; with `keep`, prune the vocabulary to the `keep` n-grams
    with the largest margins and refit on it."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    y = targets(rows, three_class)
    vec = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=MIN_DF)
    X = vec.fit_transform(texts(rows))
    clf = LogisticRegression(C=C, max_iter=5000, class_weight=class_weight).fit(X, y)
    fitted = Fitted(vec, clf)
    if keep is None or keep >= X.shape[1]:
        return fitted
    names = vec.get_feature_names_out()
    strength = np.abs(fitted.margins()[0]).max(axis=0)
    vocab = sorted(names[np.argsort(-strength)[:keep]].tolist())
    vec = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, vocabulary=vocab, min_df=1)
    X = vec.fit_transform(texts(rows))
    clf = LogisticRegression(C=C, max_iter=5000, class_weight=class_weight).fit(X, y)
    return Fitted(vec, clf)


def best_f1_threshold(y: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """(threshold, F1 of the positive class there) maximising F1."""
    from sklearn.metrics import precision_recall_curve

    precision, recall, thresholds = precision_recall_curve(y, scores)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    i = int(np.argmax(f1[:-1]))
    return float(thresholds[i]), float(f1[i])


def combined(p: np.ndarray, rules: np.ndarray, alpha: float) -> np.ndarray:
    return np.clip(alpha * p + (1 - alpha) * rules, 0, 1)


def bootstrap_gain(y: np.ndarray, better: np.ndarray, base: np.ndarray, seed: int = 13) -> float:
    """The share of bootstrap resamples of dev in which `better` has the higher average precision."""
    from sklearn.metrics import average_precision_score

    rng = np.random.default_rng(seed)
    wins = 0
    for _ in range(BOOTSTRAP):
        i = rng.integers(0, len(y), len(y))
        if y[i].any():
            wins += average_precision_score(y[i], better[i]) > average_precision_score(
                y[i], base[i]
            )
    return wins / BOOTSTRAP


def choose_alpha(y: np.ndarray, p: np.ndarray, rules: np.ndarray) -> tuple[float, dict, float]:
    """(alpha, dev average precision by alpha, bootstrap share): the best blend on dev, kept only if
    it beats the model alone in at least 95% of bootstrap resamples; otherwise 1.0."""
    from sklearn.metrics import average_precision_score

    by_alpha = {a: average_precision_score(y, combined(p, rules, a)) for a in ALPHA_GRID}
    best = max(by_alpha, key=lambda a: (by_alpha[a], a))
    if best == 1.0:
        return 1.0, by_alpha, 0.0
    share = bootstrap_gain(y, combined(p, rules, best), p)
    return (best if share >= 0.95 else 1.0), by_alpha, share


def export(fitted: Fitted, meta: dict, out: Path) -> str:
    margins, intercepts = fitted.margins()
    vocab = np.array(fitted.vec.get_feature_names_out().tolist())
    idf = fitted.vec.idf_.astype(np.float32)
    margins = margins.astype(np.float32)
    intercepts = intercepts.astype(np.float32)
    digest = hashlib.sha256()
    for part in ("\n".join(vocab.tolist()).encode(), idf.tobytes(), margins.tobytes()):
        digest.update(part)
    digest.update(intercepts.tobytes())
    digest.update(json.dumps(meta, sort_keys=True).encode())
    meta = {**meta, "version": "cw-" + digest.hexdigest()[:10]}
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        vocab=vocab,
        idf=idf,
        margins=margins,
        intercepts=intercepts,
        meta=np.array(json.dumps(meta, sort_keys=True)),
    )
    return meta["version"]


def train_and_export(out: Path) -> None:
    from sklearn.metrics import average_precision_score, f1_score

    started = time.perf_counter()
    train, dev, _ = load_splits()
    y_dev = labels(dev)
    print(
        f"train {len(train)} sentences ({labels(train).mean():.1%} Yes), "
        f"dev {len(dev)} ({y_dev.mean():.1%} Yes); dev-test is left to eval_checkworthiness.py"
    )
    best = None
    for C in C_GRID:
        fitted = fit(train, C=C)
        p = fitted.predict(dev)
        ap = average_precision_score(y_dev, p)
        print(f"  C={C:g}: dev average precision {ap:.3f}")
        if best is None or ap > best[1]:
            best = (C, ap, fitted, p)
    C, _, fitted, p = best

    alpha, by_alpha, share = choose_alpha(y_dev, p, rule_sums(dev))
    blend = max((a for a in by_alpha if a < 1), key=lambda a: by_alpha[a])
    print(
        f"  rules: best blend alpha={blend:.2f} dev AP {by_alpha[blend]:.3f} vs model alone "
        f"{by_alpha[1.0]:.3f}, better in {share:.0%} of {BOOTSTRAP} bootstrap resamples "
        f"-> alpha {alpha:.2f}"
    )
    scores = combined(p, rule_sums(dev), alpha)
    dev_threshold, f1 = best_f1_threshold(y_dev, scores)
    earlier, held = unseen_debates(train)
    unseen = combined(fit(earlier, C=C).predict(held), rule_sums(held), alpha)
    threshold, f1_unseen = best_f1_threshold(labels(held), unseen)
    print(
        f"  threshold: on dev {dev_threshold:.3f} (dev F1 {f1:.3f}); on the unseen 2016 debates "
        f"{threshold:.3f} (their F1 {f1_unseen:.3f}, dev F1 {f1_score(y_dev, scores >= threshold):.3f}"
        f" there) -> {threshold:.3f}"
    )

    meta = {
        "trained_on": (
            "CLEF-2024 CheckThat! Task 1 English train, with ClaimBuster's three verdicts "
            "(Hasanain et al., CLEF 2024; Arslan et al., ICWSM 2020)"
        ),
        "classes": [int(c) for c in fitted.clf.classes_],
        "C": C,
        "alpha": alpha,
        "threshold": round(threshold, 4),
        "dev_threshold": round(dev_threshold, 4),
        "rules_version": checkworthiness.RULES_VERSION,
        "n_train": len(train),
        "n_features": len(fitted.vec.vocabulary_),
        "dev_average_precision": round(float(average_precision_score(y_dev, scores)), 4),
        "dev_f1": round(f1, 4),
        "unseen_debates_f1": round(f1_unseen, 4),
    }
    version = export(fitted, meta, out)
    exported = checkworthiness.Model(out)
    drift = max(abs(exported.probability(t) - q) for t, q in zip(texts(dev), p, strict=True))
    size = out.stat().st_size
    shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
    print(
        f"wrote {shown} ({size / 1024:.0f} KB, {len(exported)} n-grams), version {version}; "
        f"exported model vs scikit-learn on dev: max difference {drift:.1e}; "
        f"{time.perf_counter() - started:.0f} s"
    )
    if drift > 1e-3:
        raise SystemExit("the exported model does not reproduce scikit-learn's probabilities")


# --- what was tried ------------------------------------------------------------------------------


def baseline(rows: Sequence[Sentence]) -> Callable[[Sequence[Sentence]], np.ndarray]:
    """TF-IDF over words + logistic regression, scikit-learn's defaults."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer()
    clf = LogisticRegression(max_iter=2000).fit(vec.fit_transform(texts(rows)), labels(rows))
    return lambda rs: clf.predict_proba(vec.transform(texts(rs)))[:, 1]


def _words_and_pairs(text: str) -> list[str]:
    return [g for g in checkworthiness.ngrams(text) if g[:2] in ("w:", "b:")]


def _without_shape(text: str) -> list[str]:
    return [g for g in checkworthiness.ngrams(text) if not g.startswith("s:")]


def _with_trigrams(text: str) -> list[str]:
    toks = ["<s>", *checkworthiness.tokens(text), "</s>"]
    return [
        *checkworthiness.ngrams(text),
        *(f"t:{a} {b} {c}" for a, b, c in zip(toks, toks[1:], toks[2:], strict=False)),
    ]


def _pipeline(**kw) -> Callable:
    return lambda rows: fit(rows, **kw).predict


def _without_unimportant(**kw) -> Callable:
    def train(rows):
        return fit([r for r in rows if r.verdict != 0], **kw).predict

    return train


def _average(*makers: Callable) -> Callable:
    def train(rows):
        predictors = [make(rows) for make in makers]
        return lambda rs: np.mean([predict(rs) for predict in predictors], axis=0)

    return train


def _nb_weighted(C: float) -> Callable:
    """Logistic regression over n-grams scaled by their naive-Bayes log-count ratios (NB-LR)."""

    def train(rows):
        from scipy import sparse
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = TfidfVectorizer(analyzer=_without_shape, sublinear_tf=True, min_df=MIN_DF)
        X = vec.fit_transform(texts(rows))
        y = labels(rows)
        pos, neg = 1 + X[y == 1].sum(0), 1 + X[y == 0].sum(0)
        ratio = sparse.diags(np.asarray(np.log((pos / pos.sum()) / (neg / neg.sum()))).ravel())
        clf = LogisticRegression(C=C, max_iter=5000).fit(X @ ratio, y)
        return lambda rs: clf.predict_proba(vec.transform(texts(rs)) @ ratio)[:, 1]

    return train


def _wordllama():
    """WordLlama's 256-d token embeddings, loaded from the installed package's own files (never its
    downloader); None when the package is not installed (it is not a dependency)."""
    try:
        import wordllama
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
    except ImportError:
        return None
    package = Path(wordllama.__file__).parent
    table = next(iter(load_file(package / "weights" / "l2_supercat_256.safetensors").values()))
    table = table.astype(np.float32)
    tokenizer = Tokenizer.from_file(
        str(package / "tokenizers" / "l2_supercat_tokenizer_config.json")
    )
    tokenizer.no_padding()
    tokenizer.no_truncation()

    def embed(rows):
        out = np.zeros((len(rows), table.shape[1]), np.float32)
        for i, enc in enumerate(tokenizer.encode_batch(texts(rows), add_special_tokens=False)):
            if enc.ids:
                out[i] = table[np.clip(enc.ids, 0, len(table) - 1)].mean(axis=0)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    return embed


def _embedding_model(embed, with_ngrams: bool) -> Callable:
    def train(rows):
        from scipy import sparse
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        scaler = StandardScaler().fit(embed(rows))
        if not with_ngrams:
            clf = LogisticRegression(C=1.0, max_iter=5000).fit(
                scaler.transform(embed(rows)), labels(rows)
            )
            return lambda rs: clf.predict_proba(scaler.transform(embed(rs)))[:, 1]
        fitted = fit(rows, C=3.0, keep=None, three_class=False)

        def features(rs):
            dense = sparse.csr_matrix(0.1 * scaler.transform(embed(rs)))
            return sparse.hstack([fitted.vec.transform(texts(rs)), dense]).tocsr()

        clf = LogisticRegression(C=3.0, max_iter=5000).fit(features(rows), labels(rows))
        return lambda rs: clf.predict_proba(features(rs))[:, 1]

    return train


def _blend(alpha: float, **kw) -> Callable:
    def train(rows):
        predict = fit(rows, **kw).predict
        return lambda rs: combined(predict(rs), rule_sums(rs), alpha)

    return train


def variants() -> list[tuple[str, Callable]]:
    pruned = {"C": 3.0}  # the shipped pipeline at the C of the rows above (training picks C on dev)
    out = [
        ("baseline: TF-IDF words + LR (sklearn defaults)", baseline),
        (
            "rules alone (extraction.score_sentence)",
            lambda rows: lambda rs: np.clip(rule_sums(rs), 0, 1),
        ),
        (
            "previous recipe: n-grams, balanced, C=3, 24k",
            _pipeline(C=3.0, three_class=False, analyzer=_without_shape, class_weight="balanced"),
        ),
        ("n-grams, C=1", _pipeline(C=1.0, keep=None, three_class=False, analyzer=_without_shape)),
        ("n-grams, C=3", _pipeline(C=3.0, keep=None, three_class=False, analyzer=_without_shape)),
        ("n-grams, C=10", _pipeline(C=10.0, keep=None, three_class=False, analyzer=_without_shape)),
        (
            "words + pairs only (no characters), C=3",
            _pipeline(C=3.0, keep=None, three_class=False, analyzer=_words_and_pairs),
        ),
        (
            "n-grams + word triples, C=3",
            _pipeline(C=3.0, keep=None, three_class=False, analyzer=_with_trigrams),
        ),
        ("NB-weighted n-grams (NB-LR), C=10", _nb_weighted(10.0)),
        ("n-grams + shape, C=3", _pipeline(C=3.0, keep=None, three_class=False)),
        (
            "n-grams + shape, trained without UFS, C=3",
            _without_unimportant(C=3.0, keep=None, three_class=False),
        ),
        ("n-grams + shape, 3 verdicts, C=2", _pipeline(C=2.0, keep=None)),
        ("n-grams + shape, 3 verdicts, C=3", _pipeline(C=3.0, keep=None)),
        ("n-grams + shape, 3 verdicts, C=5", _pipeline(C=5.0, keep=None)),
        (
            f"n-grams + shape, 3 verdicts, C=3, pruned to {KEEP_FEATURES // 1000}k",
            _pipeline(**pruned),
        ),
        (
            "average of 2-class and 3-verdict models",
            _average(_pipeline(C=3.0, keep=None, three_class=False), _pipeline(C=3.0, keep=None)),
        ),
    ]
    out += [
        (f"the pruned model {a:.1f} + rules {1 - a:.1f}", _blend(a, **pruned))
        for a in (0.9, 0.8, 0.7, 0.6)
    ]
    embed = _wordllama()
    if embed is None:
        print("(WordLlama not installed: its two rows are skipped)")
    else:
        out += [
            ("WordLlama mean embedding + LR", _embedding_model(embed, with_ngrams=False)),
            ("n-grams + WordLlama embedding, C=3", _embedding_model(embed, with_ngrams=True)),
        ]
    return out


def explore(only: str = "") -> None:
    """Print one line per variant: dev AP and best F1 (and its threshold), then the same variant
    trained without the 2016 debates and measured on them."""
    from sklearn.metrics import average_precision_score

    train, dev, _ = load_splits()
    y_dev = labels(dev)
    earlier, held = unseen_debates(train)
    y_held = labels(held)
    print(
        f"dev: {len(dev)} sentences; 2016 check: trained on {len(earlier)}, measured on {len(held)} "
        f"crowd-labelled sentences of the 2016 debates ({y_held.mean():.1%} Yes)\n"
    )
    print(f"| {'variant':<52} | dev AP | dev F1 (threshold) | 2016 AP | 2016 F1 at dev threshold |")
    print(f"|{'-' * 54}|--------|--------------------|---------|--------------------------|")
    for name, make in variants():
        if only.lower() not in name.lower():
            continue
        started = time.perf_counter()
        scores = make(train)(dev)
        threshold, f1 = best_f1_threshold(y_dev, scores)
        later = make(earlier)(held)
        f1_held = _f1(y_held, later >= threshold)
        print(
            f"| {name:<52} | {average_precision_score(y_dev, scores):.3f}  "
            f"| {f1:.3f} ({threshold:.2f})       "
            f"| {average_precision_score(y_held, later):.3f}   | {f1_held:.3f}                    |"
            f"  {time.perf_counter() - started:.0f} s",
            flush=True,
        )


def _f1(y: np.ndarray, predicted: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y, predicted))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=checkworthiness.ARTEFACT)
    parser.add_argument("--explore", action="store_true", help="print the table of variants on dev")
    parser.add_argument(
        "--only", default="", help="with --explore: the variants whose name has this"
    )
    args = parser.parse_args(argv)
    if args.explore:
        explore(args.only)
    else:
        train_and_export(args.out)


if __name__ == "__main__":
    main()
