"""Proposals and the needs-discussion flag in the claim panel and the editor's queue; the blind rule."""

from django.urls import reverse

from factcheck import tasks
from tests.consensus.helpers import generated_desk, rate
from tests.factories import ReviewerFactory, live_claim


def _panel(client, user, claim):
    client.force_login(user)
    return client.get(claim.get_absolute_url()).content.decode()


def test_editors_see_the_proposal_the_flag_and_the_agreement_behind_it(
    client, editor, reviewer, reviewer2, article
):
    claim = live_claim(article)
    rate(claim, reviewer, "true")
    rate(claim, reviewer2, "half-true")
    tasks.recompute_desk()
    body = _panel(client, editor, claim)
    assert "Needs discussion:" in body
    assert "no label has a majority of the ratings; the ratings span 2 steps of the scale" in body
    assert "The ratings propose" in body and "Half true" in body
    assert "Weighted by reliability" in body and "not yet: no reviewer has 20" in body
    assert "Agreement behind it" in body and "Truth-O-Meter scale" in body and "Whole desk" in body


def test_a_reviewer_who_has_not_rated_sees_no_proposal(
    client, editor, reviewer, reviewer2, article
):
    claim = live_claim(article)
    rate(claim, reviewer2, "true")
    rate(claim, ReviewerFactory(username="third"), "false")
    body = _panel(client, reviewer, claim)
    assert "Needs discussion" not in body
    assert "Proposed" not in body and "The ratings propose" not in body
    assert "hidden until you submit yours" in body


def test_a_reviewer_who_has_rated_sees_the_plain_proposal_only(
    client, reviewer, reviewer2, article
):
    claim = live_claim(article)
    rate(claim, reviewer, "true")
    rate(claim, reviewer2, "mostly-true")
    body = _panel(client, reviewer, claim)
    assert "Needs discussion:" in body and "Proposed" in body
    assert "Weighted by reliability" not in body and "Agreement behind it" not in body


def test_unanimous_ratings_need_no_discussion(client, editor, reviewer, reviewer2, article):
    claim = live_claim(article)
    rate(claim, reviewer, "false")
    rate(claim, reviewer2, "false")
    body = _panel(client, editor, claim)
    assert "Needs discussion" not in body and "Proposed" in body


def test_the_panel_shows_each_reviewers_reliability_to_editors(client, editor, db):
    claims, _ = generated_desk(n_claims=22)
    tasks.recompute_desk()
    body = _panel(client, editor, claims[0])
    assert (
        body.count("reliability 0.") == 4
        or body.count("reliability 1.") + body.count("reliability 0.") == 4
    )
    assert "same as the plain proposal" in body or "differs from the plain proposal" in body


def test_the_editor_queue_lists_claims_that_need_discussion_with_both_proposals(
    client, editor, reviewer, reviewer2, article
):
    first, second, third = list(article.claims.order_by("start")[:3])
    rate(first, reviewer, "true")
    rate(first, reviewer2, "mostly-true")  # no majority
    rate(second, reviewer, "true")
    rate(second, reviewer2, "true")  # agreed
    rate(third, reviewer, "unverifiable")
    rate(third, reviewer2, "false")  # no majority
    client.force_login(editor)
    response = client.get(reverse("factcheck:my_work"))
    lists = {item["key"]: item for item in response.context["lists"]}
    assert lists["disagreements"]["title"] == "Needs discussion"
    flagged = list(lists["disagreements"]["page"].object_list)
    assert {c.pk for c in flagged} == {first.pk, third.pk}
    assert {c.pk: c.proposal.plain.slug for c in flagged} == {
        first.pk: "mostly-true",
        third.pk: "false",
    }
    body = response.content.decode()
    assert "Needs discussion</span>" in body and "Proposed <strong>Mostly true</strong>" in body


def test_the_queue_costs_the_same_queries_with_more_flagged_claims(
    client, editor, django_assert_max_num_queries
):
    def queries(n, seed):
        generated_desk(n_claims=n, seed=seed)
        client.force_login(editor)
        with django_assert_max_num_queries(60) as ctx:
            client.get(reverse("factcheck:my_work"))
        return len(ctx.captured_queries)

    assert queries(3, 1) == queries(15, 2)


def test_the_queue_proposals_are_the_panels_with_reliability_weights(db, django_assert_num_queries):
    from factcheck import consensus
    from factcheck.models import Claim

    claims, _ = generated_desk(n_claims=22)
    tasks.recompute_desk()
    snapshot = consensus.desk_snapshot()
    assert snapshot.figures.get("typical_accuracy") is not None  # the weighted proposal is in use
    queue = list(Claim.objects.filter(pk__in=[c.pk for c in claims[:6]]).order_by("pk"))
    with django_assert_num_queries(1):
        consensus.attach_proposals(queue)
    for claim in queue:
        panel = consensus.claim_proposal(claim, snapshot)
        got = claim.proposal
        assert got.weighted_in_use and got.accuracy and got.accuracy == panel.accuracy
        assert (got.plain, got.weighted) == (panel.plain, panel.weighted)
        assert (got.needs_discussion, got.spread, got.n_ratings) == (
            panel.needs_discussion,
            panel.spread,
            panel.n_ratings,
        )
        assert got.majority_share == panel.majority_share


def test_the_queue_proposals_before_any_recompute_are_unweighted(db, reviewer, reviewer2, article):
    from factcheck import consensus
    from factcheck.models import Claim

    first, second = list(article.claims.order_by("start")[:2])
    rate(first, reviewer, "true")
    rate(first, reviewer2, "false")
    queue = list(Claim.objects.filter(pk__in=[first.pk, second.pk]).order_by("start"))
    consensus.attach_proposals(queue)
    assert queue[1].proposal is None
    proposal = queue[0].proposal
    assert not proposal.weighted_in_use and proposal.accuracy == {}
    assert proposal.n_ratings == 2 and proposal.needs_discussion
