"""A text as it is asked about, made fit for matching: social-media posts carry links, hashtags written
as one word, handles and a "— Name (@handle) date" trailer, none of which a fact-check's wording has.

`clean` keeps every word a person wrote and what the markup hides: "#AustralianFires" becomes
"Australian Fires", "@realDonaldTrump" becomes "real Donald Trump" (the name often says who the post
is about or by), links and the trailer's date go. Plain prose passes through unchanged but for spaces.
"""

from __future__ import annotations

import html
import re

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.I)
# The trailer of a copied tweet: "— Name (@handle) January 14, 2020" (the date in any common form).
_TRAILER_DATE = re.compile(
    r"([^—–()]{0,80})\(@(\w+)\)\s*"
    r"(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+\.? \d{4}|\d{4}-\d{2}-\d{2})\s*$"
)
_TAG = re.compile(r"(?<![\w&])[#@]([^\W_]\w*)")
# Boundaries inside one written-together word: "BioDiv", "USAToday", "Covid19".
_CAMEL = re.compile(
    r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])"
)
_DASHES = re.compile(r"\s*[—–]\s*")
_SPACE = re.compile(r"\s+")


def split_words(tag: str) -> str:
    """ "AustralianFires" -> "Australian Fires", "real_donald_trump" -> "real donald trump"."""
    return _CAMEL.sub(" ", tag.replace("_", " "))


def _trailer(m: re.Match) -> str:
    # "Morgan Eastwood (@MorganEastwood)": the handle says the name again; keep it only when it
    # adds words.
    name, handle = m.group(1), m.group(2)
    said = {w.lower() for w in re.findall(r"[^\W_]+", name)}
    extra = [w for w in split_words(handle).split() if w.lower() not in said]
    return f"{name} {' '.join(extra)}".rstrip()


def clean(text: str) -> str:
    """The words of `text` without links, markup and the trailer's date (see the module's doc)."""
    text = html.unescape(text)
    text = _TRAILER_DATE.sub(_trailer, text.strip())
    text = _URL.sub(" ", text)
    text = _TAG.sub(lambda m: " " + split_words(m.group(1)) + " ", text)
    text = _DASHES.sub(" — ", text)
    return _SPACE.sub(" ", text).strip()
