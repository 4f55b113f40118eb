"""The API has one documentation page, Swagger UI at /api/docs/ (its browser test is beside this).
ReDoc was removed rather than broken under the CSP (see SPECTACULAR_SETTINGS)."""

import pytest
from django.urls import NoReverseMatch, reverse


def test_redoc_is_gone_and_its_address_is_a_json_404(client, db):
    with pytest.raises(NoReverseMatch):
        reverse("api:redoc")
    response = client.get("/api/redoc/")
    assert response.status_code == 404
    assert "/api/docs/" in response.json()["error"]["message"]


def test_the_docs_page_is_served(client, db):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200 and b"swagger" in response.content.lower()
