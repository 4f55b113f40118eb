import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from factcheck import services
from factcheck.models import Claim, RatingScale
from tests.factories import live_claim


def _label(claim, slug="false"):
    return claim.rating_scale.labels.get(slug=slug)


def test_reviewer_rates_and_revises_with_history(article, reviewer):
    claim = live_claim(article)
    rating = services.rating_submit(
        claim=claim,
        reviewer=reviewer,
        label=_label(claim),
        rationale="Figures differ",
        confidence=3,
    )
    rating = services.rating_submit(
        claim=claim,
        reviewer=reviewer,
        label=_label(claim, "mostly-false"),
        rationale="On reflection",
        expected_version=rating.version,
    )
    assert claim.ratings.count() == 1
    assert rating.version == 2
    assert [h.label.slug for h in rating.history.order_by("history_date")] == [
        "false",
        "mostly-false",
    ]


def test_rationale_is_required(article, reviewer):
    claim = live_claim(article)
    with pytest.raises(ValidationError) as exc:
        services.rating_submit(claim=claim, reviewer=reviewer, label=_label(claim), rationale=" ")
    assert "rationale" in exc.value.message_dict


def test_a_label_of_another_scale_is_refused(article, reviewer):
    claim = live_claim(article)
    foreign = RatingScale.objects.get(slug="snopes-like").labels.first()
    with pytest.raises(ValidationError) as exc:
        services.rating_submit(claim=claim, reviewer=reviewer, label=foreign, rationale="x")
    assert "label" in exc.value.message_dict


def test_outsiders_cannot_rate(article, outsider):
    claim = live_claim(article)
    with pytest.raises(PermissionDenied):
        services.rating_submit(claim=claim, reviewer=outsider, label=_label(claim), rationale="x")


def test_dismissed_claims_cannot_be_rated(article, editor, reviewer):
    claim = services.claim_dismiss(claim=live_claim(article), editor=editor, reason="Opinion")
    with pytest.raises(ValidationError):
        services.rating_submit(claim=claim, reviewer=reviewer, label=_label(claim), rationale="x")


def test_sources_refuse_script_urls_and_duplicates(article, reviewer):
    claim = live_claim(article)
    for bad in ["javascript:alert(1)", "data:text/html,<b>x</b>", "not a url", ""]:
        with pytest.raises(ValidationError):
            services.source_add(claim=claim, user=reviewer, url=bad, stance="supports")
    services.source_add(
        claim=claim, user=reviewer, url="https://stats.example/t1", stance="refutes"
    )
    with pytest.raises(ValidationError):
        services.source_add(
            claim=claim, user=reviewer, url="https://stats.example/t1", stance="context"
        )
    assert claim.sources.count() == 1


def test_comments_resolve_mentions_and_thread(article, reviewer, reviewer2):
    claim = live_claim(article)
    parent = services.comment_add(claim=claim, author=reviewer, body="Hi @ravi, see the table.")
    reply = services.comment_add(claim=claim, author=reviewer2, body="Thanks", parent=parent)
    assert list(parent.mentions.all()) == [reviewer2]
    assert reply.parent == parent
    with pytest.raises(ValidationError):
        services.comment_add(claim=claim, author=reviewer, body="   ")


def test_assigning_selects_the_claim_and_is_idempotent(article, editor, reviewer):
    claim = live_claim(article)
    services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)
    services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SELECTED
    assert claim.assignments.count() == 1


def test_only_desk_members_can_be_assigned(article, editor, outsider):
    with pytest.raises(ValidationError):
        services.assignment_create(claim=live_claim(article), reviewer=outsider, editor=editor)


def test_a_claim_closed_since_the_caller_read_it_is_a_conflict_not_a_refusal(
    article, reviewer, editor
):
    """Refused under the lock because someone changed the claim meanwhile: a ConflictError (409 in
    the panel and the API, with the claim as it now stands); already closed when read: a plain
    refusal (400)."""
    claim = live_claim(article)
    seen = Claim.objects.get(pk=claim.pk)  # what the reviewer's page read
    services.claim_dismiss(claim=claim, editor=editor, reason="Opinion, not a claim")
    with pytest.raises(services.ConflictError) as conflict:
        services.rating_submit(claim=seen, reviewer=reviewer, label=_label(seen), rationale="x")
    assert conflict.value.current.status == Claim.Status.DISMISSED
    assert "can no longer be rated" in str(conflict.value)
    with pytest.raises(ValidationError, match="can no longer be rated"):
        services.rating_submit(
            claim=Claim.objects.get(pk=claim.pk),
            reviewer=reviewer,
            label=_label(seen),
            rationale="x",
        )
    with pytest.raises(services.ConflictError):
        services.claim_set_claimant(claim=seen, editor=editor, claimant="Someone Else")
    with pytest.raises(ValidationError, match="claimant cannot be changed"):
        services.claim_set_claimant(
            claim=Claim.objects.get(pk=claim.pk), editor=editor, claimant="Someone Else"
        )
