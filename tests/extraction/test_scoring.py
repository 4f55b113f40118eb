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
