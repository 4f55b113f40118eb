"""Markdown as the desk writes it (comments, verdict explanations): sanitised HTML for pages, plain
text for machines (ClaimReview's `reviewBody`, which search engines show as text)."""

from __future__ import annotations

import html
import re
import threading

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "hr",
}

# Block ends become line breaks in plain text; list items get a dash.
_BLOCK_END = re.compile(r"</(p|pre|blockquote|ul|ol|h3|h4)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)
_ITEM = re.compile(r"<li>", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n{3,}")


_local = threading.local()


def _html(text: str) -> str:
    """`markdown.markdown(text, extensions=["fenced_code"])`, through one converter per thread
    (building one costs as much as converting a paragraph; a converter is not thread-safe)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        import markdown  # loaded where used: most management commands render no Markdown

        converter = _local.converter = markdown.Markdown(
            extensions=["fenced_code"], output_format="html"
        )
    try:
        return converter.convert(text or "")
    finally:
        converter.reset()


def to_html(text: str) -> str:
    """Markdown to HTML, then sanitised: no scripts, no event handlers, only http(s)/mailto links."""
    return nh3.clean(
        _html(text),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


# Text in which Markdown finds nothing but paragraphs: no character that opens inline markup, an
# entity or raw HTML anywhere; no line that could open a block (indented code, a list, a rule, a
# setext underline) or end in a hard line break (two spaces); and nothing but printable characters
# besides the newlines (no tab, control or line-separator character that Markdown, the sanitiser
# and splitlines() could each read differently).
_INLINE = re.compile(r"[\\`*_\[\]<>&#~]")
_BLOCK = re.compile(r"[ =+-]|\d+[.)]")  # at the start of a line
_LINE_BLOCK = re.compile(r"\n(?:[ =+-]|\d+[.)])")


def _is_plain(text: str) -> bool:
    if _INLINE.search(text) or _BLOCK.match(text):
        return False
    if "\n" not in text:
        return text.isprintable()
    return (
        "  \n" not in text  # a hard line break
        and _LINE_BLOCK.search(text) is None
        and text.replace("\n", "").isprintable()
    )


def _tidy(text: str) -> str:
    """Each line stripped, no more than one blank line in a row, none at either end."""
    lines = text.splitlines()
    if len(lines) == 1:
        return lines[0].strip()
    tidy = "\n".join([line.strip() for line in lines])
    return (_BLANK_LINES.sub("\n\n", tidy) if "\n\n\n" in tidy else tidy).strip()


def to_text(text: str) -> str:
    """Markdown to plain text: the words without the markup (`**` and link syntax gone), paragraphs
    kept apart by a blank line, list items on their own lines.

    Text without any Markdown in it (`_is_plain`) is tidied as it stands: Markdown would only wrap
    its paragraphs in <p>, which the tidying takes off again (tests/test_markup.py holds the two
    ways equal)."""
    if _is_plain(text):
        return _tidy(text)
    rendered = _ITEM.sub("- ", _BLOCK_END.sub("\n", _html(text)))
    return _tidy(html.unescape(nh3.clean(rendered, tags=set())))
