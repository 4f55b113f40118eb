"""Who is told what: each kind of notification, never of one's own action, never to the wrong people,
and nothing that would break blind rating."""

import pytest
from django.db import IntegrityError

from factcheck import services
from factcheck.models import ClaimMatch, Notification
from factcheck.services import notifications
from tests.factories import EditorFactory, ReviewerFactory, live_claim

Kind = Notification.Kind


def _label(claim, slug="false"):
    return claim.rating_scale.labels.get(slug=slug)


def _rate(claim, reviewer, slug="false"):
    return services.rating_submit(
        claim=claim, reviewer=reviewer, label=_label(claim, slug), rationale="Checked."
    )


def _told(user):
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("created_at", "id")
        .values_list("kind", "actor__username", "text")
    )


@pytest.fixture
def claim(article):
    return live_claim(article, "40,000")


# --- Comments ---------------------------------------------------------------------------------------


def test_a_mention_tells_the_person_mentioned_with_the_comments_opening_words(
    claim, reviewer, reviewer2
):
    _rate(claim, reviewer2)  # ravi has rated: the comment is not blind to him
    comment = services.comment_add(claim=claim, author=reviewer, body="@ravi can you check this?")
    note = Notification.objects.get(recipient=reviewer2)
    assert (note.kind, note.actor, note.claim, note.comment) == (
        Kind.MENTIONED,
        reviewer,
        claim,
        comment,
    )
    assert note.text == "@ravi can you check this?"
    assert note.headline == "rosa mentioned you in a comment"
    assert note.claim_url().endswith(f"?claim={claim.pk}#comment-{comment.pk}")


def test_a_reviewer_who_has_not_rated_is_told_who_but_not_what(claim, reviewer, reviewer2):
    """Blind means blind: the comment is hidden from ravi until he rates, so the notification
    does not carry it either (the panel, the history and the API hide it too)."""
    parent = services.comment_add(claim=claim, author=reviewer2, body="Is this right?")
    services.comment_add(claim=claim, author=reviewer, body="@ravi it is False, see ONS")
    services.comment_add(claim=claim, author=reviewer, body="No: ONS says 14%", parent=parent)
    assert _told(reviewer2) == [
        (Kind.MENTIONED, "rosa", notifications.BLIND_TEXT),
        (Kind.REPLIED, "rosa", notifications.BLIND_TEXT),
    ]
    assert (
        "ONS"
        not in notifications._message(
            reviewer2, list(Notification.objects.values_list("pk", flat=True)), digest=False
        ).body
    )
    # Once he has rated, he reads what he is told.
    _rate(claim, reviewer2)
    services.comment_add(claim=claim, author=reviewer, body="@ravi thanks for rating")
    assert _told(reviewer2)[-1] == (Kind.MENTIONED, "rosa", "@ravi thanks for rating")


def test_an_editor_is_always_told_what_the_comment_says(claim, reviewer, editor):
    services.comment_add(claim=claim, author=reviewer, body="@elena the figure is wrong")
    assert _told(editor) == [(Kind.MENTIONED, "rosa", "@elena the figure is wrong")]


def test_an_editors_comment_is_blind_to_a_reviewer_who_has_not_rated(claim, reviewer, editor):
    services.comment_add(claim=claim, author=editor, body="@rosa I think it is false")
    assert _told(reviewer) == [(Kind.MENTIONED, "elena", notifications.BLIND_TEXT)]


def test_mentioning_yourself_tells_nobody(claim, reviewer):
    services.comment_add(claim=claim, author=reviewer, body="Note to self, @rosa: look again.")
    assert not Notification.objects.exists()


def test_people_outside_the_desk_are_never_told(claim, reviewer, outsider):
    services.comment_add(claim=claim, author=reviewer, body="@oscar have a look")
    assert _told(outsider) == []


def test_inactive_people_are_not_told(claim, reviewer, reviewer2):
    reviewer2.is_active = False
    reviewer2.save()
    services.comment_add(claim=claim, author=reviewer, body="@ravi")
    assert _told(reviewer2) == []


def test_a_reply_tells_the_author_of_the_comment_it_answers(claim, reviewer, reviewer2, editor):
    _rate(claim, reviewer)
    parent = services.comment_add(claim=claim, author=reviewer, body="Where is 40,000 from?")
    services.comment_add(claim=claim, author=editor, body="The ministry.", parent=parent)
    assert _told(reviewer) == [(Kind.REPLIED, "elena", "The ministry.")]
    assert _told(reviewer2) == []


def test_replying_to_your_own_comment_tells_nobody(claim, reviewer):
    parent = services.comment_add(claim=claim, author=reviewer, body="First thought.")
    services.comment_add(claim=claim, author=reviewer, body="Second thought.", parent=parent)
    assert not Notification.objects.exists()


def test_a_reply_that_also_mentions_the_author_tells_them_once(claim, reviewer, editor):
    parent = services.comment_add(claim=claim, author=reviewer, body="Where from?")
    services.comment_add(claim=claim, author=editor, body="@rosa the ministry.", parent=parent)
    assert [kind for kind, _, _ in _told(reviewer)] == [Kind.MENTIONED]


def test_editing_a_comment_tells_only_the_people_it_newly_mentions(
    claim, reviewer, reviewer2, editor
):
    comment = services.comment_add(claim=claim, author=reviewer, body="@ravi look")
    services.comment_edit(comment=comment, user=reviewer, body="@ravi look, and @elena too")
    services.comment_edit(comment=comment, user=reviewer, body="@ravi and @elena, see above")
    assert len(_told(reviewer2)) == 1
    assert _told(editor) == [(Kind.MENTIONED, "rosa", "@ravi look, and @elena too")]


def test_a_mention_removed_and_added_again_is_not_told_twice(claim, reviewer, reviewer2):
    comment = services.comment_add(claim=claim, author=reviewer, body="@ravi look")
    services.comment_edit(comment=comment, user=reviewer, body="never mind")
    services.comment_edit(comment=comment, user=reviewer, body="@ravi look after all")
    assert len(_told(reviewer2)) == 1


def test_an_editor_editing_someones_comment_is_the_actor(claim, reviewer, reviewer2, editor):
    _rate(claim, reviewer2)
    comment = services.comment_add(claim=claim, author=reviewer, body="A thought")
    services.comment_edit(comment=comment, user=editor, body="A thought for @ravi and @elena")
    assert _told(reviewer2) == [(Kind.MENTIONED, "elena", "A thought for @ravi and @elena")]
    assert _told(editor) == []


def test_a_long_comment_is_cut_to_a_short_excerpt(claim, reviewer, reviewer2):
    _rate(claim, reviewer2)
    services.comment_add(claim=claim, author=reviewer, body="@ravi " + "word " * 200)
    text = Notification.objects.get(recipient=reviewer2).text
    assert len(text) <= 200 and text.endswith("…")


# --- Assignments ------------------------------------------------------------------------------------


def test_an_assignment_tells_the_reviewer_who_asked(claim, editor, reviewer):
    services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)
    assert _told(reviewer) == [(Kind.ASSIGNED, "elena", "")]


def test_assigning_again_tells_nobody_again(claim, editor, reviewer):
    services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)
    services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)
    assert len(_told(reviewer)) == 1


def test_an_editor_assigning_themselves_is_not_told(claim, editor):
    services.assignment_create(claim=claim, reviewer=editor, editor=editor)
    assert not Notification.objects.exists()


# --- Ratings: quorum and disagreement, editors only -----------------------------------------------


def test_reaching_the_quorum_tells_the_editor_who_assigned_the_claim(
    claim, editor, reviewer, reviewer2, settings
):
    settings.FACTCHECK_QUORUM = 2
    other_editor = EditorFactory(username="emil")
    services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)
    Notification.objects.all().delete()
    _rate(claim, reviewer)
    assert not Notification.objects.exists()  # one rating of two: nothing yet
    _rate(claim, reviewer2)
    assert _told(editor) == [(Kind.QUORUM, "ravi", "2 independent ratings: ready for a verdict.")]
    assert _told(other_editor) == []


def test_reaching_the_quorum_of_an_unassigned_claim_tells_every_editor(
    claim, editor, reviewer, reviewer2, admin_user
):
    other_editor = EditorFactory(username="emil")
    _rate(claim, reviewer)
    _rate(claim, reviewer2)
    for person in (editor, other_editor, admin_user):
        assert [kind for kind, _, _ in _told(person)] == [Kind.QUORUM]


def test_no_reviewer_learns_that_someone_else_rated(claim, editor, reviewer, reviewer2):
    services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)
    services.assignment_create(claim=claim, reviewer=reviewer2, editor=editor)
    third = ReviewerFactory(username="tess")
    _rate(claim, reviewer)
    _rate(claim, reviewer2, "true")
    _rate(claim, third)
    for person in (reviewer, reviewer2, third):
        assert {kind for kind, _, _ in _told(person)} <= {Kind.ASSIGNED}
    # Editors are told, and not which label anyone chose.
    for _, _, text in _told(editor):
        assert not any(label in text.lower() for label in ("false", "true"))


def test_revising_a_rating_does_not_reach_the_quorum_twice(claim, editor, reviewer, reviewer2):
    _rate(claim, reviewer)
    _rate(claim, reviewer2)
    _rate(claim, reviewer2)  # revised: the same label, a new rationale
    assert [kind for kind, _, _ in _told(editor)] == [Kind.QUORUM]


def test_ratings_that_disagree_at_the_quorum_make_one_notification(
    claim, editor, reviewer, reviewer2
):
    _rate(claim, reviewer, "true")
    _rate(claim, reviewer2, "false")
    [(kind, actor, text)] = _told(editor)
    assert kind == Kind.DISCUSSION and actor == "ravi"
    assert text.startswith("Reached its quorum with 2 ratings, but they disagree.")


def test_each_time_a_disagreement_starts_the_editors_are_told(claim, editor, reviewer, reviewer2):
    _rate(claim, reviewer)
    _rate(claim, reviewer2)  # quorum, in agreement
    _rate(claim, reviewer2, "true")  # disagreement starts
    _rate(claim, reviewer2, "false")  # settled
    _rate(claim, reviewer2, "true")  # starts again
    kinds = [kind for kind, _, _ in _told(editor)]
    assert kinds == [Kind.QUORUM, Kind.DISCUSSION, Kind.DISCUSSION]


def test_an_editor_who_rates_is_not_told_of_their_own_rating(claim, editor, reviewer):
    _rate(claim, reviewer)
    _rate(claim, editor)
    assert _told(editor) == []


# --- Verdicts: the reviewers who rated ------------------------------------------------------------


def test_a_verdict_tells_the_reviewers_who_rated_and_nobody_else(
    claim, editor, reviewer, reviewer2
):
    services.assignment_create(claim=claim, reviewer=reviewer2, editor=editor)
    _rate(claim, reviewer)
    Notification.objects.all().delete()
    services.verdict_publish(
        claim=claim,
        editor=editor,
        label=_label(claim),
        summary="No such jobs figure.",
        explanation="The ministry never said it.",
        quorum_override_reason="Urgent",
    )
    assert _told(reviewer) == [(Kind.VERDICT, "elena", "False: No such jobs figure.")]
    assert _told(reviewer2) == []  # assigned, but had not rated
    assert _told(editor) == []


def test_a_correction_tells_the_reviewers_who_rated(claim, editor, reviewer):
    _rate(claim, reviewer)
    services.verdict_publish(
        claim=claim,
        editor=editor,
        label=_label(claim),
        summary="No.",
        explanation="E.",
        quorum_override_reason="Urgent",
    )
    services.verdict_correct(
        claim=claim,
        editor=editor,
        label=_label(claim, "mostly-false"),
        summary="Mostly no.",
        explanation="E2.",
        correction_note="A 30,000 figure exists.",
        expected_revision=1,
    )
    assert _told(reviewer)[-1] == (
        Kind.CORRECTED,
        "elena",
        "Mostly false. Correction: A 30,000 figure exists.",
    )


def test_reusing_an_earlier_verdict_tells_the_reviewers_who_rated(article, claim, editor, reviewer):
    earlier = live_claim(article, "12 percent")
    services.verdict_publish(
        claim=earlier,
        editor=editor,
        label=_label(earlier),
        summary="Exports rose 8 percent.",
        explanation="Statistics office.",
        quorum_override_reason="Urgent",
    )
    _rate(claim, reviewer)
    match = ClaimMatch.objects.create(claim=claim, match=earlier, score=0.9, method="test")
    services.claim_match_confirm(match=match, editor=editor)
    assert _told(reviewer) == [(Kind.VERDICT, "elena", "False: Exports rose 8 percent.")]


# --- Reading ------------------------------------------------------------------------------------------


def test_opening_marks_read_once(claim, reviewer, reviewer2):
    services.comment_add(claim=claim, author=reviewer, body="@ravi")
    note = Notification.objects.get()
    services.notification_open(notification=note, user=reviewer2)
    first = Notification.objects.get().read_at
    services.notification_open(notification=Notification.objects.get(), user=reviewer2)
    assert first is not None and Notification.objects.get().read_at == first


def test_nobody_opens_someone_elses_notification(claim, reviewer, reviewer2):
    from django.core.exceptions import PermissionDenied

    services.comment_add(claim=claim, author=reviewer, body="@ravi")
    with pytest.raises(PermissionDenied):
        services.notification_open(notification=Notification.objects.get(), user=reviewer)


def test_mark_all_read_leaves_what_arrived_after_the_page_was_shown(
    claim, reviewer, reviewer2, editor
):
    _rate(claim, reviewer2)
    Notification.objects.all().delete()  # the rating's own (quorum) notifications
    services.comment_add(claim=claim, author=reviewer, body="@ravi one")
    shown = Notification.objects.get().pk
    services.comment_add(claim=claim, author=editor, body="@ravi two")
    services.comment_add(claim=claim, author=reviewer, body="@elena not yours")
    assert services.notifications_mark_all_read(user=reviewer2, up_to=shown) == 1
    unread = Notification.objects.filter(read_at__isnull=True)
    assert sorted(unread.values_list("recipient__username", "text")) == [
        ("elena", "@elena not yours"),
        ("ravi", "@ravi two"),
    ]


def test_the_database_refuses_a_notification_of_ones_own_action(claim, reviewer):
    with pytest.raises(IntegrityError):
        Notification.objects.create(
            recipient=reviewer, actor=reviewer, kind=Kind.ASSIGNED, claim=claim
        )
