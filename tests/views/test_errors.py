"""Failures look like failures: a database outage is a 503 page (JSON under /api/), and the app recovers."""

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client


@pytest.fixture
def database_down(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError(
            "connection to server at 127.0.0.1, port 5432 failed: Connection refused"
        )

    def bring_down():
        monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)

    return bring_down


@pytest.mark.django_db
def test_a_database_outage_is_a_503_page_and_the_app_recovers(database_down, editor, article):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    database_down()
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.content.decode()
    assert "Temporarily unavailable" in body and "Traceback" not in body
    assert "5432" not in body  # no internals leak into the page


@pytest.mark.django_db
def test_the_app_answers_again_once_the_database_is_back(monkeypatch, editor, article):
    client = Client(raise_request_exception=False)
    client.force_login(editor)

    def refuse(self, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(BaseDatabaseWrapper, "cursor", refuse)
        assert client.get(article.get_absolute_url()).status_code == 503
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_api_clients_get_json_for_an_outage(database_down):
    client = Client(raise_request_exception=False)
    database_down()
    response = client.get("/api/v1/verdicts/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "service_unavailable"


@pytest.mark.django_db
def test_unknown_api_addresses_are_json_404s():
    response = Client().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_other_errors_are_a_plain_500_without_details(monkeypatch, editor, article):
    client = Client(raise_request_exception=False)
    client.force_login(editor)

    def boom(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("factcheck.selectors.article_claims", boom)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 500
    assert "secret internal detail" not in response.content.decode()


def test_forbidden_is_json_under_the_api_and_a_page_elsewhere(rf):
    from django.core.exceptions import PermissionDenied

    from factcheck.errors import permission_denied

    api = permission_denied(rf.get("/api/v1/claims/"), PermissionDenied("Editors only."))
    assert api.status_code == 403
    assert api["Content-Type"] == "application/json"
    assert b'"code": "permission_denied"' in api.content and b"Editors only." in api.content
    page = permission_denied(rf.get("/claims/1/"), PermissionDenied())
    assert page.status_code == 403 and page["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_missing_page_is_the_sites_error_page_with_a_way_back():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "There is nothing at this address." in body and "Back to the desk" in body
    assert "<h1>Not Found</h1>" not in body  # not Django's bare page


@pytest.mark.django_db
def test_a_refusal_is_the_sites_error_page_with_its_reason(reviewer):
    client = Client()
    client.force_login(reviewer)
    response = client.get("/desk/health/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Back to the desk" in body and "403 Forbidden" not in body
