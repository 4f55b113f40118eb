"""From an upload to anchored, scored candidate claims.

The pipeline is: bytes -> ``decode_upload`` -> ``extract`` (HTML through trafilatura, plain text and
Markdown through a small header/boilerplate parser) -> normalised body ``text`` -> sentences
(``split_sentences``) -> ``Candidate`` claims, each anchored to the body by exact character offsets
plus a W3C TextQuoteSelector-style prefix/suffix, and scored for check-worthiness by
``score_sentence``.

The modules, in pipeline order: ``decode`` (bytes to normalised text), ``boilerplate`` (dates,
datelines, bylines, teasers and other page furniture), ``detect`` (the article's language),
``sentences`` (segmentation and anchors), ``claimants`` (who said each sentence), ``scoring`` (the
rule scorer) and ``pipeline`` (``extract``, the whole pipeline). What differs between languages is data in
``languages/*.toml``. Everything here is pure Python
with no Django imports, so the same code serves the upload form, the API, ``manage.py ingest`` and
the benchmarks in ``bench/``; trafilatura and pySBD are imported on first use. What callers can rely
on:

* ``ExtractedArticle.text`` is ``normalise``d, paragraphs are separated by exactly one blank line,
  and it never contains the headline, dateline, byline or boilerplate lines.
* For every candidate ``c``: ``text[c.start:c.end] == c.quote``, ``c.prefix`` and ``c.suffix``
  are the (up to) 32 characters around it, and ``0 <= c.score <= 1``.
* Every refusal is an ``ExtractionError`` (a ``ValueError``) whose message can be shown to the user.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Every name below is loaded from its module on first use (PEP 562), so that importing the package,
# as the services and the admin do when Django starts, costs nothing: management commands that never
# extract an article do not pay for the segmenter's rules and the scorer's patterns.
_EXPORTS = {
    "languages": None,
    "dateline_end": "boilerplate",
    "parse_date": "boilerplate",
    "attribute": "claimants",
    "claimant_for_span": "claimants",
    "claimant_kind": "claimants",
    "MAX_BYTES_DEFAULT": "decode",
    "ExtractionError": "decode",
    "decode_upload": "decode",
    "normalise": "decode",
    "detect_language": "detect",
    "Candidate": "pipeline",
    "ExtractedArticle": "pipeline",
    "extract": "pipeline",
    "extract_html": "pipeline",
    "extract_plain": "pipeline",
    "FEATURE_WEIGHTS": "scoring",
    "SCORE_VERSION": "scoring",
    "score_sentence": "scoring",
    "CONTEXT_CHARS": "sentences",
    "MIN_CANDIDATE_WORDS": "sentences",
    "anchor": "sentences",
    "split_sentences": "sentences",
}

if TYPE_CHECKING:
    from factcheck.extraction import languages
    from factcheck.extraction.boilerplate import dateline_end, parse_date
    from factcheck.extraction.claimants import attribute, claimant_for_span, claimant_kind
    from factcheck.extraction.decode import (
        MAX_BYTES_DEFAULT,
        ExtractionError,
        decode_upload,
        normalise,
    )
    from factcheck.extraction.detect import detect_language
    from factcheck.extraction.pipeline import (
        Candidate,
        ExtractedArticle,
        extract,
        extract_html,
        extract_plain,
    )
    from factcheck.extraction.scoring import FEATURE_WEIGHTS, SCORE_VERSION, score_sentence
    from factcheck.extraction.sentences import (
        CONTEXT_CHARS,
        MIN_CANDIDATE_WORDS,
        anchor,
        split_sentences,
    )


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{_EXPORTS[name] or name}")
    value = module if _EXPORTS[name] is None else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = [
    "CONTEXT_CHARS",
    "FEATURE_WEIGHTS",
    "MAX_BYTES_DEFAULT",
    "MIN_CANDIDATE_WORDS",
    "SCORE_VERSION",
    "Candidate",
    "ExtractedArticle",
    "ExtractionError",
    "anchor",
    "attribute",
    "claimant_for_span",
    "claimant_kind",
    "dateline_end",
    "decode_upload",
    "detect_language",
    "extract",
    "extract_html",
    "extract_plain",
    "languages",
    "normalise",
    "parse_date",
    "score_sentence",
    "split_sentences",
]
