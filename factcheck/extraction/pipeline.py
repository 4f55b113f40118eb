"""Plain text and HTML to an ``ExtractedArticle``: title, date, author, body and its candidates."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from factcheck import uploads
from factcheck.extraction.boilerplate import (
    dateline_end,
    front_matter,
    headline_text,
    is_headline,
    parse_date,
    read_header_line,
    remove_boilerplate,
    same_title,
)
from factcheck.extraction.claimants import attribute
from factcheck.extraction.decode import ExtractionError, normalise
from factcheck.extraction.detect import detect_language
from factcheck.extraction.languages import DEFAULT, normalise_code
from factcheck.extraction.scoring import score_sentence
from factcheck.extraction.sentences import (
    CLOSERS,
    LEADING_MARKUP,
    LIST_ITEM,
    MIN_CANDIDATE_WORDS,
    WORD,
    anchor,
    split_sentences,
)


@dataclass(frozen=True)
class Candidate:
    """One sentence of the article body proposed as a claim.

    ``text[start:end] == quote`` for the ``ExtractedArticle.text`` it came from; ``prefix`` and
    ``suffix`` are up to ``CONTEXT_CHARS`` characters either side (W3C TextQuoteSelector), so the
    quote can be found again even if offsets are lost. ``features`` holds every feature name of
    ``FEATURE_WEIGHTS`` with its contribution (0.0 when absent); ``score`` is their sum clamped to
    [0, 1]. ``claimant`` is who the article says made the claim (``claimants.attribute``), ``""``
    when the article asserts it itself (the caller's outlet).
    """

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    score: float
    features: dict[str, float] = field(hash=False)
    claimant: str = ""


@dataclass(frozen=True)
class ExtractedArticle:
    """The result of an extraction: metadata, the normalised body, and its candidate claims.

    ``title`` and ``author`` are ``""`` when none was found; ``published`` is ``None`` when no
    unambiguous date was found. ``language`` is an ISO 639-1 code: the one asked for, else the one
    detected in the body, else the page's ``lang``, else English. ``candidates`` are in text order.
    """

    title: str
    published: datetime.date | None
    author: str
    language: str
    text: str
    candidates: tuple[Candidate, ...]


def extract_plain(
    text: str,
    *,
    title: str = "",
    published: datetime.date | datetime.datetime | str | None = None,
    language: str = "",
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
    meta, skip = front_matter(lines)
    lines = lines[skip:]
    title = title.strip() or headline_text(meta.get("title", ""))
    author = meta.get("author", "")
    published_date = _as_date(published) or parse_date(meta.get("date", ""))

    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None:
        headline = lines[first]
        has_more = any(line.strip() for line in lines[first + 1 :])
        if title and same_title(title, headline):
            lines = lines[first + 1 :]
        elif not title and has_more and is_headline(headline):
            title = headline_text(headline)
            lines = lines[first + 1 :]
    return _build_article(
        lines, title=title, published=published_date, author=author, language=language, hint=""
    )


def extract_html(html: str, *, url: str | None = None, language: str = "") -> ExtractedArticle:
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
    if not any(len(WORD.findall(line)) >= MIN_CANDIDATE_WORDS for line in body.splitlines()):
        raise ExtractionError("No article text was found in the HTML page.")
    title = normalise(getattr(document, "title", None) or "").replace("\n", " ")
    author = normalise(getattr(document, "author", None) or "").replace("\n", " ")
    published = parse_date(getattr(document, "date", None) or "")
    hint = _html_language(html) or normalise_code(getattr(document, "language", None) or "")

    lines: list[str] = []
    for line in normalise(body).split("\n"):
        if line.strip():
            lines.extend([line, ""])
    # trafilatura keeps the <h1> as the first line of the text; without a <title>/<h1> in the
    # metadata the first line is the best headline there is.
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and title and same_title(title, lines[first]):
        lines = lines[first + 1 :]
    elif first is not None and not title and len(lines) > 2 and is_headline(lines[first]):
        title = headline_text(lines[first])
        lines = lines[first + 1 :]
    return _build_article(
        lines, title=title, published=published, author=author, language=language, hint=hint
    )


_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?(?P<lang>[A-Za-z]{2,3})\b", re.I)


def _html_language(html: str) -> str:
    match = _HTML_LANG.search(html[:4096])
    return normalise_code(match.group("lang")) if match else ""


def _build_article(
    lines: list[str],
    *,
    title: str,
    published: datetime.date | None,
    author: str,
    language: str,
    hint: str,
) -> ExtractedArticle:
    """Shared tail of both extractors: header lines, boilerplate, text, language, candidates.

    ``language`` (asked for) wins; else the language detected in the body; else ``hint`` (the
    page's ``lang``); else English.
    """
    # Datelines and bylines are only looked for right under the headline: further down a short
    # line with a date is part of the story.
    index = 0
    header_lines = 0
    while index < len(lines) and header_lines < 4:
        if not lines[index].strip():
            index += 1
            continue
        is_header, line_date, line_author = read_header_line(lines[index])
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
    paragraphs = remove_boilerplate([p for p in paragraphs if p])
    text = normalise("\n\n".join("\n".join(p) for p in paragraphs))
    if not text:
        raise ExtractionError(
            "No article text was found (after removing the headline, dateline and boilerplate)."
        )
    language = normalise_code(language) or detect_language(text, fallback=hint or DEFAULT)
    return ExtractedArticle(
        title=title,
        published=published,
        author=author,
        language=language,
        text=text,
        candidates=tuple(_candidates(text, language)),
    )


def _starts_paragraph(previous: str, line: str) -> bool:
    """Whether ``line`` begins a new paragraph although no blank line precedes it.

    Text pasted from a web page often has one paragraph per line. A line that follows a finished
    sentence and starts like one (capital, digit or quote) is such a paragraph; list items and
    wrapped lines are not.
    """
    previous, line = previous.strip(), line.strip()
    if LIST_ITEM.match(previous) or LIST_ITEM.match(line):
        return False
    unquoted = previous.rstrip(CLOSERS)
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


def _candidates(text: str, language: str) -> Iterator[Candidate]:
    spans = split_sentences(text, language)
    claimants = attribute(text, spans, language)
    for index, ((start, end), claimant) in enumerate(zip(spans, claimants, strict=True)):
        # List bullets and heading marks are not part of what is claimed.
        markup = LEADING_MARKUP.match(text, start, end)
        if markup:
            start = markup.end()
        if index == 0:
            # "SPRINGFIELD, Ill. (Reuters) — ": where the story was filed is not claimed.
            start = dateline_end(text, start, end)
        sentence = text[start:end]
        if not any(ch.isalpha() for ch in sentence):
            continue
        if len(WORD.findall(sentence)) < MIN_CANDIDATE_WORDS:
            continue
        quote, prefix, suffix = anchor(text, start, end)
        score, features = score_sentence(quote, language)
        yield Candidate(start, end, quote, prefix, suffix, score, features, claimant)


_HTML_SUFFIXES = uploads.HTML_SUFFIXES
_TEXT_SUFFIXES = uploads.TEXT_SUFFIXES
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain", "text/markdown", "text/x-markdown")
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html\b|<head\b|<body\b)", re.I
)
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|article|section|h[1-6]|br|ul|li|main)\b[^>]*>", re.I)


def extract(
    raw: str, *, filename: str = "", content_type: str = "", language: str = ""
) -> ExtractedArticle:
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
    if is_html:
        return extract_html(raw, language=language)
    return extract_plain(raw, language=language)


def _looks_like_html(raw: str) -> bool:
    head = raw[:5000]
    return _HTML_START.match(head) is not None or len(_HTML_TAG.findall(head)) >= 3
