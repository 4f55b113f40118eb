"""The whole pipeline: plain text, Markdown and HTML to anchored candidate claims."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from hypothesis import given

from factcheck.extraction import (
    ExtractedArticle,
    ExtractionError,
    extract,
    extract_html,
    extract_plain,
    normalise,
)
from tests.extraction.helpers import (
    ARTICLE_TEXT,
    PROPERTY_SETTINGS,
    SEED,
    assert_anchored,
    candidate_containing,
)

# --- the seed article -----------------------------------------------------------------------


def test_seed_headline_becomes_the_title(seed_article):
    assert seed_article.title == (
        "Peru invites China, Russia to Lima Group meeting so they can be ‘part of solution’ "
        "in Venezuela"
    )


def test_seed_dateline_gives_the_published_date(seed_article):
    assert seed_article.published == datetime.date(2019, 7, 4)


def test_seed_text_is_the_body_without_header_or_boilerplate(seed_article):
    text = seed_article.text
    assert text.startswith("With Caracas and the Venezuelan opposition")
    assert text.endswith("as the representative of Venezuela.")
    assert "Peru invites China" not in text
    assert "Updated 5 years ago" not in text
    assert "Also on rt.com" not in text
    assert "Subscribe to RT newsletter" not in text
    assert "\n\n\n" not in text
    assert seed_article.language == "en"


def test_seed_candidates_are_anchored_sentences(seed_article):
    assert_anchored(seed_article)
    assert len(seed_article.candidates) == 13
    assert not any("rt.com" in c.quote or "newsletter" in c.quote for c in seed_article.candidates)


# --- candidates -----------------------------------------------------------------------------


def test_fragments_and_lines_without_letters_are_not_candidates():
    article = extract_plain(
        "Port news\n\nWatch this.\n\n12.4 / 11.5 / 8%\n\nThe port handled 12 million containers."
    )
    assert [c.quote for c in article.candidates] == ["The port handled 12 million containers."]


def test_markdown_marks_are_tolerated():
    article = extract(
        "# Port handles **record** cargo\n\n"
        "## The figures\n\n"
        "- The port handled 12.4 million containers in 2023.\n"
        "- Revenue rose 8% to $1.2 billion last year.\n",
        filename="story.md",
    )
    assert article.title == "Port handles **record** cargo"
    quotes = [c.quote for c in article.candidates]
    assert "The port handled 12.4 million containers in 2023." in quotes
    assert "Revenue rose 8% to $1.2 billion last year." in quotes
    assert_anchored(article)


def test_markdown_front_matter_gives_title_date_and_author():
    article = extract(
        '---\ntitle: "Port handles record cargo"\ndate: 2024-03-05\nauthor: Jane Doe\n'
        "tags:\n  - ports\n---\n\nThe port handled 12.4 million containers in 2023.",
        filename="story.md",
    )
    assert (article.title, article.published, article.author) == (
        "Port handles record cargo",
        datetime.date(2024, 3, 5),
        "Jane Doe",
    )
    assert article.text == "The port handled 12.4 million containers in 2023."


# --- HTML -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Port of Valdora handled record cargo in 2023 | The Daily Ledger</title>
  <meta name="author" content="Jane Doe">
</head>
<body>
  <nav><ul>
    <li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
    <li><a href="/business">Business and markets</a></li><li><a href="/subscribe">Subscribe</a></li>
  </ul></nav>
  <header class="site-header">
    <a href="/" class="logo">The Daily Ledger</a>
    <p>Your trusted source of shipping news since 1887, read by 2 million people.</p>
  </header>
  <main>
    <article>
      <h1>Port of Valdora handled record cargo in 2023</h1>
      <p class="byline">By <span class="author">Jane Doe</span> ·
        <time datetime="2024-03-05T09:30:00Z">March 5, 2024</time></p>
      <p>The Port of Valdora handled 12.4 million containers in 2023, more than any other port
        in the region, according to figures published by the Valdora Port Authority on Monday.</p>
      <p>That is an increase of 8 percent compared with 2022, when the port moved 11.5 million
        containers.</p>
      <p><strong>Read more:</strong> <a href="/c">Container rates fall for a third month</a></p>
      <aside class="related">
        <h2>Related articles</h2>
        <ul>
          <li><a href="/a">Shipping rates fall for a third month in a row</a></li>
          <li><a href="/b">Strike ends at northern terminals after 12 days</a></li>
        </ul>
      </aside>
      <p>Harbour master Tomas Reyes said the expansion of the eastern terminal, completed in
        June, doubled the capacity for refrigerated cargo.</p>
      <p>Subscribe to our newsletter to get the day's top shipping stories in your inbox.</p>
      <p>It remains to be seen whether demand will hold up in 2025.</p>
      <div class="newsletter">
        <h3>Get our morning briefing</h3>
        <p>Sign up to receive the Daily Ledger newsletter every weekday morning.</p>
        <form><input type="email" placeholder="Your email"><button>Sign up</button></form>
      </div>
    </article>
  </main>
  <footer>
    <p>© 2024 The Daily Ledger. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a>
  </footer>
</body>
</html>
"""


@pytest.fixture(scope="module")
def page_article() -> ExtractedArticle:
    return extract_html(PAGE, url="https://ledger.example/world/valdora-record")


def test_html_metadata_comes_from_the_page(page_article):
    assert page_article.title == "Port of Valdora handled record cargo in 2023"
    assert page_article.published == datetime.date(2024, 3, 5)
    assert page_article.author == "Jane Doe"
    assert page_article.language == "en"


def test_html_text_is_the_article_body_only(page_article):
    text = page_article.text
    assert text.startswith("The Port of Valdora handled 12.4 million containers in 2023")
    assert "Harbour master Tomas Reyes said" in text
    for chrome in (
        "World news",
        "trusted source",
        "Read more",
        "Container rates fall",
        "Related articles",
        "Shipping rates fall",
        "Strike ends",
        "Subscribe",
        "newsletter",
        "morning briefing",
        "All rights reserved",
        "Privacy policy",
    ):
        assert chrome not in text, chrome
    assert "\n\n" in text  # one paragraph per block of the page


def test_html_candidates_are_the_article_sentences_ranked(page_article):
    assert_anchored(page_article)
    quotes = [c.quote for c in page_article.candidates]
    assert len(quotes) == 4
    assert not any("newsletter" in q or "Shipping rates" in q for q in quotes)
    record = candidate_containing(page_article, "12.4 million containers")
    speculation = candidate_containing(page_article, "It remains to be seen")
    assert record.score > speculation.score


@pytest.mark.parametrize(
    "html",
    [
        "<html><body></body></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></body></html>",
    ],
)
def test_html_without_article_text_is_refused(html):
    with pytest.raises(ExtractionError, match="No article text"):
        extract_html(html)


# --- extract: dispatch ----------------------------------------------------------------------


def test_extract_treats_html_files_as_html():
    assert extract(PAGE, filename="story.HTML").title.startswith("Port of Valdora")
    assert extract(PAGE, content_type="text/html; charset=utf-8").published == datetime.date(
        2024, 3, 5
    )


def test_extract_recognises_a_web_page_by_its_content():
    assert extract(PAGE).author == "Jane Doe"
    assert extract(PAGE, filename="saved-page.txt").title.startswith("Port of Valdora")


def test_extract_treats_text_files_as_plain_text(seed_article):
    assert extract(SEED.read_text(encoding="utf-8"), filename="seed.txt") == seed_article
    assert extract(SEED.read_text(encoding="utf-8")) == seed_article


def test_extract_keeps_a_text_mentioning_tags_as_plain_text():
    article = extract("Tag news\n\nThe <p> tag was used 3 times in the 1990s draft.")
    assert article.text == "The <p> tag was used 3 times in the 1990s draft."


# --- properties -----------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(ARTICLE_TEXT)
def test_every_candidate_is_anchored_exactly(raw):
    try:
        article = extract_plain(raw)
    except ExtractionError:
        return
    assert article.text
    assert article.text == normalise(article.text)
    assert_anchored(article)
    starts = [c.start for c in article.candidates]
    assert starts == sorted(starts)


@PROPERTY_SETTINGS
@given(ARTICLE_TEXT)
def test_extract_plain_raises_nothing_but_extraction_error(raw):
    # Any other exception propagates and fails the test.
    with contextlib.suppress(ExtractionError):
        extract_plain(raw)
