"""The article files the desk accepts, by name: one definition for the upload forms, the import and
ingest commands, the demo loader and extraction (which reads HTML or text by the same suffixes).
Plain Python, no Django: importing it costs nothing."""

from __future__ import annotations

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES

# For <input type="file" accept="...">.
ACCEPT = ",".join(ARTICLE_SUFFIXES)
# For people: the common ones, then the rest.
DESCRIPTION = "text (.txt, .md, .text, .markdown) or HTML (.html, .htm, .xhtml, .shtml)"


def is_article_file(name: str) -> bool:
    """Whether a file of that name is an article the desk reads (by its suffix, any case)."""
    return name.lower().endswith(ARTICLE_SUFFIXES)
