"""Two people changing the same thing at the same moment, with real threads on PostgreSQL.

One wins; the other gets a ConflictError carrying the current state; nothing is lost silently.
SQLite serialises whole-database writes and has no row locks, so these run on PostgreSQL only.
"""

import threading

import pytest
from django.db import connection, connections

from factcheck import services
from factcheck.models import Claim, Rating, Verdict
from tests.factories import (
    ARTICLE_TEXT,
    EditorFactory,
    ReviewerFactory,
    live_claim,
    make_article,
    reinstall_migration_rows,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row-level locking races need PostgreSQL (CI runs them there)")
    reinstall_migration_rows()


def race(*calls):
    """Run the calls in threads released at the same instant; return each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def _desk():
    article = make_article(ARTICLE_TEXT)
    return article, live_claim(article, "12 percent"), EditorFactory(), EditorFactory()


def test_two_editors_publishing_at_once_make_one_verdict(db):
    _, claim, alice, bob = _desk()
    label = claim.rating_scale.labels.get(slug="false")

    def publish(editor, summary):
        return lambda: services.verdict_publish(
            claim=claim,
            editor=editor,
            label=label,
            summary=summary,
            explanation="e",
            quorum_override_reason="race test",
        )

    results = race(publish(alice, "Alice's"), publish(bob, "Bob's"))
    winners = [r for r in results if isinstance(r, Verdict)]
    losers = [r for r in results if isinstance(r, services.ConflictError)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].current.summary == winners[0].summary
    assert Verdict.objects.filter(claim=claim).count() == 1


def test_two_corrections_of_the_same_revision_keep_both_editors_informed(db):
    _, claim, alice, bob = _desk()
    label = claim.rating_scale.labels.get(slug="false")
    services.verdict_publish(
        claim=claim,
        editor=alice,
        label=label,
        summary="v1",
        explanation="e",
        quorum_override_reason="race test",
    )

    def correct(editor, summary):
        return lambda: services.verdict_correct(
            claim=claim,
            editor=editor,
            label=label,
            summary=summary,
            explanation="e",
            correction_note=f"{summary} note",
            expected_revision=1,
        )

    results = race(correct(alice, "alice-v2"), correct(bob, "bob-v2"))
    winners = [r for r in results if isinstance(r, Verdict)]
    losers = [r for r in results if isinstance(r, services.ConflictError)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].current.revision == 2
    assert sorted(Verdict.objects.filter(claim=claim).values_list("revision", flat=True)) == [1, 2]
    assert Verdict.objects.get(claim=claim, is_current=True).summary == winners[0].summary


def test_two_editors_rewording_the_same_version_lose_no_update_silently(db):
    _, claim, alice, bob = _desk()

    def reword(editor, wording):
        return lambda: services.claim_reword(
            claim=claim, editor=editor, wording=wording, expected_version=claim.version
        )

    results = race(reword(alice, "Alice's wording"), reword(bob, "Bob's wording"))
    winners = [r for r in results if isinstance(r, Claim)]
    losers = [r for r in results if isinstance(r, services.ConflictError)]
    assert len(winners) == 1 and len(losers) == 1
    claim.refresh_from_db()
    assert claim.wording == winners[0].wording
    assert claim.version == 2
    assert losers[0].current.wording == claim.wording


@pytest.mark.parametrize("edit", ["split", "merge"])
def test_splitting_or_merging_while_a_reviewer_rates_keeps_the_rating(db, edit):
    article, claim, editor, _ = _desk()
    reviewer = ReviewerFactory()
    label = claim.rating_scale.labels.get(slug="true")
    neighbour = (
        article.claims.exclude(pk=claim.pk).order_by("start").filter(start__gt=claim.start).first()
    )

    def rate():
        return services.rating_submit(
            claim=claim, reviewer=reviewer, label=label, rationale="Checked"
        )

    def change():
        if edit == "split":
            return services.claim_split(claim=claim, editor=editor, at=10)
        return services.claim_merge(claims=[claim, neighbour], editor=editor)

    rating_result, edit_result = race(rate, change)
    assert not isinstance(edit_result, Exception), edit_result
    claim.refresh_from_db()
    assert claim.status in (Claim.Status.SPLIT, Claim.Status.MERGED)
    if isinstance(rating_result, Rating):
        # The rating landed first: it stays on the original claim, in its history, and in the
        # history shown for the claims derived from it.
        assert Rating.objects.get(pk=rating_result.pk).claim_id == claim.pk
        assert claim.ratings.count() == 1
        assert Rating.history.filter(claim_id=claim.pk).exists()
    else:
        # The edit landed first: the reviewer is told clearly that the claim changed meanwhile (a
        # conflict: 409 with the claim as it now stands), and nothing half-written remains.
        assert isinstance(rating_result, services.ConflictError), rating_result
        assert "can no longer be rated" in str(rating_result)
        assert rating_result.current.status in (Claim.Status.SPLIT, Claim.Status.MERGED)
        assert not Rating.objects.exists()
