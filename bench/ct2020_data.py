"""CLEF CheckThat! 2020 Task 2 (English): the collection, the tweets, the gold pairs, the official score.

Read from `../shared/data/checkthat2020_task2/` (or `$FACTCHECK_SHARED_DATA/checkthat2020_task2/`),
never copied into the repository. See that folder's README for the quirks: 10,375 claims read with a
quote-aware reader, duplicate claims whose twin is not gold, and gold ids all <= 786 (never a signal).

The score follows the organisers' scorer (trectools 0.0.42 `get_map(depth=k)`): rows ordered by score,
descending, ties to the *higher* claim id; AP@k divides by the number of gold claims of the tweet.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _shared_data() -> Path:
    if os.environ.get("FACTCHECK_SHARED_DATA"):
        return Path(os.environ["FACTCHECK_SHARED_DATA"])
    # ../shared/data beside the checkout, or beside a folder of worktrees.
    for base in ROOT.parents:
        if (base / "shared" / "data").is_dir():
            return base / "shared" / "data"
    return ROOT.parent / "shared" / "data"


DATA = _shared_data() / "checkthat2020_task2"
# The collection has no review URLs; each claim gets one under a reserved domain (.invalid never
# resolves), from which the evaluation reads the claim id back.
URL_PREFIX = "https://checkthat2020.invalid/vclaims/"


def collection() -> list[tuple[int, str, str]]:
    """(vclaim_id, vclaim, title) for the 10,375 verified claims."""
    with (DATA / "verified_claims.docs.tsv").open(newline="", encoding="utf-8") as f:
        rows = csv.reader(f, delimiter="\t")
        next(rows)
        return [(int(i), claim, title) for i, claim, title in rows]


def tweets(split: str) -> list[tuple[int, str]]:
    with (DATA / split / "tweets.queries.tsv").open(newline="", encoding="utf-8") as f:
        rows = csv.reader(f, delimiter="\t")
        next(rows)
        return [(int(i), text) for i, text in rows]


def gold(split: str) -> dict[int, set[int]]:
    pairs: dict[int, set[int]] = {}
    for line in (DATA / split / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        if line.strip():
            tweet, _, claim, _ = line.split()
            pairs.setdefault(int(tweet), set()).add(int(claim))
    return pairs


def twins() -> dict[int, set[int]]:
    """Claim id -> the ids of its group of exact duplicates (the same text after lower-casing and
    punctuation stripping, as the data README counts them), for claims that have a twin."""
    import re

    groups: dict[str, set[int]] = {}
    for claim_id, claim, _ in collection():
        groups.setdefault(re.sub(r"[^a-z0-9 ]", "", claim.lower()).strip(), set()).add(claim_id)
    return {c: g for g in groups.values() if len(g) > 1 for c in g}


def claim_id(url: str) -> int:
    return int(url.removeprefix(URL_PREFIX))


def official_order(run: list[tuple[int, float]]) -> list[int]:
    """Claim ids of one tweet's run in the scorer's order: score descending, ties to the higher id."""
    return [c for c, _ in sorted(run, key=lambda r: (-r[1], -r[0]))]


def average_precision(ranked: list[int], relevant: set[int], k: int) -> float:
    hits, total = 0, 0.0
    for i, c in enumerate(ranked[:k], 1):
        if c in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant)


def map_at(runs: dict[int, list[tuple[int, float]]], gold_pairs: dict[int, set[int]], k: int):
    """MAP@k over the tweets of `gold_pairs`; a tweet without a run counts 0."""
    aps = [
        average_precision(official_order(runs.get(t, [])), relevant, k)
        for t, relevant in gold_pairs.items()
    ]
    return sum(aps) / len(aps)
