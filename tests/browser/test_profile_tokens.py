"""API tokens from the profile page, in a real browser: create one (the key shown once, copied from
the page), use it against the API, revoke it; a blank name says so next to the field."""

import pytest

from factcheck.api.models import ApiToken
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_create_use_and_revoke_a_token(demo_desk, new_page, debug, browser_problems):
    page = new_page()
    sign_in(page, "reviewer1")
    page.goto("/profile/")
    section = page.locator("#api-tokens")

    # A blank name: the error shows by the field, the rest of the page is there.
    section.get_by_role("button", name="Create token").click()
    section.locator(".error").wait_for()
    assert "required" in section.locator(".error").inner_text()
    browser_problems.expect(r"status of 400 .*/profile/tokens/")
    assert page.locator("h1").inner_text() == "Your profile"

    section = page.locator("#api-tokens")
    section.get_by_label("Token name").fill("Tipline bot")
    section.get_by_role("button", name="Create token").click()
    key = page.get_by_test_id("new-token-key").inner_text().strip()
    assert key.startswith("fc_")
    screenshot(page, f"profile_token_created_{'debug' if debug else 'production'}")

    # A client with no session: only the key signs it in.
    program = page.context.browser.new_context(base_url=page.url.split("/profile/")[0])
    api = program.request.get("/api/v1/claims/", headers={"Authorization": f"Bearer {key}"})
    assert api.status == 200

    page.reload()
    assert page.get_by_test_id("new-token-key").count() == 0
    row = page.locator("table.tokens tr", has_text="Tipline bot")
    assert key[:11] in row.inner_text()
    row.get_by_role("button", name="Revoke").click()
    page.locator("table.tokens tr.revoked", has_text="Tipline bot").wait_for()
    assert ApiToken.objects.get(name="Tipline bot").revoked_at is not None
    api = program.request.get("/api/v1/claims/", headers={"Authorization": f"Bearer {key}"})
    assert api.status == 401
    program.close()
    screenshot(page, f"profile_token_revoked_{'debug' if debug else 'production'}")
