"""The admin's outside fact-checks: a read-only list with filters, at a fixed query cost."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import services
from factcheck.matching import claimreviews
from factcheck.models import OutsideFactCheck
from tests.matching.conftest import review


def _import(start, n):
    data = [review(i, f"Claim number {i} about things") for i in range(start, start + n)]
    services.factchecks_import(items=claimreviews.read(data))


def test_the_list_costs_the_same_for_3_or_30_rows_and_filters(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:factcheck_outsidefactcheck_changelist")
    _import(0, 3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _import(3, 27)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large) == len(small)
    assert "Claim number 29 about things" in response.content.decode()
    filtered = client.get(url, {"publisher_name": "PolitiFact", "q": "number 7"})
    assert "Claim number 7 about" in filtered.content.decode()
    assert "Claim number 8 about" not in filtered.content.decode()


def test_nothing_is_added_changed_or_deleted_by_hand(client, admin_user):
    client.force_login(admin_user)
    _import(0, 1)
    pk = OutsideFactCheck.objects.get().pk
    assert client.get(reverse("admin:factcheck_outsidefactcheck_add")).status_code == 403
    change = client.post(
        reverse("admin:factcheck_outsidefactcheck_change", args=[pk]), {"claim_reviewed": "x"}
    )
    assert change.status_code == 403
    delete = client.post(
        reverse("admin:factcheck_outsidefactcheck_delete", args=[pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert OutsideFactCheck.objects.get().claim_reviewed == "Claim number 0 about things"
