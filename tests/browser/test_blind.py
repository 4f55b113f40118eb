"""Blind means blind, in Chromium: a reviewer who has not rated sees neither a colleague's comment nor
their source, is told why, and sees both as soon as the rating is in (no reload)."""

import pytest
from django.contrib.auth.models import User

from factcheck import services
from factcheck.models import Claim, Notification
from tests.browser.conftest import SCREENSHOTS, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHRASE = "invitations to 100 countries"


def test_reviewer_sees_colleagues_work_only_after_rating(demo_desk, new_page):
    claim = Claim.objects.get(quote__contains=PHRASE)
    ravi = User.objects.get(username="reviewer2")
    services.source_add(
        claim=claim,
        user=ravi,
        url="https://ravi.example/press-release",
        stance="refutes",
        title="Ravi's press release",
    )
    comment = services.comment_add(
        claim=claim, author=ravi, body="@reviewer1 I rated it False: see my source."
    )
    label = claim.rating_scale.labels.get(slug="false")
    services.rating_submit(claim=claim, reviewer=ravi, label=label, rationale="Ravi's reasons.")
    note = Notification.objects.get(recipient__username="reviewer1", comment=comment)
    assert "False" not in note.text and "Hidden until you rate" in note.text

    page = new_page()
    sign_in(page, "reviewer1")
    page.goto(f"/articles/{claim.article_id}/?claim={claim.pk}")
    panel = page.locator("#claim-panel")
    text = panel.inner_text()
    for hidden in ("Ravi's press release", "I rated it False", "Ravi's reasons"):
        assert hidden not in text
    assert "1 source added by a colleague is hidden until you rate this claim" in text
    assert "1 comment by a colleague is hidden until you rate this claim" in text
    assert "It mentions you or answers you: rate, then read it." in text
    screenshot(page, "blind_panel_before_rating")
    _shoot_parts(page, claim, "blind_parts_before_rating")
    # The notification does not give it away either.
    page.goto("/notifications/")
    assert "I rated it False" not in page.locator("main").inner_text()

    page.goto(f"/articles/{claim.article_id}/?claim={claim.pk}")
    panel.get_by_label("Half true", exact=True).check()
    panel.locator("textarea[name=rationale]").fill("My own independent reading.")
    panel.get_by_role("button", name="Submit rating").click()
    page.wait_for_selector("#claim-panel >> text=Update rating")
    page.wait_for_selector("#claim-panel >> text=Ravi's press release")
    text = panel.inner_text()
    assert "I rated it False: see my source." in text
    assert "Ravi's reasons" in text
    assert "hidden until you rate" not in text
    screenshot(page, "blind_panel_after_rating")
    _shoot_parts(page, claim, "blind_parts_after_rating")


def _shoot_parts(page, claim, name):
    """The sources and the discussion (the panel scrolls inside its column)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for part in ("sources", "discussion"):
        section = page.locator(f"#claim-{claim.pk}-{part}")
        section.scroll_into_view_if_needed()
        section.screenshot(path=str(SCREENSHOTS / f"{name}_{part}.png"))
