"""Helpers shared by the extraction tests: segmentation views, anchoring checks, text strategies."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from factcheck.extraction import CONTEXT_CHARS, ExtractedArticle, split_sentences

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_3ac6436a037b2e8f.txt"


def shared_data(*parts: str) -> Path:
    """A path in the shared public data folder (never copied into the repository)."""
    shared = os.environ.get("FACTCHECK_SHARED_DATA")
    base = Path(shared) if shared else REPO.parent / "shared" / "data"
    if (base / "data").is_dir():
        base = base / "data"
    return base.joinpath(*parts)


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def candidate_containing(article: ExtractedArticle, words: str):
    matches = [c for c in article.candidates if words in c.quote]
    assert len(matches) == 1, f"expected one candidate containing {words!r}, got {matches}"
    return matches[0]


def assert_anchored(article: ExtractedArticle) -> None:
    text = article.text
    for c in article.candidates:
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.quote
        assert c.prefix == text[max(0, c.start - CONTEXT_CHARS) : c.start]
        assert c.suffix == text[c.end : c.end + CONTEXT_CHARS]
        assert 0.0 <= c.score <= 1.0


_FRAGMENTS = st.sampled_from(
    [
        "\r\n",
        "\n",
        "\n\n",
        "\r",
        "\t",
        " ",
        "  ",
        ". ",
        "? ",
        "! ",
        "...",
        " . . . ",
        "…",
        "Mr. ",
        "U.S. ",
        "e.g. ",
        "a.m. ",
        "No. 5",
        "$4.5 billion",
        "3.14",
        "“",
        "”",
        "‘",
        "’",
        '"',
        "(",
        ")",
        "[",
        "]",
        "\u0301",
        "\u0308",
        "😀",
        "👩‍👩‍👧",
        "é",
        "# ",
        "- ",
        "* ",
        "1. ",
        "a) ",
        "By Jane Doe\n",
        "4 Jul, 2019\n",
        "Updated 5 years ago\n",
        "Read more: ",
        "Subscribe to our newsletter\n",
        "Advertisement\n",
        "Related articles\n",
        "---\n",
        "\u2028",
        "\u2029",
        "\x85",
        "\x0b",
        "\x1c",
        "\u00a0",
        "\u3000",
        "\ufeff",
        "\u200b",
        "The Lima Group met in 2019. ",
        "It remains to be seen whether ",
        "I think ",
    ]
)
_NO_NUL = st.characters(blacklist_characters="\x00")
ARTICLE_TEXT = st.lists(st.one_of(st.text(_NO_NUL, max_size=12), _FRAGMENTS), max_size=40).map(
    "".join
)
PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
