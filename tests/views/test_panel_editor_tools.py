"""The editor's part of the claim panel, rendered in Python ({% editor_tools %}), says what its
template said (tests/views/reference/claim_editor.html, the partial's body before the tag), for a
fresh panel and for one whose forms all failed, in English, Spanish and French."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template, engines
from django.test import RequestFactory
from django.utils import timezone, translation

from factcheck import services
from factcheck.forms import AssignForm, DismissForm, RewordForm, SplitForm
from factcheck.models import Claim
from factcheck.panel import Notice, PanelView, Part
from tests.factories import make_article_with_claims

REFERENCE = (Path(__file__).parent / "reference" / "claim_editor.html").read_text()


def _squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


@pytest.fixture
def desk(editor, reviewer, reviewer2):
    article = make_article_with_claims(3)
    claims = list(article.claims.order_by("start"))
    claim = claims[1]
    services.claim_reword(
        claim=claim,
        editor=editor,
        wording="Example <1> & “co” counted",
        claimant="The <mayor>",
        expected_version=claim.version,
    )
    services.assignments_create(claims=[claim], reviewers=[reviewer, reviewer2], editor=editor)
    label = claim.rating_scale.labels.get(slug="false")
    services.rating_submit(
        claim=Claim.objects.get(pk=claim.pk), reviewer=reviewer, label=label, rationale="No"
    )
    return Claim.objects.get(pk=claim.pk)


def _render(panel, user, language):
    request = RequestFactory().get("/")
    request.user = user
    context = {"panel": panel, "claim": panel.claim, "csrf_token": "tok<en>"}
    with translation.override(language), timezone.override("Pacific/Auckland"):
        expected = engines["django"].from_string(REFERENCE).render(context)
        got = Template("{% load panel_items %}{% editor_tools panel %}").render(Context(context))
    assert _squeeze(got) == _squeeze(expected)
    return got


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_a_fresh_editor_part_is_the_template(desk, editor, language):
    panel = PanelView(desk.pk, editor)
    got = _render(panel, editor, language)
    assert "Merge with previous" in got or "Fusionar" in got or "Fusionner" in got
    assert got.count('name="reviewer" value=') == 1  # one open assignment to take back
    assert "Example &lt;1&gt; &amp; “co” counted" in got


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_an_editor_part_whose_forms_failed_is_the_template(desk, editor, language):
    bound = {
        "dismiss": DismissForm({"reason": " ", "version": desk.version}, claim=desk),
        "reword": RewordForm({"wording": "", "claimant": "<x>", "version": 1}, claim=desk),
        "split": SplitForm({"at": "half", "version": desk.version}, claim=desk),
        "assign": AssignForm({"reviewer": "987654"}, claim=desk),
    }
    for form in bound.values():
        assert not form.is_valid()
    bound["reword"].add_error(None, "Someone <else> reworded it.")
    bound["select"] = DismissForm({}, claim=desk)
    bound["select"].add_error(None, "Select failed & why.")
    notice = Notice("Changed <meanwhile>.", conflict=True, kept=[("Reason", "typed <text>")])
    panel = PanelView(desk.pk, editor, bound=bound, notices={Part.EDITOR: notice})
    got = _render(panel, editor, language)
    assert got.count('aria-invalid="true"') >= 3 and "typed &lt;text&gt;" in got
    assert "<details open>" in got and '<details class="split" open>' in got


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_a_candidate_has_the_select_button_and_nobody_assigned(desk, editor, language):
    candidate = desk.article.claims.filter(status=Claim.Status.CANDIDATE).order_by("start").first()
    got = _render(PanelView(candidate.pk, editor), editor, language)
    assert f"/claims/{candidate.pk}/select/" in got
    assert 'class="muted small"' in got  # "Nobody yet."
    fresh = _render(PanelView(desk.pk, editor), editor, language)
    assert f"/claims/{desk.pk}/select/" not in fresh  # assigning selected it
