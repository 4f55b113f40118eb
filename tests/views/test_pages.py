"""The desk's pages: access for each role, and a fixed query cost whatever the amount of data."""

import pytest
from django.urls import reverse

from factcheck import selectors, services
from tests.factories import live_claim, make_article_with_claims


def _login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "name", ["factcheck:my_work", "factcheck:article_list", "factcheck:article_add"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_home_is_the_public_index(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response.url == reverse("factcheck:public_verdicts")


@pytest.mark.parametrize("name", ["factcheck:my_work", "factcheck:article_list"])
def test_users_without_a_role_are_forbidden(client, outsider, name):
    assert _login(client, outsider).get(reverse(name)).status_code == 403


def test_reviewers_cannot_add_articles(client, reviewer):
    assert _login(client, reviewer).get(reverse("factcheck:article_add")).status_code == 403


@pytest.mark.parametrize(
    "name", ["factcheck:my_work", "factcheck:article_list", "factcheck:public_verdicts"]
)
def test_list_pages_refuse_post(client, editor, name):
    assert _login(client, editor).post(reverse(name)).status_code == 405


def test_header_shows_who_i_am_and_my_role(client, reviewer):
    body = _login(client, reviewer).get(reverse("factcheck:my_work")).content.decode()
    assert "rosa" in body and "Reviewer" in body


def test_reviewer_queue_lists_assigned_claims_first_with_counts(client, article, editor, reviewer):
    claims = list(article.claims.order_by("start")[:2])
    services.assignment_create(claim=claims[0], reviewer=reviewer, editor=editor)
    services.claim_select(claim=claims[1], editor=editor)
    response = _login(client, reviewer).get(reverse("factcheck:my_work"))
    lists = {item["key"]: item["page"] for item in response.context["lists"]}
    assert [c.pk for c in lists["assigned"]] == [claims[0].pk]
    assert [c.pk for c in lists["needed"]] == [claims[1].pk]


def test_editor_queue_shows_candidates_quorum_disagreement_and_published(
    client, article, editor, reviewer, reviewer2
):
    claim = live_claim(article)
    labels = claim.rating_scale.labels
    services.rating_submit(
        claim=claim, reviewer=reviewer, label=labels.get(slug="true"), rationale="a"
    )
    services.rating_submit(
        claim=claim, reviewer=reviewer2, label=labels.get(slug="false"), rationale="b"
    )
    response = _login(client, editor).get(reverse("factcheck:my_work"))
    lists = {item["key"]: item["page"] for item in response.context["lists"]}
    assert claim.pk in [c.pk for c in lists["awaiting"]]
    assert claim.pk in [c.pk for c in lists["disagreements"]]
    assert lists["candidates"].count == article.claims.filter(status="candidate").count()


def test_my_work_rows_link_into_the_workspace_escape_text_and_show_the_proposal(
    client, article, editor, reviewer, reviewer2
):
    import html

    claim = live_claim(article)
    services.claim_reword(
        claim=claim,
        editor=editor,
        wording='Minister says <script>alert("x")</script> & more',
    )
    labels = claim.rating_scale.labels
    for who, slug in ((reviewer, "true"), (reviewer2, "false")):
        services.rating_submit(
            claim=claim, reviewer=who, label=labels.get(slug=slug), rationale="Checked."
        )
    body = _login(client, editor).get(reverse("factcheck:my_work")).content.decode()
    row = body[body.index(f"?claim={claim.pk}") :]
    row = row[: row.index("</li>")]
    link = f'href="{reverse("factcheck:article", args=[article.pk])}?claim={claim.pk}"'
    assert link in body
    assert "<script>" not in body
    assert html.escape('Minister says <script>alert("x")</script> & more') in row
    assert "2 ratings" in row and "score " in row
    assert 'class="meta proposal-row"' in row and "Needs discussion" in row
    assert '<span class="chip">True</span><span class="chip">False</span>' in row
    assert html.escape(article.title[:59]) in row


def test_article_list_filters_by_search_outlet_and_status(client, editor, article):
    other = make_article_with_claims(2)
    client = _login(client, editor)
    found = client.get(reverse("factcheck:article_list"), {"q": "exports"}).context["page"]
    assert [a.pk for a in found] == [article.pk]
    by_outlet = client.get(
        reverse("factcheck:article_list"), {"outlet": article.outlet_id}
    ).context["page"]
    assert [a.pk for a in by_outlet] == [article.pk]
    by_status = client.get(reverse("factcheck:article_list"), {"status": "triage"}).context["page"]
    assert {a.pk for a in by_status} == {article.pk, other.pk}


def test_article_list_answers_htmx_with_the_results_fragment(client, editor, article):
    response = _login(client, editor).get(reverse("factcheck:article_list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="results"' in body and "<html" not in body


def test_workspace_highlights_every_live_claim_in_place(client, reviewer, article):
    body = _login(client, reviewer).get(article.get_absolute_url()).content.decode()
    for claim in article.claims.all():
        assert f'data-claim="{claim.pk}"' in body


def test_workspace_opens_the_claim_named_in_the_url(client, reviewer, article):
    claim = live_claim(article)
    response = _login(client, reviewer).get(f"{article.get_absolute_url()}?claim={claim.pk}")
    assert response.context["ws"].selected.pk == claim.pk
    assert 'id="claim-panel"' in response.content.decode()


@pytest.mark.parametrize("bad", ["999999", "abc"])
def test_workspace_404s_for_a_claim_not_in_the_article(client, reviewer, article, bad):
    assert (
        _login(client, reviewer).get(f"{article.get_absolute_url()}?claim={bad}").status_code == 404
    )


def test_missing_article_and_claim_are_404(client, reviewer, db):
    client = _login(client, reviewer)
    assert client.get(reverse("factcheck:article", args=[999999])).status_code == 404
    assert client.get(reverse("factcheck:claim", args=[999999])).status_code == 404


def test_claim_page_is_a_full_page_and_a_fragment_for_htmx(client, reviewer, article):
    claim = live_claim(article)
    client = _login(client, reviewer)
    full = client.get(claim.get_absolute_url()).content.decode()
    fragment = client.get(claim.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" in full and 'id="claim-panel"' in full
    assert "<html" not in fragment and fragment.lstrip().startswith("<section")


def test_the_workspace_marks_the_open_claim_and_offers_editors_the_open_ones_to_tick(
    client, editor, reviewer, article
):
    import re

    claim = live_claim(article, "12 percent")
    dismissed = live_claim(article, "40,000")
    services.claim_dismiss(claim=dismissed, editor=editor, reason="Not a claim")
    url = f"{article.get_absolute_url()}?claim={claim.pk}"
    html = _login(client, editor).get(url).content.decode()
    row = re.search(rf'<li id="claim-{claim.pk}-row"[^>]*>.*?</li>', html, re.S).group(0)
    assert 'class="status-candidate pickable"' in row
    assert f'<input type="checkbox" class="pick" name="claims" value="{claim.pk}"' in row
    assert 'aria-current="true"' in row and f'hx-get="{claim.get_absolute_url()}"' in row
    assert f"{claim.score:.2f}" in row
    other = re.search(rf'<li id="claim-{dismissed.pk}-row"[^>]*>.*?</li>', html, re.S).group(0)
    assert '<span class="pick"></span>' in other and "aria-current" not in other
    segment = re.search(r'<a class="hl status-candidate is-selected"[^>]*>', html).group(0)
    assert f'data-claim="{claim.pk}"' in segment and f'href="?claim={claim.pk}"' in segment
    assert f'title="Candidate · score {claim.score:.2f}"' in segment
    html = _login(client, reviewer).get(url).content.decode()
    assert 'class="pick"' not in html and "pickable" not in html


def _workspace_queries(client, user, n, django_assert_max_num_queries):
    article = make_article_with_claims(n)
    with django_assert_max_num_queries(50) as ctx:
        assert client.get(article.get_absolute_url()).status_code == 200
    return len(ctx.captured_queries)


def test_workspace_costs_the_same_for_3_or_300_claims(
    client, editor, django_assert_max_num_queries
):
    _login(client, editor)
    selectors.assignable_reviewers()  # the desk's people, cached by the first page: warm for both
    small = _workspace_queries(client, editor, 3, django_assert_max_num_queries)
    large = _workspace_queries(client, editor, 300, django_assert_max_num_queries)
    assert large == small


def test_claim_panel_costs_the_same_with_more_ratings_sources_and_comments(
    client, editor, article, django_assert_max_num_queries
):
    from tests.factories import ReviewerFactory

    client = _login(client, editor)
    claim = live_claim(article)
    label = claim.rating_scale.labels.get(slug="true")

    def contribute(user):
        services.rating_submit(claim=claim, reviewer=user, label=label, rationale="ok")
        services.source_add(
            claim=claim, user=user, url=f"https://e.example/{user.pk}", stance="supports"
        )
        parent = services.comment_add(claim=claim, author=user, body="@elena look")
        services.comment_add(claim=claim, author=editor, body="thanks", parent=parent)

    contribute(ReviewerFactory())
    from factcheck.matching import store

    store.corpus(store.OUTSIDE)  # built once per process, not per page: warm it for both
    # Each measured after a first look, once the caches (the desk's people, its agreement
    # snapshot) hold what the contributions changed.
    client.get(claim.get_absolute_url())
    with django_assert_max_num_queries(60) as few:
        client.get(claim.get_absolute_url())
    for _ in range(6):
        contribute(ReviewerFactory())
    client.get(claim.get_absolute_url())
    with django_assert_max_num_queries(60) as many:
        client.get(claim.get_absolute_url())
    assert len(many.captured_queries) == len(few.captured_queries)


def test_my_work_costs_the_same_for_few_or_many_claims(
    client, editor, reviewer, django_assert_max_num_queries
):
    client = _login(client, editor)
    make_article_with_claims(3)
    selectors.assignable_reviewers()  # the desk's people, cached by the first page: warm for both
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("factcheck:my_work"))
    make_article_with_claims(120)
    with django_assert_max_num_queries(40) as large:
        client.get(reverse("factcheck:my_work"))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_my_work_queries_for_an_editor(
    client, editor, reviewer, reviewer2, django_assert_num_queries
):
    """The user with their groups (the role), the lists' counts with the header's unread
    notifications (one query), a page of each of the four lists, the proposals (one query), the
    assignable reviewers and their workload."""
    from tests.consensus.helpers import rate

    claims = list(make_article_with_claims(6).claims.order_by("start"))
    rate(claims[0], reviewer, "true")
    rate(claims[0], reviewer2, "false")  # awaiting a verdict, and needs discussion
    services.assignments_create(claims=claims[1:3], reviewers=[reviewer], editor=editor)
    client = _login(client, editor)
    with django_assert_num_queries(10):
        response = client.get(reverse("factcheck:my_work"))
    lists = {item["key"]: item["page"] for item in response.context["lists"]}
    assert lists["disagreements"].object_list[0].proposal.n_ratings == 2
    assert len(lists["candidates"].object_list) == 3  # rating and assigning select claims


def test_my_work_counts_each_list_without_the_joins_of_its_rows(client, editor):
    """The rows join the article and outlet for their columns; the counts (up to 1,000 rows each)
    read the lists' own indexes: only the candidates join the article (archived ones are left
    out), and the header's unread notifications are counted alongside."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_article_with_claims(3)
    with CaptureQueriesContext(connection) as ctx:
        _login(client, editor).get(reverse("factcheck:my_work"))
    (counts,) = [q["sql"] for q in ctx.captured_queries if "AS capped_0" in q["sql"]]
    parts = counts.split(" AS capped_")
    assert len(parts) == 6  # four lists and the unread notifications
    assert [part.count(" JOIN ") for part in parts[:5]] == [1, 0, 0, 0, 0]
    assert '"factcheck_notification"' in parts[4]


def test_my_work_follows_a_changed_quorum(client, editor, reviewer, settings):
    """The editor's queues are built once a process (views._editor_queues), and again when a
    setting changes: the quorum is in one of them."""
    from tests.consensus.helpers import rate

    claim = make_article_with_claims(2).claims.order_by("start").first()
    rate(claim, reviewer, "true")
    client = _login(client, editor)

    def awaiting():
        response = client.get(reverse("factcheck:my_work"))
        lists = {item["key"]: item["page"] for item in response.context["lists"]}
        return [c.pk for c in lists["awaiting"]]

    settings.FACTCHECK_QUORUM = 2
    assert claim.pk not in awaiting()
    settings.FACTCHECK_QUORUM = 1
    assert claim.pk in awaiting()


def test_my_work_queries_for_a_reviewer(client, reviewer, django_assert_num_queries):
    """The user with their groups (the role), the lists' counts with the header's unread
    notifications (one query), a page of each of the two lists."""
    make_article_with_claims(6)
    client = _login(client, reviewer)
    with django_assert_num_queries(5):
        response = client.get(reverse("factcheck:my_work"))
    assert response.status_code == 200


def test_article_list_costs_the_same_for_few_or_many(client, editor, django_assert_max_num_queries):
    client = _login(client, editor)
    make_article_with_claims(2)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("factcheck:article_list"))
    for i in range(5):
        make_article_with_claims(3 + i)
    with django_assert_max_num_queries(20) as large:
        client.get(reverse("factcheck:article_list"))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_editor_adds_an_article_by_pasting_and_lands_on_its_workspace(client, editor):
    from tests.factories import ARTICLE_TEXT

    response = _login(client, editor).post(
        reverse("factcheck:article_add"), {"text": ARTICLE_TEXT, "outlet": "Daily Example"}
    )
    from factcheck.models import Article

    article = Article.objects.get()
    assert response.status_code == 302 and response.url == article.get_absolute_url()
    assert article.claims.count() >= 4
    assert article.outlet.name == "Daily Example"
    assert article.created_by == editor


def test_editor_uploads_an_html_file(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.test_fetch import ARTICLE_HTML

    upload = SimpleUploadedFile("budget.html", ARTICLE_HTML, content_type="text/html")
    response = _login(client, editor).post(reverse("factcheck:article_add"), {"file": upload})
    assert response.status_code == 302
    from factcheck.models import Article

    assert Article.objects.get().title == "Budget passed"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Paste the text, upload a file, or give a URL."),
        ({"text": "x", "url": "https://example.org/a"}, "one way only"),
        ({"url": "http://127.0.0.1:9/a"}, "not a public internet address"),
        ({"text": "\x00\x01\x02 binary"}, "binary"),
    ],
)
def test_bad_article_input_gets_a_clear_message_and_stores_nothing(client, editor, data, message):
    from factcheck.models import Article

    response = _login(client, editor).post(reverse("factcheck:article_add"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_a_wrong_upload_type_is_refused(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("doc.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = _login(client, editor).post(reverse("factcheck:article_add"), {"file": upload})
    assert response.status_code == 400
    assert "Upload an article as text (.txt, .md" in response.content.decode()


def test_editor_adds_an_article_from_a_url_served_locally(client, editor, settings):
    import threading
    from http.server import ThreadingHTTPServer

    from factcheck.models import Article
    from tests.test_fetch import Handler

    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = True
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/redirect-local"
        response = _login(client, editor).post(reverse("factcheck:article_add"), {"url": url})
    finally:
        httpd.shutdown()
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.url.endswith("/article") and article.origin == "url"
