"""/notifications/: my list, opening one (read, then to its claim), mark all read, and the unread count
in the header of every desk page, at a fixed query cost."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import selectors, services
from factcheck.context_processors import desk
from factcheck.models import Notification
from tests.factories import ReviewerFactory, live_claim

URL = reverse("factcheck:notifications")


@pytest.fixture
def claim(article):
    return live_claim(article, "40,000")


def _mention(claim, author, who="ravi", n=1):
    for i in range(n):
        services.comment_add(claim=claim, author=author, body=f"@{who} look at this, {i}")


def _ids(response):
    return [n.pk for n in response.context["page"].object_list]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# --- The list ---------------------------------------------------------------------------------------


def test_it_lists_mine_newest_first_linking_to_each(client, claim, reviewer, reviewer2, editor):
    # ravi has rated the claim, so the comments that mention him are no longer blind to him.
    label = claim.rating_scale.labels.get(slug="false")
    services.rating_submit(claim=claim, reviewer=reviewer2, label=label, rationale="Checked.")
    _mention(claim, reviewer, n=2)
    _mention(claim, reviewer, who="elena")  # someone else's
    client.force_login(reviewer2)
    response = client.get(URL)
    mine = list(Notification.objects.filter(recipient=reviewer2).order_by("-id"))
    assert response.status_code == 200
    assert _ids(response) == [n.pk for n in mine]
    body = response.content.decode()
    assert f'href="/notifications/{mine[0].pk}/"' in body
    assert "rosa mentioned you in a comment" in body
    assert "@ravi look at this, 1" in body
    assert "@elena" not in body
    assert claim.wording[:30] in body


def test_unread_only(client, claim, reviewer, reviewer2):
    _mention(claim, reviewer, n=2)
    first = Notification.objects.order_by("id").first()
    services.notification_open(notification=first, user=reviewer2)
    client.force_login(reviewer2)
    assert len(_ids(client.get(URL + "?unread=1"))) == 1
    assert len(_ids(client.get(URL))) == 2


def test_it_pages_by_keyset(client, claim, reviewer, reviewer2):
    _mention(claim, reviewer, n=23)
    client.force_login(reviewer2)
    first = client.get(URL)
    assert len(_ids(first)) == 20
    second = client.get(URL + first.context["page"].next_url)
    assert len(_ids(second)) == 3
    assert not set(_ids(first)) & set(_ids(second))


def test_the_list_costs_the_same_for_3_or_30_notifications(
    client, claim, reviewer, reviewer2, editor
):
    client.force_login(reviewer2)

    def queries_for(n):
        Notification.objects.all().delete()
        for i in range(n):
            # Two actors, so that each row's actor really is joined, not cached.
            author = (reviewer, editor)[i % 2]
            services.comment_add(claim=claim, author=author, body=f"@ravi note {i}")
        return _queries(client, URL)

    at_3, at_30 = queries_for(3), queries_for(30)
    assert at_3 == at_30
    # session, the user with their groups (role), the page's count and rows, the header's unread
    # count.
    assert at_30 == 5


def test_empty(client, reviewer):
    client.force_login(reviewer)
    assert "No notifications yet" in client.get(URL).content.decode()


def test_anonymous_visitors_sign_in_first(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_people_without_a_role_are_refused(client, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 403


def test_the_list_refuses_post(client, reviewer):
    client.force_login(reviewer)
    assert client.post(URL).status_code == 405


# --- Opening one -----------------------------------------------------------------------------------


def test_opening_one_marks_it_read_and_lands_on_its_claim_at_the_comment(
    client, claim, reviewer, reviewer2
):
    _mention(claim, reviewer)
    note = Notification.objects.get()
    client.force_login(reviewer2)
    response = client.get(note.get_absolute_url())
    assert response.status_code == 302
    assert response.url == (
        f"/articles/{claim.article_id}/?claim={claim.pk}#comment-{note.comment_id}"
    )
    assert Notification.objects.get().read_at is not None
    # The claim's workspace opens (it follows the redirect as the browser would).
    assert client.get(response.url).status_code == 200


def test_a_head_request_does_not_mark_it_read(client, claim, reviewer, reviewer2):
    _mention(claim, reviewer)
    client.force_login(reviewer2)
    assert client.head(Notification.objects.get().get_absolute_url()).status_code == 302
    assert Notification.objects.get().read_at is None


def test_someone_elses_notification_is_not_found(client, claim, reviewer, reviewer2):
    _mention(claim, reviewer)
    note = Notification.objects.get()
    client.force_login(reviewer)
    assert client.get(note.get_absolute_url()).status_code == 404
    assert Notification.objects.get().read_at is None


def test_opening_refuses_post(client, claim, reviewer, reviewer2):
    _mention(claim, reviewer)
    client.force_login(reviewer2)
    assert client.post(Notification.objects.get().get_absolute_url()).status_code == 405


def test_opening_needs_a_role(client, claim, reviewer, reviewer2, outsider):
    _mention(claim, reviewer)
    url = Notification.objects.get().get_absolute_url()
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(outsider)
    assert client.get(url).status_code == 403


# --- Mark all read ---------------------------------------------------------------------------------


def test_mark_all_read(client, claim, reviewer, reviewer2, editor):
    _mention(claim, reviewer, n=2)
    client.force_login(reviewer2)
    newest = client.get(URL).context["newest"]
    _mention(claim, editor)  # arrives after the page was shown
    response = client.post(reverse("factcheck:notifications_read"), {"up_to": newest})
    assert response.status_code == 302 and response.url == URL
    assert Notification.objects.filter(recipient=reviewer2, read_at__isnull=True).count() == 1
    assert "2 notifications marked read." in client.get(URL).content.decode()


def test_mark_all_read_ignores_a_malformed_bound(client, claim, reviewer, reviewer2):
    _mention(claim, reviewer, n=2)
    client.force_login(reviewer2)
    response = client.post(reverse("factcheck:notifications_read"), {"up_to": "٣"})
    assert response.status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_mark_all_read_touches_only_mine(client, claim, reviewer, reviewer2):
    _mention(claim, reviewer2, who="rosa")
    client.force_login(reviewer2)
    client.post(reverse("factcheck:notifications_read"))
    assert Notification.objects.get().read_at is None


def test_mark_all_read_refuses_get_and_outsiders(client, outsider, reviewer):
    url = reverse("factcheck:notifications_read")
    assert client.post(url).status_code == 302  # anonymous: sign in first
    client.force_login(reviewer)
    assert client.get(url).status_code == 405
    client.force_login(outsider)
    assert client.post(url).status_code == 403


# --- The header ------------------------------------------------------------------------------------


def test_the_header_shows_my_unread_count_and_links_to_the_list(client, claim, reviewer, reviewer2):
    _mention(claim, reviewer, n=3)
    client.force_login(reviewer2)
    body = client.get(reverse("factcheck:my_work")).content.decode()
    assert 'href="/notifications/"' in body
    assert '<span class="count unread">3<span class="visually-hidden"> unread</span>' in body
    assert 'href="/profile/"' in body
    services.notification_open(notification=Notification.objects.first(), user=reviewer2)
    body = client.get(reverse("factcheck:my_work")).content.decode()
    assert '<span class="count unread">2<' in body


def test_the_header_shows_no_count_when_all_is_read(client, reviewer):
    client.force_login(reviewer)
    body = client.get(reverse("factcheck:my_work")).content.decode()
    assert "Notifications" in body and "count unread" not in body


def test_the_header_count_stops_at_99_plus(client, claim, reviewer, reviewer2):
    Notification.objects.bulk_create(
        [
            Notification(recipient=reviewer2, actor=reviewer, kind="assigned", claim=claim)
            for _ in range(120)
        ]
    )
    client.force_login(reviewer2)
    body = client.get(reverse("factcheck:my_work")).content.decode()
    assert '<span class="count unread">99+<' in body


@pytest.mark.parametrize(("unread", "shown"), [(0, None), (99, "99"), (100, "99+")])
@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_my_work_counts_the_header_with_its_lists_as_other_pages_count_it(
    client, claim, reviewer, editor, reviewer2, role, unread, shown
):
    """My work counts the unread notifications in its lists' query (views._work_context), the
    other pages with one of their own (context_processors.UnreadNotifications): same header."""
    me = reviewer2 if role == "reviewer" else editor
    Notification.objects.bulk_create(
        [
            Notification(recipient=me, actor=reviewer, kind="assigned", claim=claim)
            for _ in range(unread)
        ]
    )
    client.force_login(me)
    for name in ("factcheck:my_work", "factcheck:article_list"):
        body = client.get(reverse(name)).content.decode()
        if shown is None:
            assert "count unread" not in body, name
        else:
            assert f'<span class="count unread">{shown}<span' in body, name


def test_the_header_count_is_one_query_and_only_when_shown(
    claim, reviewer, reviewer2, django_assert_num_queries
):
    _mention(claim, reviewer, n=3)
    request = RequestFactory().get("/")
    request.user = reviewer2
    reviewer2._factcheck_groups = {"Reviewer"}  # the role is read once per request elsewhere
    with django_assert_num_queries(0):
        context = desk(request)
    unread = context["unread_notifications"]
    with django_assert_num_queries(1):
        assert str(unread) == "3" and bool(unread)
        assert unread.count == 3  # counted once per request


def test_the_header_costs_the_same_whatever_the_backlog(client, claim, reviewer, reviewer2):
    client.force_login(reviewer2)
    url = reverse("factcheck:my_work")
    none = _queries(client, url)
    Notification.objects.bulk_create(
        [
            Notification(recipient=reviewer2, actor=reviewer, kind="assigned", claim=claim)
            for _ in range(300)
        ]
    )
    assert _queries(client, url) == none


def test_no_count_for_people_outside_the_desk(rf, outsider):
    request = rf.get("/")
    request.user = outsider
    assert desk(request)["unread_notifications"] is None


def test_the_unread_count_selector_reads_at_most_the_cap(claim, reviewer):
    other = ReviewerFactory(username="nina")
    Notification.objects.bulk_create(
        [
            Notification(recipient=other, actor=reviewer, kind="assigned", claim=claim)
            for _ in range(selectors.UNREAD_CAP + 5)
        ]
    )
    assert selectors.unread_notification_count(other) == selectors.UNREAD_CAP + 1
