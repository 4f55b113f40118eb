"""The signed-in user of each request (factcheck.auth.DeskBackend): read with their groups in one
query, their role always as it stands now."""

from django.contrib.auth.models import Group
from django.urls import reverse

from factcheck import access
from factcheck.auth import DeskBackend
from tests.factories import EditorFactory, UserFactory


def test_the_user_comes_with_their_groups_in_one_query(db, django_assert_num_queries):
    editor = EditorFactory(username="elena")
    editor.groups.add(Group.objects.create(name="Night desk"))
    with django_assert_num_queries(1):
        user = DeskBackend().get_user(editor.pk)
        assert access.is_editor(user) and access.is_desk_member(user)
    assert user._factcheck_groups == {access.EDITOR_GROUP, "Night desk"}


def test_a_user_in_no_group_has_no_role(db):
    plain = UserFactory(username="nobody")
    user = DeskBackend().get_user(plain.pk)
    assert user._factcheck_groups == set()
    assert access.role_of(user) == access.Role.NONE


def test_inactive_and_unknown_users_are_nobody(db):
    gone = EditorFactory(username="gone", is_active=False)
    assert DeskBackend().get_user(gone.pk) is None
    assert DeskBackend().get_user(987654) is None


def test_a_role_taken_away_counts_from_the_next_request(client, db):
    editor = EditorFactory(username="elena")
    client.force_login(editor)
    assert client.get(reverse("factcheck:desk_health")).status_code == 200
    editor.groups.clear()
    assert client.get(reverse("factcheck:desk_health")).status_code == 403
