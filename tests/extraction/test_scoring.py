"""The rule scorer: features, their weights, and the ranking they give."""

from __future__ import annotations

import pytest

from factcheck.extraction import (
    FEATURE_WEIGHTS,
    score_sentence,
)
from tests.extraction.helpers import (
    candidate_containing,
)

# --- the seed article -----------------------------------------------------------------------


def test_seed_factual_sentences_rank_above_speculation(seed_article):
    speculation = candidate_containing(seed_article, "It remains to be seen whether")
    factual = [
        candidate_containing(seed_article, "Established in 2017, the Lima Group consists of"),
        candidate_containing(seed_article, "In February, eleven of the group’s members recognized"),
        candidate_containing(seed_article, "sent out invitations to 100 countries"),
    ]
    for claim in factual:
        assert claim.score > speculation.score, claim.quote
    assert speculation.features["speculation"] < 0
    ranked = sorted(seed_article.candidates, key=lambda c: c.score, reverse=True)
    assert speculation in ranked[-3:]


def test_seed_sentence_features_explain_the_score(seed_article):
    claim = candidate_containing(seed_article, "sent out invitations to 100 countries")
    assert claim.features["number"] > 0
    assert claim.features["time_reference"] > 0
    assert claim.features["named_entity"] > 0
    assert claim.score == pytest.approx(sum(claim.features.values()))


# --- scoring --------------------------------------------------------------------------------


def test_score_features_name_every_feature_in_a_stable_order():
    score, features = score_sentence("The sky is blue.")
    assert list(features) == list(FEATURE_WEIGHTS)
    assert score == 0.0


def test_figures_dates_and_names_make_a_sentence_check_worthy():
    score, features = score_sentence(
        "Unemployment in Spain fell to 11.8% in March, the lowest level since 2008."
    )
    assert features["number"] > 0
    assert features["percent_or_money"] > 0
    assert features["time_reference"] > 0
    assert features["comparison"] > 0
    assert features["named_entity"] > 0
    assert score >= 0.7


def test_attribution_alone_is_not_strongly_check_worthy():
    score, features = score_sentence("The spokesman said so, according to the ministry.")
    assert features["attribution"] > 0
    assert score < 0.2


def test_opinion_and_questions_lower_the_score():
    fact, _ = score_sentence("The council approved 40 new homes on Tuesday.")
    opinion, opinion_features = score_sentence("I think the council should approve 40 new homes.")
    question, question_features = score_sentence("Will the council approve 40 new homes?")
    assert opinion_features["opinion"] < 0
    assert question_features["question"] < 0
    assert opinion < fact
    assert question < fact


def test_hedges_lower_the_score():
    plain, _ = score_sentence("Inflation will reach 5% in 2025.")
    hedged, features = score_sentence("Inflation may possibly reach 5% in 2025.")
    assert features["hedge"] == pytest.approx(2 * FEATURE_WEIGHTS["hedge"])
    assert hedged < plain


def test_may_the_month_is_a_time_reference_not_a_hedge():
    _, features = score_sentence("The law came into force in May after a vote.")
    assert features["time_reference"] > 0
    assert features["hedge"] == 0


def test_years_count_as_time_references_not_figures():
    _, features = score_sentence("Established in 2017, the group consists of Canada and Peru.")
    assert features["time_reference"] > 0
    assert features["number"] == 0


def test_scores_stay_in_the_unit_interval():
    high, high_features = score_sentence(
        "In 2023 Acme Corp said revenue rose 40% to $4.5 billion, more than twice the record "
        "set by Globex Inc in March, and hundreds of thousands of new customers joined."
    )
    low, low_features = score_sentence(
        "I think it remains to be seen whether it may or might happen?"
    )
    assert 0.9 <= high <= 1.0
    assert high == pytest.approx(sum(high_features.values()))
    assert sum(low_features.values()) < 0
    assert low == 0.0


# --- other languages: the language-neutral scorer ------------------------------------------------


@pytest.mark.parametrize(
    ("language", "factual", "opinion"),
    [
        (
            "es",
            "El Congreso aprobó el presupuesto de 412 millones de soles en marzo de 2024.",
            "Creo que el gobierno debería escuchar más a la gente.",
        ),
        (
            "fr",
            "Le chômage a baissé de 2 points en 2023, selon l'Insee.",
            "Je pense que le gouvernement devrait écouter davantage.",
        ),
        (
            "pt",
            "A inflação caiu para 3,9% em março, o menor nível desde 2020.",
            "Acho que o governo deveria ouvir mais as pessoas.",
        ),
        (
            "de",
            "Die Bahn investierte 2023 rund 40 Milliarden Euro, mehr als je zuvor.",
            "Ich glaube, die Regierung sollte mehr zuhören.",
        ),
    ],
)
def test_the_neutral_scorer_ranks_facts_above_opinions(language, factual, opinion):
    fact_score, fact_features = score_sentence(factual, language)
    opinion_score, opinion_features = score_sentence(opinion, language)
    assert fact_score > opinion_score
    assert list(fact_features) == list(FEATURE_WEIGHTS)
    assert fact_features["number"] > 0
    assert opinion_features["opinion"] < 0


def test_the_neutral_scorer_names_what_produced_the_score():
    score, features = score_sentence("¿Subió el precio del arroz un 20% desde enero?", "es")
    assert features["question"] < 0
    assert features["percent_or_money"] > 0
    assert features["time_reference"] > 0
    assert score == pytest.approx(max(0.0, min(1.0, sum(features.values()))), abs=1e-4)


def test_german_nouns_are_not_names_but_names_are():
    _, nouns = score_sentence("Die Regierung senkte die Steuern für die Bürger.", "de")
    _, names = score_sentence("Die Regierung von Olaf Scholz traf Emmanuel Macron in Berlin.", "de")
    assert nouns["named_entity"] == 0
    assert names["named_entity"] > 0


def test_a_language_without_a_file_still_gets_the_word_free_features():
    _, features = score_sentence("Il PIL è cresciuto del 2,5% nel 2023 secondo Istat.", "it")
    assert features["number"] > 0 and features["percent_or_money"] > 0
    assert features["time_reference"] > 0


def test_english_is_scored_by_its_own_rules_as_before():
    sentence = "Peru sent invitations to 100 countries on Wednesday."
    assert score_sentence(sentence, "en") == score_sentence(sentence)


def test_claims_in_other_languages_are_scored_without_the_english_model():
    from factcheck import checkworthiness

    scored = checkworthiness.score_claim("El Congreso aprobó 412 millones en 2024.", language="es")
    assert "model" not in scored.features
    assert scored.version.startswith("rules-es+")
    english = checkworthiness.score_claim("Congress approved $412 million in 2024.")
    assert "model" in english.features
