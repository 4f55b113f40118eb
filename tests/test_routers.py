"""The read replica's router, against a second alias (`replica`, a test mirror of the same database,
see tests/settings.py): anonymous public reads may go there, every write and desk read never."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from config.routers import ReplicaRouter, replica_reads, stream_from_replica
from factcheck import services
from factcheck.models import Claim, Outlet

BOTH = ["default", "replica"]


@pytest.fixture
def routed(settings):
    settings.DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]


def test_reads_go_to_the_primary_unless_asked(routed):
    assert Claim.objects.all().db == "default"
    with replica_reads():
        assert Claim.objects.all().db == "replica"
    assert Claim.objects.all().db == "default"


def test_writes_go_to_the_primary_even_inside_replica_reads(routed):
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_write(Claim) == "default"
        assert router.db_for_read(Claim) == "replica"


def test_only_the_primary_is_migrated():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "factcheck")
    assert not router.allow_migrate("replica", "factcheck")


def test_without_a_replica_alias_reads_stay_on_the_primary(routed, monkeypatch):
    monkeypatch.setattr("config.routers.replica_configured", lambda: False)
    with replica_reads():
        assert ReplicaRouter().db_for_read(Claim) == "default"


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_replica_alias_reads_what_the_primary_committed(routed):
    Outlet.objects.create(name="Committed Outlet")
    with CaptureQueriesContext(connections["replica"]) as on_replica, replica_reads():
        names = list(Outlet.objects.values_list("name", flat=True))
    assert names == ["Committed Outlet"]
    assert len(on_replica.captured_queries) == 1


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_streamed_body_reads_from_the_replica_after_the_view_returned(routed):
    Outlet.objects.create(name="Streamed Outlet")

    def body():
        yield Outlet.objects.all().db
        yield Outlet.objects.get().name

    stream = stream_from_replica(body())
    # Consumed later, outside any replica_reads() block, as a WSGI server does.
    assert next(stream) == "replica"
    assert Outlet.objects.all().db == "default"  # the flag does not leak between chunks
    assert next(stream) == "Streamed Outlet"
    assert list(stream) == []


# --- Which requests read from the replica ---------------------------------------------------------


@pytest.fixture
def migrated(transactional_db):
    """The roles a migration made, which an earlier transactional test's flush took away."""
    from tests.factories import reinstall_migration_rows

    reinstall_migration_rows()


@pytest.fixture
def replica_desk(migrated, routed, settings, editor, reviewer, article):
    """A published verdict, committed (the replica reads only what the primary committed)."""
    from factcheck import services
    from tests.factories import live_claim

    settings.FACTCHECK_REPLICA_LAG_SECONDS = 0
    claim = live_claim(article, "12 percent")
    return services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="false"),
        summary="Exports rose 8 percent, not 12.",
        explanation="The statistics office reports 8 percent.",
        quorum_override_reason="Test",
    )


def _queries_by_alias(client, path, **extra):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(path, **extra)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(primary.captured_queries), len(replica.captured_queries)


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_anonymous_public_reads_go_to_the_replica(client, replica_desk):
    for path in [
        replica_desk.get_absolute_url(),
        "/verdicts/",
        "/api/v1/verdicts/",
        f"/api/v1/verdicts/{replica_desk.pk}/",
        "/api/v1/exports/verdicts.csv",
        "/api/v1/exports/claimreview.json",
    ]:
        primary, replica = _queries_by_alias(client, path)
        assert primary == 0 and replica > 0, path


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_signed_in_member_reads_public_pages_from_the_primary(client, replica_desk, reviewer):
    client.force_login(reviewer)
    primary, replica = _queries_by_alias(client, replica_desk.get_absolute_url())
    assert replica == 0 and primary > 0


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_token_holder_reads_the_api_from_the_primary(client, replica_desk, reviewer):

    _, key = services.token_issue(user=reviewer, name="tests")
    for path in ["/api/v1/verdicts/", "/api/v1/exports/verdicts.csv"]:
        primary, replica = _queries_by_alias(client, path, HTTP_AUTHORIZATION=f"Bearer {key}")
        assert replica == 0 and primary > 0, path


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_reviewer_sees_their_own_rating_at_once_on_desk_pages(client, replica_desk, reviewer):
    from factcheck import services
    from tests.factories import live_claim

    claim = live_claim(replica_desk.claim.article, "40,000 new jobs")
    services.rating_submit(
        claim=claim,
        reviewer=reviewer,
        label=claim.rating_scale.labels.get(slug="true"),
        rationale="The ministry's figures.",
    )
    client.force_login(reviewer)
    with CaptureQueriesContext(connections["replica"]) as replica:
        body = client.get(claim.get_absolute_url()).content.decode()
    assert "The ministry&#x27;s figures." in body or "The ministry's figures." in body
    assert len(replica.captured_queries) == 0


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_right_after_a_change_public_reads_stay_on_the_primary(client, replica_desk, settings):
    # The replica may not have the new verdict yet: a page cached now would be stale for good.
    settings.FACTCHECK_REPLICA_LAG_SECONDS = 60
    primary, replica = _queries_by_alias(client, replica_desk.get_absolute_url())
    assert replica == 0 and primary > 0
