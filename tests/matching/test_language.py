"""Matching in the text's own language, and across languages by the names and numbers they share; posts
cleaned of their markup before matching."""

import json

import pytest

from factcheck import services
from factcheck.matching import claimreviews, lexical, store
from factcheck.matching.clean import clean
from tests.matching.conftest import CLAIMS, review

ENGLISH = [
    "Pedro Castillo promised to build 3,000 new hospitals in Peru before 2026.",
    "Peru exported 3 million tonnes of copper in 2019.",
    "Pedro Castillo was born in the northern town of Chota.",
    "Hospitals in Lima ran out of oxygen in January 2021.",
    *CLAIMS,
]
SPANISH = "Castillo dijo que construirá 3.000 hospitales nuevos en el Perú antes de 2026."


@pytest.fixture
def english(db):
    services.factchecks_import(
        items=claimreviews.read([review(i, c, inLanguage="en") for i, c in enumerate(ENGLISH)])
    )


def test_each_language_stems_its_own_words():
    spanish = lexical.analyzer("es")
    assert spanish("investigaciones") == spanish("investigación")
    assert lexical.analyzer("pt-BR")("investigações") == lexical.analyzer("pt")("investigação")
    assert lexical.analyzer("fr")("élections") == lexical.analyzer("fr")("élection")
    english = lexical.analyzer("en")
    assert english("hospitals") == english("hospital")
    # A language without a Snowball stemmer is folded and split, not stemmed.
    assert lexical.analyzer("xx")("Hospitales") == ["hospitales"]


def test_numbers_and_names_are_written_one_way_in_every_language():
    assert lexical.tokens("3.000 personas") == ["3000", "personas"]
    assert lexical.tokens("3,000 people, 2,5% or 2.5%") == ["3000", "people", "2.5", "or", "2.5"]
    assert lexical.tokens("Perú, São Paulo") == ["peru", "sao", "paulo"]


def test_a_spanish_claim_finds_the_english_fact_check_by_its_names_and_numbers(english):
    [matches] = store.lookup([SPANISH], k=3, language="es")
    assert matches[0].claim_reviewed == ENGLISH[0]
    assert matches[0].score > matches[1].score


def test_the_api_takes_the_texts_language(english, client):
    response = client.post(
        "/api/v1/match",
        {"text": SPANISH, "language": "es", "top": 1},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["matches"][0]["claim_reviewed"] == ENGLISH[0]


def test_match_claims_reads_a_language_per_line(english, tmp_path):
    from django.core.management import call_command

    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "a", "text": SPANISH, "language": "es"})
        + "\n"
        + json.dumps({"id": "b", "text": "Wind farms give people cancer"})
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    call_command("match_claims", str(source), "--top", "1", "-o", str(out), "--no-progress")
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[0]["matches"][0]["claim_reviewed"] == ENGLISH[0]
    assert rows[1]["matches"][0]["claim_reviewed"] == CLAIMS[2]


def test_a_spanish_articles_claim_is_matched_in_spanish(db, editor, english):
    from factcheck.models import Article, Claim

    article = services.article_ingest(
        content=f"Elecciones en el Perú\n\n{SPANISH} El candidato habló en Lima el lunes.",
        title="Elecciones en el Perú",
        created_by=editor,
        language="es",
    ).article
    assert Article.objects.get(pk=article.pk).language == "es"
    claim = Claim.objects.filter(article=article, quote__contains="3.000").get()
    [matches] = store.lookup([claim.wording], k=1, language=article.language)
    assert matches[0].claim_reviewed == ENGLISH[0]


@pytest.mark.parametrize(
    ("post", "expected"),
    [
        (
            "Bricks of cocaine on Florida’s coast pic.twitter.com/ApEtNvR7tb — NowThis "
            "(@nowthisnews) September 10, 2019",
            "Bricks of cocaine on Florida’s coast — NowThis nowthisnews",
        ),
        (
            "How are butterflies surviving the #AustralianFires? https://t.co/x1 via @CenterForBioDiv",
            "How are butterflies surviving the Australian Fires ? via Center For Bio Div",
        ),
        (
            "STOP POSING AS MY DAD — Morgan Eastwood (@MorganEastwood) November 9, 2016",
            "STOP POSING AS MY DAD — Morgan Eastwood",
        ),
        ("Exports rose 12% in 2023 &amp; more.", "Exports rose 12% in 2023 & more."),
    ],
)
def test_a_post_is_cleaned_of_links_tags_and_its_trailers_date(post, expected):
    assert clean(post) == expected
