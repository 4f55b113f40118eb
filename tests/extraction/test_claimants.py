"""Who said it: claimant attribution, measured on articles we wrote and labelled ourselves.

Each file in data/claimants/ is a news story written for this test (fictional people and places),
with the claimant a careful editor would enter for each sentence ("" = the outlet: the article
asserts it itself). en_health and en_energy were written and labelled before the rules were
tuned and were not looked at while tuning: they are the held-out figure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.extraction import extract_plain
from factcheck.extraction.claimants import attribute, claimant_kind
from factcheck.extraction.sentences import split_sentences

DATA = Path(__file__).parent / "data" / "claimants"
HELD_OUT = {"en_health.json", "en_energy.json"}


def labelled() -> list[tuple[str, str, str, str]]:
    """(file, language, quote, gold claimant) for every candidate of every labelled article."""
    rows = []
    for path in sorted(DATA.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        article = extract_plain(doc["text"], language=doc["language"])
        for candidate in article.candidates:
            gold = [s for s in doc["sentences"] if candidate.quote.startswith(s["starts"])]
            assert len(gold) == 1, f"{path.name}: no single label for {candidate.quote!r}"
            rows.append((path.name, doc["language"], candidate.claimant, gold[0]["claimant"]))
    return rows


def accuracy(rows) -> float:
    return sum(got.casefold() == gold.casefold() for _, _, got, gold in rows) / len(rows)


@pytest.fixture(scope="module")
def rows():
    return labelled()


def test_claimants_match_our_labels_on_most_sentences(rows):
    overall = accuracy(rows)
    outlet_only = sum(gold == "" for *_, gold in rows) / len(rows)
    held_out = accuracy([r for r in rows if r[0] in HELD_OUT])
    print(
        f"claimant accuracy {overall:.3f} on {len(rows)} sentences "
        f"(held-out English {held_out:.3f}; 'always the outlet' {outlet_only:.3f})"
    )
    # Measured 0.855 overall and 0.714 held out when written; the floors leave room for
    # small rule changes, not for losing the rules.
    assert overall >= 0.8
    assert held_out >= 0.65
    assert overall > outlet_only + 0.4


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt", "de"])
def test_every_language_has_labelled_articles_and_gets_most_right(rows, language):
    mine = [r for r in rows if r[1] == language]
    assert len(mine) >= 6
    assert accuracy(mine) >= 0.7


def claimants_of(text: str, language: str = "en") -> list[str]:
    spans = split_sentences(text, language)
    return attribute(text, spans, language)


def test_reported_speech_before_and_after_the_verb():
    assert claimants_of("Jane Ortiz said the plan would cost $4 million.") == ["Jane Ortiz"]
    assert claimants_of('"It will cost $4 million," said Jane Ortiz.') == ["Jane Ortiz"]
    assert claimants_of("Marcus Webb warned that debt would rise.") == ["Marcus Webb"]


def test_titles_are_dropped_and_surnames_resolve_to_the_full_name():
    text = (
        "Mayor Jane Ortiz opened the meeting at 9am on Monday.\n\n"
        "Ortiz said the city had hired 40 police officers this year."
    )
    assert claimants_of(text) == ["", "Jane Ortiz"]
    text = "Dr. Helen Park studied the plan for 2 years. Park told reporters it would fail."
    assert claimants_of(text) == ["", "Helen Park"]


def test_according_to_names_the_source():
    text = "Exports doubled in 2023, according to the Valdora Port Authority."
    assert claimants_of(text) == ["Valdora Port Authority"]


def test_he_added_carries_the_last_speaker():
    text = "Tom Reilly said prices rose 20 percent. He added that volumes were flat."
    assert claimants_of(text) == ["Tom Reilly", "Tom Reilly"]


def test_a_quote_over_several_sentences_takes_the_speaker_where_it_closes():
    text = "«Ganaremos. Los números son claros», dijo Rosa Quispe."
    assert claimants_of(text, "es") == ["Rosa Quispe", "Rosa Quispe"]


def test_a_quoted_sentence_after_an_attributed_one_continues_it():
    text = 'Jane Ortiz said the vote was fair. "Nobody was left out."'
    assert claimants_of(text) == ["Jane Ortiz", "Jane Ortiz"]


def test_what_the_article_asserts_itself_has_no_claimant():
    assert claimants_of("The budget takes effect on July 1 and covers 12 departments.") == [""]


def test_an_intention_is_not_reported_speech():
    assert claimants_of("Anna Whitfield has promised to open 3 trade offices.") == [""]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "es",
            "El ministro Jorge Salinas dijo que el embalse está al 23 por ciento.",
            "Jorge Salinas",
        ),
        (
            "es",
            "Según el Servicio Nacional de Meteorología, llovió un 60 por ciento menos.",
            "Servicio Nacional de Meteorología",
        ),
        (
            "fr",
            "Claire Lemoine a déclaré que le réseau avait transporté 98 millions de voyageurs.",
            "Claire Lemoine",
        ),
        ("fr", "Selon l'Insee, le chômage a baissé de 2 points.", "Insee"),
        ("pt", "O ministro Carlos Mendes disse que a inflação caiu para 3,9%.", "Carlos Mendes"),
        ("pt", "Segundo o Banco Central, a taxa ficará em 10%.", "Banco Central"),
        ("de", "Martin Keller sagte, die Bahn investiere 40 Milliarden Euro.", "Martin Keller"),
        ("de", "Laut Bundesnetzagentur gab es 12.000 Baustellen.", "Bundesnetzagentur"),
    ],
)
def test_reporting_verbs_of_each_language(language, text, expected):
    assert claimants_of(text, language) == [expected]


def test_french_inverted_pronoun_carries_the_last_speaker():
    text = (
        "Pierre Garnier affirme que 40 postes restent vacants. « Ils sont épuisés », a-t-il ajouté."
    )
    assert claimants_of(text, "fr") == ["Pierre Garnier", "Pierre Garnier"]


def test_candidates_carry_their_claimant():
    article = extract_plain(
        "Port news\n\nHarbour master Tomas Reyes said the terminal doubled its capacity in 2023."
    )
    assert [c.claimant for c in article.candidates] == ["Tomas Reyes"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Jane Ortiz", "Person"),
        ("Nestor Popolizio", "Person"),
        ("Ministry of Health", "Organization"),
        ("Servicio Nacional de Meteorología", "Organization"),
        ("RT", "Organization"),
        ("Police", "Organization"),
        ("The Harbour Gazette", "Organization"),
    ],
)
def test_claimant_kind_tells_people_from_organisations(name, kind):
    assert claimant_kind(name, outlet="The Harbour Gazette") == kind
