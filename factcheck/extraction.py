"""From an upload to anchored, scored candidate claims.

The pipeline is: bytes -> ``decode_upload`` -> ``extract`` (HTML through trafilatura, plain text and
Markdown through a small header/boilerplate parser) -> normalised body ``text`` -> sentences
(``split_sentences``) -> ``Candidate`` claims, each anchored to the body by exact character offsets
plus a W3C TextQuoteSelector-style prefix/suffix, and scored for check-worthiness by
``score_sentence``.

Everything here is pure Python with no Django imports, so the same code serves the upload form, the
API, ``manage.py ingest`` and the benchmarks in ``bench/``. What callers can rely on:

* ``ExtractedArticle.text`` is ``normalise``d, paragraphs are separated by exactly one blank line,
  and it never contains the headline, dateline, byline or the boilerplate lines listed below.
* For every candidate ``c``: ``text[c.start:c.end] == c.quote``, ``c.prefix`` and ``c.suffix``
  are the (up to) 32 characters around it, and ``0 <= c.score <= 1``.
* Every refusal is an ``ExtractionError`` (a ``ValueError``) whose message can be shown to the user.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

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
    "decode_upload",
    "extract",
    "extract_html",
    "extract_plain",
    "normalise",
    "parse_date",
    "score_sentence",
    "split_sentences",
]

MAX_BYTES_DEFAULT = 1_000_000
CONTEXT_CHARS = 32
#: Stored with each score so that scores from different rule sets are never compared as equals;
#: bump it whenever ``FEATURE_WEIGHTS`` or what a feature detects changes.
SCORE_VERSION = "features-1"
# Shorter spans are headings, captions or fragments ("Mr. Smith.", "Watch:"): nothing to check.
MIN_CANDIDATE_WORDS = 4


class ExtractionError(ValueError):
    """The input was refused; the message says why in words a user can act on."""


@dataclass(frozen=True)
class Candidate:
    """One sentence of the article body proposed as a claim.

    ``text[start:end] == quote`` for the ``ExtractedArticle.text`` it came from; ``prefix`` and
    ``suffix`` are up to ``CONTEXT_CHARS`` characters either side (W3C TextQuoteSelector), so the
    quote can be found again even if offsets are lost. ``features`` holds every feature name of
    ``FEATURE_WEIGHTS`` with its contribution (0.0 when absent); ``score`` is their sum clamped to
    [0, 1].
    """

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    score: float
    features: dict[str, float] = field(hash=False)


@dataclass(frozen=True)
class ExtractedArticle:
    """The result of an extraction: metadata, the normalised body, and its candidate claims.

    ``title`` and ``author`` are ``""`` when none was found; ``published`` is ``None`` when no
    unambiguous date was found. ``candidates`` are in text order.
    """

    title: str
    published: datetime.date | None
    author: str
    language: str
    text: str
    candidates: tuple[Candidate, ...]


def _word_set(words: str) -> frozenset[str]:
    """A set of lower-case words written as one space-separated string, for long word lists."""
    return frozenset(words.split())


# --------------------------------------------------------------------------------------------
# Decoding and normalisation
# --------------------------------------------------------------------------------------------

_UTF8_BOM = b"\xef\xbb\xbf"
# Tab, newline, carriage return and form feed occur in real text files; the other control
# characters (Unicode category Cc) do not, so a high share of them means the file is not text.
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.05


def decode_upload(data: bytes, *, max_bytes: int = MAX_BYTES_DEFAULT, what: str = "file") -> str:
    """Decode an uploaded file as UTF-8 text, or refuse it with an ``ExtractionError``.

    Refused: empty or whitespace-only files, files over ``max_bytes``, binary files (any NUL byte,
    or more than 5% control characters), and bytes that are not valid UTF-8. A UTF-8 byte order
    mark is accepted and dropped. The returned string is not normalised yet.
    """
    if not data:
        raise ExtractionError(f"The {what} is empty.")
    if len(data) > max_bytes:
        raise ExtractionError(
            f"The {what} is too large ({len(data):,} bytes); the limit is {max_bytes:,} bytes."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in data:
        # Checked before the NUL test so that the message says what to do about it.
        raise ExtractionError(
            f"The {what} is UTF-16 text; only UTF-8 is accepted. Save it as UTF-8."
        )
    if b"\x00" in data:
        raise ExtractionError(f"The {what} looks binary (it contains NUL bytes), not text.")
    bom = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        position = bom + exc.start
        raise ExtractionError(
            f"The {what} is not valid UTF-8 text (byte 0x{data[position]:02x} at position "
            f"{position} cannot be decoded). Save it as UTF-8 and upload it again."
        ) from None
    if len(_BINARY_CONTROLS.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise ExtractionError(
            f"The {what} looks binary (it is full of control characters), not text."
        )
    if not text.strip():
        raise ExtractionError(f"The {what} contains only whitespace.")
    return text


# Line separators other than \n that would otherwise survive as invisible characters.
_LINE_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n"})
_BLANK_LINES = re.compile(r"\n{3,}")
# Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F; tab and newline are kept.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def normalise(text: str) -> str:
    """Return the canonical form of an article body; idempotent.

    NFC; CRLF, CR and other line separators become ``\\n`` (a Unicode paragraph separator becomes a
    blank line); control characters other than tab and newline are dropped; trailing whitespace is
    stripped from every line; any run of blank lines becomes exactly one blank line; leading and
    trailing blank space is stripped. Paragraphs therefore end up separated by one blank line.
    """
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS).replace("\u2029", "\n\n")
    text = _CONTROL_CHARS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


# --------------------------------------------------------------------------------------------
# Sentence segmentation
# --------------------------------------------------------------------------------------------

# pySBD's rules slow down more than linearly on long inputs, so longer runs of text are cut into
# chunks at a likely sentence end before it sees them.
_MAX_SEGMENTER_CHARS = 2_000
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n(?:[^\S\n]*\n)*")
_LIST_ITEM = re.compile(r"(?:[-*+•‣⁃▪◦–—]|\(?(?:\d{1,3}|[A-Za-z])[.)])(?:\s|$)")
_TERMINAL = ".!?…:"
_CLOSERS = "\"'”’»)]*_"
_LIKELY_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*\.?")

# Abbreviations that pySBD sometimes treats as a sentence end although a number follows them
# ("See Vol. 3", "approx. 5%").
_BEFORE_NUMBER_ABBREVIATIONS = _word_set(
    "no nos vol vols fig figs art arts sec ch chap p pp para approx ca est nr op ed eds ext tel "
    "apt rm ft pct cf vs v"
)
# Titles and company suffixes that almost never end a short fragment on purpose.
_KNOWN_ABBREVIATIONS = _BEFORE_NUMBER_ABBREVIATIONS | _word_set(
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
    if _LIST_ITEM.match(after) or _LIST_ITEM.match(last_line):
        return False
    unquoted = before.rstrip(_CLOSERS)
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
    if _LIST_ITEM.match(following):
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
    return ends_with_abbreviation and len(_WORD.findall(previous)) < MIN_CANDIDATE_WORDS


# --------------------------------------------------------------------------------------------
# Anchoring
# --------------------------------------------------------------------------------------------


def anchor(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """Return ``(quote, prefix, suffix)`` for ``text[start:end]``.

    ``prefix`` is ``text[max(0, start - context):start]`` and ``suffix`` is
    ``text[end:end + context]``, as in a W3C TextQuoteSelector. Raises ``ValueError`` unless
    ``0 <= start <= end <= len(text)``.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span [{start}, {end}) is outside the text (length {len(text)})")
    return text[start:end], text[max(0, start - context) : start], text[end : end + context]


# --------------------------------------------------------------------------------------------
# Check-worthiness scoring
# --------------------------------------------------------------------------------------------

#: Each feature's contribution when present. Positive features mark something that can be verified
#: (a figure, a date, a named actor, a comparison); negative ones mark opinion, speculation or a
#: question. Attribution alone is weak: "X said" only names who to check, not what.
FEATURE_WEIGHTS: dict[str, float] = {
    "number": 0.25,
    "percent_or_money": 0.10,
    "quantity": 0.10,
    "time_reference": 0.15,
    "named_entity": 0.15,  # two or more names; a single one gets _SINGLE_NAME_WEIGHT
    "attribution": 0.05,
    "comparison": 0.15,
    "hedge": -0.10,  # per distinct hedge word, at most two
    "opinion": -0.20,
    "speculation": -0.30,
    "question": -0.30,
}

_SINGLE_NAME_WEIGHT = 0.10

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_CALENDAR_WORDS = frozenset(w.lower() for w in f"{_MONTHS}|{_WEEKDAYS}".split("|"))
# Case-sensitive on purpose: "may" and "march" are also a verb.
_MONTH_OR_WEEKDAY = re.compile(rf"\b(?:{_MONTHS}|{_WEEKDAYS})\b")
_DAY_BEFORE_MONTH = re.compile(rf"(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b")
_MONTH_BEFORE_DAY = re.compile(rf"\b(?:{_MONTHS})\.?\s+$")
# A figure not glued to a word: "100", "4.5", "1,200", "14-member"; not "G20" or "COVID-19".
_FIGURE = re.compile(r"(?<![^\W\d_])(?<![^\W\d_]-)\d(?:[\d,.]*\d)?")
_NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|billion|trillion|dozen)\b",
    re.IGNORECASE,
)
_PERCENT_OR_MONEY = re.compile(
    r"%|\bper ?cent\b|\bpercentage points?\b|[$€£¥₹₽]|\d\s?(?:bn|mn|m|k)\b|"
    r"\b(?:dollars?|euros?|pounds sterling|rubles?|roubles?|yuan|yen|rupees?|usd|eur|gbp)\b",
    re.IGNORECASE,
)
_QUANTITY = re.compile(
    r"\b(?:hundreds|thousands|millions|billions|dozens|scores|tens) of\b|\bmajority\b|"
    r"\bminority\b|\bhalf\b|\ba (?:third|quarter|fifth|tenth)\b|\b(?:most|none|all) of\b|"
    r"\baverage\b|\bper capita\b|\btwice\b|\bevery\b",
    re.IGNORECASE,
)
_RELATIVE_TIME = re.compile(
    r"\b(?:yesterday|today|tomorrow|tonight|overnight|"
    r"(?:last|next|this|past|previous|coming|same) (?:week|month|year|decade|century|weekend|"
    r"spring|summer|autumn|fall|winter|quarter|morning|evening|night)|"
    r"\d+ (?:days?|weeks?|months?|years?|decades?) (?:ago|earlier|later)|"
    r"(?:annual|annually|quarterly|decades?|centuries))\b",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|tells|according to|stated|announced|reported|claimed|claims|"
    r"confirmed|denied|insisted|noted|added|wrote|tweeted|explained|argued|warned|estimated|"
    r"revealed|admitted|acknowledged|testified)\b",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|older|younger|faster|"
    r"slower|cheaper|better|worse) than\b|"
    r"\b(?:at least|at most|as (?:many|much|few|little) as|compared (?:with|to)|relative to|"
    r"the (?:most|least)|largest|biggest|highest|lowest|smallest|fastest|slowest|oldest|"
    r"youngest|richest|poorest|deadliest|best|worst|first|record|doubled|tripled|halved|"
    r"increased|decreased|rose|risen|fell|fallen|grew|grown|declined|dropped|surged|soared|"
    r"plunged|jumped)\b",
    re.IGNORECASE,
)
# Matched against the sentence with its first letter lowered, so a capitalised "May" inside a
# sentence stays a month.
_HEDGE = re.compile(
    r"\b(?:may|might|could|perhaps|possibly|probably|likely|unlikely|whether|seems?|seemed|"
    r"appears? to|apparently|presumably|supposedly|potentially|suggests?)\b"
)
_OPINION = re.compile(
    r"\b(?:i|we) (?:think|believe|feel|guess|suppose|hope|doubt|reckon)\b|"
    r"\bin (?:my|our) (?:opinion|view)\b|\b(?:personally|arguably|frankly|honestly)\b|"
    r"\b(?:should|ought to|must)\b",
    re.IGNORECASE,
)
_SPECULATION = re.compile(
    r"\bremains? to be seen\b|\btime will tell\b|\bit(?: is|'s|’s) (?:unclear|not clear|"
    r"uncertain|too early to)\b|\bremains? (?:unclear|uncertain)\b|\bwho knows\b|"
    r"\bit is (?:hard|difficult|impossible) to (?:say|predict|know|tell)\b",
    re.IGNORECASE,
)
_WORD_TOKEN = re.compile(r"[^\W\d_][\w'’.&-]*")
_LEADING_MARKUP = re.compile(r"(?:#{1,6}\s+|>\s*|[-*+•‣⁃▪◦]\s+|\(?\d{1,3}[.)]\s+|[*_]{1,3}(?=\w))+")


def score_sentence(sentence: str) -> tuple[float, dict[str, float]]:
    """Score how check-worthy a sentence is, with the reasons.

    Returns ``(score, features)``: ``features`` maps every name in ``FEATURE_WEIGHTS`` (in that
    order) to its contribution, 0.0 when absent; ``score`` is their sum clamped to [0, 1] and
    rounded to 4 places. Deterministic, rule-based and language-specific (English).
    """
    features = dict.fromkeys(FEATURE_WEIGHTS, 0.0)
    years, figures = _figures(sentence)
    if figures or _NUMBER_WORDS.search(sentence):
        features["number"] = FEATURE_WEIGHTS["number"]
    if _PERCENT_OR_MONEY.search(sentence):
        features["percent_or_money"] = FEATURE_WEIGHTS["percent_or_money"]
    if _QUANTITY.search(sentence):
        features["quantity"] = FEATURE_WEIGHTS["quantity"]
    if years or _MONTH_OR_WEEKDAY.search(sentence) or _RELATIVE_TIME.search(sentence):
        features["time_reference"] = FEATURE_WEIGHTS["time_reference"]
    names = _count_names(sentence)
    if names:
        features["named_entity"] = (
            FEATURE_WEIGHTS["named_entity"] if names > 1 else _SINGLE_NAME_WEIGHT
        )
    if _ATTRIBUTION.search(sentence):
        features["attribution"] = FEATURE_WEIGHTS["attribution"]
    if _COMPARISON.search(sentence):
        features["comparison"] = FEATURE_WEIGHTS["comparison"]
    probe = sentence[:1].lower() + sentence[1:]
    hedges = {m.group().lower() for m in _HEDGE.finditer(probe)}
    if hedges:
        features["hedge"] = round(FEATURE_WEIGHTS["hedge"] * min(len(hedges), 2), 4)
    if _OPINION.search(sentence):
        features["opinion"] = FEATURE_WEIGHTS["opinion"]
    if _SPECULATION.search(sentence):
        features["speculation"] = FEATURE_WEIGHTS["speculation"]
    if sentence.rstrip().rstrip(_CLOSERS).endswith("?"):
        features["question"] = FEATURE_WEIGHTS["question"]
    score = round(min(1.0, max(0.0, sum(features.values()))), 4)
    return score, features


def _figures(sentence: str) -> tuple[int, int]:
    """Count (years and days of a date, other figures) among the digits of a sentence."""
    calendar = other = 0
    for match in _FIGURE.finditer(sentence):
        digits = match.group()
        after = sentence[match.end() : match.end() + 16]
        before = sentence[max(0, match.start() - 12) : match.start()]
        is_year = (
            len(digits) == 4
            and digits.isdigit()
            and 1800 <= int(digits) <= 2099
            and not after.startswith(("%", " %"))
            and not before.endswith(tuple("$€£¥₹₽"))
        )
        is_day = (
            len(digits) <= 2
            and digits.isdigit()
            and 1 <= int(digits) <= 31
            and (_DAY_BEFORE_MONTH.match(after) is not None or _MONTH_BEFORE_DAY.search(before))
        )
        if is_year or is_day:
            calendar += 1
        else:
            other += 1
    return calendar, other


def _count_names(sentence: str) -> int:
    """Count runs of capitalised words and acronyms, leaving out the sentence's first word.

    "Peru's foreign minister, Nestor Popolizio, told" has one name (the first word is skipped:
    at the start of a sentence capitals prove nothing); months and weekdays are time references.
    """
    runs = 0
    previous_end = -1
    in_run = False
    body_start = _LEADING_MARKUP.match(sentence)
    offset = body_start.end() if body_start else 0
    for index, match in enumerate(_WORD_TOKEN.finditer(sentence, offset)):
        word = match.group().rstrip(".'’-")
        capitalised = (
            index > 0 and word[:1].isupper() and word != "I" and word.lower() not in _CALENDAR_WORDS
        )
        if capitalised:
            joined = in_run and sentence[previous_end : match.start()].strip() == ""
            if not joined:
                runs += 1
            in_run = True
        else:
            in_run = False
        previous_end = match.end()
    return runs


# --------------------------------------------------------------------------------------------
# Dates, headers and boilerplate
# --------------------------------------------------------------------------------------------

_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAME = r"(?P<month>" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    # 2019-07-04, 2019-07-04T02:02Z, 2019/07/04
    (
        "ymd",
        re.compile(r"(?<!\d)(?P<year>\d{4})([-/])(?P<month>\d{1,2})\2(?P<day>\d{1,2})(?!\d)", re.A),
    ),
    # 4 Jul, 2019 / 4th July 2019
    (
        "dmy",
        re.compile(
            rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_NAME},?\s+(?P<year>\d{{4}})(?!\d)",
            re.IGNORECASE | re.ASCII,
        ),
    ),
    # July 4, 2019 / Jul. 4th 2019
    (
        "mdy",
        re.compile(
            rf"\b{_MONTH_NAME}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})(?!\d)",
            re.IGNORECASE | re.ASCII,
        ),
    ),
    # 04/07/2019, 4.7.2019, 07-04-2019: order decided below
    ("numeric", re.compile(r"(?<![\d.])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)", re.ASCII)),
]


def parse_date(value: str) -> datetime.date | None:
    """Find the first unambiguous calendar date in ``value``.

    Understands ``2019-07-04``, ``2019/07/04``, ``4 Jul, 2019``, ``4th July 2019``,
    ``July 4, 2019``, ``Jul. 4 2019`` and numeric dates. Numeric dates with dots (``4.7.2019``)
    are day-first, as wherever that style is used; with slashes or dashes the order is only
    decided when one part is above 12, so ``04/07/2019`` (4 July or April 7?) gives ``None``
    rather than a guess. Years outside 1900-2100 and impossible dates are ignored.
    """
    found: list[tuple[int, datetime.date]] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(value):
            parsed = _date_from_match(kind, match)
            if parsed is not None:
                found.append((match.start(), parsed))
                break
    return min(found)[1] if found else None


def _date_from_match(kind: str, match: re.Match[str]) -> datetime.date | None:
    if kind == "numeric":
        first, separator, second, year = match.groups()
        a, b = int(first), int(second)
        if separator == "." or a > 12:
            day, month = a, b
        elif b > 12 or a == b:
            day, month = b, a
        else:
            return None
        year_number = int(year)
    else:
        month_text = match.group("month")
        month = int(month_text) if month_text.isdigit() else _MONTH_NUMBERS[month_text.lower()]
        day, year_number = int(match.group("day")), int(match.group("year"))
    if not 1900 <= year_number <= 2100:
        return None
    try:
        return datetime.date(year_number, month, day)
    except ValueError:
        return None


# Words a dateline may hold besides dates and times: "4 Jul, 2019 02:02 / Updated 5 years ago",
# "Published: Thursday 4 July 2019 10.30 BST". A short line with any other word ("On July 4,
# 2019 the group met.") is part of the story, not a dateline.
_DATELINE_WORDS = _CALENDAR_WORDS | _word_set(
    "published updated posted modified last first on at ago hour hours hr hrs minute minutes "
    "min mins day days week weeks month months year years a an am pm time date today yesterday "
    "and st nd rd th gmt utc bst cet cest edt est pdt pst cdt cst msk ist jst aest local"
)
_DATELINE_STAMPS = _word_set("published updated posted modified ago")
_LETTERS = re.compile(r"[^\W\d_]+")
_BYLINE = re.compile(
    r"^(?:by|written by|words by|reporting by|author:)\s+(?P<name>[^\W\d_].{0,80})$", re.I
)
_BYLINE_END = re.compile(r"\s+[|·•/\-–—]\s+|\s*\|\s*|\s*,\s*(?=\d)")
# Lower-case words allowed inside a person's name or a byline ("Jane Doe and John Smith").
_NAME_PARTICLES = _word_set("and de van von der den la le da di du dos bin al el y & for in")

# Teaser markers after which a headline or a link may follow on the same line.
_TEASER_PREFIX = re.compile(
    r"^(?:(?:also on [\w-]+(?:\.[\w-]+)+|read more|read also|also read|see also)\b|"
    r"(?:more on this(?: story| topic)?|more from [^:]{1,40}|"
    r"related(?: articles?| stories| story| content| coverage| news| reading| posts?)?|"
    r"recommended(?: for you| stories| reading)?|further reading|editor'?s picks?)\s*:)",
    re.I,
)
# Box headers that are teasers only when they stand alone ("Related" alone, not "Related
# charges were filed").
_TEASER_HEADER = re.compile(
    r"^(?:related(?: articles?| stories| story| content| coverage| news| reading| posts?)?|"
    r"recommended(?: for you| stories| reading)?|most (?:read|popular|viewed|shared)|"
    r"further reading|don'?t miss|editor'?s picks?|trending(?: now| stories)?|more stories|"
    r"latest (?:news|stories)|top stories|what to read next|you (?:may|might) also like|"
    r"read more|see also|more on this(?: story| topic)?)[\W_]*$",
    re.I,
)
_NEWSLETTER = re.compile(
    r"^(?:subscribe|sign up|sign-up|signup|join|get|receive|register|enter your e-?mail|"
    r"don'?t miss|never miss|stay (?:informed|up to date|updated)|want (?:more|the latest))\b"
    r".*\b(?:newsletters?|subscribe|subscription|inbox|sign up|"
    r"our (?:morning|daily|evening|weekly) (?:briefing|e-?mail|digest))\b",
    re.I,
)
_SHARE = re.compile(
    r"^(?:share (?:this|on|via|it)\b|follow (?:us|rt|@)|like us on|join us on|find us on|"
    r"click here|tap here|think your friends would be interested|like this (?:story|article)\?)|"
    r"share (?:it|this) with (?:a friend|your friends)",
    re.I,
)
_SOCIAL_ONLY = re.compile(
    r"^(?:(?:facebook|twitter|x|whatsapp|telegram|e-?mail|linkedin|reddit|pinterest|vk|"
    r"copy link|print|share)\W*)+$",
    re.I,
)
_ADVERT = re.compile(
    r"^(?:advertisement|advertising|ad|sponsored(?: content)?|paid content|"
    r"(?:story|article) continues below(?: advertisement)?|continue reading(?: below)?|"
    r"scroll to continue(?: with content)?|skip (?:to content|advert(?:isement)?))\W*$",
    re.I,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\))?\s*(?:\d{4}|by)\b)|\ball rights reserved\b", re.I
)
_TAGS = re.compile(r"^(?:tags|topics|filed under|categories)\s*:", re.I)
_MAX_BOILERPLATE_CHARS = 300
# A teaser link under a "Related" header: one short line, not a full sentence.
_MAX_TEASER_WORDS = 20


def _line_key(line: str) -> str:
    """The line without list/heading markers and emphasis, for pattern matching."""
    stripped = line.strip()
    marker = _LEADING_MARKUP.match(stripped)
    if marker:
        stripped = stripped[marker.end() :]
    return stripped.strip("*_ ").strip()


def _is_boilerplate(line: str) -> bool:
    """Teasers, newsletter and share prompts, adverts, copyright and tag lines."""
    key = _line_key(line)
    if not key or len(key) > _MAX_BOILERPLATE_CHARS:
        return False
    return bool(
        _TEASER_PREFIX.match(key)
        or _TEASER_HEADER.match(key)
        or _NEWSLETTER.match(key)
        or _SHARE.search(key)
        or _SOCIAL_ONLY.match(key)
        or _ADVERT.match(key)
        or _COPYRIGHT.search(key)
        or _TAGS.match(key)
    )


def _is_teaser_header(line: str) -> bool:
    """A "Related articles" / "READ MORE:" line with nothing after the marker."""
    key = _line_key(line)
    if _TEASER_HEADER.match(key):
        return True
    match = _TEASER_PREFIX.match(key)
    return match is not None and not any(ch.isalnum() for ch in key[match.end() :])


def _looks_like_teaser(paragraph: list[str]) -> bool:
    if len(paragraph) != 1:
        return False
    key = _line_key(paragraph[0])
    return bool(key) and len(key.split()) <= _MAX_TEASER_WORDS and key[-1] not in ".!?…"


def _remove_boilerplate(paragraphs: list[list[str]]) -> list[list[str]]:
    """Drop boilerplate lines; after a bare teaser header also drop the teaser links under it.

    The links are the rest of the header's paragraph, or, when the header ends its paragraph,
    the following one-line paragraphs that read as headlines rather than sentences.
    """
    kept: list[list[str]] = []
    in_teaser_list = False
    for paragraph in paragraphs:
        if in_teaser_list and _looks_like_teaser(paragraph):
            continue
        in_teaser_list = False
        lines: list[str] = []
        for index, line in enumerate(paragraph):
            if _is_teaser_header(line):
                in_teaser_list = index == len(paragraph) - 1
                break
            if not _is_boilerplate(line):
                lines.append(line)
        if lines:
            kept.append(lines)
    return kept


def _headline_text(line: str) -> str:
    """A headline line without Markdown heading marks or emphasis."""
    return re.sub(r"^#{1,6}\s+", "", line.strip()).strip("*_ ").strip()


def _same_title(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return " ".join(_headline_text(s).casefold().split())

    return key(a) == key(b)


def _is_headline(line: str) -> bool:
    """A first line that reads as a headline: short, and not a sentence ending in a full stop."""
    text = _headline_text(line)
    return (
        0 < len(text) <= 250
        and any(ch.isalpha() for ch in text)
        and not text.rstrip(_CLOSERS).endswith(".")
    )


def _read_header_line(line: str) -> tuple[bool, datetime.date | None, str]:
    """Whether ``line`` is a dateline or byline, and the date and author it gives."""
    key = _line_key(line)
    if not key or len(key) > 160:
        return False, None, ""
    byline = _BYLINE.match(key)
    if byline:
        name = _BYLINE_END.split(byline.group("name"), maxsplit=1)[0].strip(" ,;")
        words = name.split()
        if 0 < len(words) <= 8 and all(
            w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words
        ):
            return True, parse_date(key), name
        return False, None, ""
    published = parse_date(key)
    words = {w.lower() for w in _LETTERS.findall(_strip_dates(key))}
    if not words <= _DATELINE_WORDS:
        return False, None, ""
    return published is not None or bool(words & _DATELINE_STAMPS), published, ""


def _strip_dates(text: str) -> str:
    for _, pattern in _DATE_PATTERNS:
        text = pattern.sub(" ", text)
    return text


_FRONT_MATTER_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")
_MAX_FRONT_MATTER_LINES = 50


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Markdown/YAML front matter (``---`` ... ``---``) as simple ``key: value`` pairs.

    Returns the top-level pairs and the number of lines the block spans (0 when there is none).
    Nested YAML lines are skipped, not parsed.
    """
    if not lines or lines[0].strip() != "---":
        return {}, 0
    values: dict[str, str] = {}
    for index, line in enumerate(lines[1:_MAX_FRONT_MATTER_LINES], start=1):
        if line.strip() in {"---", "..."}:
            return values, index + 1
        match = _FRONT_MATTER_KEY.match(line)
        if match is not None:
            values[match.group("key").lower()] = match.group("value").strip().strip("\"'")
    return {}, 0


# --------------------------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------------------------


def extract_plain(
    text: str,
    *,
    title: str = "",
    published: datetime.date | datetime.datetime | str | None = None,
) -> ExtractedArticle:
    """Extract an article from plain text (Markdown marks are tolerated).

    When ``title`` is empty the first line becomes the title if it reads as a headline (at most
    250 characters, not ending in a full stop, followed by more text); when ``title`` is given,
    a first line equal to it is dropped. Datelines and bylines right under the headline give
    ``published`` (unless given) and ``author`` and are dropped, as are Markdown front matter and
    boilerplate lines (teasers such as "Also on ..."/"Read more:", newsletter and share prompts,
    "Advertisement", copyright lines). Raises ``ExtractionError`` when no body text is left;
    never raises anything else for any ``str`` input.
    """
    lines = normalise(text).split("\n")
    meta, skip = _front_matter(lines)
    lines = lines[skip:]
    title = title.strip() or _headline_text(meta.get("title", ""))
    author = meta.get("author", "")
    published_date = _as_date(published) or parse_date(meta.get("date", ""))

    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None:
        headline = lines[first]
        has_more = any(line.strip() for line in lines[first + 1 :])
        if title and _same_title(title, headline):
            lines = lines[first + 1 :]
        elif not title and has_more and _is_headline(headline):
            title = _headline_text(headline)
            lines = lines[first + 1 :]
    return _build_article(
        lines, title=title, published=published_date, author=author, language="en"
    )


def extract_html(html: str, *, url: str | None = None) -> ExtractedArticle:
    """Extract an article from an HTML page with trafilatura, then clean it like plain text.

    Title, date and author come from trafilatura's metadata; comments, tables, links and images
    are left out. Each line of trafilatura's output is one paragraph of ``text``. The same
    header and boilerplate filter as ``extract_plain`` then runs, so "Related" boxes and
    newsletter calls that slip through are not claims. No network access happens (``url`` only
    helps with metadata). Raises ``ExtractionError`` when the page has no main text.
    """
    # A heavy import (lxml, htmldate, ...), only needed for HTML.
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_links=False,
            include_images=False,
        )
    except Exception as exc:  # whatever trafilatura trips over is a problem of the page
        raise ExtractionError(f"The HTML could not be parsed ({exc.__class__.__name__}).") from None
    body = getattr(document, "text", None) or ""
    # When trafilatura finds no article it falls back to whatever text there is ("Home" from a
    # menu); a page without a single line of a few words has nothing to check.
    if not any(len(_WORD.findall(line)) >= MIN_CANDIDATE_WORDS for line in body.splitlines()):
        raise ExtractionError("No article text was found in the HTML page.")
    title = normalise(getattr(document, "title", None) or "").replace("\n", " ")
    author = normalise(getattr(document, "author", None) or "").replace("\n", " ")
    published = parse_date(getattr(document, "date", None) or "")
    language = _html_language(html) or (getattr(document, "language", None) or "en")

    lines: list[str] = []
    for line in normalise(body).split("\n"):
        if line.strip():
            lines.extend([line, ""])
    # trafilatura keeps the <h1> as the first line of the text; without a <title>/<h1> in the
    # metadata the first line is the best headline there is.
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and title and _same_title(title, lines[first]):
        lines = lines[first + 1 :]
    elif first is not None and not title and len(lines) > 2 and _is_headline(lines[first]):
        title = _headline_text(lines[first])
        lines = lines[first + 1 :]
    return _build_article(lines, title=title, published=published, author=author, language=language)


_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?(?P<lang>[A-Za-z]{2,3})\b", re.I)


def _html_language(html: str) -> str:
    match = _HTML_LANG.search(html[:4096])
    return match.group("lang").lower() if match else ""


def _build_article(
    lines: list[str],
    *,
    title: str,
    published: datetime.date | None,
    author: str,
    language: str,
) -> ExtractedArticle:
    """Shared tail of both extractors: header lines, boilerplate, text, candidates."""
    # Datelines and bylines are only looked for right under the headline: further down a short
    # line with a date is part of the story.
    index = 0
    header_lines = 0
    while index < len(lines) and header_lines < 4:
        if not lines[index].strip():
            index += 1
            continue
        is_header, line_date, line_author = _read_header_line(lines[index])
        if not is_header:
            break
        published = published or line_date
        author = author or line_author
        header_lines += 1
        index += 1
    lines = lines[index:]

    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
        elif paragraphs[-1] and _starts_paragraph(paragraphs[-1][-1], line):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    paragraphs = _remove_boilerplate([p for p in paragraphs if p])
    text = normalise("\n\n".join("\n".join(p) for p in paragraphs))
    if not text:
        raise ExtractionError(
            "No article text was found (after removing the headline, dateline and boilerplate)."
        )
    return ExtractedArticle(
        title=title,
        published=published,
        author=author,
        language=language or "en",
        text=text,
        candidates=tuple(_candidates(text)),
    )


def _starts_paragraph(previous: str, line: str) -> bool:
    """Whether ``line`` begins a new paragraph although no blank line precedes it.

    Text pasted from a web page often has one paragraph per line. A line that follows a finished
    sentence and starts like one (capital, digit or quote) is such a paragraph; list items and
    wrapped lines are not.
    """
    previous, line = previous.strip(), line.strip()
    if _LIST_ITEM.match(previous) or _LIST_ITEM.match(line):
        return False
    unquoted = previous.rstrip(_CLOSERS)
    finished = bool(unquoted) and unquoted[-1] in ".!?…"
    return finished and (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘«(")


def _as_date(value: datetime.date | datetime.datetime | str | None) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    return None


def _candidates(text: str) -> Iterator[Candidate]:
    for start, end in split_sentences(text):
        # List bullets and heading marks are not part of what is claimed.
        markup = _LEADING_MARKUP.match(text, start, end)
        if markup:
            start = markup.end()
        sentence = text[start:end]
        if not any(ch.isalpha() for ch in sentence):
            continue
        if len(_WORD.findall(sentence)) < MIN_CANDIDATE_WORDS:
            continue
        quote, prefix, suffix = anchor(text, start, end)
        score, features = score_sentence(quote)
        yield Candidate(start, end, quote, prefix, suffix, score, features)


_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain", "text/markdown", "text/x-markdown")
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html\b|<head\b|<body\b)", re.I
)
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|article|section|h[1-6]|br|ul|li|main)\b[^>]*>", re.I)


def extract(raw: str, *, filename: str = "", content_type: str = "") -> ExtractedArticle:
    """Extract an article from an upload or a paste, choosing HTML or plain text.

    HTML when the file name (``.html``, ``.htm``) or content type says so, or when the text starts
    like a web page (a doctype, ``<html>``, ``<head>`` or ``<body>``), whatever its name. Otherwise
    plain text when the name (``.txt``, ``.md``, ...) or type (``text/plain``, ``text/markdown``)
    says so, with Markdown marks tolerated; with neither, several common tags near the start
    mean HTML.
    """
    name = filename.lower()
    mime = content_type.split(";", 1)[0].strip().lower()
    if name.endswith(_HTML_SUFFIXES) or mime in _HTML_TYPES:
        is_html = True
    elif _HTML_START.match(raw[:5000]):
        # A saved web page stays a web page even when its name or type says text.
        is_html = True
    elif name.endswith(_TEXT_SUFFIXES) or mime in _TEXT_TYPES:
        is_html = False
    else:
        is_html = _looks_like_html(raw)
    return extract_html(raw) if is_html else extract_plain(raw)


def _looks_like_html(raw: str) -> bool:
    head = raw[:5000]
    return _HTML_START.match(head) is not None or len(_HTML_TAG.findall(head)) >= 3
