"""Matching by words and by meaning: outside fact-checks and the desk's own verdicts, found for a text,
for a new claim, and again after a claim is reworded."""

import pytest

from factcheck import services
from factcheck.matching import claimreviews, store
from factcheck.models import ClaimMatch, Source
from tests.factories import live_claim
from tests.matching.conftest import CLAIMS, review
from tests.triage.conftest import publish

DISTRACTORS = [
    "The city council approved a new budget for road repairs in March.",
    "A photo shows the prime minister meeting a pop star at an airport.",
    "The national football team has never lost a match played in the rain.",
    "Eating carrots improves your eyesight at night, a viral post says.",
]


@pytest.fixture
def imported(db):
    data = [review(i, c) for i, c in enumerate(CLAIMS + DISTRACTORS)]
    services.factchecks_import(items=claimreviews.read(data))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hot water every 15 minutes will kill the virus, says a WhatsApp message", 0),
        ("They are taking the Eiffel tower apart and shipping it to Vegas!", 1),
        ("Living near wind farms gives you cancer", 2),
    ],
)
def test_a_paraphrase_finds_the_outside_fact_check(imported, text, expected):
    [matches] = store.lookup([text], k=3)
    best = matches[0]
    assert best.claim_reviewed == CLAIMS[expected]
    assert best.kind == "outside"
    assert best.url == f"https://factchecker.example/reviews/{expected}"
    assert (best.rating, best.publisher) == ("False", "PolitiFact")
    assert 0 <= matches[-1].score <= best.score <= 1


def test_the_desks_own_verdicts_are_found_too(db, article, editor, imported):
    claim = live_claim(article, "exports rose")
    publish(claim, editor)
    [matches] = store.lookup(["Exports went up 12% in 2023, the most since 2010"], k=2)
    assert matches[0].kind == "verdict"
    assert matches[0].pk == claim.pk
    assert matches[0].url.endswith(claim.verdicts.get().get_absolute_url())
    assert matches[0].rating == "False"


def test_a_new_import_is_searched_at_once(db, imported):
    [before] = store.lookup(["Moon landing was filmed in a studio"], k=1)
    assert before[0].claim_reviewed != "The 1969 moon landing was staged in a film studio."
    services.factchecks_import(
        items=claimreviews.read(review(99, "The 1969 moon landing was staged in a film studio."))
    )
    [after] = store.lookup(["Moon landing was filmed in a studio"], k=1)
    assert after[0].claim_reviewed == "The 1969 moon landing was staged in a film studio."


def test_a_look_up_seen_before_is_read_from_the_cache_until_the_corpus_changes(
    db, imported, monkeypatch
):
    from factcheck.matching import engine

    searched = []
    search = engine.Corpus.search

    def counting(self, text, **kwargs):
        searched.append(text)
        return search(self, text, **kwargs)

    monkeypatch.setattr(engine.Corpus, "search", counting)
    text = "Living near wind farms gives you cancer"
    per_look_up = [text] * len(store.KINDS)  # one search in each corpus: verdicts, outside
    [first] = store.lookup([text], k=3)
    [again] = store.lookup([text], k=3)
    assert searched == per_look_up
    assert [(m.kind, m.pk, m.score) for m in again] == [(m.kind, m.pk, m.score) for m in first]
    store.lookup([text], k=2)  # another question: searched
    assert searched == per_look_up * 2
    services.factchecks_import(items=claimreviews.read(review(98, "Wind farms make you sick.")))
    store.lookup([text], k=3)  # the corpus changed: searched again
    assert searched == per_look_up * 3
    batch = [f"{text} ({i})" for i in range(store.HITS_CACHED_UP_TO + 1)]
    store.lookup(batch, k=1)
    store.lookup(batch, k=1)  # batches (the commands) are not remembered
    assert len(searched) == len(per_look_up) * (3 + 2 * len(batch))


def test_each_corpus_is_rebuilt_only_when_its_own_fact_checks_change(
    db, article, editor, imported, monkeypatch
):
    """Publishing a verdict must not make the claim panel rebuild the outside fact-checks (at a
    large desk a build takes minutes), and an import must not rebuild the verdicts."""
    built = []
    build = store.build

    def counting(kind):
        built.append(kind)
        return build(kind)

    monkeypatch.setattr(store, "build", counting)
    text = "Living near wind farms gives you cancer"
    store.lookup([text], k=3, kinds=[store.OUTSIDE])
    assert built == [store.OUTSIDE]
    publish(live_claim(article, "exports rose"), editor)
    [found] = store.lookup([f"{text}?"], k=3, kinds=[store.OUTSIDE])
    assert built == [store.OUTSIDE]  # the verdict did not touch the outside corpus
    assert found and all(m.kind == "outside" for m in found)
    store.lookup(["Exports went up 12% in 2023"], k=3)
    assert built == [store.OUTSIDE, store.VERDICT]
    services.factchecks_import(items=claimreviews.read(review(97, "Wind turbines cause cancer.")))
    store.lookup(["Exports went up 12% in 2023!"], k=3)
    assert built == [store.OUTSIDE, store.VERDICT, store.OUTSIDE]


def test_a_reworded_claim_gets_new_suggestions(article, editor, django_capture_on_commit_callbacks):
    earlier = live_claim(article, "exports rose")
    publish(earlier, editor)
    claim = live_claim(article, "40,000")
    assert not ClaimMatch.objects.filter(claim=claim).exists()
    with django_capture_on_commit_callbacks(execute=True):  # the task the reword queues, run
        services.claim_reword(
            claim=claim,
            editor=editor,
            wording="Exports rose by 12 percent in 2023, the largest rise since 2010, officials said.",
        )
    assert ClaimMatch.objects.get(claim=claim).match == earlier


def test_rewording_refreshes_the_claims_embedding(
    article, editor, django_capture_on_commit_callbacks
):
    from factcheck.matching import semantic
    from factcheck.models import TextEmbedding

    claim = live_claim(article, "40,000")
    before = claim.wording
    services.claim_matches_suggest(claims=[claim])  # as at creation: the wording is embedded
    assert TextEmbedding.objects.filter(key=semantic.text_key(before)).exists()
    wording = "The factory in Leeds will close next year and 900 jobs will go."
    with django_capture_on_commit_callbacks(execute=True):  # the task the reword queues, run
        services.claim_reword(claim=claim, editor=editor, wording=wording)
    stored = TextEmbedding.objects.get(key=semantic.text_key(wording))
    assert stored.model == semantic.MODEL_ID
    vector = semantic.from_bytes(bytes(stored.vector))
    assert vector.tolist() == semantic.encoder().encode([wording])[0].tolist()
    # Nothing holds the old wording any more: its vector is gone.
    assert not TextEmbedding.objects.filter(key=semantic.text_key(before)).exists()


def test_rewording_keeps_a_vector_another_text_still_holds(db, article, editor):
    from factcheck.matching import semantic
    from factcheck.models import TextEmbedding

    claim = live_claim(article, "40,000")
    before = claim.wording
    services.factchecks_import(items=claimreviews.read(review(7, before)))
    services.claim_reword(claim=claim, editor=editor, wording="Unemployment fell to 3% in May.")
    assert TextEmbedding.objects.filter(key=semantic.text_key(before)).exists()


def test_an_outside_fact_check_is_attached_as_a_source_once(db, article, editor, imported):
    from factcheck.models import OutsideFactCheck

    claim = live_claim(article, "exports rose")
    factcheck = OutsideFactCheck.objects.get(claim_reviewed=CLAIMS[2])
    source = services.factcheck_attach(claim=claim, factcheck=factcheck, user=editor)
    assert (source.url, source.stance, source.publisher) == (
        factcheck.review_url,
        Source.Stance.REFUTES,
        "PolitiFact",
    )
    assert source.passage == f"Rated False: {CLAIMS[2]}"
    again = services.factcheck_attach(claim=claim, factcheck=factcheck, user=editor)
    assert again == source
    assert claim.sources.count() == 1


def test_only_the_desk_attaches_outside_fact_checks(db, article, outsider, imported):
    from django.core.exceptions import PermissionDenied

    from factcheck.models import OutsideFactCheck

    claim = live_claim(article, "exports rose")
    with pytest.raises(PermissionDenied):
        services.factcheck_attach(
            claim=claim, factcheck=OutsideFactCheck.objects.first(), user=outsider
        )


@pytest.mark.parametrize(
    ("rating", "value", "stance"),
    [
        ({"alternateName": "Mostly True"}, None, "supports"),
        ({"alternateName": "Half True"}, None, "context"),
        ({"alternateName": "Pants on Fire!"}, None, "refutes"),
        ({"alternateName": "Not true"}, None, "refutes"),
        ({"alternateName": "Correct"}, None, "supports"),
        ({"alternateName": "Satire"}, None, "context"),
        ({"ratingValue": 5, "bestRating": 5, "worstRating": 1}, 5, "supports"),
        ({"ratingValue": 3, "bestRating": 5, "worstRating": 1}, 3, "context"),
    ],
)
def test_the_stance_follows_the_rating(db, rating, value, stance):
    from factcheck.models import OutsideFactCheck
    from factcheck.services.factchecks import stance_of

    data = review(1, CLAIMS[0])
    data["reviewRating"] = {"@type": "Rating", **rating}
    services.factchecks_import(items=claimreviews.read(data))
    assert stance_of(OutsideFactCheck.objects.get()) == stance
