"""Keyset pagination: every row exactly once, forwards and backwards, whatever the cursor."""

import pytest
from django.test import RequestFactory

from factcheck.models import Claim
from factcheck.pagination import (
    BadCursor,
    capped_count,
    capped_counts,
    keyset_page,
    page_from_request,
)
from factcheck.selectors import CANDIDATE_ORDER
from tests.factories import make_article_with_claims


@pytest.fixture
def claims(db):
    article = make_article_with_claims(47)
    # Ties on every sort column but the last, so the tie-breaker matters.
    Claim.objects.filter(article=article).update(priority=0, score=0.5)
    Claim.objects.filter(pk__in=list(article.claims.values_list("pk", flat=True)[:10])).update(
        priority=2
    )
    return Claim.objects.filter(article=article)


def _walk_forward(qs, size):
    seen, cursor, pages = [], None, 0
    while True:
        page = keyset_page(qs, after=cursor, size=size)
        seen.extend(page.object_list)
        pages += 1
        if not page.has_next:
            return seen, pages
        cursor = page.next_cursor


@pytest.mark.parametrize("size", [1, 5, 20, 100])
def test_walking_forward_visits_every_row_once_in_order(claims, size):
    qs = claims.order_by(*CANDIDATE_ORDER)
    seen, pages = _walk_forward(qs, size)
    assert [c.pk for c in seen] == list(qs.values_list("pk", flat=True))
    assert pages == max(1, -(-len(seen) // size))


def test_walking_back_returns_the_same_pages(claims):
    qs = claims.order_by("-score", "pk")
    forward = [keyset_page(qs, size=10)]
    while forward[-1].has_next:
        forward.append(keyset_page(qs, after=forward[-1].next_cursor, size=10))
    page = forward[-1]
    for expected in reversed(forward[:-1]):
        page = keyset_page(qs, before=page.previous_cursor, size=10)
        assert [c.pk for c in page.object_list] == [c.pk for c in expected.object_list]
    assert not page.has_previous


def test_dates_survive_the_cursor(claims):
    from factcheck.models import Article
    from tests.factories import make_article_with_claims

    for n in (2, 3, 4):
        make_article_with_claims(n)
    qs = Article.objects.order_by("-created_at", "-pk")
    seen, _ = _walk_forward(qs, 1)
    assert [a.pk for a in seen] == list(qs.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "cursor",
    ["!!!", "W10", "WzEsMiwzXQ", "WyJhIiwiYiJd", "eyJhIjoxfQ", "W3siZHQiOiJub3QtYS1kYXRlIn0sMV0"],
)
def test_a_forged_cursor_is_refused_and_the_view_shows_the_first_page(claims, cursor):
    qs = claims.order_by("-score", "pk")
    with pytest.raises(BadCursor):
        keyset_page(qs, after=cursor, size=5)
    request = RequestFactory().get("/", {"after": cursor})
    page = page_from_request(request, qs, size=5)
    assert [c.pk for c in page] == list(qs.values_list("pk", flat=True)[:5])


def test_counts_stop_at_the_cap(claims):
    assert capped_count(claims, cap=10) == (10, True)
    assert capped_count(claims, cap=1000) == (47, False)


def test_several_lists_are_counted_in_one_query(claims, django_assert_num_queries):
    lists = [
        claims.order_by(*CANDIDATE_ORDER),
        claims.filter(priority=2).order_by("pk"),
        claims.filter(score__gt=0.9).order_by("pk"),
        claims.filter(article__title__contains="%'\\").order_by("pk"),  # parameters stay apart
    ]
    with django_assert_num_queries(1):
        assert capped_counts(lists, cap=20) == [(20, True), (10, False), (0, False), (0, False)]
    assert capped_counts(lists, cap=1000) == [capped_count(qs, cap=1000) for qs in lists]
    assert capped_counts(lists[:1], cap=5) == [(5, True)]


def test_each_list_can_have_its_own_cap(claims, django_assert_num_queries):
    lists = [claims.order_by("pk"), claims.filter(priority=2).order_by("pk")]
    with django_assert_num_queries(1):
        assert capped_counts(lists, [1000, 9]) == [(47, False), (9, True)]
    assert capped_counts(lists, [46, 10]) == [(46, True), (10, False)]
    assert capped_counts(lists[1:], [3]) == [(3, True)]
