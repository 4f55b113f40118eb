"""One refusal, one shape: the service's ValidationError names the field, and the page and the API
both show it on that field."""

from django.urls import reverse

from factcheck.models import Source
from tests.factories import live_claim

URL = "https://stats.example/exports-2023"


def test_a_duplicate_source_url_is_a_url_field_error_on_the_page_and_in_the_api(
    client, reviewer, article
):
    claim = live_claim(article)
    client.force_login(reviewer)
    page = reverse("factcheck:claim_add_source", args=[claim.pk])
    data = {"url": URL, "stance": "supports", "title": "", "publisher": "", "passage": ""}
    assert client.post(page, data).status_code == 302
    for headers in ({}, {"HX-Request": "true"}):
        again = client.post(page, {**data, "passage": "Kept as typed"}, headers=headers)
        assert again.status_code == 400
        form = again.context["panel"].bound["source"]
        assert form.errors["url"] == ["This source is already attached to the claim."]
        assert "Kept as typed" in again.content.decode()

    api = client.post(
        reverse("api:claim-sources", args=[claim.pk]),
        {"url": URL, "stance": "refutes"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()["error"]["fields"] == {
        "url": ["This source is already attached to the claim."]
    }
    assert Source.objects.filter(claim=claim).count() == 1
