"""The shipped check-worthiness model: loads offline, is small and fast, and explains its scores."""

import math
import socket
import time

import pytest

from factcheck import checkworthiness, extraction
from factcheck.checkworthiness import ARTEFACT, Model, score_claim

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


def test_features_explain_the_score_with_the_model_and_the_rules():
    scored = score_claim(FACT)
    _, rules = extraction.score_sentence(FACT)
    assert set(scored.features) == {"model", *rules}
    assert math.isclose(sum(scored.features.values()), scored.score, abs_tol=1e-3)
    alpha = checkworthiness.model().alpha
    assert 0 < alpha < 1
    assert math.isclose(scored.features["number"], (1 - alpha) * rules["number"], abs_tol=1e-4)


def test_version_names_the_model_and_the_rules():
    version = score_claim(FACT).version
    assert version == checkworthiness.version()
    assert version.startswith(checkworthiness.model().version)
    assert version.endswith(checkworthiness.RULES_VERSION)
    assert len(version) <= 40


def test_it_scores_a_sentence_well_under_a_millisecond():
    model = checkworthiness.model()
    sentence = (
        "Peru's foreign minister, Nestor Popolizio, told a Wednesday press conference that his "
        "government has sent out invitations to 100 countries to join the August 6 meeting."
    )
    model.probability(sentence)
    runs = 200
    started = time.perf_counter()
    for _ in range(runs):
        model.probability(sentence)
    assert (time.perf_counter() - started) / runs < 0.001


def test_the_exported_model_matches_its_training_metadata():
    model = checkworthiness.model()
    assert len(model) == model.meta["n_features"]
    assert model.meta["rules_version"] == checkworthiness.RULES_VERSION
    assert "Arslan" in model.meta["trained_on"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Exports rose 12%.", ["exports", "rose", "00", "%", "."]),
        ("It’s 2,500 dollars", ["it's", "0,000", "dollars"]),
    ],
)
def test_tokens_are_lowercased_with_digits_folded(text, expected):
    assert checkworthiness.tokens(text) == expected
