"""The triage queue: the seed article's verifiable claims rank above opinion and attribution, and the
queue orders by editor priority, assignment, score band and recency."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from factcheck import checkworthiness, selectors, services
from factcheck.models import Assignment, Claim
from tests.factories import ARTICLE_TEXT, live_claim, make_article

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_3ac6436a037b2e8f.txt"

# Verifiable: figures, dates, who did what.
FACTUAL = [
    "told a Wednesday press conference that his government has sent out invitations to 100",
    "In February, eleven of the group",
    "Established in 2017, the Lima Group",
    "The US, which was the first nation to recognize Guaido",
]
# Opinion, speculation, and sentences that only report what someone said they want.
OPINION_OR_ATTRIBUTION = [
    "It remains to be seen whether Lima",
    "Popolizio said that by seeking to gather both Guaido allies",
    "However, taking into account the sides' opposing takes",
]


@pytest.fixture
def seed(db):
    return make_article(SEED.read_text(encoding="utf-8"))


def test_seed_ranks_verifiable_claims_above_opinion_and_attribution(seed):
    scores = {}
    for phrase in FACTUAL + OPINION_OR_ATTRIBUTION:
        claim = live_claim(seed, phrase)
        assert claim is not None, phrase
        scores[phrase] = claim.score
    lowest_factual = min(scores[p] for p in FACTUAL)
    highest_other = max(scores[p] for p in OPINION_OR_ATTRIBUTION)
    assert lowest_factual > highest_other, scores


def test_seed_queue_puts_the_factual_claims_before_opinion_and_attribution(seed):
    # Not "the four FACTUAL claims are the top four": the seed has other verifiable sentences
    # ("Among the invitees are Russia, China, Cuba, Bolivia and Turkey") that may rank among them.
    queue = [c.quote for c in selectors.editor_candidates()]

    def position(phrase):
        return next(i for i, quote in enumerate(queue) if phrase in quote)

    last_factual = max(position(p) for p in FACTUAL)
    first_other = min(position(p) for p in OPINION_OR_ATTRIBUTION)
    assert last_factual < first_other, queue


def test_every_claim_records_the_model_and_why(seed):
    for claim in seed.claims.all():
        assert claim.score_version == checkworthiness.version()
        assert "model" in claim.features
        assert 0 <= claim.score <= 1


def test_editor_moves_a_claim_up_the_queue_and_history_says_so(db, editor, article):
    last = list(selectors.editor_candidates())[-1]
    services.claim_reprioritise(claim=last, editor=editor, step=1)
    assert selectors.editor_candidates().first().pk == last.pk
    last.refresh_from_db()
    assert last.priority == 1
    row = last.history.latest()
    assert row.history_change_reason == "Priority raised to +1"
    assert row.history_user == editor


def test_priority_stays_within_bounds(db, editor, article):
    claim = live_claim(article)
    for _ in range(3):
        claim = services.claim_reprioritise(claim=claim, editor=editor, step=-1)
    with pytest.raises(ValidationError):
        services.claim_reprioritise(claim=claim, editor=editor, step=-1)
    assert Claim.objects.get(pk=claim.pk).priority == Claim.PRIORITY_MIN


def test_only_editors_reprioritise(db, reviewer, article):
    with pytest.raises(PermissionDenied):
        services.claim_reprioritise(claim=live_claim(article), editor=reviewer, step=1)


def test_retired_claims_cannot_be_moved(db, editor, article):
    claim = services.claim_dismiss(claim=live_claim(article), editor=editor, reason="Opinion")
    with pytest.raises(ValidationError):
        services.claim_reprioritise(claim=claim, editor=editor, step=1)


def test_unassigned_candidates_come_before_assigned_ones(db, editor, reviewer, article):
    first = selectors.editor_candidates().first()
    # A candidate can carry an assignment (e.g. inherited by a split); it already has a reviewer.
    Assignment.objects.create(claim=first, reviewer=reviewer, assigned_by=editor)
    # As services.claims._copy_assignments marks it when a split or merge inherits assignments.
    Claim.objects.filter(pk=first.pk).update(is_assigned=True)
    queue = list(selectors.editor_candidates())
    assert queue[-1].pk == first.pk


def test_newer_articles_come_first_within_a_score_band(db, outlet):
    old = make_article(ARTICLE_TEXT, outlet=outlet)
    new = make_article(ARTICLE_TEXT.replace("Monday", "Tuesday"), outlet=outlet)
    old_claim = live_claim(old, "trade ministry said")
    new_claim = live_claim(new, "trade ministry said")
    assert int(old_claim.score * 10) == int(new_claim.score * 10)
    queue = [c.pk for c in selectors.editor_candidates()]
    assert queue.index(new_claim.pk) < queue.index(old_claim.pk)
