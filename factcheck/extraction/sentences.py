"""Sentences with exact offsets, and the anchor (quote, prefix, suffix) of a span.

``split_sentences`` never loses or moves a character: every span it returns is an exact slice of the
text it was given. ``anchor`` gives the W3C TextQuoteSelector parts of any span.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

CONTEXT_CHARS = 32
# Shorter spans are headings, captions or fragments ("Mr. Smith.", "Watch:"): nothing to check.
MIN_CANDIDATE_WORDS = 4
# List bullets, heading marks, quote marks and emphasis at the start of a line: not part of what
# is claimed.
LEADING_MARKUP = re.compile(r"(?:#{1,6}\s+|>\s*|[-*+•‣⁃▪◦]\s+|\(?\d{1,3}[.)]\s+|[*_]{1,3}(?=\w))+")


def word_set(words: str) -> frozenset[str]:
    """A set of lower-case words written as one space-separated string, for long word lists."""
    return frozenset(words.split())


# pySBD's rules slow down more than linearly on long inputs, so longer runs of text are cut into
# chunks at a likely sentence end before it sees them.
_MAX_SEGMENTER_CHARS = 2_000
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n(?:[^\S\n]*\n)*")
LIST_ITEM = re.compile(r"(?:[-*+•‣⁃▪◦–—]|\(?(?:\d{1,3}|[A-Za-z])[.)])(?:\s|$)")
_TERMINAL = ".!?…:"
CLOSERS = "\"'”’»)]*_"
_LIKELY_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*\.?")

# Abbreviations that pySBD sometimes treats as a sentence end although a number follows them
# ("See Vol. 3", "approx. 5%").
_BEFORE_NUMBER_ABBREVIATIONS = word_set(
    "no nos vol vols fig figs art arts sec ch chap p pp para approx ca est nr op ed eds ext tel "
    "apt rm ft pct cf vs v"
)
# Titles and company suffixes that almost never end a short fragment on purpose.
_KNOWN_ABBREVIATIONS = _BEFORE_NUMBER_ABBREVIATIONS | word_set(
    "mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev hon st jr sr inc ltd co "
    "corp bros dept univ mt etc al"
)
_MULTI_PERIOD_ABBREVIATION = re.compile(r"(?:^|\s|\()(?:[^\W\d_]\.){2,}$")


@functools.cache
def _pysbd_segmenter():  # -> pysbd.Segmenter (kept untyped so the import stays lazy)
    """The one English pySBD segmenter of this process (building one compiles many regexes)."""
    # Imported on first use so that importing this module stays cheap.
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences, returned as ``[start, end)`` offsets into ``text``.

    Callers can rely on: spans sorted and non-overlapping; every span non-empty with no leading or
    trailing whitespace; together they cover every non-whitespace character; a sentence never
    crosses a blank line (paragraph) and a paragraph or line without final punctuation (a
    headline, a list item) is a sentence of its own. Segmentation is pySBD's English rules plus the
    small fixes in ``_repair_boundaries``; see ``bench/SEGMENTATION.md`` for the comparison that
    chose it.
    """
    spans: list[tuple[int, int]] = []
    for p_start, p_end in _paragraph_spans(text):
        for u_start, u_end in _line_units(text, p_start, p_end):
            for c_start, c_end in _chunks(text, u_start, u_end):
                spans.extend(_segment(text, c_start, c_end))
    return spans


def _paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """Blocks of text separated by blank lines (possibly holding spaces), whitespace-trimmed."""
    start = 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        yield from _trimmed(text, start, brk.start())
        start = brk.end()
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` shrunk to exclude surrounding whitespace; nothing if only whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


def _line_units(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split a paragraph at hard line breaks, keep soft (wrapped) ones inside one unit.

    A break is soft when the line before it has no final punctuation and the next line carries on
    the sentence: it starts in lower case, or the line before ends with a comma, semicolon or
    dash. Anything else (a headline, a list item, one paragraph per line as pasted from a web
    page) is a hard break, so such lines never merge into their neighbours.
    """
    unit_start = start
    pos = text.find("\n", start, end)
    while pos != -1:
        before = text[unit_start:pos].rstrip()
        after = text[pos + 1 : end].lstrip()
        if before and after and not _is_soft_break(before, after):
            yield from _trimmed(text, unit_start, pos)
            unit_start = pos + 1
        pos = text.find("\n", pos + 1, end)
    yield from _trimmed(text, unit_start, end)


def _is_soft_break(before: str, after: str) -> bool:
    """Whether the newline between ``before`` and ``after`` (both non-empty) only wraps a line."""
    last_line = before.rsplit("\n", 1)[-1].lstrip()
    if LIST_ITEM.match(after) or LIST_ITEM.match(last_line):
        return False
    unquoted = before.rstrip(CLOSERS)
    if before[-1] in _TERMINAL or (unquoted and unquoted[-1] in _TERMINAL):
        return False
    return after[0].islower() or before[-1] in ",;-–—"


def _chunks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut overlong runs of text at a likely sentence end, else at a space, else anywhere."""
    while end - start > _MAX_SEGMENTER_CHARS:
        window_start = start + _MAX_SEGMENTER_CHARS // 2
        window_end = start + _MAX_SEGMENTER_CHARS
        cut = -1
        for match in _LIKELY_SENTENCE_END.finditer(text, window_start, window_end):
            cut = match.end()
        if cut == -1:
            cut = max(
                text.rfind(" ", window_start, window_end),
                text.rfind("\n", window_start, window_end),
            )
            cut = cut + 1 if cut != -1 else window_end
        yield from _trimmed(text, start, cut)
        start = cut
    yield from _trimmed(text, start, end)


def _segment(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Run pySBD on ``text[start:end]`` and map its sentences back to exact offsets."""
    # Soft line breaks become spaces (same length, so offsets are unchanged): pySBD would
    # otherwise end a sentence at every newline.
    view = text[start:end].replace("\n", " ")
    try:
        # Segmenter.segment() would map the sentences back onto the input itself, but that step
        # rescans the whole input for every sentence (quadratic: 1 MB of "a. a. a." takes
        # minutes), and drops sentences it cannot find. The processor's sentences are the same.
        # processor() also keeps no state on the shared Segmenter (segment() stores the text on
        # it), so the cached segmenter is safe to use from several threads.
        pieces = _pysbd_segmenter().processor(view).process()
    except Exception:  # a segmenter bug must not lose the text: keep it whole
        pieces = [view]
    # pySBD may drop or rewrite a few characters, so each sentence is searched for forward from
    # the end of the previous one; the text between two found sentences (whitespace, or whatever
    # pySBD dropped) is attached to the later sentence.
    ends: list[int] = []
    pos = 0
    for piece in pieces:
        piece = piece.strip()
        found = view.find(piece, pos) if piece else -1
        if found == -1:
            continue
        pos = found + len(piece)
        ends.append(pos)
    spans: list[tuple[int, int]] = []
    sent_start = 0
    for sent_end in [*ends, len(view)]:
        spans.extend(_trimmed(view, sent_start, sent_end))
        sent_start = sent_end
    spans = _repair_boundaries(view, spans)
    return [(start + s, start + e) for s, e in spans]


def _repair_boundaries(view: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo the pySBD boundaries that news texts showed to be false.

    Each is a full stop after an abbreviation pySBD does not know. Every rule removes a
    boundary; none adds one. A boundary is removed when:

    1. The next sentence starts in lower case and is not a list item: "10 pct. | in Q3". (A
       sentence that really starts in lower case, "iPhone sales rose", is merged too; rare.)
    2. The next sentence starts with a digit after an abbreviation that introduces numbers:
       "See Vol. | 3 for details".
    3. The previous one has fewer than four words and ends with an abbreviation: "At 5 a.m. |
       Mr. Smith went to the bank" (a real sentence that short ending in "a.m." or "Dr." is rare).
    """
    if len(spans) < 2:
        return spans
    merged = [spans[0]]
    for s, e in spans[1:]:
        prev_s, prev_e = merged[-1]
        if _is_false_boundary(view[prev_s:prev_e], view[s:e]):
            merged[-1] = (prev_s, e)
        else:
            merged.append((s, e))
    return merged


def _is_false_boundary(previous: str, following: str) -> bool:
    if not previous.endswith(".") or previous.endswith(".."):
        return False
    if LIST_ITEM.match(following):
        return False
    last_word = previous[:-1].rsplit(None, 1)[-1].lstrip("(\"'“‘").lower() if previous[:-1] else ""
    first = following[0]
    if first.islower() and previous[-2:-1].isalpha():
        return True
    if first.isdigit() and last_word in _BEFORE_NUMBER_ABBREVIATIONS:
        return True
    ends_with_abbreviation = (
        last_word in _KNOWN_ABBREVIATIONS or _MULTI_PERIOD_ABBREVIATION.search(previous) is not None
    )
    return ends_with_abbreviation and len(WORD.findall(previous)) < MIN_CANDIDATE_WORDS


def anchor(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """Return ``(quote, prefix, suffix)`` for ``text[start:end]``.

    ``prefix`` is ``text[max(0, start - context):start]`` and ``suffix`` is
    ``text[end:end + context]``, as in a W3C TextQuoteSelector. Raises ``ValueError`` unless
    ``0 <= start <= end <= len(text)``.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span [{start}, {end}) is outside the text (length {len(text)})")
    return text[start:end], text[max(0, start - context) : start], text[end : end + context]
