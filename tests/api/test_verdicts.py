"""Published verdicts: open to anyone, incremental sync, nothing unpublished leaks, fixed query cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from factcheck import services
from factcheck.models import Claim
from tests.api.conftest import publish
from tests.factories import OutletFactory, make_article, make_article_with_claims


def test_anonymous_clients_read_published_verdicts(anon, published, unpublished):
    body = anon.get("/api/v1/verdicts/").json()
    assert [v["id"] for v in body["results"]] == [published.pk]
    verdict = body["results"][0]
    assert verdict["claim"]["wording"] == published.claim.wording
    assert verdict["claim"]["article"]["title"] == published.claim.article.title
    assert verdict["label"] == {"slug": "false", "name": "False", "value": 2}
    assert verdict["rating"] == {"value": 2, "best": 6, "worst": 1}
    assert verdict["sources"][0]["url"] == "https://stats.example/exports-2023"
    assert verdict["url"].endswith(published.get_absolute_url())
    assert verdict["first_published_at"] == verdict["updated_at"]
    assert anon.get(f"/api/v1/verdicts/{published.pk}/").json() == verdict


def test_unpublished_work_never_leaks_through_verdict_filters(
    anon, published, unpublished, article
):
    def ids(**params):
        response = anon.get("/api/v1/verdicts/", params)
        assert response.status_code == 200
        return [v["id"] for v in response.json()["results"]]

    assert ids(claim=unpublished.pk) == []
    assert ids(article=article.pk) == [published.pk]
    assert ids(search="40,000") == []
    assert ids(search="8 percent") == [published.pk]
    assert ids(label="false") == [published.pk]
    assert ids(outlet=article.outlet_id) == [published.pk]


def test_a_correction_replaces_the_verdict_and_keeps_its_first_date(anon, published, editor):
    corrected = services.verdict_correct(
        claim=published.claim,
        editor=editor,
        label=published.claim.rating_scale.labels.get(slug="mostly-false"),
        summary="Exports rose 9 percent, not 12.",
        explanation="Revised figures.",
        correction_note="The office revised its figure.",
    )
    results = anon.get("/api/v1/verdicts/").json()["results"]
    assert [v["id"] for v in results] == [corrected.pk]
    assert results[0]["revision"] == 2
    assert results[0]["correction_note"] == "The office revised its figure."
    assert results[0]["first_published_at"] < results[0]["updated_at"]
    assert anon.get(f"/api/v1/verdicts/{published.pk}/").status_code == 404  # revision 1


def _pull_all(client, **params):
    """What a consumer does with only the docs: follow `next` until it is null."""
    rows, url = [], "/api/v1/verdicts/"
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.json()
        body = response.json()
        rows.extend(body["results"])
        if not body["next"]:
            return rows
        response = client.get(body["next"])


def test_a_consumer_syncs_incrementally_with_updated_since(anon, editor):
    article = make_article_with_claims(7)
    claims = list(article.claims.order_by("start"))
    first = [publish(c, editor, summary=f"Verdict {i}") for i, c in enumerate(claims[:5])]
    seen = {v["id"]: v for v in _pull_all(anon, ordering="updated_at", page_size=2)}
    assert set(seen) == {v.pk for v in first}
    high_water = max(v["updated_at"] for v in seen.values())

    new = publish(claims[5], editor, summary="Verdict 5")
    fixed = services.verdict_correct(
        claim=claims[0],
        editor=editor,
        label=first[0].label,
        summary="Verdict 0, corrected",
        explanation="e",
        correction_note="n",
    )
    changed = _pull_all(anon, ordering="updated_at", updated_since=high_water, page_size=2)
    changed_ids = {v["id"] for v in changed}
    assert {new.pk, fixed.pk} <= changed_ids
    assert changed_ids <= {new.pk, fixed.pk, first[-1].pk}  # inclusive: the last one seen may recur
    for row in changed:
        seen[row["id"]] = row
    current = {v["id"] for v in _pull_all(anon)}
    assert current == {v.pk for v in first[1:]} | {new.pk, fixed.pk}


def test_cursor_pages_do_not_overlap_or_skip(anon, editor):
    article = make_article_with_claims(9)
    for claim in article.claims.all():
        publish(claim, editor)
    rows = _pull_all(anon, page_size=4)
    assert len(rows) == len({r["id"] for r in rows}) == 9


# --- A fixed number of queries, whatever the page size ------------------------------------------


@pytest.fixture
def many_verdicts(editor, reviewer):
    article = make_article_with_claims(55)
    for i, claim in enumerate(article.claims.all()):
        source = services.source_add(
            claim=claim, user=reviewer, url=f"https://s.example/{i}", stance="context"
        )
        publish(claim, editor, sources=[source])
    for i in range(6):
        make_article(
            f"Article number {i}\n\nThe mayor said on Monday that {i + 10} bridges were repaired.",
            outlet=OutletFactory(name=f"Outlet {i}"),
        )
    return article


def _queries(client, url, page_size):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == page_size
    return len(ctx)


LISTS = [
    ("/api/v1/verdicts/", 5, 50),
    ("/api/v1/claims/", 5, 50),
    ("/api/v1/articles/", 2, 7),
    ("/api/v1/rating-scales/", 1, 3),
    ("/api/v1/outlets/", 1, 5),
]


def test_list_endpoints_cost_the_same_queries_for_any_page_size(
    many_verdicts, editor, django_assert_max_num_queries
):
    client = APIClient()
    client.force_authenticate(editor)
    for url, small, large in LISTS:
        few = _queries(client, url, small)
        with django_assert_max_num_queries(few):
            client.get(url, {"page_size": large})
        assert _queries(client, url, large) == few, url


def test_verdict_detail_costs_a_fixed_number_of_queries(
    many_verdicts, django_assert_max_num_queries
):
    verdict_id = Claim.objects.filter(status="published").first().verdicts.get().pk
    with django_assert_max_num_queries(6):
        assert APIClient().get(f"/api/v1/verdicts/{verdict_id}/").status_code == 200
