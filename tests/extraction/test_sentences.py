"""split_sentences and anchor: sentence boundaries with exact offsets."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.extraction import (
    anchor,
    split_sentences,
)
from tests.extraction.helpers import (
    ARTICLE_TEXT,
    PROPERTY_SETTINGS,
    sentences,
    shared_data,
)

# --- split_sentences: hard cases ------------------------------------------------------------


def test_abbreviations_do_not_end_a_sentence():
    text = "Mr. Smith met Dr. Jones in the U.S. on Monday. They discussed e.g. trade, taxes, etc. first."
    assert sentences(text) == [
        "Mr. Smith met Dr. Jones in the U.S. on Monday.",
        "They discussed e.g. trade, taxes, etc. first.",
    ]


def test_initials_do_not_end_a_sentence():
    assert sentences("J. R. R. Tolkien wrote The Hobbit. It sold well.") == [
        "J. R. R. Tolkien wrote The Hobbit.",
        "It sold well.",
    ]


def test_decimals_and_money_do_not_end_a_sentence():
    assert sentences(
        "The deal is worth $4.5 billion. Pi is about 3.14 here. Shares fell 2.5%."
    ) == [
        "The deal is worth $4.5 billion.",
        "Pi is about 3.14 here.",
        "Shares fell 2.5%.",
    ]


def test_a_sentence_can_end_inside_quotes():
    assert sentences("He said “it is over.” Then he left.") == [
        "He said “it is over.”",
        "Then he left.",
    ]
    assert sentences('He said "it is over." Then he left.') == [
        'He said "it is over."',
        "Then he left.",
    ]


def test_a_full_stop_inside_parentheses_does_not_end_the_sentence():
    assert sentences("The firm (founded in 1999.) grew fast. It (the firm) said so.") == [
        "The firm (founded in 1999.) grew fast.",
        "It (the firm) said so.",
    ]


def test_ellipses_end_a_sentence_only_before_a_new_one():
    assert sentences("Wait... what happened? I don't know… Maybe.") == [
        "Wait... what happened?",
        "I don't know… Maybe.",
    ]


def test_list_items_are_sentences_of_their_own():
    text = "The plan:\n- cut taxes by 5%\n- hire 200 teachers\n1. First step.\n2. Second step"
    assert sentences(text) == [
        "The plan:",
        "- cut taxes by 5%",
        "- hire 200 teachers",
        "1. First step.",
        "2. Second step",
    ]


def test_a_headline_without_final_punctuation_is_its_own_sentence():
    for separator in ("\n\n", "\n"):
        text = f"Port handles record cargo{separator}The port grew. It hired staff."
        assert sentences(text) == ["Port handles record cargo", "The port grew.", "It hired staff."]


def test_sentences_never_cross_a_blank_line():
    assert sentences("No full stop here\n\nnext paragraph starts in lower case.") == [
        "No full stop here",
        "next paragraph starts in lower case.",
    ]


def test_a_hard_wrapped_line_is_joined_with_its_continuation():
    text = "The minister said the budget would\nrise by 5% next year. Nobody believed it."
    assert sentences(text) == [
        "The minister said the budget would\nrise by 5% next year.",
        "Nobody believed it.",
    ]


def test_abbreviations_before_a_number_or_lower_case_word_do_not_end_a_sentence():
    assert sentences("See Vol. 3 for the figures. Prices rose 10 pct. in May. Done.") == [
        "See Vol. 3 for the figures.",
        "Prices rose 10 pct. in May.",
        "Done.",
    ]


def test_a_fragment_ending_in_an_abbreviation_joins_the_next_sentence():
    assert sentences("By 9 a.m. Dr. Reyes had left the port. Nobody saw him.") == [
        "By 9 a.m. Dr. Reyes had left the port.",
        "Nobody saw him.",
    ]
    assert sentences("The doors open at 9 a.m. Dr. Reyes will speak first.") == [
        "The doors open at 9 a.m.",
        "Dr. Reyes will speak first.",
    ]


def test_a_very_long_paragraph_is_still_split_exactly():
    text = " ".join(f"Sentence number {i} reports that {i} people came." for i in range(400))
    spans = split_sentences(text)
    assert len(spans) == 400
    assert text[spans[-1][0] : spans[-1][1]] == "Sentence number 399 reports that 399 people came."


def test_split_sentences_of_blank_text_is_empty():
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []


def test_segmenter_passes_the_english_golden_rules():
    path = shared_data("segmentation", "golden_rules_en.jsonl")
    if not path.exists():
        pytest.skip(f"golden rules not found at {path} (set FACTCHECK_SHARED_DATA)")
    rules = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    failed = [r["rule"] for r in rules if sentences(r["text"]) != r["sentences"]]
    assert len(rules) == 48
    assert len(failed) <= 1, f"failed golden rules: {failed}"


# --- anchor ---------------------------------------------------------------------------------


def test_anchor_returns_quote_and_32_characters_of_context():
    text = "x" * 40 + "QUOTE" + "y" * 40
    assert anchor(text, 40, 45) == ("QUOTE", "x" * 32, "y" * 32)
    assert anchor("ab QUOTE cd", 3, 8) == ("QUOTE", "ab ", " cd")


def test_anchor_refuses_a_span_outside_the_text():
    with pytest.raises(ValueError, match="outside"):
        anchor("short", 2, 10)


# --- properties -----------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(ARTICLE_TEXT)
def test_split_sentences_spans_are_sorted_disjoint_and_stripped(raw):
    spans = split_sentences(raw)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(raw)
        sentence = raw[start:end]
        assert sentence == sentence.strip()
        previous_end = end
    covered = "".join(raw[start:end] for start, end in spans)
    assert "".join(covered.split()) == "".join(raw.split())


# --- other languages --------------------------------------------------------------------------


def sentences_in(text: str, language: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, language)]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "es",
            "El Sr. Pérez llegó a EE.UU. el lunes. ¿Por qué? Nadie lo sabe. ¡Qué sorpresa!",
            [
                "El Sr. Pérez llegó a EE.UU. el lunes.",
                "¿Por qué?",
                "Nadie lo sabe.",
                "¡Qué sorpresa!",
            ],
        ),
        (
            "fr",
            "M. Dupont a parlé au Dr. Martin. « C'est fini. » Le débat continue.",
            ["M. Dupont a parlé au Dr. Martin.", "« C'est fini. »", "Le débat continue."],
        ),
        (
            "pt",
            "O Sr. Silva, da Petrobras, disse que a inflação caiu 3,5% em 2024. A meta é 3%.",
            ["O Sr. Silva, da Petrobras, disse que a inflação caiu 3,5% em 2024.", "A meta é 3%."],
        ),
        (
            "de",
            "Dr. Müller sagte am 4. Juli, die Preise seien z.B. um 5 Prozent gestiegen. Das ist neu.",
            [
                "Dr. Müller sagte am 4. Juli, die Preise seien z.B. um 5 Prozent gestiegen.",
                "Das ist neu.",
            ],
        ),
    ],
)
def test_each_language_splits_at_its_sentence_ends_not_its_abbreviations(language, text, expected):
    assert sentences_in(text, language) == expected


_MORE_FRAGMENTS = st.sampled_from(
    ["¿", "¡", "«", "»", "Sr. ", "Dra. ", "M. ", "z.B. ", "4. Juli ", "3,5% ", "EE.UU. ", " — "]
)
MULTILINGUAL_TEXT = st.lists(st.one_of(ARTICLE_TEXT, _MORE_FRAGMENTS), max_size=12).map("".join)


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt", "de", "it"])
@PROPERTY_SETTINGS
@given(raw=MULTILINGUAL_TEXT)
def test_spans_are_exact_in_every_language(language, raw):
    spans = split_sentences(raw, language)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(raw)
        assert raw[start:end] == raw[start:end].strip()
        previous_end = end
    covered = "".join(raw[start:end] for start, end in spans)
    assert "".join(covered.split()) == "".join(raw.split())
