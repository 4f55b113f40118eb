"""The read replica's router, against a second alias (`replica`, a test mirror of the same database,
see tests/settings.py): anonymous public reads may go there, every write and desk read never."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from config.routers import ReplicaRouter, replica_reads, stream_from_replica
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
