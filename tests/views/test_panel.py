"""The claim panel answers each action once: the part the form sits in, plus out of band every other
part and workspace piece that shows what changed. Built once per request, whatever it renders."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from factcheck import selectors, services
from factcheck.models import Claim, ClaimMatch
from factcheck.panel import PanelView
from tests.factories import live_claim

HTMX = {"HTTP_HX_REQUEST": "true"}


def _in_workspace(claim):
    """htmx headers of a request sent from the claim's workspace."""
    url = f"http://testserver{claim.article.get_absolute_url()}?claim={claim.pk}"
    return {**HTMX, "HTTP_HX_CURRENT_URL": url}


def _on_claim_page(claim):
    return {**HTMX, "HTTP_HX_CURRENT_URL": f"http://testserver{claim.get_absolute_url()}"}


def _label(claim, slug="false"):
    return claim.rating_scale.labels.get(slug=slug).pk


class _TopLevel(HTMLParser):
    VOID = {"input", "br", "hr", "img", "meta", "link", "source", "wbr", "col", "area"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.tops = []

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.tops.append(dict(attrs))
        if tag not in self.VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag not in self.VOID:
            self.depth -= 1


def _swapped(html):
    """(ids swapped in place, ids swapped out of band) of an htmx answer's top-level elements."""
    parser = _TopLevel()
    parser.feed(html)
    primary = [a.get("id") for a in parser.tops if "hx-swap-oob" not in a]
    oob = [a.get("id") for a in parser.tops if "hx-swap-oob" in a]
    return primary, oob


@pytest.fixture
def builds(monkeypatch):
    """How many times the panel's view-model was built."""
    count = []
    original = PanelView.__init__

    def counting(self, *args, **kwargs):
        count.append(args[0] if args else kwargs.get("claim_pk"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(PanelView, "__init__", counting)
    return count


@pytest.fixture
def published(article, editor):
    claim = live_claim(article, "Officials")
    services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="true"),
        summary="Jobs confirmed.",
        explanation="Ministry tables.",
        quorum_override_reason="test",
    )
    claim.refresh_from_db()
    return claim


def _cases(claim, editor, reviewer, published):
    """Every panel action: (name, url, who, data), on `claim` (open, in the standard article)."""
    comment = services.comment_add(claim=claim, author=reviewer, body="First")
    match = ClaimMatch.objects.create(claim=claim, match=published, score=0.8, method="test")
    neighbour = live_claim(claim.article, "Critics")
    url = lambda name, *args: reverse(f"factcheck:{name}", args=[claim.pk, *args])  # noqa: E731
    return [
        (
            "rate",
            url("claim_rate"),
            reviewer,
            {"label": _label(claim), "rationale": "Checked", "confidence": 2},
        ),
        (
            "source",
            url("claim_add_source"),
            reviewer,
            {"url": "https://s.example/", "stance": "refutes"},
        ),
        ("comment", url("claim_comment"), reviewer, {"body": "Looks off"}),
        ("reply", url("claim_comment"), reviewer, {"body": "Indeed", "parent": comment.pk}),
        ("comment_edit", url("comment_edit", comment.pk), reviewer, {"body": "First, edited"}),
        ("select", url("claim_select"), editor, {"version": claim.version}),
        ("dismiss", url("claim_dismiss"), editor, {"reason": "Opinion", "version": claim.version}),
        (
            "reword",
            url("claim_reword"),
            editor,
            {"wording": "Exports rose 12%", "version": claim.version},
        ),
        ("assign", url("claim_assign"), editor, {"reviewer": reviewer.pk}),
        ("split", url("claim_split"), editor, {"at": 10, "version": claim.version}),
        ("merge", url("claim_merge"), editor, {"other": neighbour.pk}),
        (
            "verdict",
            url("claim_verdict"),
            editor,
            {
                "label": _label(claim),
                "summary": "s",
                "claim_reviewed": "c",
                "explanation": "e",
                "quorum_override_reason": "r",
            },
        ),
        ("priority", url("claim_priority"), editor, {"direction": "up"}),
        ("match_confirm", url("claim_match_confirm", match.pk), editor, {}),
        ("match_reject", url("claim_match_reject", match.pk), editor, {}),
    ]


ACTION_NAMES = [
    "rate", "source", "comment", "reply", "comment_edit", "select", "dismiss", "reword", "assign",
    "split", "merge", "verdict", "priority", "match_confirm", "match_reject",
]  # fmt: skip


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_each_action_builds_the_panel_once(
    client, article, editor, reviewer, published, builds, name
):
    claim = live_claim(article, "12 percent")
    cases = {c[0]: c[1:] for c in _cases(claim, editor, reviewer, published)}
    url, user, data = cases[name]
    client.force_login(user)
    response = client.post(url, data, **_in_workspace(claim))
    assert response.status_code == 200, response.content.decode()[:500]
    assert len(builds) == 1
    assert "HX-Trigger" not in response  # no "claim-changed": nothing refetches the page


@pytest.mark.parametrize("name", ["rate", "source", "dismiss", "verdict"])
def test_a_refused_form_and_a_conflict_build_the_panel_once_too(
    client, article, editor, reviewer, published, builds, name
):
    claim = live_claim(article, "12 percent")
    cases = {c[0]: c[1:] for c in _cases(claim, editor, reviewer, published)}
    url, user, data = cases[name]
    client.force_login(user)
    blank = {k: " " if isinstance(v, str) else v for k, v in data.items()}
    assert client.post(url, blank, **_in_workspace(claim)).status_code == 400
    services.claim_split(claim=claim, editor=editor, at=10)
    assert client.post(url, data, **_in_workspace(claim)).status_code == 409
    assert len(builds) == 2


def test_opening_a_claim_and_the_workspace_build_the_panel_once(client, reviewer, article, builds):
    claim = live_claim(article)
    client.force_login(reviewer)
    client.get(claim.get_absolute_url(), **_in_workspace(claim))
    client.get(f"{article.get_absolute_url()}?claim={claim.pk}")
    client.get(claim.get_absolute_url())
    assert builds == [claim.pk] * 3


def test_a_comment_answers_with_the_discussion_only(client, reviewer, article):
    claim = live_claim(article)
    client.force_login(reviewer)
    response = client.post(
        reverse("factcheck:claim_comment", args=[claim.pk]), {"body": "Hm"}, **_in_workspace(claim)
    )
    primary, oob = _swapped(response.content.decode())
    assert primary == [f"claim-{claim.pk}-discussion"]
    assert oob == []


def test_selecting_updates_the_header_the_row_the_text_and_the_counts(client, editor, article):
    claim = live_claim(article, "12 percent")
    client.force_login(editor)
    response = client.post(
        reverse("factcheck:claim_select", args=[claim.pk]),
        {"version": claim.version},
        **_in_workspace(claim),
    )
    html = response.content.decode()
    primary, oob = _swapped(html)
    assert primary == [f"claim-{claim.pk}-editor"]
    for part in ("header", "ratings", "verdict", "sources", "priority", "checked", "history"):
        assert f"claim-{claim.pk}-{part}" in oob
    assert f"claim-{claim.pk}-discussion" not in oob  # unchanged
    assert f"claim-{claim.pk}-row" in oob and f"article-{article.pk}-counts" in oob
    assert any(i.startswith("para-") for i in oob)
    row = re.search(rf'<li id="claim-{claim.pk}-row".*?</li>', html, re.S).group(0)
    assert "status-selected" in row
    counts = re.search(rf'<ul class="legend" id="article-{article.pk}-counts".*?</ul>', html, re.S)
    assert "Selected for checking</span> 1" in counts.group(0)
    highlight = re.search(
        rf'<a class="hl status-(\w+) is-selected"[^>]*data-claim="{claim.pk}"', html
    )
    assert highlight.group(1) == "selected"


def test_on_the_claim_page_nothing_of_the_workspace_is_sent(client, editor, article):
    claim = live_claim(article, "12 percent")
    client.force_login(editor)
    response = client.post(
        reverse("factcheck:claim_select", args=[claim.pk]),
        {"version": claim.version},
        **_on_claim_page(claim),
    )
    _, oob = _swapped(response.content.decode())
    assert f"claim-{claim.pk}-header" in oob
    assert not [i for i in oob if i.startswith(("para-", "claim-list", "article-"))]
    assert f"claim-{claim.pk}-row" not in oob


def test_a_version_from_the_answer_is_current_for_the_next_action(client, editor, article):
    # The parts re-sent after a change carry the new version: the next action is not a conflict.
    claim = live_claim(article, "12 percent")
    client.force_login(editor)
    html = client.post(
        reverse("factcheck:claim_select", args=[claim.pk]),
        {"version": claim.version},
        **_in_workspace(claim),
    ).content.decode()
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    response = client.post(
        reverse("factcheck:claim_reword", args=[claim.pk]),
        {"wording": "Exports rose 12%", "version": version},
        **_in_workspace(claim),
    )
    assert response.status_code == 200


def test_split_opens_the_first_part_and_redraws_the_list_and_text(client, editor, article):
    claim = live_claim(article, "12 percent")
    client.force_login(editor)
    response = client.post(
        reverse("factcheck:claim_split", args=[claim.pk]),
        {"at": 20, "version": claim.version},
        **_in_workspace(claim),
    )
    first = Claim.objects.filter(derived_from=claim).order_by("start").first()
    assert response["HX-Retarget"] == "#claim-panel"
    assert response["HX-Reswap"] == "outerHTML"
    assert response["HX-Push-Url"].endswith(f"?claim={first.pk}")
    html = response.content.decode()
    assert _swapped(html)[0] == ["claim-panel"]
    assert f'aria-labelledby="claim-title-{first.pk}"' in html.split(">", 1)[0]
    _, oob = _swapped(html)
    assert "claim-list" in oob and f"article-{article.pk}-counts" in oob
    assert f'id="claim-{claim.pk}-row"' not in html  # the split claim left the list
    assert html.count(f'data-claim="{first.pk}"') >= 2  # in the text and in the list


def test_the_panel_links_a_split_claim_and_its_parts_in_text_order(client, editor, article):
    claim = live_claim(article, "12 percent")
    first, second = services.claim_split(claim=claim, editor=editor, at=20)
    client.force_login(editor)
    old = client.get(claim.get_absolute_url(), **HTMX).content.decode()
    replaced = old[old.index("Replaced by") :]
    assert replaced.index(f"?claim={first.pk}") < replaced.index(f"?claim={second.pk}")
    part = client.get(second.get_absolute_url(), **HTMX).content.decode()
    assert f'Derived from <a href="{claim.get_absolute_url()}">claim {claim.pk}</a>.' in part
    merged = services.claim_merge(claims=[second, first], editor=editor)
    html = client.get(merged.get_absolute_url(), **HTMX).content.decode()
    derived = html[html.index("Derived from") :]
    assert derived.index(f"claim {first.pk}<") < derived.index(f"claim {second.pk}<")


def test_create_claim_with_htmx_opens_it_and_empties_the_form(client, editor, article):
    start = article.text.index("40,000 new jobs")
    client.force_login(editor)
    response = client.post(
        reverse("factcheck:claim_create", args=[article.pk]),
        {"start": start, "end": start + 15},
        **HTMX,
        HTTP_HX_CURRENT_URL=f"http://testserver{article.get_absolute_url()}",
    )
    claim = Claim.objects.get(quote="40,000 new jobs")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#claim-panel"
    _, oob = _swapped(response.content.decode())
    assert {"claim-list", "create-claim", f"article-{article.pk}-counts"} <= set(oob)
    assert f'id="claim-{claim.pk}-row"' in response.content.decode()


def test_the_panel_costs_the_same_answering_an_action_for_3_or_300_claims(
    client, editor, django_assert_max_num_queries
):
    from factcheck.matching import store
    from tests.factories import make_article_with_claims

    client.force_login(editor)
    store.corpus(store.OUTSIDE)  # built once per process, not per action: warm it for both
    selectors.assignable_reviewers()  # the desk's people, cached by the first page: warm too
    counts = []
    for n in (3, 300):
        article = make_article_with_claims(n)
        claim = article.claims.order_by("start").first()
        with django_assert_max_num_queries(60) as ctx:
            client.post(
                reverse("factcheck:claim_select", args=[claim.pk]),
                {"version": claim.version},
                **_in_workspace(claim),
            )
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_an_editors_panel_costs_eight_queries_and_more_by_what_the_claim_has(
    client, editor, reviewer, article, django_assert_num_queries
):
    claim = live_claim(article, "12 percent")
    client.force_login(editor)
    client.get(claim.get_absolute_url(), **HTMX)
    # The session, the user with their groups (factcheck.auth); the claim (with whether it has
    # matches or derivation links, in the same query); its labels, sources and comments; its
    # neighbours; the reviewers' workload (the people to assign are cached since the first
    # request: selectors.assignable_reviewers). Its ratings, verdicts and assignments only when
    # the claim row says it has some: a fresh candidate has none.
    with django_assert_num_queries(8):
        html = client.get(claim.get_absolute_url(), **HTMX).content.decode()
    services.assignments_create(claims=[claim], reviewers=[reviewer], editor=editor)
    services.rating_submit(
        claim=Claim.objects.get(pk=claim.pk),
        reviewer=reviewer,
        label=claim.rating_scale.labels.get(slug="false"),
        rationale="No",
    )
    # Its ratings (with the desk's agreement snapshot, for their proposal) and assignments too.
    with django_assert_num_queries(11):
        rated = client.get(claim.get_absolute_url(), **HTMX).content.decode()
    assert 'class="rating-card"' in rated and "Unassign" not in rated and "rated" in rated
    after = article.claims.filter(start__gt=claim.start).order_by("start").first()
    assert "Merge with next" in html and f'name="other" value="{after.pk}"' in html
    assert "Derived from" not in html and "Already checked" in html  # the part, hidden


def test_templates_ask_the_panel_instead_of_comparing_roles_and_statuses():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    comparisons = re.compile(
        r"user_role\s*[!=]=|\.role\s*[!=]=|status\s*[!=]=\s*\"(candidate|selected|published|"
        r"dismissed|split|merged|suggested)\"|(?<![\w.])is_editor"
    )
    found = []
    for path in [root / "base.html", *(root / "factcheck").glob("*.html")]:
        if path.name == "desk_health.html":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if comparisons.search(line) and "panel.is_editor" not in line:
                found.append(f"{path.name}:{number}")
    assert found == []
