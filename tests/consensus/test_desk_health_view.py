"""The desk health page: editors only, GET only, charts with their data tables, no inline styles, a
fixed number of queries."""

import re

import pytest
from django.urls import reverse

from factcheck import tasks
from tests.consensus.helpers import generated_desk, rate
from tests.factories import live_claim

URL = reverse("factcheck:desk_health")


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_reviewers_and_outsiders_are_forbidden(client, reviewer, outsider):
    client.force_login(reviewer)
    assert client.get(URL).status_code == 403
    client.force_login(outsider)
    assert client.get(URL).status_code == 403


def test_it_refuses_post(client, editor):
    client.force_login(editor)
    assert client.post(URL).status_code == 405


def test_the_header_links_it_for_editors_only(client, editor, reviewer):
    client.force_login(editor)
    assert URL in client.get(reverse("factcheck:my_work")).content.decode()
    client.force_login(reviewer)
    assert URL not in client.get(reverse("factcheck:my_work")).content.decode()


def test_before_the_first_recompute_it_says_so(client, editor):
    client.force_login(editor)
    body = client.get(URL).content.decode()
    assert "has not been computed yet" in body
    assert body.count('<details class="chart-data">') == 6


def test_it_shows_alpha_its_band_and_every_chart_with_a_table(
    client, editor, article, reviewer, reviewer2
):
    claim = live_claim(article)
    rate(claim, reviewer, "true")
    rate(claim, reviewer2, "false")
    tasks.recompute_desk()
    client.force_login(editor)
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "review the rating guidelines" in body
    for key in ("verdicts", "agreement", "reviewers", "time", "open", "pairs"):
        assert f'id="chart-{key}"' in body
    assert body.count("<svg") == 4  # no verdict yet: those two charts say so, tables included
    assert body.count("<table") >= 6
    assert "rosa" in body and "ravi" in body
    assert "Unverifiable" in body  # off-scale labels are said to be left out


def test_it_uses_no_inline_styles_under_the_csp(client, editor, article, reviewer, reviewer2):
    claim = live_claim(article)
    rate(claim, reviewer, "true")
    rate(claim, reviewer2, "mostly-true")
    tasks.recompute_desk()
    client.force_login(editor)
    response = client.get(URL)
    body = response.content.decode()
    assert not re.search(r"\sstyle=", body)
    assert "<style" not in body
    assert "nonce" in response.headers.get("Content-Security-Policy", "nonce")


def _queries(client, editor, n_claims, django_assert_max_num_queries):
    generated_desk(n_claims=n_claims, seed=n_claims)
    tasks.recompute_desk()
    client.force_login(editor)
    with django_assert_max_num_queries(40) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_it_costs_the_same_queries_for_a_small_and_a_larger_desk(
    client, editor, django_assert_max_num_queries
):
    small = _queries(client, editor, 4, django_assert_max_num_queries)
    larger = _queries(client, editor, 24, django_assert_max_num_queries)
    assert small == larger
