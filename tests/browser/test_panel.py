"""The claim panel in a real browser, each issue-11 item the way it failed: errors in place (DEBUG on
and off), refusals after someone else's change, selection by a plain mouse drag, split by click,
every part of the page current after an action. Every test also fails on any CSP violation or
console error (conftest.new_page)."""

import pytest
from django.contrib.auth import get_user_model

from factcheck import services
from factcheck.models import Claim, Rating, Source, Verdict
from tests.browser.conftest import screenshot, sign_in
from tests.factories import EditorFactory

User = get_user_model()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHRASE = "invitations to 100 countries"


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):
    """The live server's DEBUG (it reads the same settings): errors must look the same."""
    settings.DEBUG = request.param
    return request.param


def _open(page, claim):
    page.goto(f"/articles/{claim.article_id}/?claim={claim.pk}")
    page.wait_for_selector(f'#claim-panel[data-claim="{claim.pk}"]')
    # Set on this document only: it is gone if anything reloads the page.
    page.evaluate("window.__noReload = true")


def _not_reloaded(page):
    return page.evaluate("window.__noReload === true")


def _answered(problems, status: int, path: str) -> None:
    """The browser logs every non-2xx answer to a request as a console error; a 400 (a form's
    errors) or a 409 (a conflict) that the test provokes on purpose is expected, once."""
    problems.expect(rf"status of {status} .*{path}")


def _claim(phrase=PHRASE):
    return Claim.objects.get(quote__contains=phrase, status__in=Claim.OPEN)


# --- Errors show where the user is ---------------------------------------------------------------


def test_a_blank_rationale_shows_its_error_in_the_panel(
    demo_desk, new_page, debug, browser_problems
):
    claim = _claim()
    page = new_page()
    sign_in(page, "reviewer2")
    _open(page, claim)
    panel = page.locator("#claim-panel")
    panel.get_by_label("Mostly false", exact=True).check()
    panel.locator("textarea[name=rationale]").fill("   ")
    panel.locator("select[name=confidence]").select_option("3")
    panel.get_by_role("button", name="Submit rating").click()
    error = panel.locator(f"#claim-{claim.pk}-ratings .error")
    error.wait_for()
    assert "rationale is required" in error.inner_text()
    _answered(browser_problems, 400, f"/claims/{claim.pk}/rate/")
    # The page is still the page: header, styles, the text, the same address; the choices kept.
    assert page.locator(".site-header").is_visible() and page.locator("#article-text").is_visible()
    assert _not_reloaded(page) and page.url.endswith(f"?claim={claim.pk}")
    assert panel.get_by_label("Mostly false", exact=True).is_checked()
    assert panel.locator("select[name=confidence]").input_value() == "3"
    screenshot(page, f"error_blank_rationale_{'debug' if debug else 'production'}")
    # The next submit goes through htmx again, into the same part.
    panel.locator("textarea[name=rationale]").fill("The ministry's table says 8.1%.")
    panel.get_by_role("button", name="Submit rating").click()
    page.wait_for_selector("#claim-panel >> text=Update rating")
    assert _not_reloaded(page)
    assert Rating.objects.get(claim=claim, reviewer__username="reviewer2").label.name == (
        "Mostly false"
    )


def test_a_source_that_is_not_a_web_address_shows_its_error_keeping_the_fields(
    demo_desk, new_page, debug, browser_problems
):
    claim = _claim()
    page = new_page()
    sign_in(page, "reviewer1")
    _open(page, claim)
    sources = page.locator(f"#claim-{claim.pk}-sources")
    sources.locator("summary", has_text="Add a source").click()
    sources.locator("input[name=url]").fill("ftp://files.example/trade")
    sources.locator("input[name=title]").fill("Trade tables")
    sources.get_by_role("button", name="Add source").click()
    page.wait_for_selector(f"#claim-{claim.pk}-sources .error")
    assert "http:// or https://" in sources.locator(".error").inner_text()
    _answered(browser_problems, 400, f"/claims/{claim.pk}/sources/")
    assert sources.locator("input[name=url]").input_value() == "ftp://files.example/trade"
    assert sources.locator("input[name=title]").input_value() == "Trade tables"
    assert page.locator(".site-header").is_visible() and _not_reloaded(page)
    screenshot(page, f"error_source_url_{'debug' if debug else 'production'}")
    sources.locator("input[name=url]").fill("https://files.example/trade")
    sources.get_by_role("button", name="Add source").click()
    page.wait_for_selector(f"#claim-{claim.pk}-sources >> text=Trade tables")
    assert Source.objects.filter(claim=claim, title="Trade tables").exists()


def test_a_verdict_without_an_explanation_and_a_dismissal_without_a_reason_show_in_place(
    demo_desk, new_page, debug, browser_problems
):
    claim = _claim()
    page = new_page()
    sign_in(page, "editor")
    _open(page, claim)
    verdict = page.locator(f"#claim-{claim.pk}-verdict")
    verdict.locator("summary").click()
    # Nobody has rated it: no label is proposed, so none is set and the editor chooses.
    assert verdict.locator("select[name=label]").input_value() == ""
    verdict.locator("select[name=label]").select_option(label="Mostly false")
    verdict.locator("input[name=summary]").fill("Peru invited 100 countries.")
    verdict.locator("textarea[name=explanation]").fill("   ")
    verdict.get_by_role("button", name="Publish verdict").click()
    page.wait_for_selector(f"#claim-{claim.pk}-verdict .error")
    assert "Explain the verdict." in verdict.inner_text()
    assert verdict.locator("input[name=summary]").input_value() == "Peru invited 100 countries."
    editor_tools = page.locator(f"#claim-{claim.pk}-editor")
    editor_tools.locator("input[name=reason]").fill("   ")
    with page.expect_response(lambda r: r.url.endswith(f"/claims/{claim.pk}/dismiss/")) as answer:
        editor_tools.get_by_role("button", name="Dismiss").click()
    assert answer.value.status == 400
    page.wait_for_selector(f"#claim-{claim.pk}-editor .error")
    # The verdict form's error and text are still there: only the editor tools were swapped.
    assert "Explain the verdict." in verdict.inner_text()
    assert _not_reloaded(page)
    assert not Verdict.objects.filter(claim=claim).exists()
    _answered(browser_problems, 400, f"/claims/{claim.pk}/verdict/")
    _answered(browser_problems, 400, f"/claims/{claim.pk}/dismiss/")
    screenshot(page, f"error_verdict_and_dismiss_{'debug' if debug else 'production'}")


def test_without_javascript_a_refused_form_comes_back_with_its_error(
    demo_desk, new_page, browser_problems
):
    claim = _claim()
    page = new_page(javascript=False)
    sign_in(page, "reviewer2")
    page.goto(f"/claims/{claim.pk}/")
    page.get_by_label("Half true", exact=True).check()
    page.locator("textarea[name=rationale]").fill("   ")
    page.get_by_role("button", name="Submit rating").click()
    error = page.locator(f"#claim-{claim.pk}-ratings .error")
    error.wait_for()
    assert "rationale is required" in error.inner_text()
    _answered(browser_problems, 400, f"/claims/{claim.pk}/rate/")
    assert page.locator(".site-header").is_visible()
    assert page.get_by_label("Half true", exact=True).is_checked()
    screenshot(page, "error_no_javascript")
    page.locator("textarea[name=rationale]").fill("Checked without JavaScript.")
    page.get_by_role("button", name="Submit rating").click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    assert Rating.objects.filter(claim=claim, reviewer__username="reviewer2").exists()


# --- Someone else changed it first ---------------------------------------------------------------


def test_rating_a_claim_split_meanwhile_says_so_and_keeps_the_rationale(
    demo_desk, new_page, browser_problems
):
    claim = _claim()
    page = new_page()
    sign_in(page, "reviewer2")
    _open(page, claim)
    panel = page.locator("#claim-panel")
    panel.get_by_label("False", exact=True).check()
    panel.locator("textarea[name=rationale]").fill("Only 60 invitations were confirmed.")
    # Meanwhile an editor splits the claim.
    services.claim_split(claim=claim, editor=User.objects.get(username="editor"), at=30)
    panel.get_by_role("button", name="Submit rating").click()
    conflict = page.locator(f"#claim-{claim.pk}-ratings .conflict")
    conflict.wait_for()
    assert "Split" in conflict.inner_text()
    _answered(browser_problems, 409, f"/claims/{claim.pk}/rate/")
    assert conflict.locator("textarea.kept").input_value() == "Only 60 invitations were confirmed."
    # The header says what replaced it, the list and the text no longer show it.
    assert "Replaced by" in page.locator(f"#claim-{claim.pk}-header").inner_text()
    assert page.locator(f"#claim-{claim.pk}-row").count() == 0
    assert _not_reloaded(page)
    screenshot(page, "conflict_rating_split")
    assert not Rating.objects.filter(claim=claim, reviewer__username="reviewer2").exists()


def test_publishing_what_another_editor_just_published_shows_their_verdict(
    demo_desk, new_page, browser_problems
):
    claim = _claim()
    page = new_page()
    sign_in(page, "editor")
    _open(page, claim)
    verdict = page.locator(f"#claim-{claim.pk}-verdict")
    verdict.locator("summary").click()
    verdict.locator("select[name=label]").select_option(label="Mostly false")
    verdict.locator("input[name=summary]").fill("My summary of it.")
    verdict.locator("textarea[name=explanation]").fill("My explanation.")
    services.verdict_publish(
        claim=claim,
        editor=EditorFactory(username="other-editor"),
        label=claim.rating_scale.labels.get(slug="mostly-false"),
        summary="Their summary.",
        explanation="Their explanation.",
        quorum_override_reason="Urgent.",
    )
    verdict.get_by_role("button", name="Publish verdict").click()
    page.wait_for_selector(f"#claim-{claim.pk}-verdict .conflict")
    _answered(browser_problems, 409, f"/claims/{claim.pk}/verdict/")
    text = verdict.inner_text()
    assert "Their summary." in text
    assert verdict.locator("input[name=summary]").input_value() == "My summary of it."
    assert verdict.get_by_role("button", name="Publish correction").is_visible()
    assert "Verdict published" in page.locator(f"#claim-{claim.pk}-header").inner_text()
    screenshot(page, "conflict_verdict_published")
    assert Verdict.objects.filter(claim=claim).count() == 1


# --- Every part of the page that shows the claim is current --------------------------------------


def test_selecting_a_claim_updates_the_counts_the_list_and_the_text_in_place(demo_desk, new_page):
    claim = Claim.objects.filter(status=Claim.Status.CANDIDATE).order_by("start").first()
    page = new_page()
    sign_in(page, "editor")
    _open(page, claim)
    legend = page.locator(f"#article-{claim.article_id}-counts")
    before = legend.inner_text()
    page.locator(f"#claim-{claim.pk}-editor").get_by_role(
        "button", name="Select for checking"
    ).click()
    page.wait_for_selector(f"#claim-{claim.pk}-row.status-selected")
    assert legend.inner_text() != before
    selected = Claim.objects.filter(article=claim.article, status="selected").count()
    assert f"Selected for checking {selected}" in legend.inner_text()
    highlight = page.locator(f'#article-text a.hl[data-claim="{claim.pk}"]').first
    assert "status-selected" in highlight.get_attribute("class")
    assert "Selected for checking" in page.locator(f"#claim-{claim.pk}-header").inner_text()
    assert _not_reloaded(page)


# --- Selection to claim: a plain mouse drag -------------------------------------------------------

_POINT_AT = """([start, end]) => {
  // The screen point in the middle of the character at text offset `start` (an offset of the
  // article's text), found through the segments' data-start.
  const pick = (offset) => {
    for (const seg of document.querySelectorAll('#article-text [data-start]')) {
      const s = Number(seg.dataset.start), node = seg.firstChild;
      if (node && offset >= s && offset < s + node.textContent.length) {
        const range = document.createRange();
        range.setStart(node, offset - s); range.setEnd(node, offset - s + 1);
        const r = range.getBoundingClientRect();
        return [r.left + r.width / 2, r.top + r.height / 2];
      }
    }
    throw new Error('no character at ' + offset);
  };
  return [pick(start), pick(end)];
}"""


def _drag(page, start: int, end: int):
    """A real mouse drag from the character at `start` to the one at `end` (article offsets)."""
    (x0, y0), (x1, y1) = page.evaluate(_POINT_AT, [start, end])
    page.mouse.move(x0 - 3, y0)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=5)
    page.mouse.move(x1 + 3, y1, steps=5)
    page.mouse.up()


def test_a_plain_mouse_drag_across_two_sentences_creates_a_claim(demo_desk, new_page):
    first = Claim.objects.get(quote__contains="Peru's foreign minister")
    article = first.article
    second = article.claims.filter(start__gte=first.end).order_by("start").first()
    page = new_page()
    sign_in(page, "editor")
    page.goto(f"/articles/{article.pk}/")
    page.evaluate("window.__noReload = true")
    counts = page.locator(f"#article-{article.pk}-counts").inner_text()
    start = first.start + first.quote.index("foreign")
    end = second.start + 12
    _drag(page, start, end)
    button = page.locator("#selection-actions").get_by_role("button", name="Create claim")
    button.wait_for()
    picked_start = int(page.locator("#create-claim input[name=start]").input_value())
    picked_end = int(page.locator("#create-claim input[name=end]").input_value())
    assert picked_start == start and picked_end in (end, end + 1)
    screenshot(page, "selection_drag")
    button.click()
    page.wait_for_url(f"**/articles/{article.pk}/?claim=*")
    created = Claim.objects.get(article=article, start=picked_start, end=picked_end)
    assert created.quote == article.text[picked_start:picked_end]
    page.wait_for_selector(f'#claim-panel[data-claim="{created.pk}"]')
    # Without a reload: the list, the counts and the text already show it.
    assert _not_reloaded(page)
    assert page.locator(f"#claim-{created.pk}-row").count() == 1
    assert page.locator(f"#article-{article.pk}-counts").inner_text() != counts
    assert page.locator(f'#article-text a.hl[data-claim="{created.pk}"]').count() >= 1


def test_a_drag_inside_one_sentence_selects_it_and_does_not_open_that_claim(demo_desk, new_page):
    claim = Claim.objects.get(quote__contains="Peru's foreign minister")
    page = new_page()
    sign_in(page, "editor")
    page.goto(f"/articles/{claim.article_id}/")
    start = claim.start + claim.quote.index("Nestor")
    _drag(page, start, start + len("Nestor Popolizio") - 1)
    page.locator("#selection-actions").wait_for(state="visible")
    assert page.locator(".selection-preview").inner_text() == "Nestor Popolizio"
    assert page.locator("#claim-panel").get_attribute("data-claim") is None
    assert "?claim=" not in page.url


# --- Split by click --------------------------------------------------------------------------------


def test_an_editor_splits_a_claim_by_clicking_where_it_splits(demo_desk, new_page):
    claim = _claim("Peru's foreign minister")
    page = new_page()
    sign_in(page, "editor")
    _open(page, claim)
    tools = page.locator(f"#claim-{claim.pk}-editor")
    tools.locator("summary", has_text="Split in two").click()
    quote = tools.locator(".split-quote")
    quote.wait_for(state="visible")
    # Click inside the word "told": the cut moves to the nearer edge of the word.
    word = claim.quote.index(" told ") + 2
    box = page.evaluate(
        """([text]) => {
          const q = document.querySelector('.split-quote');
          const range = document.createRange();
          range.setStart(q.firstChild, text); range.setEnd(q.firstChild, text + 1);
          const r = range.getBoundingClientRect();
          return [r.left + r.width / 2, r.top + r.height / 2];
        }""",
        [word],
    )
    page.mouse.click(*box)
    at = int(tools.locator("input[name=at]").input_value())
    assert claim.quote[:at].endswith(",") or claim.quote[at - 1] == " " or claim.quote[at] == " "
    assert tools.locator(".split-first").inner_text().strip() == claim.quote[:at].strip()
    screenshot(page, "split_by_click")
    tools.get_by_role("button", name="Split here").click()
    page.wait_for_selector(f'#claim-panel[data-claim]:not([data-claim="{claim.pk}"])')
    parts = list(Claim.objects.filter(derived_from=claim).order_by("start"))
    assert len(parts) == 2
    assert parts[0].quote == claim.quote[:at].strip()
    page.wait_for_selector(f'#claim-panel[data-claim="{parts[0].pk}"]')
    assert page.locator(f"#claim-{parts[1].pk}-row").count() == 1
    assert page.locator(f"#claim-{claim.pk}-row").count() == 0


def test_a_failure_without_an_answer_to_show_is_said_under_the_header(
    demo_desk, new_page, browser_problems
):
    from django.contrib.auth.models import Group

    claim = _claim()
    page = new_page()
    sign_in(page, "reviewer2")
    _open(page, claim)
    # The reviewer loses their role while the page is open: the action is refused (403).
    User.objects.get(username="reviewer2").groups.remove(Group.objects.get(name="Reviewer"))
    panel = page.locator("#claim-panel")
    panel.get_by_label("True", exact=True).check()
    panel.locator("textarea[name=rationale]").fill("Mine.")
    panel.get_by_role("button", name="Submit rating").click()
    banner = page.locator("#request-error")
    banner.wait_for(state="visible")
    assert "not allowed" in banner.inner_text()
    # The form and what was typed stay as they were.
    assert panel.locator("textarea[name=rationale]").input_value() == "Mine."
    _answered(browser_problems, 403, f"/claims/{claim.pk}/rate/")
    browser_problems.expect("Response Status Error Code 403")  # htmx logs the refused request


def test_without_javascript_an_editor_creates_a_claim_from_typed_offsets(demo_desk, new_page):
    claim = Claim.objects.get(quote__contains="Peru's foreign minister")
    start = claim.start + claim.quote.index("Nestor Popolizio")
    page = new_page(javascript=False)
    sign_in(page, "editor")
    page.goto(f"/articles/{claim.article_id}/")
    page.locator("#create-claim summary").click()
    page.locator("#create-claim input[name=start]").fill(str(start))
    page.locator("#create-claim input[name=end]").fill(str(start + len("Nestor Popolizio")))
    page.locator("#create-claim").get_by_role("button", name="Create claim").click()
    page.wait_for_url(f"**/articles/{claim.article_id}/?claim=*")
    created = Claim.objects.get(quote="Nestor Popolizio")
    assert page.locator(f'#claim-panel[data-claim="{created.pk}"]').is_visible()
