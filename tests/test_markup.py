"""Markdown as the desk writes it: sanitised HTML for pages, plain text for ClaimReview."""

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
