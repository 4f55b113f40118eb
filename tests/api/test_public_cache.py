"""Anonymous API reads from the shared cache: ETag, 304, `Cache-Control: public`; token holders and
the browsable API fresh and private; the throttle counts cached answers too."""

from rest_framework.test import APIClient

from tests.api.conftest import publish
from tests.factories import make_article_with_claims


def test_a_second_anonymous_read_costs_no_query(anon, published, django_assert_num_queries):
    for url in ["/api/v1/verdicts/", f"/api/v1/verdicts/{published.pk}/"]:
        first = anon.get(url)
        with django_assert_num_queries(0):
            second = anon.get(url)
        assert second.status_code == 200 and second.content == first.content
        assert second["Content-Type"] == "application/json"


def test_each_query_string_is_its_own_entry(anon, published):
    assert anon.get("/api/v1/verdicts/", {"label": "false"}).json()["results"]
    assert anon.get("/api/v1/verdicts/", {"label": "true"}).json()["results"] == []


def test_anonymous_reads_carry_an_etag_and_answer_304(anon, published, django_assert_num_queries):
    first = anon.get("/api/v1/verdicts/")
    assert first["Cache-Control"] == "public, max-age=60"
    assert {"Accept", "Cookie", "Authorization"} <= {v.strip() for v in first["Vary"].split(",")}
    with django_assert_num_queries(0):
        again = anon.get("/api/v1/verdicts/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]


def test_a_published_verdict_shows_in_the_cached_list_at_once(
    anon, published, editor, django_capture_on_commit_callbacks
):
    before = anon.get("/api/v1/verdicts/")
    assert len(before.json()["results"]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        publish(make_article_with_claims(1).claims.get(), editor)
    after = anon.get("/api/v1/verdicts/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and len(after.json()["results"]) == 2


def test_token_holders_get_fresh_private_answers(editor_api, published, anon):
    anon.get("/api/v1/verdicts/")
    response = editor_api.get("/api/v1/verdicts/")
    assert response["Cache-Control"] == "private, no-cache"
    assert "ETag" not in response


def test_the_browsable_api_is_never_shared(published, reviewer):
    client = APIClient()
    client.force_login(reviewer)
    html = client.get("/api/v1/verdicts/", HTTP_ACCEPT="text/html")
    assert html["Cache-Control"] == "private, no-cache"
    anonymous_html = APIClient().get("/api/v1/verdicts/", HTTP_ACCEPT="text/html")
    assert anonymous_html["Content-Type"].startswith("text/html")
    assert anonymous_html["Cache-Control"] == "private, no-cache"


def test_the_throttle_counts_cached_answers(anon, published, settings):
    settings.FACTCHECK_API_ANON_RATE = "3/min"
    statuses = [anon.get("/api/v1/verdicts/").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_an_annotation_is_cached_for_anonymous_clients(anon, published, django_assert_num_queries):
    url = f"/api/v1/claims/{published.claim_id}/annotation/"
    first = anon.get(url)
    with django_assert_num_queries(0):
        assert anon.get(url).content == first.content


def test_exports_answer_304_without_a_query(anon, published, django_assert_num_queries):
    first = anon.get("/api/v1/exports/verdicts.csv")
    b"".join(first.streaming_content)
    assert first["Cache-Control"] == "public, max-age=60"
    with django_assert_num_queries(0):
        again = anon.get("/api/v1/exports/verdicts.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
