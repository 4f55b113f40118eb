"""Dates, datelines and bylines, headlines, front matter, and boilerplate lines.

What a news page carries around its story (teasers, newsletter calls, share prompts, adverts,
copyright and tag lines) is recognised line by line here, so that it never becomes a claim.
"""

from __future__ import annotations

import datetime
import functools
import re
from types import SimpleNamespace

from factcheck.extraction import languages
from factcheck.extraction.sentences import CLOSERS, LEADING_MARKUP, word_set

_LETTERS = re.compile(r"[^\W\d_]+")
_BYLINE_END = re.compile(r"\s+[|·•/\-–—]\s+|\s*\|\s*|\s*,\s*(?=\d)")
# Lower-case words allowed inside a person's name or a byline ("Jane Doe and John Smith").
_NAME_PARTICLES = word_set("and de van von der den la le da di du dos bin al el y & for in")


# Every pattern below joins the phrases of all languages with a data file (languages/*.toml):
# they only ever match a whole line of page furniture or a whole dateline, so a page whose
# language is mixed or misdetected still loses its furniture, and adding a language file adds its
# phrases here.
@functools.cache
def _p() -> SimpleNamespace:
    """The patterns built from every language's data, on first use (importing stays cheap)."""
    _LANGUAGES = languages.all_languages()

    def _union(key: str) -> list[str]:
        """The boilerplate fragments of every language for ``key``, without repeats, longest first."""
        fragments = {f for lang in _LANGUAGES for f in lang.boilerplate.get(key, ())}
        return sorted(fragments, key=lambda f: (-len(f), f))

    def _alternatives(key: str) -> str:
        return "|".join(_union(key))

    def _check_months() -> dict[str, int]:
        months: dict[str, int] = {}
        for lang in _LANGUAGES:
            for name, number in lang.months.items():
                if months.setdefault(name, number) != number:
                    raise ValueError(f"month name {name!r} means two months ({lang.code}.toml)")
        return months

    _MONTH_NUMBERS = _check_months()
    _MONTH_NAME = (
        r"(?P<month>"
        + "|".join(map(re.escape, sorted(_MONTH_NUMBERS, key=len, reverse=True)))
        + r")\.?"
    )
    # "4 de julio de 2019", "4. Juli 2019", "1er juillet 2019": what may stand around the month.
    _CONNECTOR = "|".join(
        sorted(
            {re.escape(c) for lang in _LANGUAGES for c in lang.connectors}, key=len, reverse=True
        )
    )
    _JOIN = rf"(?:\s+(?:{_CONNECTOR}))?" if _CONNECTOR else ""
    _DAY_SUFFIX = r"(?:st|nd|rd|th|er|º|ª|°|\.)?"
    # Digits are written [0-9]: a date is never written in other scripts' digits here, and int()
    # would accept them.
    _DATE_PATTERNS = [
        # 2019-07-04, 2019-07-04T02:02Z, 2019/07/04
        (
            "ymd",
            re.compile(
                r"(?<![0-9])(?P<year>[0-9]{4})([-/])(?P<month>[0-9]{1,2})\2(?P<day>[0-9]{1,2})(?![0-9])"
            ),
        ),
        # 4 Jul, 2019 / 4th July 2019 / 4 de julio de 2019 / 4. Juli 2019 / 1er juillet 2019
        (
            "dmy",
            re.compile(
                rf"(?<![0-9])(?P<day>[0-9]{{1,2}}){_DAY_SUFFIX}{_JOIN}\s+{_MONTH_NAME},?{_JOIN}"
                rf"\s+(?P<year>[0-9]{{4}})(?![0-9])",
                re.IGNORECASE,
            ),
        ),
        # July 4, 2019 / Jul. 4th 2019
        (
            "mdy",
            re.compile(
                rf"(?<![^\W\d_]){_MONTH_NAME}\s+(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+"
                rf"(?P<year>[0-9]{{4}})(?![0-9])",
                re.IGNORECASE,
            ),
        ),
        # 04/07/2019, 4.7.2019, 07-04-2019: order decided below
        ("numeric", re.compile(r"(?<![0-9.])([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})(?![0-9])")),
    ]

    # Words a dateline may hold besides dates and times: "4 Jul, 2019 02:02 / Updated 5 years ago",
    # "Published: Thursday 4 July 2019 10.30 BST", "Actualizado hace 5 horas". A short line with any
    # other word ("On July 4, 2019 the group met.") is part of the story, not a dateline.
    _DATELINE_WORDS = frozenset(_MONTH_NUMBERS).union(
        *(lang.weekdays | lang.dateline_words | lang.connectors for lang in _LANGUAGES)
    )
    _DATELINE_STAMPS = frozenset().union(*(lang.dateline_stamps for lang in _LANGUAGES))
    _BYLINE_OPENERS = sorted({b for lang in _LANGUAGES for b in lang.byline}, key=len, reverse=True)
    _BYLINE = re.compile(
        r"^(?:" + "|".join(map(re.escape, _BYLINE_OPENERS)) + r")\s+(?P<name>[^\W\d_].{0,80})$",
        re.I,
    )

    # Teaser markers after which a headline or a link may follow on the same line ("Read more: ...",
    # "Lire aussi ..."), and labels that need a colon after them ("Related: ...").
    _TEASER_PREFIX = re.compile(
        rf"^(?:(?:{_alternatives('teaser_prefix')})(?!\w)|(?:{_alternatives('teaser_label')})\s*:)",
        re.I,
    )
    # Box headers that are teasers only when they stand alone ("Related" alone, not "Related
    # charges were filed").
    _TEASER_HEADER = re.compile(rf"^(?:{_alternatives('teaser_header')})[\W_]*$", re.I)
    _NEWSLETTER = re.compile(
        rf"^(?:{_alternatives('newsletter_start')})(?!\w).*(?<!\w)(?:{_alternatives('newsletter_word')})(?!\w)",
        re.I,
    )
    _SHARE = re.compile(
        rf"^(?:{_alternatives('share_start')})"
        + (rf"|(?:{_alternatives('share_anywhere')})" if _union("share_anywhere") else ""),
        re.I,
    )
    _SOCIAL_ONLY = re.compile(rf"^(?:(?:{_alternatives('social')})\W*)+$", re.I)
    _ADVERT = re.compile(rf"^(?:{_alternatives('advert')})\W*$", re.I)
    _COPYRIGHT = re.compile(
        r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\))?\s*(?:[0-9]{4}|by)\b)"
        rf"|(?<!\w)(?:{_alternatives('copyright')})(?!\w)",
        re.I,
    )
    _TAGS = re.compile(rf"^(?:{_alternatives('tags')})\s*:", re.I)
    return SimpleNamespace(
        **{
            name.lstrip("_"): value
            for name, value in locals().items()
            if name.lstrip("_").isupper()
        }
    )


def parse_date(value: str) -> datetime.date | None:
    """Find the first unambiguous calendar date in ``value``.

    Understands ``2019-07-04``, ``2019/07/04``, ``4 Jul, 2019``, ``4th July 2019``,
    ``July 4, 2019``, ``Jul. 4 2019`` and numeric dates. Numeric dates with dots (``4.7.2019``)
    are day-first, as wherever that style is used; with slashes or dashes the order is only
    decided when one part is above 12, so ``04/07/2019`` (4 July or April 7?) gives ``None``
    rather than a guess. Years outside 1900-2100 and impossible dates are ignored.
    """
    found: list[tuple[int, datetime.date]] = []
    for kind, pattern in _p().DATE_PATTERNS:
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
        month = int(month_text) if month_text.isdigit() else _p().MONTH_NUMBERS[month_text.lower()]
        day, year_number = int(match.group("day")), int(match.group("year"))
    if not 1900 <= year_number <= 2100:
        return None
    try:
        return datetime.date(year_number, month, day)
    except ValueError:
        return None


_MAX_BOILERPLATE_CHARS = 300
# A teaser link under a "Related" header: one short line, not a full sentence.
_MAX_TEASER_WORDS = 20


def _line_key(line: str) -> str:
    """The line without list/heading markers and emphasis, for pattern matching."""
    stripped = line.strip()
    marker = LEADING_MARKUP.match(stripped)
    if marker:
        stripped = stripped[marker.end() :]
    return stripped.strip("*_ ").strip()


def _is_boilerplate(line: str) -> bool:
    """Teasers, newsletter and share prompts, adverts, copyright and tag lines."""
    key = _line_key(line)
    if not key or len(key) > _MAX_BOILERPLATE_CHARS:
        return False
    return bool(
        _p().TEASER_PREFIX.match(key)
        or _p().TEASER_HEADER.match(key)
        or _p().NEWSLETTER.match(key)
        or _p().SHARE.search(key)
        or _p().SOCIAL_ONLY.match(key)
        or _p().ADVERT.match(key)
        or _p().COPYRIGHT.search(key)
        or _p().TAGS.match(key)
    )


def _is_teaser_header(line: str) -> bool:
    """A "Related articles" / "READ MORE:" line with nothing after the marker."""
    key = _line_key(line)
    if _p().TEASER_HEADER.match(key):
        return True
    match = _p().TEASER_PREFIX.match(key)
    return match is not None and not any(ch.isalnum() for ch in key[match.end() :])


def _looks_like_teaser(paragraph: list[str]) -> bool:
    if len(paragraph) != 1:
        return False
    key = _line_key(paragraph[0])
    return bool(key) and len(key.split()) <= _MAX_TEASER_WORDS and key[-1] not in ".!?…"


def remove_boilerplate(paragraphs: list[list[str]]) -> list[list[str]]:
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


def headline_text(line: str) -> str:
    """A headline line without Markdown heading marks or emphasis."""
    return re.sub(r"^#{1,6}\s+", "", line.strip()).strip("*_ ").strip()


def same_title(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return " ".join(headline_text(s).casefold().split())

    return key(a) == key(b)


def is_headline(line: str) -> bool:
    """A first line that reads as a headline: short, and not a sentence ending in a full stop."""
    text = headline_text(line)
    return (
        0 < len(text) <= 250
        and any(ch.isalpha() for ch in text)
        and not text.rstrip(CLOSERS).endswith(".")
    )


def read_header_line(line: str) -> tuple[bool, datetime.date | None, str]:
    """Whether ``line`` is a dateline or byline, and the date and author it gives."""
    key = _line_key(line)
    if not key or len(key) > 160:
        return False, None, ""
    byline = _p().BYLINE.match(key)
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
    if not words <= _p().DATELINE_WORDS:
        return False, None, ""
    return published is not None or bool(words & _p().DATELINE_STAMPS), published, ""


def _strip_dates(text: str) -> str:
    for _, pattern in _p().DATE_PATTERNS:
        text = pattern.sub(" ", text)
    return text


_FRONT_MATTER_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")
_MAX_FRONT_MATTER_LINES = 50


def front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
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


# "SPRINGFIELD, Ill. (Reuters) — ", "LIMA (EFE) — ", "WASHINGTON — ", "Berlin (dpa) - ",
# "Lima, 4 jul (EFE).- ": a place, maybe a region and a date, maybe an agency, then a dash.
_DATELINE = re.compile(
    r"(?P<place>[^\W\d_][^\s,()]*(?:[ \t]+[^\W\d_][^\s,()]*){0,3})"
    r"(?P<region>,[ \t]*[^\W\d_][\w.]*(?:[ \t]+[^\W\d_][\w.]*){0,2}?)?"
    r"(?P<date>,[ \t]*[^,()\n—–]{1,30}?[0-9][^,()\n—–]{0,20}?)?"
    r"[ \t]*(?:\((?P<agency>[^()\n]{2,40})\))?"
    r"[ \t]*(?:[—–]|-{1,2}|\.[—–-])[ \t]+(?=[\"“«„¿¡'‘]?[^\W\d_])"
)
# The longest dateline read: longer openings are sentences with a dash in them.
_MAX_DATELINE_CHARS = 80


def dateline_end(text: str, start: int, end: int) -> int:
    """Where the story starts in a first sentence that opens with a dateline; ``start`` if none.

    A dateline is a place in capitals (``SPRINGFIELD, Ill. —``), or any place with a news agency
    in brackets (``Berlin (dpa) -``), optionally with a region and a date, ending in a dash. Only
    the offset moves: the text keeps the dateline, the claim starts after it.
    """
    match = _DATELINE.match(text, start, min(end, start + _MAX_DATELINE_CHARS))
    if match is None:
        return start
    letters = [ch for ch in match.group("place") if ch.isalpha()]
    in_capitals = len(letters) >= 2 and all(ch.isupper() for ch in letters)
    if not (in_capitals or match.group("agency")):
        return start
    return match.end()
