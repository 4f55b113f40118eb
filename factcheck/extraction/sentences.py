"""Sentences with exact offsets, and the anchor (quote, prefix, suffix) of a span.

``split_sentences`` never loses or moves a character: every span it returns is an exact slice of the
text it was given. ``anchor`` gives the W3C TextQuoteSelector parts of any span.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from factcheck.extraction import languages
from factcheck.extraction.languages import DEFAULT

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

_MULTI_PERIOD_ABBREVIATION = re.compile(r"(?:^|\s|\()(?:[^\W\d_]\.){2,}$")


@functools.cache
def _pysbd_segmenter(code: str):  # -> pysbd.Segmenter (kept untyped so the import stays lazy)
    """The one pySBD segmenter per language in this process (building one compiles many regexes)."""
    # Imported on first use so that importing this module stays cheap.
    import pysbd

    return pysbd.Segmenter(language=code, clean=False)


def split_sentences(text: str, language: str = DEFAULT) -> list[tuple[int, int]]:
    """Split ``text`` into sentences, returned as ``[start, end)`` offsets into ``text``.

    Callers can rely on, in every language: spans sorted and non-overlapping; every span non-empty
    with no leading or trailing whitespace; together they cover every non-whitespace character; a
    sentence never crosses a blank line (paragraph) and a paragraph or line without final
    punctuation (a headline, a list item) is a sentence of its own. What splits a paragraph is the
    language's ``segmenter`` (pySBD's rules for it, or the punctuation splitter ``_regex_pieces``)
    plus the small fixes in ``_repair_boundaries``; ``bench/SEGMENTATION.md`` has the comparison
    that chose each.
    """
    return split_with_rules(text, languages.language(language))


def split_with_rules(text: str, rules: languages.Language) -> list[tuple[int, int]]:
    """``split_sentences`` with the rules given rather than looked up (the benchmark's variants)."""
    spans: list[tuple[int, int]] = []
    for p_start, p_end in _paragraph_spans(text):
        for u_start, u_end in _line_units(text, p_start, p_end):
            for c_start, c_end in _chunks(text, u_start, u_end):
                spans.extend(_segment(text, c_start, c_end, rules))
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


def _segment(text: str, start: int, end: int, rules: languages.Language) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` with the language's segmenter; map the sentences back exactly."""
    # Soft line breaks become spaces (same length, so offsets are unchanged): pySBD would
    # otherwise end a sentence at every newline.
    view = text[start:end].replace("\n", " ")
    pieces = _pieces(view, rules)
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
    spans = _repair_boundaries(view, spans, rules)
    return [(start + s, start + e) for s, e in spans]


def _pieces(view: str, rules: languages.Language) -> list[str]:
    """The sentences of ``view`` as the language's segmenter writes them (maybe not exact)."""
    kind, _, code = rules.segmenter.partition(":")
    if kind != "pysbd":
        return _regex_pieces(view, rules)
    try:
        # Segmenter.segment() would map the sentences back onto the input itself, but that step
        # rescans the whole input for every sentence (quadratic: 1 MB of "a. a. a." takes
        # minutes), and drops sentences it cannot find. The processor's sentences are the same.
        # processor() also keeps no state on the shared Segmenter (segment() stores the text on
        # it), so the cached segmenter is safe to use from several threads.
        return _pysbd_segmenter(code).processor(view).process()
    except Exception:  # a segmenter bug must not lose the text: keep it whole
        return [view]


# A sentence end: final punctuation, closing quotes or brackets, space, then something that opens
# a sentence (a capital, an opening quote, an inverted question or exclamation mark, a dash).
_REGEX_BOUNDARY = re.compile(
    # French sets a space before its closing guillemet: "C'est fini. » Le débat".
    r"[.!?…]+(?:[ \u00a0\u202f]?»)?[\"'”’»)\]]*(?=\s+(?:[\"'“‘«¿¡(\[—–-]\s*)?[^\W\d_])",
    re.UNICODE,
)


def _regex_pieces(view: str, rules: languages.Language) -> list[str]:
    """Split after final punctuation followed by a capitalised word, except after abbreviations.

    The language-neutral splitter, for languages pySBD has no rules for; the same repairs as
    pySBD's output get run after it.
    """
    pieces: list[str] = []
    start = 0
    for match in _REGEX_BOUNDARY.finditer(view):
        following = view[match.end() :].lstrip()
        first = following.lstrip("\"'“‘«¿¡([—–- ")[:1]
        if not first.isupper():
            continue
        before = view[start : match.start()]
        last_word = before.rsplit(None, 1)[-1].lstrip("(\"'“‘«").lower() if before.strip() else ""
        if view[match.start()] == "." and (
            last_word in rules.abbreviations
            or last_word in rules.before_number
            or (len(last_word) == 1 and last_word.isalpha())
        ):
            continue
        pieces.append(view[start : match.end()])
        start = match.end()
    pieces.append(view[start:])
    return pieces


def _repair_boundaries(
    view: str, spans: list[tuple[int, int]], rules: languages.Language
) -> list[tuple[int, int]]:
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
        if _is_false_boundary(view[prev_s:prev_e], view[s:e], rules):
            merged[-1] = (prev_s, e)
        else:
            merged.append((s, e))
    return merged


def _is_false_boundary(previous: str, following: str, rules: languages.Language) -> bool:
    if not previous.endswith(".") or previous.endswith(".."):
        return False
    if LIST_ITEM.match(following):
        return False
    last_word = previous[:-1].rsplit(None, 1)[-1].lstrip("(\"'“‘").lower() if previous[:-1] else ""
    first = following[0]
    if first.islower() and previous[-2:-1].isalpha():
        return True
    if first.isdigit() and last_word in rules.before_number:
        return True
    ends_with_abbreviation = (
        last_word in rules.before_number
        or last_word in rules.abbreviations
        or _MULTI_PERIOD_ABBREVIATION.search(previous) is not None
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
