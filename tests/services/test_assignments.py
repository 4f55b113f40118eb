"""Assignment at scale: several claims to one or more reviewers in one transaction, with per-claim
refusals, workload, history and notifications."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from factcheck import selectors, services
from factcheck.models import Assignment, Claim, Notification
from tests.factories import EditorFactory, ReviewerFactory, live_claim, make_article_with_claims


def _label(claim, slug="false"):
    return claim.rating_scale.labels.get(slug=slug)


@pytest.fixture
def claims(db):
    article = make_article_with_claims(4)
    return list(article.claims.order_by("start"))


def test_several_claims_go_to_two_reviewers_at_once(claims, editor, reviewer, reviewer2):
    report = services.assignments_create(
        claims=claims[:3], reviewers=[reviewer, reviewer2], editor=editor
    )
    assert len(report.assigned) == 6
    assert not report.refused and not report.already_rated
    pairs = set(Assignment.objects.values_list("claim_id", "reviewer_id"))
    assert pairs == {(c.pk, r.pk) for c in claims[:3] for r in (reviewer, reviewer2)}
    for claim in Claim.objects.filter(pk__in=[c.pk for c in claims[:3]]):
        assert claim.status == Claim.Status.SELECTED and claim.is_assigned
    untouched = Claim.objects.get(pk=claims[3].pk)
    assert untouched.status == Claim.Status.CANDIDATE and not untouched.is_assigned
    # Each reviewer is told of each claim; the editor of nothing.
    assert Notification.objects.filter(recipient=reviewer, kind="assigned").count() == 3
    assert Notification.objects.filter(recipient=reviewer2, kind="assigned").count() == 3
    assert not Notification.objects.filter(recipient=editor).exists()
    assert report.messages()[0] == ("success", "Assigned 3 claims to ravi and rosa.")


def test_a_closed_claim_is_refused_with_its_reason_and_the_others_are_assigned(
    claims, editor, reviewer
):
    services.claim_dismiss(claim=claims[0], editor=editor, reason="Opinion")
    report = services.assignments_create(claims=claims[:2], reviewers=[reviewer], editor=editor)
    assert [r.claim_id for r in report.refused] == [claims[0].pk]
    assert "is dismissed" in report.refused[0].reason
    assert "only claims still being checked can be assigned" in report.refused[0].reason
    assert ("warning", report.refused[0].reason) in report.messages()
    assert list(Assignment.objects.values_list("claim_id", flat=True)) == [claims[1].pk]


def test_when_every_claim_is_refused_nothing_is_written(claims, editor, reviewer):
    services.claim_dismiss(claim=claims[0], editor=editor, reason="Opinion")
    with pytest.raises(ValidationError) as exc:
        services.assignments_create(claims=[claims[0]], reviewers=[reviewer], editor=editor)
    assert "is dismissed" in exc.value.messages[0]
    assert not Assignment.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("what", "field", "message"),
    [
        ("no claims", "claims", "Select at least one claim to assign."),
        ("no reviewers", "reviewers", "Choose at least one reviewer."),
        ("an outsider", "reviewers", "oscar is not a reviewer or editor of the desk."),
    ],
)
def test_bad_input_is_refused_whole(claims, editor, reviewer, outsider, what, field, message):
    kwargs = {"claims": claims[:2], "reviewers": [reviewer]}
    if what == "no claims":
        kwargs["claims"] = []
    elif what == "no reviewers":
        kwargs["reviewers"] = []
    else:
        kwargs["reviewers"] = [reviewer, outsider]
    with pytest.raises(ValidationError) as exc:
        services.assignments_create(editor=editor, **kwargs)
    assert exc.value.message_dict[field] == [message]
    assert not Assignment.objects.exists()


def test_only_editors_assign(claims, reviewer, reviewer2):
    with pytest.raises(PermissionDenied):
        services.assignments_create(claims=claims[:1], reviewers=[reviewer2], editor=reviewer)


def test_a_reviewer_who_already_rated_gets_an_assignment_done_at_once(claims, editor, reviewer):
    claim = claims[0]
    services.rating_submit(claim=claim, reviewer=reviewer, label=_label(claim), rationale="ONS")
    report = services.assignments_create(claims=[claim], reviewers=[reviewer], editor=editor)
    assert [a.reviewer for a in report.already_rated] == [reviewer]
    assert not report.assigned
    assignment = Assignment.objects.get(claim=claim, reviewer=reviewer)
    assert assignment.completed_at is not None
    # Not in their "assigned to me, not yet rated" queue, not counted as workload, not notified.
    assert list(selectors.reviewer_assigned(reviewer)) == []
    workload = {p.pk: p.open_assignments for p in selectors.assignable_reviewers()}
    assert workload[reviewer.pk] == 0
    assert not Notification.objects.filter(recipient=reviewer, kind="assigned").exists()
    level, text = report.messages()[0]
    assert level == "info"
    assert "rosa had already rated" in text and "recorded as done" in text


def test_assigning_again_changes_nothing(claims, editor, reviewer):
    services.assignments_create(claims=claims[:2], reviewers=[reviewer], editor=editor)
    report = services.assignments_create(claims=claims[:2], reviewers=[reviewer], editor=editor)
    assert not report.changed and len(report.unchanged) == 2
    assert report.messages() == [("info", "Everyone chosen was already assigned: nothing changed.")]
    assert Assignment.objects.count() == 2
    assert Notification.objects.filter(recipient=reviewer).count() == 2


def test_workload_counts_open_claims_assigned_and_not_rated(claims, editor, reviewer, reviewer2):
    services.assignments_create(claims=claims[:3], reviewers=[reviewer], editor=editor)
    services.assignments_create(claims=claims[:1], reviewers=[reviewer2], editor=editor)
    services.rating_submit(
        claim=claims[0], reviewer=reviewer, label=_label(claims[0]), rationale="Done"
    )
    services.claim_dismiss(
        claim=Claim.objects.get(pk=claims[1].pk), editor=editor, reason="Not checkable"
    )
    usernames = dict(get_user_model().objects.values_list("pk", "username"))
    people = {usernames[p.pk]: p.open_assignments for p in selectors.assignable_reviewers()}
    # rosa: claim 0 rated, claim 1 dismissed, claim 2 open; ravi: claim 0 open.
    assert people == {"rosa": 1, "ravi": 1, "elena": 0}


def test_reviewers_are_listed_by_name_not_username(db):
    ReviewerFactory(username="zz", first_name="Ada", last_name="Zed")
    ReviewerFactory(username="aa", first_name="Yusuf", last_name="Ali")
    EditorFactory(username="mm", first_name="", last_name="")
    ReviewerFactory(username="bb", first_name="ada", last_name="Zed")
    names = [p.name for p in selectors.assignable_reviewers()]
    # Case-insensitive; the same name twice in the order of the usernames.
    assert names == ["ada Zed", "Ada Zed", "mm", "Yusuf Ali"]


def test_assigning_and_unassigning_are_in_the_claims_history(claims, editor, reviewer):
    claim = claims[0]
    services.assignments_create(claims=[claim], reviewers=[reviewer], editor=editor)
    services.assignment_remove(claim=claim, reviewer=reviewer, editor=editor)
    history = selectors.claim_history(claim, show_ratings=True)
    lines = [(e.who, e.what, e.detail) for e in history]
    assert ("elena", "Unassigned", "rosa") in lines
    assert ("elena", "Assigned", "rosa") in lines
    assert ("elena", "Selected for checking: assigned", "status: selected") in lines
    assert lines.index(("elena", "Unassigned", "rosa")) < lines.index(("elena", "Assigned", "rosa"))


def test_unassigning_is_refused_once_rated_or_closed(claims, editor, reviewer, reviewer2):
    claim = claims[0]
    services.assignments_create(claims=[claim], reviewers=[reviewer, reviewer2], editor=editor)
    services.rating_submit(claim=claim, reviewer=reviewer, label=_label(claim), rationale="x")
    with pytest.raises(ValidationError, match="already rated this claim"):
        services.assignment_remove(claim=claim, reviewer=reviewer, editor=editor)
    services.claim_dismiss(claim=Claim.objects.get(pk=claim.pk), editor=editor, reason="Moot")
    with pytest.raises(ValidationError, match="stay on record"):
        services.assignment_remove(claim=claim, reviewer=reviewer2, editor=editor)
    assert Assignment.objects.filter(claim=claim).count() == 2


def test_one_email_per_reviewer_for_a_bulk_assignment(
    claims, editor, reviewer, settings, django_capture_on_commit_callbacks
):
    reviewer.email = "rosa@example.org"
    reviewer.save()
    with django_capture_on_commit_callbacks() as callbacks:
        services.assignments_create(claims=claims, reviewers=[reviewer], editor=editor)
    # One email task for rosa, whatever the number of claims.
    assert len(callbacks) == 1


def test_split_parts_carry_the_assignment_into_their_history(article, editor, reviewer):
    claim = live_claim(article, "12 percent")
    services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)
    a, _b = services.claim_split(claim=claim, editor=editor, at=10)
    history = selectors.claim_history(a, show_ratings=True)
    assert any(
        e.what == f"Assigned: carried over from claim {claim.pk}" and e.detail == "rosa"
        for e in history
    )


def test_the_desk_people_listed_follow_every_change_at_once(db, editor, reviewer):
    """The desk's people are cached by name; any change to a person or to their groups shows in
    the next list, whoever made it."""
    from django.contrib.auth.models import Group

    from factcheck import access

    def names():
        return [p.name for p in selectors.assignable_reviewers()]

    before = names()
    newcomer = ReviewerFactory(username="nina", first_name="Nina", last_name="Ba")
    assert "Nina Ba" in names() and len(names()) == len(before) + 1
    newcomer.first_name = "Nine"
    newcomer.save()
    assert "Nine Ba" in names() and "Nina Ba" not in names()
    newcomer.groups.clear()
    assert "Nine Ba" not in names()
    newcomer.groups.add(Group.objects.get(name=access.EDITOR_GROUP))
    assert "Nine Ba" in names()
    newcomer.is_active = False
    newcomer.save()
    assert "Nine Ba" not in names()
    newcomer.delete()
    assert names() == before


def test_a_sign_in_keeps_the_cached_people(client, db, editor, django_assert_num_queries):
    from django.contrib.auth.models import update_last_login

    selectors.assignable_reviewers()
    update_last_login(None, editor)  # what signing in does to the user row
    with django_assert_num_queries(1):  # the workload only: the people stayed cached
        selectors.assignable_reviewers()


def test_the_cached_people_are_forgotten_again_when_a_change_commits(
    db, editor, reviewer, django_capture_on_commit_callbacks
):
    """Another process may cache the people as they were while a change is being committed: the
    change forgets them once more when it commits."""
    from django.core.cache import cache

    selectors.assignable_reviewers()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reviewer.first_name = "Rosa"
        reviewer.save()
    selectors.assignable_reviewers()  # as another reader would, before the commit
    assert cache.get(selectors.MEMBERS_KEY) is not None
    for callback in callbacks:
        callback()
    assert cache.get(selectors.MEMBERS_KEY) is None


def test_renaming_a_role_group_shows_in_the_people_at_once(db, editor, reviewer):
    from django.contrib.auth.models import Group

    from factcheck import access

    assert reviewer.pk in {p.pk for p in selectors.assignable_reviewers()}
    group = Group.objects.get(name=access.REVIEWER_GROUP)
    group.name = "Former reviewers"
    group.save()
    assert reviewer.pk not in {p.pk for p in selectors.assignable_reviewers()}
