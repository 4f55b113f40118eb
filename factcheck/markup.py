"""Markdown as the desk writes it (comments, verdict explanations): sanitised HTML for pages, plain
text for machines (ClaimReview's `reviewBody`, which search engines show as text)."""

from __future__ import annotations

import html
import re

import markdown as md
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


def _html(text: str) -> str:
    return md.markdown(text or "", extensions=["fenced_code"], output_format="html")


def to_html(text: str) -> str:
    """Markdown to HTML, then sanitised: no scripts, no event handlers, only http(s)/mailto links."""
    return nh3.clean(
        _html(text),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def to_text(text: str) -> str:
    """Markdown to plain text: the words without the markup (`**` and link syntax gone), paragraphs
    kept apart by a blank line, list items on their own lines."""
    rendered = _ITEM.sub("- ", _BLOCK_END.sub("\n", _html(text)))
    plain = html.unescape(nh3.clean(rendered, tags=set()))
    lines = [line.strip() for line in plain.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
