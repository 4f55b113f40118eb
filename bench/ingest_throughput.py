"""Ingestion throughput of the extraction pipeline, and the segmenter's golden-rules accuracy.

    python bench/ingest_throughput.py [--articles N] [--golden PATH]

Pure Python (no Django, no database). It builds a deterministic corpus: the seed article plus
N synthetic articles made from the seed's body paragraphs, shuffled with a fixed seed per
article, each with a headline, a dateline and the seed's kind of boilerplate ("Also on ...",
"Subscribe to ... newsletter") in between, so the header and boilerplate filters do real work.
It then prints, best of three passes:

* ``extract()`` on the plain-text articles and on the same articles wrapped as HTML pages
  (trafilatura): articles/s, sentences/s and candidates/s;
* the bare segmenter on the same texts: ``factcheck.extraction.split_sentences`` and pySBD's
  own ``Segmenter.segment`` (one call per paragraph, as the pipeline does);
* the golden-rules accuracy of ``split_sentences`` (see ``bench/segmenters.py`` for the others).
"""

from __future__ import annotations

import argparse
import html
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The benchmark runs as a plain script from any directory; make the project importable.
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from segmenters import (  # noqa: E402
    default_golden_path,
    describe_machine,
    golden_failures,
    load_golden_rules,
)

from factcheck.extraction import extract, split_sentences  # noqa: E402

SEED = REPO / "seeds" / "000_3ac6436a037b2e8f.txt"
BOILERPLATE = [
    "Also on rt.com Peru to cancel Venezuelan diplomats’ visas, consider them ‘illegals’",
    "Subscribe to RT newsletter to get stories the mainstream media won’t tell you.",
    "Read more: Lima Group members meet in Buenos Aires",
    "Like this story? Share it with a friend!",
]


def synthetic_corpus(count: int) -> list[str]:
    """The seed plus ``count`` articles rebuilt from its paragraphs, the same on every run."""
    seed = SEED.read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in seed.split("\n\n") if p.strip()]
    body = [p for p in paragraphs[2:] if not p.startswith(("Also on", "Subscribe"))]
    articles = [seed]
    for number in range(count):
        rng = random.Random(number)
        shuffled = rng.sample(body, k=len(body))
        for teaser in rng.sample(BOILERPLATE, k=2):
            shuffled.insert(rng.randrange(1, len(shuffled)), teaser)
        day = 1 + number % 28
        header = [f"Lima Group story number {number} on Venezuela", f"{day} Jul, 2019 02:02"]
        articles.append("\n\n".join(header + shuffled))
    return articles


def as_html_page(article: str) -> str:
    """A plain-text article dressed as a small web page with navigation and a footer."""
    headline, *rest = article.split("\n\n")
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in rest)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(headline)}</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/news">News</a></nav>'
        f"<article><h1>{html.escape(headline)}</h1>{paragraphs}</article>"
        "<footer><p>© 2019 Example News. All rights reserved.</p></footer></body></html>"
    )


def best_of_three(run: Callable[[], object]) -> float:
    run()  # warm-up: lazy imports, the cached segmenter, compiled regexes
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="synthetic articles to build")
    parser.add_argument("--golden", type=Path, default=None, help="golden_rules_en.jsonl path")
    args = parser.parse_args(argv)

    corpus = synthetic_corpus(args.articles)
    pages = [as_html_page(article) for article in corpus]
    print(f"Machine: {describe_machine()}")
    print(
        f"Corpus: the seed + {args.articles} synthetic articles from its paragraphs "
        f"({sum(map(len, corpus)):,} characters)"
    )
    print()

    plain = [extract(article, filename="article.txt") for article in corpus]
    sentences = sum(len(split_sentences(a.text)) for a in plain)
    candidates = sum(len(a.candidates) for a in plain)
    html_articles = [extract(page, filename="article.html") for page in pages]
    html_sentences = sum(len(split_sentences(a.text)) for a in html_articles)
    html_candidates = sum(len(a.candidates) for a in html_articles)

    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    raw_paragraphs = [[p for p in article.split("\n\n") if p.strip()] for article in corpus]

    rows = [
        (
            "extract() plain text (full pipeline)",
            best_of_three(lambda: [extract(a, filename="article.txt") for a in corpus]),
            sentences,
            candidates,
        ),
        (
            "extract() HTML via trafilatura (full pipeline)",
            best_of_three(lambda: [extract(p, filename="article.html") for p in pages]),
            html_sentences,
            html_candidates,
        ),
        (
            "split_sentences() alone, same texts",
            best_of_three(lambda: [split_sentences(a) for a in corpus]),
            sum(len(split_sentences(a)) for a in corpus),
            None,
        ),
        (
            "pysbd Segmenter.segment() alone, per paragraph",
            best_of_three(lambda: [[segmenter.segment(p) for p in ps] for ps in raw_paragraphs]),
            sum(len(segmenter.segment(p)) for ps in raw_paragraphs for p in ps),
            None,
        ),
    ]
    print(f"| {'stage':<48} | {'articles/s':>10} | {'sentences/s':>11} | {'candidates/s':>12} |")
    print(f"|{'-' * 50}|{'-' * 12}|{'-' * 13}|{'-' * 14}|")
    for label, seconds, sentence_count, candidate_count in rows:
        per_candidate = f"{candidate_count / seconds:,.0f}" if candidate_count else "-"
        print(
            f"| {label:<48} | {len(corpus) / seconds:>10,.1f} | "
            f"{sentence_count / seconds:>11,.0f} | {per_candidate:>12} |"
        )
    print()

    golden_path = args.golden or default_golden_path()
    if golden_path.exists():
        rules = load_golden_rules(golden_path)
        failed = golden_failures(lambda text: [text[s:e] for s, e in split_sentences(text)], rules)
        print(
            f"Golden rules (split_sentences): {len(rules) - len(failed)}/{len(rules)} "
            f"(failed: {', '.join(map(str, failed)) or 'none'})"
        )
    else:
        print(f"Golden rules: not found at {golden_path} (use --golden or FACTCHECK_SHARED_DATA)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
