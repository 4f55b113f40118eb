"""Assignment at scale in Chromium: tick several claims, choose two reviewers by name, assign; with
htmx in the workspace and My work, and as a plain form without JavaScript."""

import pytest

from factcheck.models import Assignment, Claim, Notification
from tests.browser.conftest import SCREENSHOTS, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _candidates(n):
    return list(
        Claim.objects.filter(status=Claim.Status.CANDIDATE).order_by("article_id", "start")[:n]
    )


def _tick(page, claims):
    for c in claims:
        page.locator(f'input[form="bulk-assign"][name="claims"][value="{c.pk}"]').first.check()


def _choose(page, *names):
    form = page.locator("#bulk-assign")
    for name in names:
        form.locator("label", has_text=name).locator("input").check()


def test_editor_ticks_three_claims_in_the_workspace_and_assigns_two_reviewers(demo_desk, new_page):
    claims = _candidates(3)
    article_id = claims[0].article_id
    claims = [c for c in claims if c.article_id == article_id]
    page = new_page()
    sign_in(page, "editor")
    page.goto(f"/articles/{article_id}/?claim={claims[0].pk}")
    form = page.locator("#bulk-assign")
    # People by name with their workload; nobody chosen by default.
    assert "Rosa Reviewer" in form.inner_text() and "open" in form.inner_text()
    assert form.locator("input[name=reviewers]:checked").count() == 0
    _tick(page, claims)
    page.wait_for_selector(f"#bulk-assign-count >> text={len(claims)} claim")
    _choose(page, "Rosa Reviewer", "Ravi Reviewer")
    screenshot(page, "bulk_assign_workspace_ticked")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.locator("#claim-list").screenshot(path=str(SCREENSHOTS / "bulk_assign_list_ticked.png"))
    form.screenshot(path=str(SCREENSHOTS / "bulk_assign_form_ticked.png"))
    form.get_by_role("button", name="Assign selected claims").click()
    page.wait_for_selector("#bulk-assign >> text=Assigned")
    message = page.locator("#bulk-assign .bulk-report").inner_text()
    assert (
        f"Assigned {len(claims)} claim" in message and "Ravi Reviewer and Rosa Reviewer" in message
    )
    # The list, the counts and the open panel are current without a reload; the ticks are cleared.
    for c in claims:
        row = page.locator(f"#claim-{c.pk}-row")
        assert "Selected for checking" in row.inner_text()
        assert not row.locator("input.pick").is_checked()
    assert "Rosa Reviewer" in page.locator(f"#claim-{claims[0].pk}-editor").inner_text()
    screenshot(page, "bulk_assign_workspace_done")
    form.screenshot(path=str(SCREENSHOTS / "bulk_assign_form_done.png"))
    assert {
        (a.claim_id, a.reviewer.username) for a in Assignment.objects.filter(claim__in=claims)
    } == {(c.pk, r) for c in claims for r in ("reviewer1", "reviewer2")}
    assert Notification.objects.filter(kind="assigned", claim__in=claims).count() == 2 * len(claims)


def test_editor_assigns_from_my_work_and_a_refusal_shows_in_place(
    demo_desk, new_page, browser_problems
):
    claims = _candidates(2)
    page = new_page()
    sign_in(page, "editor")
    # Nothing ticked: the error shows in the form, nothing is sent to the database.
    _choose(page, "Ravi Reviewer")
    page.locator("#bulk-assign").get_by_role("button", name="Assign selected claims").click()
    page.wait_for_selector("#bulk-assign >> text=Select the claims to assign")
    browser_problems.expect(r"status of 400 .*/claims/assign/")
    assert page.locator("#bulk-assign input[name=reviewers]:checked").count() == 1
    _tick(page, claims)
    page.locator("#bulk-assign").get_by_role("button", name="Assign selected claims").click()
    page.wait_for_selector("#bulk-assign >> text=Assigned 2 claims to Ravi Reviewer.")
    candidates = page.locator("#queue-candidates").inner_text()
    for c in claims:
        assert c.wording[:40] not in candidates  # selected now: out of the triage queue
    screenshot(page, "bulk_assign_my_work")


def test_bulk_assign_works_without_javascript(demo_desk, new_page, browser_problems):
    claims = _candidates(2)
    page = new_page(javascript=False)
    sign_in(page, "editor")
    page.goto("/work/")
    _tick(page, claims)
    _choose(page, "Rosa Reviewer")
    page.locator("#bulk-assign").get_by_role("button", name="Assign selected claims").click()
    page.wait_for_url("**/work/")
    assert "Assigned 2 claims to Rosa Reviewer." in page.locator(".messages").first.inner_text()
    assert Assignment.objects.filter(claim__in=claims, reviewer__username="reviewer1").count() == 2
    # No reviewer chosen: the page again, with the error and the ticks kept.
    more = _candidates(1)
    _tick(page, more)
    page.locator("#bulk-assign").get_by_role("button", name="Assign selected claims").click()
    assert "Choose at least one reviewer." in page.locator("#bulk-assign").inner_text()
    browser_problems.expect(r"status of 400 .*/claims/assign/")
    assert page.locator(f'input[form="bulk-assign"][value="{more[0].pk}"]').first.is_checked()
