"""Compare sentence segmenters: the English Golden Rules, speed, and precision/recall per language.

    python bench/segmenters.py [--golden PATH] [--repeat N] [--ud PATH] [--only-ud]

Prints one row per segmenter: golden rules passed out of 48, speed in sentences per second, and
the numbers of the failed rules. A rule passes when the segmenter's whitespace-stripped sentences
equal the expected list exactly. Speed is measured the way the extraction pipeline calls a
segmenter, one paragraph per call, on the seed article's body repeated ``--repeat`` times; it is
reported in *reference* sentences per second (the sentences ``factcheck.extraction`` finds), so
a segmenter that under-splits does not look faster for it.

Per language (es, fr, pt, de), each segmenter is scored on the Universal Dependencies dev
documents with gold sentences in ``ud_segmentation/<lang>/gold.jsonl`` (text nobody here wrote),
with the metric of that folder's README: whitespace-normalised sentences matched per document as a
multiset; precision = matched / predicted, recall = matched / gold. English is scored on the
Golden Rules the same way.

Segmenters whose package is not installed are listed as such, not failed. The golden rules are
read from the shared data folder (never copied into the repository): ``--golden``, else
``$FACTCHECK_SHARED_DATA`` (the shared folder or its ``data`` folder), else
``../shared/data/segmentation/golden_rules_en.jsonl`` next to the repository.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The benchmark runs as a plain script from any directory; make the project importable.
sys.path.insert(0, str(REPO))

from dataclasses import replace  # noqa: E402

from factcheck.extraction import languages, split_sentences  # noqa: E402
from factcheck.extraction.sentences import split_with_rules  # noqa: E402

SEED = REPO / "seeds" / "000_3ac6436a037b2e8f.txt"
GOLDEN_NAME = Path("segmentation") / "golden_rules_en.jsonl"
UD_NAME = Path("ud_segmentation")
UD_LANGUAGES = ("es", "fr", "pt", "de")

Segment = Callable[[str], list[str]]


def default_golden_path() -> Path:
    """Where the golden rules live unless ``--golden`` says otherwise."""
    shared = os.environ.get("FACTCHECK_SHARED_DATA")
    if shared:
        base = Path(shared)
        return base / "data" / GOLDEN_NAME if (base / "data").is_dir() else base / GOLDEN_NAME
    return REPO.parent / "shared" / "data" / GOLDEN_NAME


def load_golden_rules(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def golden_failures(segment: Segment, rules: list[dict]) -> list[int]:
    """The numbers of the rules whose stripped sentences differ from the expected ones."""
    failed = []
    for rule in rules:
        try:
            got = [s.strip() for s in segment(rule["text"]) if s.strip()]
        except Exception:  # a crash on a rule is a failed rule, not a failed benchmark
            got = None
        if got != rule["sentences"]:
            failed.append(rule["rule"])
    return failed


def seed_paragraphs() -> list[str]:
    """The seed's body paragraphs (headline and dateline left out)."""
    paragraphs = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return paragraphs[2:]


def sentences_per_second(segment: Segment, paragraphs: list[str], reference: int) -> float:
    """Best of three timed passes over ``paragraphs``, one call per paragraph."""
    for paragraph in paragraphs[:5]:  # warm-up: lazy imports, compiled regexes, caches
        segment(paragraph)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for paragraph in paragraphs:
            segment(paragraph)
        best = min(best, time.perf_counter() - started)
    return reference / best


# --- the contenders ---------------------------------------------------------------------------
# Each factory imports its library and returns a segmenter, or raises ImportError (or
# LookupError, for NLTK's missing model) when it cannot run here.


def make_factcheck() -> Segment:
    return lambda text: [text[start:end] for start, end in split_sentences(text)]


def make_pysbd() -> Segment:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return segmenter.segment


def make_sentencex() -> Segment:
    import sentencex

    return lambda text: list(sentencex.segment("en", text))


def make_nupunkt() -> Segment:
    import nupunkt

    return nupunkt.sent_tokenize


def make_syntok() -> Segment:
    from syntok import segmenter

    def segment(text: str) -> list[str]:
        sentences = []
        for paragraph in segmenter.analyze(text):
            for sentence in paragraph:
                start = sentence[0].offset
                end = sentence[-1].offset + len(sentence[-1].value)
                sentences.append(text[start:end])
        return sentences

    return segment


def make_segtok() -> Segment:
    from segtok.segmenter import split_single

    return lambda text: list(split_single(text))


def make_blingfire() -> Segment:
    import blingfire

    return lambda text: blingfire.text_to_sentences(text).split("\n")


def make_sentence_splitter() -> Segment:
    from sentence_splitter import SentenceSplitter

    return SentenceSplitter(language="en").split


def make_nltk_punkt() -> Segment:
    import nltk

    # The trained English model is a separate download that this environment cannot reach;
    # fail here (LookupError) rather than benchmark an untrained tokenizer under its name.
    nltk.data.find("tokenizers/punkt_tab/english/")
    return nltk.sent_tokenize


_NAIVE_BOUNDARY = re.compile(r"(?<=[.!?])\s+")


def make_naive_regex() -> Segment:
    return lambda text: _NAIVE_BOUNDARY.split(text)


CONTENDERS: list[tuple[str, str | None, Callable[[], Segment]]] = [
    # (label, PyPI distribution for the version column, factory)
    ("factcheck.split_sentences (pySBD + fixes)", "pysbd", make_factcheck),
    ("pysbd", "pysbd", make_pysbd),
    ("sentencex", "sentencex", make_sentencex),
    ("nupunkt", "nupunkt", make_nupunkt),
    ("syntok", "syntok", make_syntok),
    ("segtok", "segtok", make_segtok),
    ("blingfire", "blingfire", make_blingfire),
    ("sentence-splitter", "sentence-splitter", make_sentence_splitter),
    ("nltk punkt", "nltk", make_nltk_punkt),
    ("naive regex (split after .!? + space)", None, make_naive_regex),
]


def version_of(distribution: str | None) -> str:
    if distribution is None:
        return "-"
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def describe_machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    # Other work on the machine slows every row alike; the load average says how much there was.
    load = (
        ", load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
        if hasattr(os, "getloadavg")
        else ""
    )
    return (
        f"{datetime.date.today().isoformat()}, {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}{load}"
    )


# --- precision and recall per language (Universal Dependencies dev sets) ----------------------

LangSegment = Callable[[str], list[str]]


def default_ud_path() -> Path:
    return default_golden_path().parent.parent / UD_NAME


def load_ud(path: Path, lang: str) -> list[dict]:
    gold = path / lang / "gold.jsonl"
    return [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line]


def _norm(sentence: str) -> str:
    return " ".join(sentence.split())


def precision_recall(segment: LangSegment, documents: list[dict]) -> tuple[int, int, int]:
    """(matched, predicted, gold) sentences over all documents, as the README of the data defines."""
    matched = predicted = gold_total = 0
    for doc in documents:
        text = doc["text"]
        gold = Counter(_norm(text[s:e]) for s, e in doc["sentences"])
        try:
            got = Counter(n for n in (_norm(p) for p in segment(text)) if n)
        except Exception:  # a crash on a document counts as predicting nothing for it
            got = Counter()
        matched += sum((gold & got).values())
        predicted += sum(got.values())
        gold_total += sum(gold.values())
    return matched, predicted, gold_total


def factcheck_variant(lang: str, segmenter: str | None = None) -> LangSegment:
    """split_sentences with the language's own rules, or with another segmenter for it."""
    rules = languages.language(lang)
    if segmenter is not None:
        rules = replace(rules, segmenter=segmenter)
    return lambda text: [text[s:e] for s, e in split_with_rules(text, rules)]


def pysbd_alone(lang: str) -> LangSegment:
    import pysbd

    segmenter = pysbd.Segmenter(language=lang, clean=False)
    return segmenter.segment


# The baseline regex of the data's README: split after .!? and whitespace before a capital
# (str.isupper) or a quote character.
def naive_regex(lang: str) -> LangSegment:
    def segment(text: str) -> list[str]:
        pieces, start = [], 0
        for match in re.finditer(r"[.!?]\s+", text):
            following = text[match.end() : match.end() + 1]
            if following.isupper() or following in "\"'“”„«»‘’‚‹›":
                pieces.append(text[start : match.start() + 1])
                start = match.end()
        pieces.append(text[start:])
        return pieces

    return segment


def sentencex_for(lang: str) -> LangSegment:
    import sentencex

    return lambda text: list(sentencex.segment(lang, text))


def sentence_splitter_for(lang: str) -> LangSegment:
    from sentence_splitter import SentenceSplitter

    return SentenceSplitter(language=lang).split


def syntok_for(lang: str) -> LangSegment:
    return make_syntok()


def blingfire_for(lang: str) -> LangSegment:
    return make_blingfire()


def ud_contenders(lang: str) -> list[tuple[str, Callable[[], LangSegment]]]:
    rows: list[tuple[str, Callable[[], LangSegment]]] = []
    chosen = languages.language(lang).segmenter
    rows.append((f"factcheck (chosen: {chosen} + repairs)", lambda: factcheck_variant(lang)))
    pysbd_code = lang if lang != "pt" else "es"
    for variant in (f"pysbd:{pysbd_code}", "regex"):
        if variant != chosen:
            rows.append(
                (
                    f"factcheck with {variant} + repairs",
                    lambda v=variant: factcheck_variant(lang, v),
                )
            )
    if lang == "pt":
        rows.append(("pysbd alone (no pt; es rules)", lambda: pysbd_alone("es")))
        rows.append(("pysbd alone (no pt; en rules)", lambda: pysbd_alone("en")))
    else:
        rows.append((f"pysbd alone ({lang})", lambda: pysbd_alone(lang)))
    rows.append(("naive regex (the data README's)", lambda: naive_regex(lang)))
    rows.append((f"sentencex ({lang})", lambda: sentencex_for(lang)))
    rows.append((f"sentence-splitter ({lang})", lambda: sentence_splitter_for(lang)))
    rows.append(("syntok", lambda: syntok_for(lang)))
    rows.append(("blingfire", lambda: blingfire_for(lang)))
    return rows


def golden_as_documents(rules: list[dict]) -> list[dict]:
    docs = []
    for rule in rules:
        text = rule["text"]
        docs.append({"text": text, "sentences": [tuple(span) for span in rule["char_spans"]]})
    return docs


def print_ud_tables(ud_path: Path, rules: list[dict]) -> None:
    print()
    print("Sentence precision / recall per language (exact sentences, whitespace-normalised)")
    print()
    print(
        f"| lang | {'segmenter':<44} | {'P':>5} | {'R':>5} | {'F1':>5} | matched / predicted / gold |"
    )
    print(f"|------|{'-' * 46}|-------|-------|-------|----------------------------|")
    sets: list[tuple[str, list[dict]]] = []
    if rules:
        sets.append(("en", golden_as_documents(rules)))
    for lang in UD_LANGUAGES:
        if (ud_path / lang / "gold.jsonl").exists():
            sets.append((lang, load_ud(ud_path, lang)))
        else:
            print(f"| {lang:<4} | gold not found at {ud_path / lang} |")
    for lang, documents in sets:
        if lang == "en":
            contenders = [
                ("factcheck (chosen: pysbd:en + repairs)", lambda: factcheck_variant("en")),
                ("factcheck with regex + repairs", lambda: factcheck_variant("en", "regex")),
                ("pysbd alone (en)", lambda: pysbd_alone("en")),
                ("naive regex (the data README's)", lambda: naive_regex("en")),
                ("sentencex (en)", lambda: sentencex_for("en")),
            ]
        else:
            contenders = ud_contenders(lang)
        for label, factory in contenders:
            try:
                segment = factory()
            except ImportError:
                print(f"| {lang:<4} | {label:<44} | not installed |")
                continue
            matched, predicted, gold = precision_recall(segment, documents)
            p = matched / predicted if predicted else 0.0
            r = matched / gold if gold else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            print(
                f"| {lang:<4} | {label:<44} | {p:.3f} | {r:.3f} | {f1:.3f} | "
                f"{matched} / {predicted} / {gold} |"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--golden", type=Path, default=None, help="golden_rules_en.jsonl path")
    parser.add_argument("--repeat", type=int, default=50, help="seed body repetitions for speed")
    parser.add_argument("--ud", type=Path, default=None, help="the ud_segmentation folder")
    parser.add_argument("--only-ud", action="store_true", help="only precision/recall per language")
    args = parser.parse_args(argv)
    if args.only_ud:
        golden_path = args.golden or default_golden_path()
        rules = load_golden_rules(golden_path) if golden_path.exists() else []
        print(f"Machine: {describe_machine()}")
        print_ud_tables(args.ud or golden_path.parent.parent / UD_NAME, rules)
        return 0

    golden_path = args.golden or default_golden_path()
    rules = load_golden_rules(golden_path) if golden_path.exists() else []
    paragraphs = seed_paragraphs() * args.repeat
    reference = sum(len(split_sentences(p)) for p in paragraphs)

    print(f"Machine: {describe_machine()}")
    if rules:
        print(f"Golden rules: {golden_path} ({len(rules)} rules)")
    else:
        print(f"Golden rules: not found at {golden_path} (use --golden or FACTCHECK_SHARED_DATA)")
    print(
        f"Speed text: the seed body x{args.repeat} = {len(paragraphs)} paragraphs, "
        f"{reference} reference sentences, one call per paragraph, best of 3"
    )
    print()
    print(
        f"| {'segmenter':<42} | {'version':<13} | {'golden':>6} | {'sentences/s':>11} | failed rules"
    )
    print(f"|{'-' * 44}|{'-' * 15}|{'-' * 8}|{'-' * 13}|{'-' * 14}")
    for label, distribution, factory in CONTENDERS:
        version = version_of(distribution)
        try:
            segment = factory()
        except (ImportError, LookupError) as exc:
            reason = "model not downloadable" if isinstance(exc, LookupError) else "not installed"
            print(f"| {label:<42} | {version:<13} | {'-':>6} | {'-':>11} | {reason}")
            continue
        if rules:
            failed = golden_failures(segment, rules)
            score = f"{len(rules) - len(failed)}/{len(rules)}"
            failed_text = ", ".join(map(str, failed)) or "none"
        else:
            score, failed_text = "-", "golden rules not found"
        speed = sentences_per_second(segment, paragraphs, reference)
        print(f"| {label:<42} | {version:<13} | {score:>6} | {speed:>11,.0f} | {failed_text}")
    print_ud_tables(args.ud or golden_path.parent.parent / UD_NAME, rules)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
