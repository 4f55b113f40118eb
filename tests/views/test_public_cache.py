"""Public pages from the shared cache: invalidated by every change the public sees, answered with
ETag / 304 / Cache-Control, never leaking one visitor's nonce, token or state to another."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client
from django.urls import reverse

from factcheck import public_cache, services
from tests.factories import live_claim


@pytest.fixture
def published(article, editor, django_capture_on_commit_callbacks):
    claim = live_claim(article, "12 percent")
    with django_capture_on_commit_callbacks(execute=True):
        return services.verdict_publish(
            claim=claim,
            editor=editor,
            label=claim.rating_scale.labels.get(slug="false"),
            summary="Exports rose 8 percent, not 12.",
            explanation="The statistics office reports 8 percent.",
            quorum_override_reason="Test",
        )


def _committed(django_capture_on_commit_callbacks):
    """What happens when a service's transaction commits (tests run inside one that never does)."""
    return django_capture_on_commit_callbacks(execute=True)


def test_a_second_anonymous_visit_costs_no_query(client, published, django_assert_num_queries):
    url = published.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200 and second.content == first.content


def test_the_index_is_cached_per_search_and_page(client, published, django_assert_num_queries):
    index = reverse("factcheck:public_verdicts")
    client.get(index)
    client.get(index, {"q": "zzzz"})
    with django_assert_num_queries(0):
        assert published.summary in client.get(index).content.decode()
        assert published.summary not in client.get(index, {"q": "zzzz"}).content.decode()


def test_anonymous_pages_are_shareable_by_http_caches(client, published, settings):
    settings.FACTCHECK_PUBLIC_MAX_AGE = 60
    response = client.get(published.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=60"
    assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])
    assert {"Cookie", "Authorization"} <= {v.strip() for v in response["Vary"].split(",")}
    assert "Set-Cookie" not in response  # no CSRF cookie, no session
    # Byte for byte the same for every anonymous visitor, so a CDN may hand it to all of them.
    assert Client().get(published.get_absolute_url()).content == response.content


def test_anonymous_pages_carry_no_nonce_and_no_csrf_token(client, published):
    for url in [published.get_absolute_url(), reverse("factcheck:public_verdicts")]:
        response = client.get(url)
        body = response.content.decode()
        assert "nonce-" not in response["Content-Security-Policy"]
        assert not re.search(r'nonce="[^"]', body)
        assert '"X-CSRFToken": ""' in body
        # Without a nonce in the policy, any inline script or style would be blocked: there is none.
        # (JSON data blocks, never executed, are not scripts.)
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", body)
        assert "<style" not in body and " style=" not in body


def test_if_none_match_gets_a_304_without_a_query(client, published, django_assert_num_queries):
    url = published.get_absolute_url()
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response["ETag"] == etag and not response.content
    assert response["Cache-Control"] == f"public, max-age={60}"
    assert client.head(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_correction_shows_at_once_with_a_new_etag(
    client, published, editor, django_capture_on_commit_callbacks
):
    url = published.get_absolute_url()
    etag = client.get(url)["ETag"]
    with _committed(django_capture_on_commit_callbacks):
        services.verdict_correct(
            claim=published.claim,
            editor=editor,
            label=published.label,
            summary="Exports rose 9 percent, not 12.",
            explanation="Revised.",
            correction_note="The office revised its figure.",
            expected_revision=1,
        )
    # The summary changed, so the slug did: the old URL redirects, the new page is fresh.
    response = client.get(url, HTTP_IF_NONE_MATCH=etag, follow=True)
    assert response.redirect_chain[0][1] == 301
    assert response.status_code == 200 and response["ETag"] != etag
    assert "The office revised its figure." in response.content.decode()
    index = client.get(reverse("factcheck:public_verdicts")).content.decode()
    assert "Exports rose 9 percent" in index


def test_a_new_verdict_appears_in_the_cached_index_and_its_cached_404_goes(
    client, published, article, editor, django_capture_on_commit_callbacks
):
    claim = live_claim(article, "40,000 new jobs")
    page = reverse("factcheck:public_verdict", kwargs={"claim_id": claim.pk, "slug": "x"})
    assert client.get(page).status_code == 404
    index = reverse("factcheck:public_verdicts")
    assert claim.wording not in client.get(index).content.decode()
    with _committed(django_capture_on_commit_callbacks):
        verdict = services.verdict_publish(
            claim=claim,
            editor=editor,
            label=claim.rating_scale.labels.get(slug="true"),
            summary="Right.",
            explanation="Checked.",
            quorum_override_reason="Test",
        )
    assert client.get(verdict.get_absolute_url()).status_code == 200
    assert claim.wording in client.get(index).content.decode()


def test_nothing_changes_until_the_transaction_commits(
    client, published, editor, django_capture_on_commit_callbacks
):
    url = published.get_absolute_url()
    before = public_cache.version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.verdict_correct(
            claim=published.claim,
            editor=editor,
            label=published.label,
            summary="Exports rose 9 percent, not 12.",
            explanation="Revised.",
            correction_note="Revised.",
            expected_revision=1,
        )
        assert public_cache.version() == before  # readers keep the committed page meanwhile
    for callback in callbacks:
        callback()
    assert public_cache.version() != before
    assert "Revised." in client.get(url, follow=True).content.decode()


def test_an_admin_edit_of_the_outlet_shows_on_the_public_page(
    client, published, admin_user, django_capture_on_commit_callbacks
):
    url = published.get_absolute_url()
    assert "Daily Example" in client.get(url).content.decode()
    outlet = published.claim.article.outlet
    admin = Client()
    admin.force_login(admin_user)
    with _committed(django_capture_on_commit_callbacks):
        response = admin.post(
            reverse("admin:factcheck_outlet_change", args=[outlet.pk]),
            {"name": "Renamed Gazette", "homepage": "", "notes": ""},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Renamed Gazette" in client.get(url).content.decode()


def test_a_signed_in_member_gets_their_own_page_never_the_shared_one(client, published, reviewer):
    url = published.get_absolute_url()
    anonymous = client.get(url)
    client.force_login(reviewer)
    mine = client.get(url)
    body = mine.content.decode()
    assert mine.content != anonymous.content
    assert "rosa" in body and "Sign out" in body
    assert "Exports rose 8 percent, not 12." in body  # the cached fragment, inside their frame
    assert mine["Cache-Control"] == "private, no-cache"
    assert "ETag" not in mine
    # Their page has its own nonce and CSRF token, as every desk page does.
    nonce = re.search(r"'nonce-([^']+)'", mine["Content-Security-Policy"]).group(1)
    assert f'nonce="{nonce}"' in body
    assert '"X-CSRFToken": ""' not in body
    # And the anonymous ETag does not give them a 304 of the anonymous page.
    assert client.get(url, HTTP_IF_NONE_MATCH=anonymous["ETag"]).status_code == 200


def test_a_visitor_with_a_message_waiting_gets_a_private_page(client, published, rf):
    # A flash message belongs to one visitor: that page must not be shared by any cache.
    request = rf.get("/")
    storage = CookieStorage(request)
    storage.add(constants.INFO, "You have been signed out.")
    response = client.get("/")  # any response to carry the cookie
    storage.update(response)
    client.cookies.update(response.cookies)
    page = client.get(published.get_absolute_url())
    assert "You have been signed out." in page.content.decode()
    assert page["Cache-Control"] == "private, no-cache"
    assert (
        "You have been signed out."
        not in Client().get(published.get_absolute_url()).content.decode()
    )


def test_a_wrong_slug_still_redirects_from_the_cache(client, published, django_assert_num_queries):
    canonical = published.get_absolute_url()
    client.get(canonical)
    wrong = reverse(
        "factcheck:public_verdict", kwargs={"claim_id": published.claim_id, "slug": "x"}
    )
    with django_assert_num_queries(0):
        response = client.get(wrong)
    assert response.status_code == 301 and response["Location"] == canonical


def test_unknown_parameters_and_forged_cursors_do_not_break_the_index(client, published):
    index = reverse("factcheck:public_verdicts")
    assert client.get(index, {"after": "forged", "utm_source": "x"}).status_code == 200
