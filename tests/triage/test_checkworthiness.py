"""The shipped check-worthiness model: loads offline, is small and fast, and explains its scores."""

import math
import socket

import pytest

from factcheck import checkworthiness, extraction
from factcheck.checkworthiness import ARTEFACT, Model, combine, score_claim

FACT = "Peru has sent out invitations to 100 countries to join the August 6 meeting."
OPINION = "I think we should all be a lot more hopeful about the future of this country."


def test_the_artefact_ships_in_the_repo_and_is_small():
    assert ARTEFACT.exists()
    assert ARTEFACT.stat().st_size < 400_000


def test_it_loads_and_scores_without_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the model must not touch the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    model = Model()
    for sentence in (FACT, OPINION, "", "?", "42"):
        p = model.probability(sentence)
        assert 0.0 <= p <= 1.0
        scored = score_claim(sentence)
        assert 0.0 <= scored.score <= 1.0


def test_a_factual_claim_outscores_an_opinion():
    assert (
        checkworthiness.model().probability(FACT)
        > 0.5
        > checkworthiness.model().probability(OPINION)
    )
    assert score_claim(FACT).score > score_claim(OPINION).score
    assert score_claim(FACT).check_worthy
    assert not score_claim(OPINION).check_worthy


def test_the_features_add_up_to_the_score():
    for sentence in (FACT, OPINION):
        scored = score_claim(sentence)
        assert "model" in scored.features
        assert math.isclose(sum(scored.features.values()), scored.score, abs_tol=1e-3)


def test_with_rules_each_rule_is_scaled_by_its_weight():
    _, rules = extraction.score_sentence(FACT)
    scored = combine(0.8, rules, 0.6)
    assert set(scored.features) == {"model", *rules}
    assert scored.features["model"] == pytest.approx(0.48)
    assert scored.features["number"] == pytest.approx(0.4 * rules["number"], abs=1e-4)
    assert math.isclose(sum(scored.features.values()), scored.score, abs_tol=1e-3)


def test_without_rules_the_score_is_the_model_alone():
    _, rules = extraction.score_sentence(FACT)
    scored = combine(0.8, rules, 1.0)
    assert scored.features == {"model": 0.8}
    assert scored.score == 0.8


def test_the_shipped_blend_is_what_training_chose():
    m = checkworthiness.model()
    assert 0 < m.alpha <= 1
    scored = score_claim(FACT)
    if m.alpha == 1:
        assert scored.features == {"model": round(m.probability(FACT), 4)}
    else:
        assert set(scored.features) == {"model", *extraction.score_sentence(FACT)[1]}


def test_version_names_the_model_and_the_rules_only_when_they_take_part(monkeypatch):
    m = checkworthiness.model()
    monkeypatch.setattr(m, "alpha", 1.0)
    assert checkworthiness.version() == m.version
    monkeypatch.setattr(m, "alpha", 0.7)
    version = checkworthiness.version()
    assert version.startswith(m.version)
    assert version.endswith(checkworthiness.RULES_VERSION)
    assert len(version) <= 40
    assert score_claim(FACT).version == version


def test_the_exported_model_matches_its_training_metadata():
    model = checkworthiness.model()
    assert len(model) == model.meta["n_features"]
    assert model.meta["rules_version"] == checkworthiness.RULES_VERSION
    assert "CheckThat" in model.meta["trained_on"]
    assert len(model.intercepts) == len(model.meta["classes"]) - 1
    assert 0 < model.threshold < 1


def _by_definition(text: str) -> float:
    """P(check-worthy) computed straight from the artefact's arrays and `ngrams`: sublinear tf-idf,
    L2 norm, one dot product per margin, P = 1 / (1 + sum(exp(-margin)))."""
    import numpy as np

    with np.load(ARTEFACT) as data:
        index = {g: i for i, g in enumerate(data["vocab"].tolist())}
        idf, margins, intercepts = data["idf"], data["margins"], data["intercepts"]
    x = np.zeros(len(index))
    for gram in checkworthiness.ngrams(text):
        if gram in index:
            x[index[gram]] += 1
    x[x > 0] = 1 + np.log(x[x > 0])
    x *= idf
    if x.any():
        x /= np.linalg.norm(x)
    return float(1 / (1 + np.exp(-(margins @ x + intercepts)).sum()))


@pytest.mark.parametrize(
    "text",
    [
        FACT,
        OPINION,
        "We're consuming 50 percent of the world's cocaine.",
        "Thank you.",
        "The Senate, the House and the Supreme Court all said no, no, no.",
    ],
)
def test_the_fast_path_computes_the_model_as_defined(text):
    model = Model()
    assert model.probability(text) == pytest.approx(_by_definition(text), abs=1e-6)


def test_shape_counts_capitals_after_the_first_word_and_bins_the_length():
    text = "Yesterday the Senate and Governor Brown met in Sacramento."
    grams = checkworthiness.shape(text, len(checkworthiness.tokens(text)))
    assert grams.count("s:cap") == 4
    assert "s:len10-19" in grams
    assert checkworthiness.shape("Thank you.", 3) == ["s:len<5"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Exports rose 12%.", ["exports", "rose", "00", "%", "."]),
        ("It’s 2,500 dollars", ["it's", "0,000", "dollars"]),
    ],
)
def test_tokens_are_lowercased_with_digits_folded(text, expected):
    assert checkworthiness.tokens(text) == expected
