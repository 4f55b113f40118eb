"""backup_desk and restore_desk: a round trip into an empty database gives back every row."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

from factcheck import services
from tests.factories import live_claim, reinstall_migration_rows


def _desk_models():
    models = [User, Group, *apps.get_app_config("factcheck").get_models()]
    return [m for m in models if m._meta.managed]


def _snapshot():
    rows = {}
    for model in _desk_models():
        rows[model._meta.label] = sorted(
            (tuple(sorted(r.items())) for r in model.objects.values()), key=repr
        )
    rows["group_permissions"] = sorted(
        Group.objects.values_list("name", "permissions__codename"), key=repr
    )
    rows["user_groups"] = sorted(User.objects.values_list("username", "groups__name"), key=repr)
    return rows


@pytest.fixture
def migrated_rows(transactional_db):
    """Transactional tests start from a flushed database: put back what migrate installed."""
    reinstall_migration_rows()


@pytest.mark.django_db(transaction=True)
def test_a_round_trip_restores_every_row(
    tmp_path, migrated_rows, editor, reviewer, reviewer2, article
):
    claim = live_claim(article, "12 percent")
    label = claim.rating_scale.labels.get(slug="false")
    for user in (reviewer, reviewer2):
        services.rating_submit(claim=claim, reviewer=user, label=label, rationale="Checked")
    source = services.source_add(
        claim=claim, user=reviewer, url="https://s.example/", stance="refutes"
    )
    parent = services.comment_add(claim=claim, author=reviewer, body="@ravi look")
    services.comment_add(claim=claim, author=reviewer2, body="ok", parent=parent)
    services.verdict_publish(
        claim=claim, editor=editor, label=label, summary="No.", explanation="E.", sources=[source]
    )
    services.verdict_correct(
        claim=claim,
        editor=editor,
        label=label,
        summary="Still no.",
        explanation="E2.",
        correction_note="Clarified.",
        sources=[source],
        expected_revision=1,
    )
    before = _snapshot()
    dump = tmp_path / "desk.json"
    call_command("backup_desk", "-o", str(dump))

    # An empty database: every table emptied, then the migration's own rows put back as `migrate` would.
    call_command("flush", interactive=False, verbosity=0)
    reinstall_migration_rows()
    call_command("restore_desk", str(dump))

    after = _snapshot()
    assert after.keys() == before.keys()
    for key in before:
        assert after[key] == before[key], key


@pytest.mark.django_db
def test_restore_refuses_a_database_that_already_holds_a_desk(tmp_path, article, editor):
    dump = tmp_path / "desk.json"
    call_command("backup_desk", "-o", str(dump))
    with pytest.raises(CommandError, match="already holds"):
        call_command("restore_desk", str(dump))


@pytest.mark.django_db
def test_restore_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("restore_desk", str(tmp_path / "nope.json"))
