"""The whole desk, clicked through in a real browser: rate, source, discuss, publish, read publicly."""

import json
import re

import pytest

from factcheck.models import Claim, Comment, Rating, Source, Verdict
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHRASE = "invitations to 100 countries"


def _open_claim(page, claim):
    page.goto(f"/articles/{claim.article_id}/")
    page.click(f'#claim-list a[data-claim="{claim.pk}"]')
    page.wait_for_url(f"**/articles/{claim.article_id}/?claim={claim.pk}")
    page.wait_for_selector(f'#claim-panel[data-claim="{claim.pk}"]')


def _rate(page, claim, label: str, rationale: str):
    panel = page.locator("#claim-panel")
    panel.get_by_label(label, exact=True).check()
    panel.locator("textarea[name=rationale]").fill(rationale)
    panel.locator("select[name=confidence]").select_option("3")
    panel.get_by_role("button", name="Submit rating").click()
    page.wait_for_selector("#claim-panel >> text=Update rating")


def test_reviewers_rate_editor_publishes_and_the_public_reads_it(demo_desk, new_page):
    claim = Claim.objects.get(quote__contains=PHRASE)

    # reviewer1: the claim is assigned to them; they rate it, add a source and a comment.
    page = new_page()
    sign_in(page, "reviewer1")
    assert PHRASE in page.locator("#queue-assigned").inner_text()
    screenshot(page, "reviewer_my_work")
    _open_claim(page, claim)
    screenshot(page, "reviewer_workspace")
    _rate(page, claim, "False", "Peru's foreign ministry said invitations went to 100 countries.")
    panel = page.locator("#claim-panel")
    panel.locator("summary", has_text="Add a source").click()
    panel.locator("input[name=url]").fill("https://www.gob.pe/rree")
    panel.locator("input[name=title]").fill("Ministry statement")
    panel.locator("select[name=stance]").select_option("refutes")
    panel.get_by_role("button", name="Add source").click()
    page.wait_for_selector("#claim-panel >> text=Ministry statement")
    panel.locator("textarea[name=body]").last.fill(
        "Source attached, @reviewer2 please check the count."
    )
    panel.get_by_role("button", name="Comment", exact=True).click()
    page.wait_for_selector("#claim-panel >> text=please check the count")
    # The URL follows the selection: reloading it opens the same claim.
    page.reload()
    assert page.locator("#claim-panel").get_attribute("data-claim") == str(claim.pk)

    # reviewer2: does not see reviewer1's rating before rating (blind), then rates.
    page2 = new_page()
    sign_in(page2, "reviewer2")
    _open_claim(page2, claim)
    assert "Peru's foreign ministry said" not in page2.locator("#claim-panel").inner_text()
    assert "hidden until you submit yours" in page2.locator("#claim-panel").inner_text()
    _rate(page2, claim, "Mostly false", "The count of 100 is the ministry's own figure.")
    assert "Peru's foreign ministry said" in page2.locator("#claim-panel").inner_text()

    # editor: sees both ratings side by side and publishes.
    page3 = new_page()
    sign_in(page3, "editor")
    _open_claim(page3, claim)
    panel = page3.locator("#claim-panel")
    assert panel.locator(".rating-card").count() == 2
    screenshot(page3, "editor_claim_panel")
    panel.locator("select[name=label]").select_option(label="Mostly false")
    panel.locator("input[name=summary]").fill(
        "Peru did invite 100 countries; the list was not public."
    )
    panel.locator("textarea[name=explanation]").fill("The ministry confirmed the figure.")
    panel.get_by_label("Ministry statement").check()
    panel.get_by_role("button", name="Publish verdict").click()
    page3.wait_for_selector("#claim-panel >> text=public page")
    verdict = Verdict.objects.get(claim=claim, is_current=True)
    assert [s.title for s in verdict.sources.all()] == ["Ministry statement"]

    # an anonymous visitor finds it and reads valid JSON-LD.
    page4 = new_page()
    page4.goto("/verdicts/?q=100+countries")
    page4.click("text=Peru's foreign minister")
    screenshot(page4, "public_verdict")
    raw = page4.locator('script[type="application/ld+json"]').inner_text()
    data = json.loads(raw)
    assert data["@type"] == "ClaimReview"
    assert data["reviewRating"]["alternateName"] == "Mostly false"
    assert data["reviewRating"]["ratingValue"] == 3
    assert data["itemReviewed"]["@type"] == "Claim"
    assert data["url"].endswith(verdict.get_absolute_url())
    assert Rating.objects.filter(claim=claim).count() == 2
    assert Source.objects.filter(claim=claim).count() == 1
    assert Comment.objects.filter(claim=claim).count() == 1


def test_basic_forms_work_without_javascript(demo_desk, new_page):
    claim = Claim.objects.get(quote__contains=PHRASE)
    page = new_page(javascript=False)
    sign_in(page, "reviewer1")
    page.goto(f"/claims/{claim.pk}/")
    page.get_by_label("Half true", exact=True).check()
    page.locator("textarea[name=rationale]").fill("Rated without JavaScript.")
    page.get_by_role("button", name="Submit rating").click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    assert Rating.objects.get(claim=claim, reviewer__username="reviewer1").label.name == "Half true"
    page.locator("textarea[name=body]").last.fill("A comment without JavaScript.")
    page.get_by_role("button", name="Comment", exact=True).click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    assert "A comment without JavaScript." in page.content()


def test_editor_selects_text_to_create_a_claim(demo_desk, new_page):
    page = new_page()
    sign_in(page, "editor")
    article_id = Claim.objects.first().article_id
    page.goto(f"/articles/{article_id}/")
    # Select exactly "14-member Lima Group" inside the article text.
    page.evaluate(
        """() => {
        const target = '14-member Lima Group';
        const text = document.getElementById('article-text');
        const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          const i = walker.currentNode.textContent.indexOf(target);
          if (i >= 0) {
            const range = document.createRange();
            range.setStart(walker.currentNode, i);
            range.setEnd(walker.currentNode, i + target.length);
            const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
            document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
            return;
          }
        }
        throw new Error('text not found');
    }"""
    )
    assert page.locator(".selection-preview").inner_text() == "14-member Lima Group"
    page.locator("#selection-actions").get_by_role("button", name="Create claim").click()
    page.wait_for_url(re.compile(r".*\?claim=\d+$"))
    claim = Claim.objects.get(quote="14-member Lima Group")
    assert claim.article.text[claim.start : claim.end] == "14-member Lima Group"


def test_keyboard_moves_between_claims(demo_desk, new_page):
    page = new_page()
    sign_in(page, "reviewer1")
    article_id = Claim.objects.first().article_id
    page.goto(f"/articles/{article_id}/")
    page.keyboard.press("j")
    page.wait_for_selector("#claim-panel[data-claim]")
    first = page.locator("#claim-panel").get_attribute("data-claim")
    page.keyboard.press("j")
    page.wait_for_selector(f'#claim-panel[data-claim]:not([data-claim="{first}"])')
    assert f"claim={page.locator('#claim-panel').get_attribute('data-claim')}" in page.url


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("editor", "/work/"),
        ("reviewer1", "/work/"),
        ("editor", "/articles/"),
        ("editor", "/articles/new/"),
        ("editor", "ARTICLE"),
        ("editor", "CLAIM"),
        (None, "/verdicts/"),
        (None, "VERDICT"),
        (None, "/accounts/login/"),
    ],
)
def test_pages_have_no_serious_accessibility_violations(demo_desk, new_page, user, path):
    claim = Claim.objects.filter(status="selected").first()
    verdict = Verdict.objects.filter(is_current=True).first()
    path = {
        "ARTICLE": f"/articles/{claim.article_id}/?claim={claim.pk}",
        "CLAIM": f"/claims/{claim.pk}/",
        "VERDICT": verdict.get_absolute_url() if verdict else "/verdicts/",
    }.get(path, path)
    page = new_page()
    if user:
        sign_in(page, user)
    page.goto(path)
    name = f"{user or 'anonymous'}_{path.strip('/').replace('/', '_').replace('?', '_') or 'home'}"
    screenshot(page, name[:80])
    assert axe_violations(page) == []
