"""The claim's queue columns follow its ratings and assignments in the same transaction."""

from factcheck import services
from factcheck.models import Assignment, Claim
from tests.factories import live_claim


def _label(claim, slug):
    return claim.rating_scale.labels.get(slug=slug)


def test_ratings_count_and_discussion_flag_follow_the_ratings(article, reviewer, reviewer2):
    claim = live_claim(article)
    services.rating_submit(
        claim=claim, reviewer=reviewer, label=_label(claim, "true"), rationale="a"
    )
    claim.refresh_from_db()
    assert (claim.ratings_count, claim.needs_discussion) == (1, False)
    services.rating_submit(
        claim=claim, reviewer=reviewer2, label=_label(claim, "false"), rationale="b"
    )
    claim.refresh_from_db()
    assert (claim.ratings_count, claim.needs_discussion) == (2, True)
    # Revising a rating changes the flag, not the count.
    services.rating_submit(
        claim=claim, reviewer=reviewer2, label=_label(claim, "true"), rationale="c"
    )
    claim.refresh_from_db()
    assert (claim.ratings_count, claim.needs_discussion) == (2, False)


def test_rating_a_candidate_selects_it(article, reviewer):
    claim = live_claim(article)
    assert claim.status == Claim.Status.CANDIDATE
    services.rating_submit(
        claim=claim, reviewer=reviewer, label=_label(claim, "true"), rationale="a"
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SELECTED
    latest = claim.history.first()
    # Blind rating: the claim's history does not say who rated.
    assert latest.history_change_reason == "Selected for checking: rated"
    assert latest.history_user is None


def test_rating_completes_the_reviewers_assignment(article, editor, reviewer):
    claim = live_claim(article)
    services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)
    claim.refresh_from_db()
    assert claim.is_assigned
    services.rating_submit(
        claim=claim, reviewer=reviewer, label=_label(claim, "true"), rationale="a"
    )
    assert Assignment.objects.get(claim=claim, reviewer=reviewer).completed_at is not None


def test_removing_the_last_assignment_clears_the_flag(article, editor, reviewer):
    claim = live_claim(article)
    services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)
    services.assignment_remove(claim=claim, reviewer=reviewer, editor=editor)
    claim.refresh_from_db()
    assert not claim.is_assigned


def test_split_parts_inherit_the_assignment_flag(article, editor, reviewer):
    claim = live_claim(article, "12 percent")
    services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)
    a, b = services.claim_split(claim=claim, editor=editor, at=10)
    assert Claim.objects.get(pk=a.pk).is_assigned and Claim.objects.get(pk=b.pk).is_assigned


def test_every_claim_knows_when_its_article_arrived(article):
    for claim in article.claims.all():
        assert claim.article_created_at == article.created_at
