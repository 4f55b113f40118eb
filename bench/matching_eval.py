"""Precision and recall of "claims already checked" on labelled pairs of claims.

    .venv/bin/python bench/matching_eval.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fc_triage .venv/bin/python bench/matching_eval.py

bench/data/claim_pairs.jsonl holds pairs written for this purpose from the way published fact checks
word their claims: paraphrases, the same claim with an attribution added, and near-misses (another
figure, year, place or person, the opposite direction, a negation). `same` says whether a desk should
reuse the verdict. The pairs were also used to choose the threshold, so the figures are optimistic.

Each pair is scored by `factcheck.matching.similarity` as the app does: with the trigram similarity
computed in Python (the SQLite fallback) and, when PostgreSQL is reachable, with pg_trgm's own
`similarity()` (what the app uses on PostgreSQL). A threshold sweep shows what the chosen one trades.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck import matching  # noqa: E402

PAIRS = ROOT / "bench" / "data" / "claim_pairs.jsonl"
DEFAULT_THRESHOLD = 0.5


def load_pairs(path: Path = PAIRS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def precision_recall(pairs, scores, threshold):
    tp = sum(1 for p, s in zip(pairs, scores, strict=True) if s >= threshold and p["same"])
    fp = sum(1 for p, s in zip(pairs, scores, strict=True) if s >= threshold and not p["same"])
    fn = sum(1 for p, s in zip(pairs, scores, strict=True) if s < threshold and p["same"])
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def postgres_trigrams(pairs) -> list[float] | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return None
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            return [
                float(conn.execute("SELECT similarity(%s, %s)", (p["a"], p["b"])).fetchone()[0])
                for p in pairs
            ]
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL not reachable ({exc}); only the Python figures follow.")
        return None


def report(name, pairs, scores, threshold, *, verbose: bool) -> None:
    precision, recall, tp, fp, fn = precision_recall(pairs, scores, threshold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"{name}: threshold {threshold:.2f}  precision {precision:.3f}  recall {recall:.3f}  "
        f"F1 {f1:.3f}  (TP {tp}, FP {fp}, FN {fn})"
    )
    print(
        "  sweep: "
        + "  ".join(
            "{:.2f}: P {:.2f} R {:.2f}".format(t, *precision_recall(pairs, scores, t)[:2])
            for t in (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65)
        )
    )
    if verbose:
        for p, s in zip(pairs, scores, strict=True):
            wrong = (s >= threshold) != p["same"]
            if wrong:
                kind = "missed" if p["same"] else "false match"
                print(f"  {kind} ({p['kind']}, {s:.2f}): {p['a']!r} ~ {p['b']!r}")


def main() -> None:
    threshold = float(os.environ.get("FACTCHECK_MATCH_THRESHOLD", DEFAULT_THRESHOLD))
    pairs = load_pairs()
    n_same = sum(p["same"] for p in pairs)
    print(f"{len(pairs)} labelled pairs: {n_same} same claim, {len(pairs) - n_same} different")
    python_scores = [matching.similarity(p["a"], p["b"]).score for p in pairs]
    report("SQLite fallback (trigrams in Python)", pairs, python_scores, threshold, verbose=True)
    pg = postgres_trigrams(pairs)
    if pg is not None:
        pg_scores = [
            matching.similarity(p["a"], p["b"], trigram=t).score
            for p, t in zip(pairs, pg, strict=True)
        ]
        report("PostgreSQL (pg_trgm similarity)", pairs, pg_scores, threshold, verbose=False)
        worst = max(abs(a - b) for a, b in zip(python_scores, pg_scores, strict=True))
        print(f"  largest difference between the two scores of a pair: {worst:.4f}")
    else:
        print("PostgreSQL: DATABASE_URL is not a PostgreSQL URL; set it to get that figure too.")
    semantic_door(pairs, python_scores, threshold)


def semantic_door(pairs, lexical_scores, threshold) -> None:
    """The second door of `services.claim_matches_suggest`: the re-ranker's probability that `b`
    checks `a`, with every pair's `b` in one corpus (as the desk's published claims would be)."""
    from factcheck.matching import engine

    texts = sorted({p["b"] for p in pairs})
    corpus = engine.Corpus([engine.Document("verdict", i, t) for i, t in enumerate(texts)])
    index = {t: i for i, t in enumerate(texts)}
    scores = []
    for p in pairs:
        hits = {h.document.pk: h.score for h in corpus.search(p["a"], k=len(texts))}
        sim = matching.similarity(p["a"], p["b"])
        discount = sim.score / sim.text if sim.text else 0.0
        scores.append(hits.get(index[p["b"]], 0.0) * discount)
    print("Semantic door (embeddings + re-ranker), alone:")
    print(
        "  sweep: "
        + "  ".join(
            "{:.2f}: P {:.2f} R {:.2f}".format(t, *precision_recall(pairs, scores, t)[:2])
            for t in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
        )
    )
    semantic_threshold = float(os.environ.get("FACTCHECK_MATCH_SEMANTIC_THRESHOLD", 0.5))
    either = [
        1.0 if (lex >= threshold or sem >= semantic_threshold) else 0.0
        for lex, sem in zip(lexical_scores, scores, strict=True)
    ]
    precision, recall, tp, fp, fn = precision_recall(pairs, either, 0.5)
    print(
        f"Both doors, as the app suggests (lexical >= {threshold:.2f} or semantic >= "
        f"{semantic_threshold:.2f}): precision {precision:.3f}  recall {recall:.3f}  "
        f"(TP {tp}, FP {fp}, FN {fn})"
    )


if __name__ == "__main__":
    main()
