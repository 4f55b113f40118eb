"""Assigning from the lists: the workspace's claim list and My work, plain POST and htmx; the panel's
single "Assign" by name with workload and no default; unassigning."""

import re

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.forms import ReviewerRow
from factcheck.models import Assignment, Claim
from tests.factories import ReviewerFactory, make_article_with_claims

URL = reverse("factcheck:claims_assign")


@pytest.fixture
def article(db):
    return make_article_with_claims(4)


@pytest.fixture
def claims(article):
    return list(article.claims.order_by("start"))


@pytest.fixture
def named(db):
    """Two reviewers with names, and some workload for one of them."""
    return (
        ReviewerFactory(username="aw", first_name="Amara", last_name="Wills"),
        ReviewerFactory(username="bk", first_name="Bruno", last_name="Keller"),
    )


def _pairs():
    return set(Assignment.objects.values_list("claim_id", "reviewer__username"))


def test_workspace_list_has_a_tick_per_open_claim_and_the_form_lists_people_by_name(
    client, editor, article, claims, named
):
    services.assignments_create(claims=[claims[3]], reviewers=[named[0]], editor=editor)
    services.claim_dismiss(claim=claims[2], editor=editor, reason="Opinion")
    client.force_login(editor)
    html = client.get(article.get_absolute_url()).content.decode()
    ticks = re.findall(r'name="claims" value="(\d+)" form="bulk-assign"', html)
    assert sorted(map(int, ticks)) == sorted([claims[0].pk, claims[1].pk, claims[3].pk])
    form = html[html.index('id="bulk-assign"') :]
    assert "Amara Wills" in form and "Bruno Keller" in form
    assert re.search(r"Amara Wills <span class=\"workload\">1 open</span>", form)
    assert re.search(r"Bruno Keller <span class=\"workload idle\">0 open</span>", form)
    assert ">aw<" not in form  # names, not usernames
    assert "checked" not in form[: form.index("</form>")]  # nobody chosen by default


def test_reviewers_see_no_ticks_and_no_form(client, reviewer, article):
    client.force_login(reviewer)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'form="bulk-assign"' not in html and 'id="bulk-assign"' not in html
    html = client.get(reverse("factcheck:my_work")).content.decode()
    assert 'form="bulk-assign"' not in html and 'id="bulk-assign"' not in html


def test_plain_post_from_the_workspace_assigns_and_returns_with_what_happened(
    client, editor, article, claims, named
):
    services.claim_dismiss(claim=claims[2], editor=editor, reason="Opinion")
    client.force_login(editor)
    response = client.post(
        URL,
        {
            "claims": [claims[0].pk, claims[1].pk, claims[2].pk],
            "reviewers": [named[0].pk, named[1].pk],
            "article": article.pk,
        },
        HTTP_REFERER=f"http://testserver{article.get_absolute_url()}",
    )
    assert response.status_code == 302
    assert response.url == f"http://testserver{article.get_absolute_url()}"
    assert _pairs() == {(c.pk, u.username) for c in claims[:2] for u in named}
    page = client.get(response.url).content.decode()
    assert "Assigned 2 claims to Amara Wills and Bruno Keller." in page
    assert "is dismissed; only claims still being checked can be assigned." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reviewers": "me"}, "Select the claims to assign: tick them in the list."),
        ({"claims": "first"}, "Choose at least one reviewer."),
        ({"claims": "first", "reviewers": "outsider"}, "not a reviewer or editor of the desk"),
    ],
)
@pytest.mark.parametrize("origin", ["workspace", "my_work"])
def test_bad_input_without_javascript_shows_the_page_again_with_the_error(
    client, editor, outsider, article, claims, named, data, message, origin
):
    client.force_login(editor)
    post = {}
    if "claims" in data:
        post["claims"] = [claims[0].pk]
    if data.get("reviewers") == "me":
        post["reviewers"] = [named[0].pk]
    elif data.get("reviewers") == "outsider":
        post["reviewers"] = [outsider.pk]
    if origin == "workspace":
        post["article"] = article.pk
    response = client.post(URL, post)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<html" in html
    if origin == "workspace":
        assert 'id="article-text"' in html
    else:
        assert 'id="queues"' in html
    # What the editor ticked is still ticked.
    if "claims" in post:
        assert re.search(rf'value="{claims[0].pk}" form="bulk-assign"[^>]*checked', html)
    if data.get("reviewers") == "me":
        assert re.search(rf'name="reviewers" value="{named[0].pk}" checked', html)
    assert not Assignment.objects.exists()


def test_a_selection_of_closed_claims_only_is_an_error_in_place(
    client, editor, article, claims, named
):
    services.claim_dismiss(claim=claims[0], editor=editor, reason="Opinion")
    client.force_login(editor)
    response = client.post(
        URL,
        {"claims": [claims[0].pk], "reviewers": [named[0].pk], "article": article.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert html.lstrip().startswith('<form method="post" action="/claims/assign/"')
    assert "is dismissed; only claims still being checked can be assigned." in html


def test_htmx_from_the_workspace_answers_the_form_and_the_lists_out_of_band(
    client, editor, article, claims, named
):
    client.force_login(editor)
    response = client.post(
        URL,
        {"claims": [claims[0].pk, claims[1].pk], "reviewers": [named[1].pk], "article": article.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{article.get_absolute_url()}?claim={claims[0].pk}",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Assigned 2 claims to Bruno Keller." in html
    assert 'id="claim-list" hx-swap-oob="true"' in html
    assert f'id="article-{article.pk}-counts"' in html
    # The open claim's panel shows its new reviewer.
    assert f'id="claim-{claims[0].pk}-editor"' in html
    editor_part = html[html.index(f'id="claim-{claims[0].pk}-editor"') :]
    assert "Bruno Keller" in editor_part[: editor_part.index("</section>")]
    # The form comes back fresh: nothing ticked.
    form = html[: html.index("</form>")]
    assert "checked" not in form
    for c in Claim.objects.filter(pk__in=[claims[0].pk, claims[1].pk]):
        assert c.status == Claim.Status.SELECTED


def test_htmx_from_my_work_refreshes_the_queues(client, editor, claims, named):
    client.force_login(editor)
    response = client.post(
        URL,
        {"claims": [claims[0].pk], "reviewers": [named[0].pk]},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/work/",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="queues" hx-swap-oob="true"' in html
    queue = html[html.index('id="queue-candidates"') :]
    queue = queue[: queue.index("</section>")]
    # The claim was selected by its assignment: it left the triage queue.
    assert f'value="{claims[0].pk}"' not in queue
    assert f'value="{claims[1].pk}"' in queue


def test_my_work_has_ticks_in_the_editor_queues(client, editor, claims):
    client.force_login(editor)
    html = client.get(reverse("factcheck:my_work")).content.decode()
    assert 'id="bulk-assign"' in html
    for c in claims:
        assert f'name="claims" value="{c.pk}" form="bulk-assign"' in html


def test_the_bulk_form_costs_the_same_for_few_or_many_reviewers(
    client, editor, claims, django_assert_max_num_queries
):
    client.force_login(editor)
    ReviewerFactory()
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("factcheck:my_work"))
    for _ in range(10):
        services.assignments_create(claims=claims[:2], reviewers=[ReviewerFactory()], editor=editor)
    with django_assert_max_num_queries(40) as many:
        client.get(reverse("factcheck:my_work"))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_panel_assigns_by_name_with_no_default(client, editor, claims, named):
    client.force_login(editor)
    html = client.get(claims[0].get_absolute_url()).content.decode()
    select = html[html.index(f'id="assign-{claims[0].pk}"') :]
    select = select[: select.index("</select>")]
    assert '<option value="" selected' not in select
    assert "selected" not in select
    assert '<option value="">Choose a reviewer…</option>' in select
    assert f'<option value="{named[0].pk}">Amara Wills — 0 open</option>' in select
    response = client.post(reverse("factcheck:claim_assign", args=[claims[0].pk]), {"reviewer": ""})
    assert response.status_code == 400
    assert "Choose the reviewer to assign." in response.content.decode()


def test_the_panel_unassigns_and_the_history_says_so(client, editor, claims, named):
    client.force_login(editor)
    services.assignments_create(claims=[claims[0]], reviewers=[named[0]], editor=editor)
    response = client.post(
        reverse("factcheck:claim_unassign", args=[claims[0].pk]),
        {"reviewer": named[0].pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert not Assignment.objects.exists()
    history = client.get(reverse("factcheck:claim_history", args=[claims[0].pk]))
    text = history.content.decode()
    assert "Unassigned" in text and "Amara Wills" in text


# The markup _bulk_assign.html had for the people before {% reviewer_checkboxes %}.
REVIEWERS_LOOP = """{% load i18n %}{% for row in rows %}
      <li><label><input type="checkbox" name="reviewers" value="{{ row.pk }}"\
{% if row.ticked %} checked{% endif %}> {{ row.name }} <span class="workload\
{% if row.idle %} idle{% endif %}">{{ row.workload }}</span></label></li>
      {% empty %}<li class="muted">{% translate "Nobody on the desk can be assigned yet." %}</li>
      {% endfor %}"""


@pytest.mark.parametrize("language", ["en", "es", "fr"])
@pytest.mark.parametrize(
    "rows",
    [
        [],
        [
            ReviewerRow(pk=3, name="Ana <b> & Co", workload="3 open", idle=False, ticked=True),
            ReviewerRow(pk=12, name="ravi", workload="0 open", idle=True, ticked=False),
        ],
    ],
)
def test_the_people_are_the_template_loop(language, rows):
    from django.template import Context, Template, engines
    from django.utils import translation

    with translation.override(language):
        expected = engines["django"].from_string(REVIEWERS_LOOP).render({"rows": rows})
        got = Template("{% load rows %}{% reviewer_checkboxes rows %}").render(
            Context({"rows": rows})
        )
    assert got == expected
