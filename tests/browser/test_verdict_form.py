"""Issue 11, the verdict form and what it shows, in a real browser, in the mode where each failed
(DEBUG on and off), and without JavaScript: the label the ratings propose, the short "claim reviewed"
with its live count, Markdown explanations (panel and public page), the claimant fixed in the panel's
header and followed by the ClaimReview, absolute URLs at the address the page was asked at, and the
agreement chart's axis under a negative alpha."""

import json
import re

import pytest

from factcheck import consensus, tasks
from factcheck.models import Claim, Verdict
from tests.browser.conftest import SCREENSHOTS, screenshot, sign_in
from tests.consensus.helpers import rate
from tests.factories import (
    EditorFactory,
    ReviewerFactory,
    make_article_with_claims,
    reinstall_migration_rows,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DISPUTED = "botched coup attempt in April"  # rated by two reviewers who disagree: a proposal
PUBLISHED = "Established in 2017"  # published by the demo
AXIS = re.compile(r"^-?\d\.\d$")  # the alpha axis' tick labels


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):
    """The live server's DEBUG; in development without FACTCHECK_PUBLIC_URL, absolute URLs follow
    the request (as `make run` has it), in production the setting."""
    settings.DEBUG = request.param
    settings.FACTCHECK_PUBLIC_URL_FROM_REQUEST = request.param
    return request.param


def _mode(debug) -> str:
    return "debug" if debug else "production"


def _open(page, claim):
    page.goto(f"/articles/{claim.article_id}/?claim={claim.pk}")
    page.wait_for_selector(f'#claim-panel[data-claim="{claim.pk}"]')


def _shot(locator, name: str) -> None:
    """The part itself (the panel scrolls on its own, so a full-page shot may not show it)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    locator.evaluate("element => element.scrollIntoView({block: 'start'})")
    locator.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _json_ld(page) -> dict:
    return json.loads(page.locator('script[type="application/ld+json"]').inner_text())


def test_the_verdict_form_proposes_the_label_counts_the_claim_reviewed_and_renders_markdown(
    demo_desk, new_page, debug, live_server, settings
):
    claim = Claim.objects.get(quote__contains=DISPUTED)
    proposed = consensus.claim_proposal(claim).plain
    assert proposed is not None
    page = new_page()
    sign_in(page, "editor")
    _open(page, claim)
    verdict = page.locator(f"#claim-{claim.pk}-verdict")
    # The quorum is there and nothing is published: the form is open, on the proposed label.
    assert verdict.locator("select[name=label]").input_value() == str(proposed.pk)
    reviewed = verdict.locator("input[name=claim_reviewed]")
    counter = verdict.locator(".char-counter")
    assert reviewed.input_value() == claim.wording
    assert len(claim.wording) > 75
    assert "over 75" in counter.inner_text() and "over" in counter.get_attribute("class")
    short = "Venezuela's opposition tried a coup in April."
    reviewed.fill(short)
    assert counter.inner_text() == f"{len(short)} characters."
    assert "over" not in counter.get_attribute("class")
    reviewed.press("End")
    reviewed.type(" It was crushed within a day, the army stayed loyal.")
    assert "over 75, search results may cut it" in counter.inner_text()
    _shot(verdict, f"verdict_form_count_{_mode(debug)}")
    reviewed.fill(short)
    verdict.locator("input[name=summary]").fill(
        "An uprising failed on 30 April; “coup” is a framing."
    )
    verdict.locator("textarea[name=explanation]").fill(
        "The uprising of **30 April** failed within hours.\n\n"
        "- [Reuters](https://reuters.example/venezuela)\n- The army *stayed loyal*."
    )
    verdict.get_by_role("button", name="Publish verdict").click()
    verdict.locator(".verdict-card").wait_for()
    card = verdict.locator(".verdict-card")
    assert card.locator(".markdown strong", has_text="30 April").count() == 1
    assert card.locator(".markdown em", has_text="stayed loyal").count() == 1
    assert "**" not in card.inner_text()
    published = Verdict.objects.get(claim=claim, is_current=True)
    assert published.claim_reviewed == short
    assert published.label == proposed
    _shot(verdict, f"verdict_markdown_panel_{_mode(debug)}")

    public = new_page()
    public.goto(published.get_absolute_url())
    assert public.locator(".explanation strong", has_text="30 April").count() == 1
    assert public.locator(".explanation a[href='https://reuters.example/venezuela']").count() == 1
    data = _json_ld(public)
    assert data["claimReviewed"] == short
    assert "**" not in data["reviewBody"] and "30 April" in data["reviewBody"]
    assert "[Reuters]" not in data["reviewBody"]
    # The address the page was asked at (development), or the configured one (production).
    origin = live_server.url if debug else settings.FACTCHECK_PUBLIC_URL
    assert data["url"] == origin + published.get_absolute_url()
    assert live_server.url != settings.FACTCHECK_PUBLIC_URL
    screenshot(public, f"verdict_markdown_public_{_mode(debug)}")


def test_without_javascript_the_verdict_form_counts_on_each_answer_and_keeps_the_text(
    demo_desk, new_page, browser_problems
):
    claim = Claim.objects.get(quote__contains=DISPUTED)
    page = new_page(javascript=False)
    sign_in(page, "editor")
    page.goto(f"/claims/{claim.pk}/")
    verdict = page.locator(f"#claim-{claim.pk}-verdict")
    long = "Venezuela's opposition attempted a coup in April and it ended in a stalemate."
    verdict.locator("input[name=claim_reviewed]").fill(long)
    verdict.locator("input[name=summary]").fill("A failed uprising.")
    verdict.locator("textarea[name=explanation]").fill("   ")
    verdict.get_by_role("button", name="Publish verdict").click()
    page.locator(f"#claim-{claim.pk}-verdict .error").wait_for()
    browser_problems.expect(rf"status of 400 .*/claims/{claim.pk}/verdict/")
    verdict = page.locator(f"#claim-{claim.pk}-verdict")
    assert "Explain the verdict." in verdict.inner_text()
    assert verdict.locator("input[name=claim_reviewed]").input_value() == long
    counter = verdict.locator(".char-counter")
    assert f"{len(long)} characters: over 75" in counter.inner_text()
    _shot(verdict, "verdict_form_no_javascript")
    verdict.locator("input[name=claim_reviewed]").fill("Venezuela's opposition tried a coup.")
    verdict.locator("textarea[name=explanation]").fill("It failed on **30 April**.")
    verdict.get_by_role("button", name="Publish verdict").click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    page.locator(
        f"#claim-{claim.pk}-verdict .verdict-card .markdown strong", has_text="30 April"
    ).wait_for()
    assert Verdict.objects.get(claim=claim).claim_reviewed == "Venezuela's opposition tried a coup."


def test_an_editor_fixes_the_claimant_in_place_and_the_claimreview_follows(
    demo_desk, new_page, debug, browser_problems
):
    claim = Claim.objects.get(quote__contains=PUBLISHED, status=Claim.Status.PUBLISHED)
    verdict = claim.verdicts.get(is_current=True)
    public = new_page()
    public.goto(verdict.get_absolute_url())
    before = _json_ld(public)["itemReviewed"]["author"]["name"]
    assert before == (claim.claimant or claim.article.outlet.name)

    page = new_page()
    sign_in(page, "editor")
    _open(page, claim)
    page.evaluate("window.__noReload = true")
    header = page.locator(f"#claim-{claim.pk}-header")
    header.locator("summary", has_text="Fix the claimant").click()
    header.locator("input[name=claimant]").fill("   ")
    header.get_by_role("button", name="Save claimant").click()
    page.locator(f"#claim-{claim.pk}-header .error").wait_for()
    browser_problems.expect(rf"status of 400 .*/claims/{claim.pk}/claimant/")
    header = page.locator(f"#claim-{claim.pk}-header")
    assert "Say who made the claim" in header.inner_text()
    _shot(header, f"claimant_error_{_mode(debug)}")
    header.locator("input[name=claimant]").fill("Lima Group")
    header.get_by_role("button", name="Save claimant").click()
    page.locator(
        f"#claim-{claim.pk}-header .claimant-line strong", has_text="Lima Group"
    ).wait_for()
    assert page.evaluate("window.__noReload === true")
    assert Claim.objects.get(pk=claim.pk).claimant == "Lima Group"
    page.locator(f"#claim-{claim.pk}-history summary").click()
    page.locator(f"#history-{claim.pk} >> text=Claimant:").wait_for()
    _shot(page.locator(f"#claim-{claim.pk}-header"), f"claimant_fixed_{_mode(debug)}")

    public.reload()
    assert _json_ld(public)["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Lima Group",
    }


def test_without_javascript_the_claimant_fix_posts_and_comes_back(demo_desk, new_page):
    claim = Claim.objects.filter(status=Claim.Status.CANDIDATE).order_by("start").first()
    page = new_page(javascript=False)
    sign_in(page, "editor")
    page.goto(f"/claims/{claim.pk}/")
    header = page.locator(f"#claim-{claim.pk}-header")
    header.locator("summary", has_text="Fix the claimant").click()
    header.locator("input[name=claimant]").fill("Peru's foreign ministry")
    header.get_by_role("button", name="Save claimant").click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    claimant = page.locator(f"#claim-{claim.pk}-header .claimant-line strong")
    assert claimant.inner_text() == "Peru's foreign ministry"
    assert Claim.objects.get(pk=claim.pk).claimant == "Peru's foreign ministry"


def test_a_negative_alpha_draws_above_the_month_labels(transactional_db, new_page, debug):
    reinstall_migration_rows()
    EditorFactory(username="chief")
    first, second = ReviewerFactory(username="ana"), ReviewerFactory(username="ben")
    claims = list(make_article_with_claims(6).claims.order_by("start"))
    by_value = {label.value: label.slug for label in claims[0].rating_scale.labels.all()}
    # Six claims, the two reviewers at opposite ends every time: alpha far below zero.
    for claim, (a, b) in zip(claims, [(1, 6), (6, 1), (1, 6), (6, 1), (2, 5), (5, 2)], strict=True):
        rate(claim, first, by_value[a])
        rate(claim, second, by_value[b])
    snapshot = tasks.recompute_desk()
    assert snapshot.alpha < -0.2 and snapshot.n_ratings == 12
    page = new_page()
    sign_in(page, "chief", "pw-for-tests-only")
    page.goto("/desk/health/")
    chart = page.locator("#chart-agreement svg")
    point = chart.locator("circle").first.bounding_box()
    month = chart.locator("text.tick", has_text=re.compile(r"^\d{4}-\d{2}$")).first.bounding_box()
    ticks = [float(t) for t in chart.locator("text.tick").all_text_contents() if AXIS.match(t)]
    assert point["y"] + point["height"] <= month["y"], (point, month)
    assert min(ticks) <= snapshot.alpha
    assert "Low: review the rating guidelines" in page.locator(".health-summary").inner_text()
    screenshot(page, f"agreement_negative_alpha_{_mode(debug)}")


def test_too_few_ratings_show_no_alpha_in_the_form_and_the_desk_health(demo_desk, new_page):
    claim = Claim.objects.get(quote__contains=DISPUTED)
    tasks.recompute_desk()
    page = new_page()
    sign_in(page, "editor")
    _open(page, claim)
    table = page.locator(f"#claim-{claim.pk}-verdict .agreement-table")
    assert "too few ratings" in table.inner_text()
    assert "review the guidelines" not in table.inner_text()
    page.goto("/desk/health/")
    summary = page.locator(".health-summary")
    assert "Too few ratings" in summary.inner_text()
    assert "α =" not in summary.inner_text()
    assert page.locator("#chart-agreement text.few", has_text="too few ratings").count() == 1
    screenshot(page, "desk_health_too_few")
