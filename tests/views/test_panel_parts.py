"""Parts of the claim panel partly rendered in Python say what their templates said: each part
rendered from claim.html against the partial as it was (tests/views/reference/), for editors and
reviewers, before and after rating, with failed forms, in English, Spanish and French."""

import re
from pathlib import Path

import pytest
from django.template import engines
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import timezone, translation

from factcheck import services, tasks
from factcheck.forms import ClaimantForm, CommentForm, RatingForm, SourceForm, VerdictForm
from factcheck.models import Claim
from factcheck.panel import Notice, PanelView, Part
from tests.consensus.helpers import generated_desk, rate
from tests.factories import live_claim

REFERENCE = Path(__file__).parent / "reference"
LANGUAGES = ["en", "es", "fr"]


def _squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


def _same_part(part: str, panel: PanelView, user, language: str, oob: bool = False) -> str:
    request = RequestFactory().get("/")
    request.user = user
    context = {"panel": panel, "claim": panel.claim, "oob": oob, "csrf_token": "tok<en>"}
    reference = (REFERENCE / f"claim_{part}.html").read_text()
    with translation.override(language), timezone.override("Pacific/Auckland"):
        expected = engines["django"].from_string(reference).render(context, request)
        got = get_template(f"factcheck/claim.html#{part}").render(context, request)
    assert _squeeze(got) == _squeeze(expected)
    return got


@pytest.mark.parametrize("language", LANGUAGES)
def test_ratings_for_an_editor_with_a_disputed_claim(
    editor, reviewer, reviewer2, article, language
):
    claim = live_claim(article)
    rate(claim, reviewer, "true")
    rate(claim, reviewer2, "half-true")
    tasks.recompute_desk()
    got = _same_part("ratings", PanelView(claim.pk, editor), editor, language, oob=True)
    assert 'hx-swap-oob="true"' in got and "needs-discussion" in got


@pytest.mark.parametrize("language", LANGUAGES)
def test_ratings_weighted_by_reliability(editor, language):
    claims, _ = generated_desk(n_claims=22)
    tasks.recompute_desk()
    got = _same_part("ratings", PanelView(claims[0].pk, editor), editor, language)
    assert got.count('class="rating-card"') == 4


@pytest.mark.parametrize("language", LANGUAGES)
def test_ratings_for_a_reviewer_before_and_after_rating(reviewer, reviewer2, article, language):
    claim = live_claim(article)
    rate(claim, reviewer2, "false")
    before = _same_part("ratings", PanelView(claim.pk, reviewer), reviewer, language)
    assert "rating-card" not in before and 'name="label"' in before
    rate(claim, reviewer, "true")
    after = _same_part("ratings", PanelView(claim.pk, reviewer), reviewer, language)
    assert after.count('class="rating-card"') == 2 and 'name="version" value="1"' in after


@pytest.mark.parametrize("language", LANGUAGES)
def test_ratings_whose_form_failed(reviewer, article, language):
    claim = live_claim(article)
    form = RatingForm({"rationale": "  ", "confidence": "9", "version": ""}, claim=claim)
    assert not form.is_valid()
    form.add_error(None, "Someone <changed> it.")
    notice = Notice("Not saved & why.", conflict=True, kept=[("Rationale", "It <rose>")])
    panel = PanelView(claim.pk, reviewer, bound={"rating": form}, notices={Part.RATINGS: notice})
    got = _same_part("ratings", panel, reviewer, language)
    assert got.count('role="alert"') >= 4 and 'aria-describedby="rationale-error-' in got


def _source(claim, user, url="https://stats.example/table?a=1&b=<2>", title="ONS “table”"):
    return services.source_add(claim=claim, user=user, url=url, stance="refutes", title=title)


@pytest.mark.parametrize("language", LANGUAGES)
def test_verdict_below_quorum_and_at_quorum(editor, reviewer, reviewer2, article, language):
    claim = live_claim(article)
    _source(claim, reviewer)
    _source(claim, editor, url="https://b.example/", title="")
    rate(claim, reviewer, "true")
    below = _same_part("verdict", PanelView(claim.pk, editor), editor, language)
    assert 'name="quorum_override_reason"' in below and "<details>" in below
    rate(claim, reviewer2, "half-true")
    tasks.recompute_desk()
    at = _same_part("verdict", PanelView(claim.pk, editor), editor, language)
    assert "<details open>" in at and 'class="agreement-table"' in at
    assert at.count('name="sources" value=') == 2 and at.count(" checked>") == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_verdict_published_then_corrected(editor, reviewer, reviewer2, article, language):
    claim = live_claim(article)
    source = _source(claim, reviewer)
    rate(claim, reviewer, "false")
    rate(claim, reviewer2, "false")
    label = claim.rating_scale.labels.get(slug="false")
    services.verdict_publish(
        claim=claim,
        editor=editor,
        label=label,
        summary="It <fell> & more",
        explanation="**No**: see [the table](https://stats.example/).",
        claim_reviewed="x" * 130,
        sources=[source],
    )
    first = _same_part("verdict", PanelView(claim.pk, editor), editor, language)
    assert 'name="expected_revision" value="1"' in first and "char-counter over" in first
    services.verdict_publish_or_correct(
        claim=Claim.objects.get(pk=claim.pk),
        editor=editor,
        label=label,
        summary="It fell",
        explanation="No.",
        claim_reviewed="x",
        expected_revision=1,
        correction_note="The <date> was wrong.",
    )
    corrected = _same_part("verdict", PanelView(claim.pk, editor), editor, language)
    assert "verdict-card superseded" in corrected and "The &lt;date&gt; was wrong." in corrected
    # A reviewer sees the verdicts, not the form.
    seen = _same_part("verdict", PanelView(claim.pk, reviewer), reviewer, language)
    assert "verdict-card" in seen and 'name="summary"' not in seen


@pytest.mark.parametrize("language", LANGUAGES)
def test_verdict_whose_form_failed(editor, reviewer, article, language):
    claim = live_claim(article)
    rate(claim, reviewer, "true")
    form = VerdictForm(
        {"label": "", "summary": "", "claim_reviewed": "a", "explanation": " <b>"}, claim=claim
    )
    assert not form.is_valid()
    form.add_error(None, "Published <meanwhile>.")
    notice = Notice("Conflict & more.", conflict=True, kept=[("Summary", "typed")])
    panel = PanelView(claim.pk, editor, bound={"verdict": form}, notices={Part.VERDICT: notice})
    got = _same_part("verdict", panel, editor, language)
    assert "<details open>" in got and got.count('aria-invalid="true"') >= 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_and_priority_of_a_split_claim_and_its_part(editor, article, language):
    claim = live_claim(article)
    Claim.objects.filter(pk=claim.pk).update(claimant="The <mayor>", priority=2)
    first, _second = services.claim_split(claim=Claim.objects.get(pk=claim.pk), editor=editor, at=5)
    for pk, in_workspace in ((claim.pk, False), (first.pk, True)):
        panel = PanelView(pk, editor, in_workspace=in_workspace)
        _same_part("header", panel, editor, language)
        _same_part("priority", panel, editor, language)
    header = _same_part("header", PanelView(first.pk, editor), editor, language)
    assert "claimant-fix" in header and f'href="/claims/{claim.pk}/"' in header  # derived from


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_with_a_failed_claimant_fix_and_a_dismissed_claim(editor, article, language):
    claim = live_claim(article)
    form = ClaimantForm({"claimant": "", "version": claim.version}, claim=claim)
    assert not form.is_valid()
    form.add_error(None, "Changed <meanwhile>.")
    got = _same_part(
        "header", PanelView(claim.pk, editor, bound={"claimant": form}), editor, language
    )
    assert 'claimant-fix" open' in got and f"claimant-error-{claim.pk}" in got
    services.claim_dismiss(claim=claim, editor=editor, reason="Opinion <only>")
    _same_part("header", PanelView(claim.pk, editor), editor, language)
    Claim.objects.filter(pk=claim.pk).update(priority=-3)
    _same_part("priority", PanelView(claim.pk, editor), editor, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_sources_and_discussion_blind_then_open(editor, reviewer, reviewer2, article, language):
    claim = live_claim(article)
    _source(claim, reviewer2)
    services.comment_add(claim=claim, author=reviewer2, body="Look at **this**, @rosa")
    services.comment_add(claim=claim, author=editor, body="And <that>.")
    for user in (reviewer, editor):
        panel = PanelView(claim.pk, user)
        _same_part("sources", panel, user, language)
        _same_part("discussion", panel, user, language)
    rate(claim, reviewer, "true")
    panel = PanelView(claim.pk, reviewer)
    sources = _same_part("sources", panel, reviewer, language)
    discussion = _same_part("discussion", panel, reviewer, language)
    assert 'class="source stance-refutes"' in sources and discussion.count('class="comment ') == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_sources_and_discussion_whose_forms_failed(reviewer, article, language):
    claim = live_claim(article)
    source = SourceForm(
        {"url": "ftp://x", "title": "T <1>", "publisher": "", "passage": "p\nq", "stance": "?"},
        claim=claim,
    )
    comment = CommentForm({"body": "   "}, claim=claim)
    assert not source.is_valid() and not comment.is_valid()
    comment.add_error(None, "Someone <else>.")
    notice = Notice("Kept & not saved.", kept=[("Body", "x")])
    panel = PanelView(
        claim.pk,
        reviewer,
        bound={"source": source, "comment": comment},
        notices={Part.SOURCES: notice, Part.DISCUSSION: notice},
    )
    sources = _same_part("sources", panel, reviewer, language)
    _same_part("discussion", panel, reviewer, language)
    assert "<details open>" in sources and "sourceform-" in sources
