"""Markdown as the desk writes it: sanitised HTML for pages, plain text for ClaimReview."""

import html

import markdown as md
import nh3
from hypothesis import example, given, settings
from hypothesis import strategies as st

from factcheck import markup


def test_html_keeps_emphasis_and_links_and_drops_scripts():
    html = markup.to_html("**Checked** [tables](https://stats.example/t) <script>alert(1)</script>")
    assert "<strong>Checked</strong>" in html
    assert 'href="https://stats.example/t"' in html and 'rel="nofollow noopener noreferrer"' in html
    assert "<script" not in html


def test_javascript_links_are_dropped():
    assert "javascript:" not in markup.to_html("[x](javascript:alert(1))")


def test_plain_text_has_the_words_without_the_markup():
    text = markup.to_text(
        "The **group** was [founded](https://x.example) in *2017*.\n\n- one\n- two & three\n\nDone."
    )
    assert text == "The group was founded in 2017.\n\n- one\n- two & three\n\nDone."


def test_plain_text_of_plain_text_is_itself():
    assert markup.to_text("Exports rose 8 percent, not 12.") == "Exports rose 8 percent, not 12."
    assert markup.to_text("") == ""


# --- Plain text takes a short cut: it must give what Markdown gives -------------------------------


def markdown_to_text(text: str) -> str:
    """to_text as it reads with no short cut: a fresh Markdown converter, then the tidying."""
    rendered = markup._ITEM.sub(
        "- ",
        markup._BLOCK_END.sub(
            "\n", md.markdown(text or "", extensions=["fenced_code"], output_format="html")
        ),
    )
    return markup._tidy(html.unescape(nh3.clean(rendered, tags=set())))


# Words in several scripts, the characters Markdown reads, and the whitespace and separators that
# Markdown, the sanitiser and splitlines() each treat their own way.
PIECES = [
    "word", "Palabra", "café", "naïve", "Ölpreis", "政府", "نفط", "рост", "12", "3.5%", "2024.",
    "1)", "(a)", "x=1", "+3", "-", "--", "---", "===", "*", "**", "_", "__", "`", "```", "~~~",
    "[", "]", "(", ")", "[a](https://x.example)", "<b>", "<", ">", "&", "&amp;", "&copy;", "#",
    "##", "\\", "!", '"', "'", ":", ";", ",", ".", "?", "/", "https://x.example/a_b", "|",
    " ", "  ", "    ", "\n", "\n\n", "\n\n\n", "\t", "\r", "\r\n", "\u00a0", "\u2028", "\x0c",
    "\x1e", "\x85", "\x02", "\u200b", "\ufeff",
]  # fmt: skip
# Mostly plain text, with the few things that make plain-looking text Markdown after all (a hard
# line break, a numbered or bulleted line, an underline, indented code, a tab or a separator).
PLAIN_PIECES = ["word", "Palabra", "café", "政府", "12", "3.5%", "(a)", ",", ".", "?", ":", "'", '"',
                "!", "/", "x=1", "a-b", "U.S.", " ", " ", " ", "\n", "\n", "\n\n", "  ", "    ",
                "1.", "2)", "-", "=", "+", "\t", "\u00a0", "\u2028"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_to_text_is_markdowns_text_whatever_the_input(text):
    assert markup.to_text(text) == markdown_to_text(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PLAIN_PIECES), max_size=40).map("".join))
@example("Rose 8%.  \nFell 2%.")  # a hard line break
@example("Rose 8%. \nFell 2%. \n\nMore. ")  # one space is not one
@example("1. exports")
@example("Figures:\n\n1. exports")
@example("- exports")
@example("Figures:\n\n+ exports")
@example("A heading\n===\nand text")
@example("A heading\n---")
@example("Text\n\n    indented code\n\nText")
@example("tab\tseparated\u2028line\u00a0space")
def test_to_text_is_markdowns_text_for_text_without_markup(text):
    assert markup.to_text(text) == markdown_to_text(text)


def test_an_explanation_without_markup_takes_the_short_cut():
    explanation = (
        "The office's table shows 3.5%, not 12 (as the minister said).\n\n"
        "Revised figures: lower. Fuente: INE, 2024."
    )
    assert markup._is_plain(explanation)
    assert markup.to_text(explanation) == markdown_to_text(explanation)
    assert not markup._is_plain("See [the table](https://stats.example/t).")
