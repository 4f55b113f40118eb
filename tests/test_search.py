"""Full-text search: GIN-indexed tsvector documents on PostgreSQL, word matching on SQLite."""

import pytest
from django.db import connection

from factcheck import search, services
from factcheck.models import Article, Claim, Verdict
from tests.factories import make_article


@pytest.fixture
def articles(db):
    a = make_article("Hospital beds cut\n\nThe health ministry cut 4,000 hospital beds in 2022.")
    b = make_article("Schools open\n\nThe city opened twelve new schools in 2021, officials said.")
    c = make_article("Beds and budgets\n\nA hospital said its budget rose by 8 percent last year.")
    return a, b, c


def test_articles_match_on_all_words(articles):
    a, b, _c = articles
    found = list(search.search_articles(Article.objects.all(), "hospital beds"))
    assert a in found and b not in found


def test_title_matches_rank_first(articles):
    a, _, _c = articles
    found = list(search.search_articles(Article.objects.all(), "hospital beds"))
    if connection.vendor == "postgresql":
        assert found[0] == a  # both words in title and body beat words in the body only
    assert set(found) >= {a}


def test_an_empty_or_whitespace_query_leaves_the_list_alone(articles):
    qs = Article.objects.order_by("pk")
    assert list(search.search_articles(qs, "   ")) == list(qs)


@pytest.mark.parametrize(
    "query", ["'", '"unclosed', "a & b | !c", "-", "%", "\\", "\x00 beds", "beds:*"]
)
def test_hostile_queries_never_error(articles, query):
    list(search.search_articles(Article.objects.all(), query))
    list(search.search_claims(Claim.objects.all(), query))
    list(search.search_verdicts(Verdict.objects.all(), query))


def test_claims_and_verdicts_are_searchable(articles, editor):
    a = articles[0]
    claim = a.claims.get(quote__contains="4,000")
    verdict = services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="false"),
        summary="The ministry cut 2,500 beds, not 4,000.",
        explanation="Official statistics.",
        quorum_override_reason="test",
    )
    assert claim in search.search_claims(Claim.objects.all(), "hospital beds")
    assert verdict in search.search_verdicts(Verdict.objects.all(), "ministry statistics")
    assert verdict not in search.search_verdicts(Verdict.objects.all(), "schools")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_postgresql_stems_words_and_understands_web_syntax(articles):
    a, _b, c = articles
    found = set(search.search_articles(Article.objects.all(), "cutting bed"))
    assert a in found
    assert set(search.search_articles(Article.objects.all(), '"hospital beds"')) == {a}
    assert c not in set(search.search_articles(Article.objects.all(), "hospital -budget"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_postgresql_searches_through_the_gin_index(articles):
    from django.db import connection as conn

    with conn.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        sql, params = search.search_articles(
            Article.objects.all(), "hospital"
        ).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "factcheck_article_search" in plan


def test_past_the_rank_limit_the_newest_matches_come_first(articles, monkeypatch):
    monkeypatch.setattr(search, "RANK_LIMIT", 1)
    found = list(search.search_articles(Article.objects.all(), "hospital"))
    assert found == sorted(found, key=lambda a: (a.created_at, a.pk), reverse=True)


SPANISH_TEXT = (
    "Perú recorta camas\n\nEl Ministerio de Salud recortó 4.000 camas de hospitales en 2022, "
    "según el informe anual. Los hospitales públicos perdieron la mayoría."
)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="text search configurations are PostgreSQL's"
)
def test_a_spanish_article_is_stemmed_as_spanish(db):
    spanish = make_article(SPANISH_TEXT)
    assert spanish.language == "es"
    # "hospital" (singular) finds "hospitales" only through Spanish stemming.
    assert spanish in search.search_articles(Article.objects.all(), "hospital")
    assert spanish in search.search_articles(Article.objects.all(), "recortar camas")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="text search configurations are PostgreSQL's"
)
def test_names_and_numbers_match_across_languages(db):
    spanish = make_article(SPANISH_TEXT)
    claim = spanish.claims.get(quote__contains="4.000 camas")
    assert claim in search.search_claims(Claim.objects.all(), "Ministerio 4.000")
    assert spanish in search.search_articles(Article.objects.all(), "Salud 2022")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="text search configurations are PostgreSQL's"
)
def test_claims_and_verdicts_are_stemmed_in_their_own_language(db, editor):
    spanish = make_article(SPANISH_TEXT)
    claim = spanish.claims.get(quote__contains="4.000 camas")
    assert claim.language == "es"
    # "recortar" finds "recortó" only through Spanish stemming (English and `simple` keep it whole).
    assert claim in search.search_claims(Claim.objects.all(), "recortar")
    verdict = services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="false"),
        summary="El ministerio recortó 2.500 camas, no 4.000, según las estadísticas oficiales.",
        explanation="Las estadísticas del ministerio muestran que los hospitales perdieron 2.500 camas.",
        quorum_override_reason="prueba",
    )
    assert verdict.language == "es"
    assert verdict in search.search_verdicts(Verdict.objects.all(), "estadística hospital")
    # An English claim is still stemmed as English.
    english = make_article(
        "Hospital beds cut\n\nThe health ministry cut 4,000 hospital beds in 2022."
    )
    beds = english.claims.get(quote__contains="4,000")
    assert beds.language == "en"
    assert beds in search.search_claims(Claim.objects.all(), "bed")


def test_a_claim_and_a_verdict_carry_their_language(db, editor):
    spanish = make_article(SPANISH_TEXT)
    claim = spanish.claims.get(quote__contains="4.000 camas")
    assert claim.language == "es"
    verdict = services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="false"),
        summary="The ministry cut 2,500 beds, not 4,000, according to its own statistics.",
        explanation="The ministry's yearly report counts 2,500 fewer hospital beds in 2022.",
        quorum_override_reason="test",
    )
    # The review is written in English about a Spanish claim.
    assert verdict.language == "en"
