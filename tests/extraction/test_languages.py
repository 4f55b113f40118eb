"""The language data files: every language is a file, and a language without one still works."""

from __future__ import annotations

import re

import pytest

from factcheck.extraction import languages
from factcheck.extraction.languages import DATA, language, normalise_code


def test_the_desk_languages_each_have_a_data_file():
    assert set(languages.codes()) >= {"en", "es", "fr", "pt", "de"}
    for path in DATA.glob("*.toml"):
        assert language(path.stem).code == path.stem


@pytest.mark.parametrize("code", ["en", "es", "fr", "pt", "de"])
def test_each_file_fills_every_part(code):
    rules = language(code)
    assert rules.has_rules
    assert len({number for number in rules.months.values()}) == 12
    assert rules.reporting_verbs and rules.according_to and rules.titles
    assert rules.search_config != "simple"
    assert rules.segmenter == "regex" or rules.segmenter.startswith("pysbd:")
    for key, fragments in rules.boilerplate.items():
        for fragment in fragments:
            re.compile(fragment)  # every fragment is a valid pattern
        assert key
    if code != "en":
        assert {"number_words", "comparison", "hedge", "opinion"} <= set(rules.scoring)


def test_no_month_name_means_two_months_across_languages():
    seen: dict[str, int] = {}
    for rules in languages.all_languages():
        for name, number in rules.months.items():
            assert seen.setdefault(name, number) == number, name


def test_a_language_without_a_file_gets_only_the_neutral_rules():
    rules = language("it-IT")
    assert rules.code == "it"
    assert not rules.has_rules
    assert rules.search_config == "simple"
    assert rules.segmenter == "regex"


@pytest.mark.parametrize(
    ("value", "code"),
    [("es-PE", "es"), ("PT_br", "pt"), (" de ", "de"), ("english", ""), ("", ""), ("e1", "")],
)
def test_language_codes_are_normalised(value, code):
    assert normalise_code(value) == code
