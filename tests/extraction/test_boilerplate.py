"""Dates, datelines, bylines, headlines and boilerplate lines."""

from __future__ import annotations

import datetime

import pytest

from factcheck.extraction import (
    ExtractionError,
    dateline_end,
    extract_plain,
    parse_date,
)

# --- dates, headers and boilerplate ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4 Jul, 2019 02:02 / Updated 5 years ago", datetime.date(2019, 7, 4)),
        ("4th July 2019", datetime.date(2019, 7, 4)),
        ("July 4, 2019", datetime.date(2019, 7, 4)),
        ("Published: Thu, Jul. 4 2019 10:30 BST", datetime.date(2019, 7, 4)),
        ("2019-07-04T02:02:00Z", datetime.date(2019, 7, 4)),
        ("2019/07/04", datetime.date(2019, 7, 4)),
        ("4.7.2019", datetime.date(2019, 7, 4)),
        ("25/07/2019", datetime.date(2019, 7, 25)),
        ("07/25/2019", datetime.date(2019, 7, 25)),
        ("Sept 11, 2001", datetime.date(2001, 9, 11)),
    ],
)
def test_parse_date_understands_common_dateline_formats(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["04/07/2019", "31 Feb 2019", "July 4", "in 1850", "no date"])
def test_parse_date_refuses_to_guess(value):
    assert parse_date(value) is None


def test_byline_gives_the_author_and_is_not_part_of_the_text():
    article = extract_plain(
        "Port handles record cargo\n\nBy Jane Doe | July 4, 2019\n\n"
        "The port handled 12 million containers last year."
    )
    assert article.author == "Jane Doe"
    assert article.published == datetime.date(2019, 7, 4)
    assert article.text == "The port handled 12 million containers last year."


def test_a_sentence_with_a_date_under_the_headline_stays_in_the_text():
    article = extract_plain("Lima Group meets\n\nOn July 4, 2019 the Lima Group met in Lima.")
    assert article.text == "On July 4, 2019 the Lima Group met in Lima."
    assert article.published is None


def test_a_sentence_starting_with_by_is_not_a_byline():
    article = extract_plain("Budget news\n\nBy then, the government had spent 5 billion euros.")
    assert article.author == ""
    assert article.text == "By then, the government had spent 5 billion euros."


def test_given_title_and_date_win_and_a_repeated_headline_is_dropped():
    article = extract_plain(
        "Port handles record cargo\n\nThe port handled 12 million containers in 2023.",
        title="Port handles record cargo",
        published=datetime.datetime(2024, 3, 5, 9, 30),
    )
    assert article.title == "Port handles record cargo"
    assert article.published == datetime.date(2024, 3, 5)
    assert article.text == "The port handled 12 million containers in 2023."


def test_text_without_a_headline_keeps_its_first_sentence():
    article = extract_plain("The port handled 12 million containers in 2023.\n\nIt grew by 8%.")
    assert article.title == ""
    assert article.text.startswith("The port handled 12 million containers in 2023.")


def test_text_pasted_with_one_paragraph_per_line_gets_blank_lines_between_paragraphs():
    article = extract_plain(
        "Port handles record cargo\nBy Jane Doe\n4 Jul, 2019 02:02\n"
        "The port handled 12 million containers. It said so on Monday.\n"
        "Also on rt.com Strike ends at northern terminals\n"
        "The port hired 300 workers.\n- one list item here\n- another list item here"
    )
    assert (article.author, article.published) == ("Jane Doe", datetime.date(2019, 7, 4))
    assert article.text == (
        "The port handled 12 million containers. It said so on Monday.\n\n"
        "The port hired 300 workers.\n- one list item here\n- another list item here"
    )


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Also on rt.com Peru to cancel Venezuelan diplomats’ visas",
        "Read more: Shipping rates fall for a third month",
        "READ MORE",
        "Related: Strike ends at northern terminals",
        "Subscribe to RT newsletter to get stories the mainstream media won’t tell you.",
        "Sign up for our daily briefing newsletter",
        "Share this story",
        "Follow us on Twitter",
        "Like this story? Share it with a friend!",
        "Advertisement",
        "© 2024 The Daily Ledger. All rights reserved.",
        "Copyright 2024 Reuters",
        "Facebook Twitter WhatsApp Email",
        "Tags: Peru, Venezuela, Lima Group",
    ],
)
def test_boilerplate_paragraphs_are_not_part_of_the_text(boilerplate):
    article = extract_plain(
        "Port handles record cargo\n\nThe port handled 12 million containers in 2023.\n\n"
        f"{boilerplate}\n\nIt hired 300 more dock workers in June."
    )
    assert article.text == (
        "The port handled 12 million containers in 2023.\n\nIt hired 300 more dock workers in June."
    )


def test_teaser_links_under_a_related_header_are_dropped():
    article = extract_plain(
        "Port handles record cargo\n\nThe port handled 12 million containers in 2023.\n\n"
        "Related articles\n\nShipping rates fall for a third month\n\n"
        "Strike ends at northern terminals\n\nIt hired 300 more dock workers in June."
    )
    assert "Shipping rates" not in article.text
    assert "Strike ends" not in article.text
    assert article.text.endswith("It hired 300 more dock workers in June.")


def test_sentences_that_only_start_like_boilerplate_are_kept():
    body = (
        "Related charges were filed against 3 officials in May.\n\n"
        "Copyright law was changed in 2019, the court said.\n\n"
        "Advertisement spending rose 4% last year.\n\n"
        "Get the vaccine, officials urged in an email to 3,000 staff."
    )
    assert extract_plain(f"Court news\n\n{body}").text == body


def test_extract_plain_refuses_text_that_is_only_boilerplate():
    with pytest.raises(ExtractionError, match="No article text"):
        extract_plain("Headline\n\nSubscribe to our newsletter for updates\n\nAdvertisement")


def test_extract_plain_refuses_blank_text():
    with pytest.raises(ExtractionError):
        extract_plain(" \n\n ")


# --- other languages --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4 de julio de 2019", datetime.date(2019, 7, 4)),
        ("Publicado el 4 de julio de 2019, 10:30", datetime.date(2019, 7, 4)),
        ("1er juillet 2019", datetime.date(2019, 7, 1)),
        ("4 juillet 2019", datetime.date(2019, 7, 4)),
        ("4 de julho de 2019", datetime.date(2019, 7, 4)),
        ("4. Juli 2019", datetime.date(2019, 7, 4)),
        ("12. März 2020", datetime.date(2020, 3, 12)),
    ],
)
def test_dates_are_read_in_every_language(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Suscríbete a nuestro boletín y recibe las noticias del día.",
        "Lea también: El Congreso aprueba la reforma",
        "Lire aussi : Le gouvernement présente son budget",
        "Abonnez-vous à notre newsletter",
        "Leia também: Governo anuncia novo pacote",
        "Assine a nossa newsletter",
        "Mehr zum Thema: Regierung plant Reform",
        "Abonnieren Sie unseren Newsletter",
        "Publicidad",
        "Anzeige",
        "Todos los derechos reservados.",
    ],
)
def test_boilerplate_lines_of_every_language_are_dropped(boilerplate):
    body = "El Congreso aprobó la ley con 87 votos a favor el martes."
    article = extract_plain(f"Titular\n\n{body}\n\n{boilerplate}\n\n{body} Fue una votación larga.")
    assert boilerplate not in article.text
    assert body in article.text


def test_a_spanish_dateline_line_gives_the_date_and_is_dropped():
    article = extract_plain(
        "El Congreso aprueba la reforma\n\nActualizado el 4 de julio de 2019\n\n"
        "El Congreso aprobó la reforma con 87 votos a favor."
    )
    assert article.published == datetime.date(2019, 7, 4)
    assert article.text.startswith("El Congreso aprobó")


@pytest.mark.parametrize(
    ("first_sentence", "story"),
    [
        ("SPRINGFIELD, Ill. (Reuters) — The state exported $78 billion.", "The state"),
        ("LIMA (EFE) — El Gobierno anunció 3 medidas.", "El Gobierno"),
        ("WASHINGTON — Congress passed the bill 52 to 48.", "Congress"),
        ("Berlin (dpa) - Die Bahn meldet 64 Prozent.", "Die Bahn"),
        ("Lima, 4 jul (EFE).- El ministro habló 2 horas.", "El ministro"),
    ],
)
def test_a_dateline_is_left_out_of_the_claim_but_not_the_text(first_sentence, story):
    article = extract_plain(f"Headline\n\n{first_sentence} Nobody disputed it at all.")
    first = article.candidates[0]
    assert article.text.startswith(first_sentence)
    assert first.quote.startswith(story)
    assert article.text[first.start : first.end] == first.quote
    assert dateline_end(article.text, 0, len(article.text)) == first.start


@pytest.mark.parametrize(
    "sentence",
    [
        "Peru — a country of 33 million — voted on Sunday.",
        "The vote - held on Sunday - was close.",
        "NATO's chief said 30 countries agreed.",
    ],
)
def test_a_dash_in_a_sentence_is_not_a_dateline(sentence):
    assert dateline_end(sentence, 0, len(sentence)) == 0
