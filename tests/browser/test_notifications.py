"""People are told, in a real browser: a mention reaches its reviewer through the header's count and
the notifications page, and lands them on the claim."""

import pytest
from django.contrib.auth.models import User

from factcheck import services
from factcheck.models import Claim, Comment
from tests.browser.conftest import SCREENSHOTS, axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHRASE = "invitations to 100 countries"


def _watch_console(page) -> list[str]:
    """Console errors and uncaught exceptions (CSP violations are console errors)."""
    problems: list[str] = []

    def on_console(message):
        if message.type == "error":
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def _unread(page) -> int:
    badge = page.locator(".site-header .notifications-link .count")
    if badge.count() == 0:
        return 0
    return int(badge.inner_text().split()[0].rstrip("+"))


def test_a_mention_reaches_the_reviewer_and_opening_it_lands_on_the_claim(demo_desk, new_page):
    claim = Claim.objects.get(quote__contains=PHRASE)
    # reviewer2 has rated the claim: comments on it are no longer blind to them, so the mention
    # carries its words (tests/browser/test_blind.py has a reviewer who has not rated yet).
    services.rating_submit(
        claim=claim,
        reviewer=User.objects.get(username="reviewer2"),
        label=claim.rating_scale.labels.get(slug="false"),
        rationale="Checked the ministry's statement.",
    )

    # reviewer2 starts with whatever the demo desk told them.
    page2 = new_page()
    console = _watch_console(page2)
    sign_in(page2, "reviewer2")
    before = _unread(page2)

    # reviewer1 mentions reviewer2 in a comment on the claim.
    page1 = new_page()
    sign_in(page1, "reviewer1")
    page1.goto(f"/articles/{claim.article_id}/?claim={claim.pk}")
    panel = page1.locator("#claim-panel")
    panel.locator("textarea[name=body]").last.fill("@reviewer2 can you find the ministry's list?")
    panel.get_by_role("button", name="Comment", exact=True).click()
    page1.wait_for_selector("#claim-panel >> text=find the ministry's list")
    comment = Comment.objects.get(body__contains="find the ministry's list")

    # reviewer2: the header counts it on any desk page.
    page2.goto("/work/")
    assert _unread(page2) == before + 1
    screenshot(page2, "notifications_header_count")
    page2.locator(".site-header").get_by_role("link", name="Notifications").click()
    page2.wait_for_url("**/notifications/")
    newest = page2.locator(".notification-list > li").first
    assert "is-unread" in newest.get_attribute("class")
    assert "mentioned you in a comment" in newest.inner_text()
    assert "can you find the ministry's list?" in newest.inner_text()
    screenshot(page2, "notifications_list")
    assert axe_violations(page2) == []

    # Opening it lands on the claim, at the comment, and the count drops.
    newest.locator("a.notification-open").click()
    page2.wait_for_url(f"**/articles/{claim.article_id}/?claim={claim.pk}#comment-{comment.pk}")
    page2.wait_for_selector(f'#claim-panel[data-claim="{claim.pk}"]')
    target = page2.locator(f"#comment-{comment.pk}")
    assert target.is_visible()
    # The browser scrolled the panel to the comment, and the comment is marked as the target.
    assert page2.evaluate(
        """(id) => {
            const box = document.getElementById(id).getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight;
        }""",
        f"comment-{comment.pk}",
    )
    assert target.evaluate("el => el.matches(':target')")
    assert _unread(page2) == before
    # What the reviewer sees on arrival (the viewport, not the whole page).
    SCREENSHOTS.mkdir(exist_ok=True)
    page2.screenshot(path=str(SCREENSHOTS / "notification_opened_claim.png"))

    # Back on the list it is read; "Mark all read" clears the rest.
    page2.goto("/notifications/")
    assert "is-unread" not in page2.locator(".notification-list > li").first.get_attribute("class")
    if before:
        page2.get_by_role("button", name="Mark all read").click()
        page2.wait_for_url("**/notifications/")
        assert _unread(page2) == 0
        assert page2.locator(".notification-list > li.is-unread").count() == 0
    assert console == []
